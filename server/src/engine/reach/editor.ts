import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PolicyView } from '../model/policyView';
import { formatSelector } from '../model/selector';
import type { FieldPath } from '../parse/fieldPath';
import { formatFieldPath } from '../parse/fieldPath';
import { nodeSpan } from '../parse/yamlFile';
import { compiledOf } from './decidable';
import { explainPolicy, formatExplanationMarkdown } from './explain';
import { fieldAt } from './fieldAt';
import type { CompiledPolicy, Endpoint, Workspace } from './workspace';

/**
 * What the editor shows from the reach engine: hover parts, code lenses and label completions, as plain
 * data. The language server turns them into LSP objects and merges them with other providers' parts.
 */

const MAX_LISTED = 20;

function listWorkloads(ws: Workspace, ids: readonly number[]): string {
  if (ids.length === 0) return 'no workload of the workspace';
  const names = ids.slice(0, MAX_LISTED).map((id) => `\`${ws.endpoints[id]!.key}\` (${ws.endpoints[id]!.workload?.kind ?? 'address'})`);
  return `${ids.length} workload${ids.length === 1 ? '' : 's'}: ${names.join(', ')}${ids.length > MAX_LISTED ? ', …' : ''}`;
}

function isSelectorKey(segment: string | number | undefined): segment is 'podSelector' | 'namespaceSelector' {
  return segment === 'podSelector' || segment === 'namespaceSelector';
}

/** The hover of the selector under `path`, if the path is in one. */
function selectorHover(ws: Workspace, compiled: CompiledPolicy, path: FieldPath): string | undefined {
  const at = path.findIndex(isSelectorKey);
  if (at < 0) return undefined;
  const selectorPath = path.slice(0, at + 1);
  const which = selectorPath[at] as 'podSelector' | 'namespaceSelector';
  if (at === 1 && selectorPath[0] === 'spec') {
    return `**podSelector** ${formatSelector(compiled.view.object.spec?.podSelector ?? {})} in namespace ${compiled.namespace} selects ${listWorkloads(ws, compiled.selected)}.`;
  }
  const [spec, list, ruleIndex, peersKey, peerIndex] = selectorPath;
  if (spec !== 'spec' || typeof ruleIndex !== 'number' || typeof peerIndex !== 'number' || (peersKey !== 'from' && peersKey !== 'to')) return undefined;
  const rule = (list === 'ingress' ? compiled.ingress : compiled.egress)[ruleIndex];
  const peer = rule?.peers[peerIndex];
  if (!peer) return undefined;
  const selector: LabelSelector = (which === 'podSelector' ? peer.peer.podSelector : peer.peer.namespaceSelector) ?? {};
  const lines = [`**${which}** ${formatSelector(selector)}`];
  if (which === 'namespaceSelector') {
    const names = ws.namespaceIndex.select(selector).map((id) => `\`${ws.namespaceNames[id]!}\``);
    lines.push(`matches ${names.length} namespace${names.length === 1 ? '' : 's'} of the workspace${names.length > 0 ? `: ${names.slice(0, MAX_LISTED).join(', ')}` : ''}.`);
  }
  lines.push(`This peer (${formatFieldPath(selectorPath.slice(0, 5))}) admits ${listWorkloads(ws, peer.endpoints.filter((id) => !ws.endpoints[id]!.external))}.`);
  return lines.join('\n\n');
}

/**
 * Markdown parts for a hover at `offset`: the policy's explanation on its `kind`, `metadata.name` or `spec`
 * line, the matched workloads on a selector. Empty when the offset is elsewhere.
 */
export function reachHover(ws: Workspace | undefined, policies: readonly PolicyView[], offset: number, defaultNamespace: string): string[] {
  for (const view of policies) {
    const at = fieldAt(view, offset);
    if (!at) continue;
    const compiled = ws ? compiledOf(ws, view) : undefined;
    const path = at.path;
    const onHeader = (path.length === 1 && at.onKey && (path[0] === 'kind' || path[0] === 'spec')) || (path.length === 1 && path[0] === 'kind') || (path[0] === 'metadata' && path[1] === 'name');
    if (onHeader) return [formatExplanationMarkdown(explainPolicy(view, { defaultNamespace, ...(ws ? { workspace: ws } : {}), ...(compiled ? { compiled } : {}) }))];
    if (ws && compiled) {
      const selector = selectorHover(ws, compiled, path);
      if (selector) return [selector];
    }
    return [];
  }
  return [];
}

