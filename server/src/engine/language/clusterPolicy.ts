/**
 * Completion, hover and outline for ClusterNetworkPolicy (`policy.networking.k8s.io/v1alpha2`), from its
 * CRD: the keys the schema of the configured channel has (with the CRD's descriptions), enum values,
 * and each field's constraints. The same features as for NetworkPolicy, from the vendored schema.
 */
import { isMap, isSeq } from 'yaml';
import type { Node } from 'yaml';
import * as l10n from '../l10n/t';
import type { CrdSchema } from '../crd/schema';
import { schemaAt } from '../crd/schema';
import { sourceText } from '../l10n/sourceText';
import { findClusterPolicies } from '../parse/clusterPolicies';
import type { ClusterPolicySource } from '../parse/clusterPolicies';
import { formatFieldPath } from '../parse/fieldPath';
import type { FieldPath } from '../parse/fieldPath';
import { findPair } from '../parse/yamlFile';
import type { YamlFile } from '../parse/yamlFile';
import { clusterNetworkPolicyCrd } from '../rules/support/clusterPolicies';
import { effectivePairs, spanOf, stringOf } from '../validation/yamlValues';
import { cursorContext } from './cursorContext';
import { nodeAtOffset } from './nodeAtOffset';
import type { CompletionEntry, HoverPart, LanguageRequest, OutlineSymbol } from './types';

/** The ClusterNetworkPolicy being edited at an offset: in the last document starting at or before it. */
function clusterPolicyAt(file: YamlFile, offset: number): ClusterPolicySource | undefined {
  let documentStart = -1;
  for (const document of file.documents) {
    const start = document.range[0];
    if (start <= offset && start > documentStart) documentStart = start;
  }
  let found: ClusterPolicySource | undefined;
  for (const source of findClusterPolicies(file)) {
    if (source.api !== 'cluster-network-policy' || source.document.range[0] !== documentStart) continue;
    if (source.pathInDocument.length === 0) return source;
    if ((source.node.range?.[0] ?? Infinity) <= offset) found = source;
  }
  return found;
}

function objectPath(source: ClusterPolicySource, documentPath: FieldPath): FieldPath | undefined {
  const prefix = source.pathInDocument;
  if (prefix.length === 0) return documentPath;
  if (documentPath.length < prefix.length || documentPath[0] !== prefix[0] || documentPath[1] !== prefix[1]) return undefined;
  return documentPath.slice(prefix.length);
}

/** The CRD's description, in the current language, without its generator markers (`<network-policy-api:experimental>`). */
function description(schema: CrdSchema): string {
  const text = sourceText(schema.description ?? '').replace(/\n*<network-policy-api:[^>]*>\n*/g, '\n').trim();
  // Wrapped lines joined into paragraphs, but list items (`* Admin tier`, `- kubernetes.io ...`) kept on their own lines.
  return text
    .split(/\n\n/)
    .map((paragraph) => paragraph.replace(/\n(?!\s*[*-] )/g, ' '))
    .join('\n\n');
}

const isExperimental = (schema: CrdSchema) => (schema.description ?? '').includes('<network-policy-api:experimental>');

/** The constraints the CRD puts on a field, in one line. */
function constraints(schema: CrdSchema, required: boolean): string {
  const parts: string[] = [];
  if (schema.type) parts.push(`\`${schema.type}\``);
  if (required) parts.push(l10n.t('required'));
  if (schema.enum) parts.push(l10n.t('one of {0}', schema.enum.map((v) => `\`${String(v)}\``).join(', ')));
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(l10n.t('{0} to {1}', schema.minimum ?? '…', schema.maximum ?? '…'));
  if (schema.minItems !== undefined || schema.maxItems !== undefined) {
    parts.push(schema.maxItems === undefined ? l10n.t('at least {0} items', schema.minItems ?? 0) : l10n.t('{0} to {1} items', schema.minItems ?? 0, schema.maxItems));
  }
  if (schema.maxProperties === 1 && schema.minProperties === 1) parts.push(l10n.t('exactly one field'));
  if (schema.maxLength !== undefined) parts.push(l10n.t('at most {0} characters', schema.maxLength));
  if (schema['x-kubernetes-list-type'] === 'set') parts.push(l10n.t('no repeats'));
  for (const rule of schema['x-kubernetes-validations'] ?? []) parts.push(rule.message ? l10n.t('rule `{0}` ("{1}")', rule.rule, rule.message) : l10n.t('rule `{0}`', rule.rule));
  if (isExperimental(schema)) parts.push(l10n.t('experimental channel'));
  return parts.join(' · ');
}

function isRequired(parent: CrdSchema | undefined, key: string | number | undefined): boolean {
  return typeof key === 'string' && (parent?.required ?? []).includes(key);
}

export function completeClusterPolicy(request: LanguageRequest): CompletionEntry[] {
  const source = clusterPolicyAt(request.file, request.offset);
  if (!source) return [];
  const context = cursorContext(request.file, request.offset);
  if (!context) return [];
  const container = objectPath(source, context.container);
  if (!container) return [];
  const schema = clusterNetworkPolicyCrd(request.settings.clusterNetworkPolicy.channel).schema;
  if (context.position === 'value') {
    const at = schemaAt(schema, [...container, context.key!]);
    // In a flow list (`[|]`): the list's item values.
    const values = (context.item && at?.type === 'array' ? at.items : at)?.enum;
    return (values ?? [])
      .filter((v): v is string => typeof v === 'string' && !context.present.has(v))
      .map((v, i) => ({ label: v, kind: 'value' as const, insertText: v, snippet: false, replace: context.replace, sortText: String(i).padStart(2, '0') }));
  }
  const at = schemaAt(schema, container);
  if (!at?.properties) return [];
  return Object.entries(at.properties)
    .filter(([key]) => !context.present.has(key))
    .map(([key, field], i) => {
      const required = (at.required ?? []).includes(key);
      const nested = field.type === 'object' ? `${key}:\n  $0` : field.type === 'array' ? `${key}:\n- $0` : field.enum ? `${key}: \${1|${field.enum.join(',')}|}` : `${key}: $0`;
      return {
        label: key,
        kind: 'property' as const,
        detail: constraints(field, required),
        documentation: description(field),
        insertText: nested,
        snippet: true,
        replace: context.replace,
        sortText: `${required ? '0' : '1'}${String(i).padStart(2, '0')}`,
      };
    });
}

