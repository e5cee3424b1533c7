/**
 * Completion from the API's knowledge: the keys allowed where the cursor is (with types.go docs),
 * enum values, and skeletons for a rule, a peer, an ipBlock or a port range. A key already present
 * is never offered, nor one the API forbids beside the present ones (ipBlock beside a selector).
 */
import * as l10n from '../l10n/t';
import { detectIndentStyle } from '../fixes/indentStyle';
import type { IndentStyle } from '../fixes/indentStyle';
import { renderBlock } from '../fixes/yamlEdits';
import type { FieldPath } from '../parse/fieldPath';
import type { SchemaField, SchemaType } from '../validation/schema';
import { schemaAt } from '../validation/schema';
import { cursorContext } from './cursorContext';
import type { CursorContext } from './cursorContext';
import { sourceText } from '../l10n/sourceText';
import { fieldDocumentation } from './fieldDocs';
import { objectPath, policyAt } from './policyAt';
import type { CompletionEntry, LanguageRequest } from './types';

const PEER_SELECTORS = ['podSelector', 'namespaceSelector'];

/** Keys the API forbids beside those already present. */
function excluded(path: FieldPath, present: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const last = path[path.length - 2];
  if ((last === 'from' || last === 'to') && typeof path[path.length - 1] === 'number') {
    if (present.has('ipBlock')) PEER_SELECTORS.forEach((k) => out.add(k));
    if (PEER_SELECTORS.some((k) => present.has(k))) out.add('ipBlock');
  }
  return out;
}

/** Placeholders survive YAML rendering as plain words, then become snippet tab stops. */
function snippetOf(value: unknown, style: IndentStyle, stops: readonly string[]): string {
  let text = renderBlock(value, style, 0, '\n');
  stops.forEach((stop, i) => {
    text = text.replace(`SNIPPET${i + 1}`, stop.startsWith('|') ? `\${${i + 1}${stop}}` : `\${${i + 1}:${stop}}`);
  });
  return text.replace(/\\/g, '\\\\');
}

function keyInsertText(key: string, type: SchemaType, style: IndentStyle): string {
  const unit = ' '.repeat(style.indent);
  const seq = style.indentSeq ? `${unit}- ` : '- ';
  switch (type.kind) {
    case 'struct':
    case 'map':
      return `${key}:\n${unit}$0`;
    case 'array':
      if (type.items.kind === 'string' && type.items.values) return `${key}:\n${seq}\${1|${type.items.values.map((v) => v.value).join(',')}|}`;
      return `${key}:\n${seq}$0`;
    case 'string':
      if (type.values) return `${key}: \${1|${type.values.map((v) => v.value).join(',')}|}`;
      return `${key}: $0`;
    default:
      return `${key}: $0`;
  }
}

function keyEntries(context: CursorContext, path: FieldPath, type: SchemaType & { kind: 'struct' }, style: IndentStyle): CompletionEntry[] {
  const skip = excluded(path, context.present);
  return Object.entries(type.fields)
    .filter(([key]) => !context.present.has(key) && !skip.has(key))
    .map(([key, field], i) => ({
      label: key,
      kind: 'property' as const,
      detail: field.type.goType,
      documentation: fieldDocumentation(key, field),
      insertText: keyInsertText(key, field.type, style),
      snippet: true,
      replace: context.replace,
      sortText: `${field.required ? '0' : '1'}${String(i).padStart(2, '0')}`,
    }));
}

function skeletons(context: CursorContext, path: FieldPath, style: IndentStyle): CompletionEntry[] {
  if (context.present.size > 0) return [];
  const where = path.filter((s) => typeof s === 'string').slice(-1)[0];
  const snippet = (label: string, detail: string, value: unknown, stops: string[]): CompletionEntry => ({
    label,
    kind: 'snippet',
    detail,
    insertText: snippetOf(value, style, stops),
    snippet: true,
    replace: context.replace,
    sortText: `2${label}`,
  });
  switch (where) {
    case 'from':
    case 'to':
      return [
        snippet(
          'pods in namespaces',
          l10n.t('peer: namespaceSelector and podSelector, both must match'),
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'SNIPPET1' } }, podSelector: { matchLabels: { SNIPPET2: 'SNIPPET3' } } },
          ['namespace', 'app', 'name'],
        ),
        snippet('ipBlock with except', l10n.t('peer: a CIDR minus some of its ranges'), { ipBlock: { cidr: 'SNIPPET1', except: ['SNIPPET2'] } }, ['10.0.0.0/8', '10.1.0.0/16']),
      ];
    case 'ingress':
    case 'egress': {
      const peers = where === 'ingress' ? 'from' : 'to';
      return [
        snippet(
          `${where} rule`,
          where === 'ingress' ? l10n.t('from pods, on a port') : l10n.t('to pods, on a port'),
          { [peers]: [{ podSelector: { matchLabels: { SNIPPET1: 'SNIPPET2' } } }], ports: [{ protocol: 'SNIPPET3', port: 'SNIPPET4' }] },
          ['app', 'name', '|TCP,UDP,SCTP|', where === 'ingress' ? '8080' : '443'],
        ),
      ];
    }
    case 'ports':
      return [snippet('port range', l10n.t('ports port to endPort, inclusive'), { protocol: 'SNIPPET1', port: 'SNIPPET2', endPort: 'SNIPPET3' }, ['|TCP,UDP,SCTP|', '32000', '32768'])];
    default:
      return [];
  }
}

function valueEntries(context: CursorContext, type: SchemaType, field: SchemaField | undefined, key: string | undefined): CompletionEntry[] {
  const fixed: Record<string, string> = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' };
  if (key && fixed[key] && type.kind === 'string' && !field?.type.goType.includes('[]')) {
    return [{ label: fixed[key], kind: 'value', insertText: fixed[key], snippet: false, replace: context.replace }];
  }
  if (type.kind !== 'string' || !type.values) return [];
  return type.values
    .filter((v) => !context.present.has(v.value))
    .map((v, i) => ({
      label: v.value,
      kind: 'value' as const,
      detail: type.goType,
      documentation: sourceText(v.doc),
      insertText: v.value,
      snippet: false,
      replace: context.replace,
      sortText: String(i).padStart(2, '0'),
    }));
}

/** The API's completions at the cursor, if it is inside a NetworkPolicy. */
export function completeFromApi(request: LanguageRequest): CompletionEntry[] {
  const policy = policyAt(request.policies, request.offset);
  if (!policy) return [];
  const context = cursorContext(request.file, request.offset);
  if (!context) return [];
  const container = objectPath(policy, context.container);
  if (!container) return [];
  const style = detectIndentStyle(request.file, policy.source.document);
  if (context.position === 'value') {
    const at = schemaAt([...container, context.key!]);
    if (!at) return [];
    // In a flow list (`policyTypes: [|]`): the list's item values.
    if (context.item && at.type.kind === 'array') return valueEntries(context, at.type.items, at.field, undefined);
    return valueEntries(context, at.type, at.field, context.key);
  }
  const at = schemaAt(container);
  if (!at) return [];
  if (at.type.kind === 'struct') return [...keyEntries(context, container, at.type, style), ...skeletons(context, container, style)];
  // A list item's scalar (`policyTypes:` then `- |`): the values not yet in the list.
  if (context.item && at.type.kind === 'string') return valueEntries(context, at.type, at.field, undefined);
  return [];
}
