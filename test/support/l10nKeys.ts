/**
 * The strings the code localizes: every `l10n.t(...)` of the server, the CLI and the engine (`@vscode/l10n`)
 * and every `vscode.l10n.t(...)` of the client, read from the sources with the TypeScript parser, keyed as
 * the libraries key them (the message, or `message/comment` when a comment is given); and every rule's
 * `meta.description` (an object literal with `code`, `name`, `description` and `defaultSeverity`), which
 * engine/l10n/ruleDescription.ts localizes with its English text as the key.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

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

/** `l10n.t(meta.description)` in engine/l10n/ruleDescription.ts: its keys are the rules' descriptions, collected above. */
function isRuleDescriptionCall(call: ts.CallExpression): boolean {
  const [first] = call.arguments;
  return call.arguments.length === 1 && first !== undefined && ts.isPropertyAccessExpression(first) && first.name.text === 'description' && ts.isIdentifier(first.expression) && first.expression.text === 'meta';
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
      if (ts.isCallExpression(node) && isL10nT(node.expression) && !isRuleDescriptionCall(node)) {
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
  return { strings, dynamic };
}

/** The `{0}`, `{name}` placeholders of a message, sorted. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((p) => /^\d+$|^[A-Za-z_]\w*$/.test(p)).sort();
}
