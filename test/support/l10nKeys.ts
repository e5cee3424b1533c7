/**
 * The strings the code localizes: every `l10n.t(...)` of the server, the CLI and the engine (`@vscode/l10n`)
 * and every `vscode.l10n.t(...)` of the client, read from the sources with the TypeScript parser, keyed as
 * the libraries key them (the message, or `message/comment` when a comment is given); and every rule's
 * `meta.description` (an object literal with `code`, `name`, `description` and `defaultSeverity`), which
 * engine/l10n/sourceText.ts localizes with its English text as the key; and the documentation of the
 * schemas (see schemaDocs below).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import type { CrdSchema } from '../../server/src/engine/crd/schema';
import { CLUSTER_NETWORK_POLICY_EXPERIMENTAL } from '../../server/src/engine/crd/generated/clusterNetworkPolicy.experimental';
import { CLUSTER_NETWORK_POLICY_STANDARD } from '../../server/src/engine/crd/generated/clusterNetworkPolicy.standard';
import { NETWORK_POLICY } from '../../server/src/engine/validation/schema';
import type { SchemaType } from '../../server/src/engine/validation/schema';

export const REPO = path.join(__dirname, '..', '..');
export const SOURCE_ROOTS = ['server/src', 'client/src', 'shared'];

export interface LocalizedString {
  readonly key: string;
  /** The English text, with `{0}` placeholders. */
  readonly message: string;
  readonly at: string;
}

export interface Extraction {
  readonly strings: readonly LocalizedString[];
  /** Calls whose message is not a literal: their key cannot be known, so they cannot be in the catalogue. */
  readonly dynamic: readonly string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function isL10nT(callee: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const target = callee.expression;
  if (ts.isIdentifier(target)) return target.text === 'l10n';
  return ts.isPropertyAccessExpression(target) && target.name.text === 'l10n' && ts.isIdentifier(target.expression) && target.expression.text === 'vscode';
}

function literalText(node: ts.Expression | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/** The names a property of an object literal is given with. */
function propertyNames(object: ts.ObjectLiteralExpression): Set<string> {
  return new Set(object.properties.flatMap((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : [])));
}

/** The literal `description` of a rule's meta (`{ code, name, description, defaultSeverity, ... }`). */
function ruleDescriptionOf(node: ts.Node): string | undefined {
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const names = propertyNames(node);
  if (!['code', 'name', 'description', 'defaultSeverity'].every((name) => names.has(name))) return undefined;
  const description = node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'description');
  return literalText(description?.initializer);
}

/** `l10n.t(english)` in engine/l10n/sourceText.ts: its keys are the rules' descriptions and the schemas' docs, collected apart. */
function isSourceTextCall(call: ts.CallExpression): boolean {
  const [first] = call.arguments;
  return call.arguments.length === 1 && first !== undefined && ts.isIdentifier(first) && first.text === 'english';
}

/**
 * The documentation hovers and completion show through `sourceText`: every `doc`, `defaultDoc` and enum
 * value doc of the NetworkPolicy schema (types.go), and every description of the ClusterNetworkPolicy
 * CRDs of both channels, read from the schemas themselves.
 */
export function schemaDocs(): LocalizedString[] {
  const out: LocalizedString[] = [];
  const add = (text: string | undefined, at: string) => {
    if (text) out.push({ key: text, message: text, at });
  };
  const seen = new Set<SchemaType>();
  const visitType = (type: SchemaType, at: string): void => {
    if (seen.has(type)) return;
    seen.add(type);
    if (type.kind === 'struct') {
      add(type.doc, `server/src/engine/validation/schema.ts: ${type.name}`);
      for (const [name, field] of Object.entries(type.fields)) {
        add(field.doc, `server/src/engine/validation/schema.ts: ${type.name}.${name}`);
        add(field.defaultDoc, `server/src/engine/validation/schema.ts: ${type.name}.${name} (default)`);
        visitType(field.type, `${at}.${name}`);
      }
    } else if (type.kind === 'array') visitType(type.items, at);
    else if (type.kind === 'map') visitType(type.values, at);
    else if (type.kind === 'string') for (const v of type.values ?? []) add(v.doc, `server/src/engine/validation/schema.ts: ${at} = ${v.value}`);
  };
  visitType(NETWORK_POLICY, 'NetworkPolicy');
  const visitCrd = (schema: CrdSchema, at: string): void => {
    add(schema.description, at);
    for (const [name, property] of Object.entries(schema.properties ?? {})) visitCrd(property, `${at}.${name}`);
    if (schema.items) visitCrd(schema.items, `${at}[]`);
    if (typeof schema.additionalProperties === 'object') visitCrd(schema.additionalProperties, `${at}{}`);
  };
  visitCrd(CLUSTER_NETWORK_POLICY_STANDARD.schema, 'server/src/engine/crd/generated/clusterNetworkPolicy.standard.ts: ClusterNetworkPolicy');
  visitCrd(CLUSTER_NETWORK_POLICY_EXPERIMENTAL.schema, 'server/src/engine/crd/generated/clusterNetworkPolicy.experimental.ts: ClusterNetworkPolicy');
  return out;
}

export function extractLocalizedStrings(roots: readonly string[] = SOURCE_ROOTS): Extraction {
  const strings: LocalizedString[] = [];
  const dynamic: string[] = [];
  for (const file of roots.flatMap((root) => sourceFiles(path.join(REPO, root)))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const description = ruleDescriptionOf(node);
      if (description !== undefined) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        strings.push({ key: description, message: description, at: `${path.relative(REPO, file)}:${line + 1}` });
      }
      if (ts.isCallExpression(node) && isL10nT(node.expression) && !isSourceTextCall(node)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        const at = `${path.relative(REPO, file)}:${line + 1}`;
        const first = node.arguments[0];
        const message = literalText(first);
        if (message !== undefined) strings.push({ key: message, message, at });
        else if (first && ts.isObjectLiteralExpression(first)) {
          const prop = (name: string) =>
            first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name)?.initializer;
          const text = literalText(prop('message'));
          const comment = prop('comment');
          const commentText = comment && ts.isArrayLiteralExpression(comment) ? comment.elements.map((e) => literalText(e)).join('') : literalText(comment);
          if (text === undefined || commentText === undefined) dynamic.push(at);
          else strings.push({ key: commentText ? `${text}/${commentText}` : text, message: text, at });
        } else dynamic.push(at);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  if (roots === SOURCE_ROOTS) strings.push(...schemaDocs());
  return { strings, dynamic };
}

/** The `{0}`, `{name}` placeholders of a message, sorted. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((p) => /^\d+$|^[A-Za-z_]\w*$/.test(p)).sort();
}