export function hoverClusterPolicy(request: LanguageRequest): HoverPart[] {
  const source = clusterPolicyAt(request.file, request.offset);
  if (!source) return [];
  const at = nodeAtOffset(source.document, source.node, request.offset);
  if (!at) return [];
  const schema = clusterNetworkPolicyCrd(request.settings.clusterNetworkPolicy.channel).schema;
  const path = at.path;
  const field = schemaAt(schema, path);
  if (!field || path.length === 0) return [];
  const parent = schemaAt(schema, path.slice(0, -1));
  const parts = [`**${formatFieldPath(path)}** · ${constraints(field, isRequired(parent, path[path.length - 1]))}`];
  const text = description(field) || (typeof path[path.length - 1] === 'number' ? description(parent ?? {}) : '');
  if (text) parts.push(text);
  return [{ markdown: parts.join('\n\n'), span: at.span }];
}

function str(source: ClusterPolicySource, node: unknown): string | undefined {
  return stringOf(source.document, node);
}

function ruleSymbols(source: ClusterPolicySource, direction: 'ingress' | 'egress'): OutlineSymbol | undefined {
  const spec = findPair(source.node, 'spec')?.value;
  const pair = isMap(spec) ? findPair(spec, direction) : undefined;
  const keySpan = spanOf(pair?.key);
  if (!pair || !keySpan) return undefined;
  const items = isSeq(pair.value) ? pair.value.items : [];
  const children: OutlineSymbol[] = items.flatMap((item, index) => {
    const span = spanOf(item);
    if (!span || !isMap(item)) return [];
    const fields = new Map(effectivePairs(source.document, item).map(({ key, pair: p }) => [key, p.value]));
    const peers = fields.get(direction === 'ingress' ? 'from' : 'to');
    const count = isSeq(peers) ? peers.items.length : 0;
    const name = str(source, fields.get('name'));
    const action = str(source, fields.get('action')) ?? '?';
    const peersText =
      direction === 'ingress'
        ? count === 1
          ? l10n.t('{0} from {1} peer', action, count)
          : l10n.t('{0} from {1} peers', action, count)
        : count === 1
          ? l10n.t('{0} to {1} peer', action, count)
          : l10n.t('{0} to {1} peers', action, count);
    const detail = fields.has('protocols') ? peersText : l10n.t('{0}, all ports', peersText);
    return [{ name: name ? `${direction}[${index}] ${name}` : `${direction}[${index}]`, detail, kind: 'rule' as const, span, selectionSpan: span, children: [] }];
  });
  const valueSpan = spanOf(pair.value);
  return { name: direction, detail: children.length === 1 ? l10n.t('{0} rule', children.length) : l10n.t('{0} rules', children.length), kind: 'rules', span: [keySpan[0], valueSpan?.[1] ?? keySpan[1]], selectionSpan: keySpan, children };
}

/** The outline of the file's ClusterNetworkPolicies: name, tier and priority, subject, rules. */
export function clusterPolicyOutline(file: YamlFile): OutlineSymbol[] {
  return findClusterPolicies(file).flatMap((source) => {
    if (source.api !== 'cluster-network-policy') return [];
    const span = spanOf(source.node);
    if (!span) return [];
    const metadata = findPair(source.node, 'metadata')?.value;
    const nameNode = isMap(metadata) ? findPair(metadata, 'name')?.value : undefined;
    const spec = findPair(source.node, 'spec')?.value;
    const specField = (key: string) => (isMap(spec) ? findPair(spec, key) : undefined);
    const tier = str(source, specField('tier')?.value) ?? '?';
    const priorityNode = specField('priority')?.value as Node | undefined;
    const priority = priorityNode && 'value' in priorityNode ? String((priorityNode as { value: unknown }).value) : '?';
    const children: OutlineSymbol[] = [];
    const subject = specField('subject');
    const subjectKey = spanOf(subject?.key);
    if (subject && subjectKey) {
      const kinds = isMap(subject.value) ? effectivePairs(source.document, subject.value).map((p) => p.key) : [];
      children.push({ name: 'subject', detail: kinds.join(', ') || l10n.t('empty'), kind: 'selector', span: [subjectKey[0], spanOf(subject.value)?.[1] ?? subjectKey[1]], selectionSpan: subjectKey, children: [] });
    }
    for (const direction of ['ingress', 'egress'] as const) {
      const symbol = ruleSymbols(source, direction);
      if (symbol) children.push(symbol);
    }
    return [
      {
        name: `ClusterNetworkPolicy ${str(source, nameNode) ?? l10n.t('(unnamed)')}`,
        detail: l10n.t('tier {0}, priority {1}', tier, priority),
        kind: 'policy' as const,
        span,
        selectionSpan: spanOf(nameNode) ?? spanOf(findPair(source.node, 'kind')?.key) ?? span,
        children,
      },
    ];
  });
}