export interface LensData {
  /** Offsets of the line the lens sits above. */
  readonly span: readonly [number, number];
  readonly title: string;
  /** Workloads to list when the lens is clicked. */
  readonly workloads?: readonly { key: string; kind: string; uri: string; span: readonly [number, number] }[];
}

/** "selects N workloads" above each policy, and the effective policyTypes when the API server defaults them. */
export function reachLenses(ws: Workspace | undefined, policies: readonly PolicyView[]): LensData[] {
  const lenses: LensData[] = [];
  for (const view of policies) {
    const span = nodeSpan(view.node(['metadata', 'name'])) ?? view.keySpan(['kind']) ?? nodeSpan(view.source.node);
    if (!span) continue;
    const compiled = ws ? compiledOf(ws, view) : undefined;
    if (ws && compiled) {
      const workloads = compiled.selected.map((id) => ws.endpoints[id]!).filter((e): e is Endpoint & { workload: NonNullable<Endpoint['workload']> } => !!e.workload);
      lenses.push({
        span,
        title: `selects ${workloads.length} workload${workloads.length === 1 ? '' : 's'}`,
        workloads: workloads.map((e) => ({ key: e.key, kind: e.workload.kind, uri: e.workload.uri, span: e.workload.span })),
      });
    }
    if ((view.object.spec?.policyTypes ?? []).length === 0) {
      const types = (['Ingress', 'Egress'] as const).filter((t) => view.isolates(t));
      lenses.push({ span, title: `policyTypes: ${types.join(', ')} (defaulted)` });
    }
  }
  return lenses;
}

export interface LabelCompletion {
  readonly label: string;
  /** `matches 3 workloads` */
  readonly detail: string;
  readonly kind: 'key' | 'value';
}

/** The keys of the YAML block mappings enclosing the line at `offset`, outermost first, found by indentation. */
function enclosingKeys(text: string, offset: number): { keys: string[]; line: string } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  let indent = line.length - line.trimStart().length;
  const keys: string[] = [];
  let end = lineStart - 1;
  while (end > 0 && indent > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const previous = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (previous.trim() === '' || previous.trimStart().startsWith('#')) continue;
    const previousIndent = previous.length - previous.trimStart().length;
    const body = previous.trimStart().replace(/^-\s+/, '');
    const dashIndent = previous.trimStart().startsWith('- ') ? previousIndent + 2 : previousIndent;
    if (dashIndent < indent || previousIndent < indent) {
      const key = /^([^:#\s][^:#]*?):\s*(#.*)?$/.exec(body)?.[1];
      if (key) keys.unshift(key.trim());
      indent = previousIndent;
    }
  }
  return { keys, line };
}

/**
 * Label keys and values for a `matchLabels` being typed in a podSelector or namespaceSelector, from the
 * workloads' pod-template labels and the Namespaces' labels, with how many each would match.
 */
export function labelCompletions(ws: Workspace, text: string, offset: number): LabelCompletion[] {
  const { keys, line } = enclosingKeys(text, offset);
  if (keys[keys.length - 1] !== 'matchLabels') return [];
  const selector = keys[keys.length - 2];
  if (!isSelectorKey(selector)) return [];
  const index = selector === 'namespaceSelector' ? ws.namespaceIndex : ws.podIndex;
  const noun = selector === 'namespaceSelector' ? 'namespace' : 'workload';
  const count = (n: number) => `matches ${n} ${noun}${n === 1 ? '' : 's'}`;
  const labels = index.keys();
  const valueOf = /^\s*(?:-\s+)?([^:\s]+):\s*(\S*)$/.exec(line);
  if (valueOf) {
    const values = labels.get(valueOf[1]!);
    return [...(values ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value, n]) => ({ label: value, detail: count(n), kind: 'value' }));
  }
  return [...labels]
    .map(([key, values]) => [key, [...values.values()].reduce((a, b) => a + b, 0)] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, n]) => ({ label: key, detail: count(n), kind: 'key' }));
}
