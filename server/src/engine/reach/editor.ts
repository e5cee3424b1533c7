import * as l10n from '../l10n/t';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PolicyView } from '../model/policyView';
import { formatSelector } from '../model/selector';
import type { FieldPath } from '../parse/fieldPath';
import { formatFieldPath } from '../parse/fieldPath';
import { nodeSpan } from '../parse/yamlFile';
import type { DnsTarget } from '../model/dns';
import { KUBE_DNS } from '../model/dns';
import { explainPolicy, formatExplanationMarkdown } from './explain';
import { policyExposureMarkdown } from '../connlist/exposure';
import { API_SERVER_PORT, apiServerEvident, dnsDesignatedBy, describeWellKnown } from './wellKnown';
import { fieldAt } from './fieldAt';
import type { CompiledPolicy, Endpoint, Workspace } from './workspace';

/**
 * What the editor shows from the reach engine: hover parts, code lenses and label completions, as plain
 * data. The language server turns them into LSP objects and merges them with other providers' parts.
 */

const MAX_LISTED = 20;

function listWorkloads(ws: Workspace, ids: readonly number[]): string {
  if (ids.length === 0) return l10n.t('no workload of the workspace');
  const names = ids.slice(0, MAX_LISTED).map((id) => `\`${ws.endpoints[id]!.key}\` (${ws.endpoints[id]!.workload?.kind ?? l10n.t('address')})`);
  const list = `${names.join(', ')}${ids.length > MAX_LISTED ? ', …' : ''}`;
  return ids.length === 1 ? l10n.t('{0} workload: {1}', ids.length, list) : l10n.t('{0} workloads: {1}', ids.length, list);
}

function isSelectorKey(segment: string | number | undefined): segment is 'podSelector' | 'namespaceSelector' {
  return segment === 'podSelector' || segment === 'namespaceSelector';
}

/**
 * A piece of a hover: Markdown and the span it is about. The same shape as the language features' hover
 * parts (field docs), so that the server shows all of them as one hover.
 */
export interface ReachHoverPart {
  readonly markdown: string;
  readonly span: readonly [number, number];
}

/** The peer under `path` (`spec.ingress[0].from[1]...`), if the path is in one. */
function peerAt(compiled: CompiledPolicy, path: FieldPath) {
  const [spec, list, ruleIndex, peersKey, peerIndex] = path;
  if (spec !== 'spec' || typeof ruleIndex !== 'number' || typeof peerIndex !== 'number' || (peersKey !== 'from' && peersKey !== 'to')) return undefined;
  return (list === 'ingress' ? compiled.ingress : compiled.egress)[ruleIndex]?.peers[peerIndex];
}

/** The hover of an ipBlock that holds a well-known address (the node-local DNS cache). */
function ipBlockHover(compiled: CompiledPolicy, path: FieldPath, dns: DnsTarget): string | undefined {
  if (path[5] !== 'ipBlock') return undefined;
  const peer = peerAt(compiled, path);
  if (!peer) return undefined;
  const where = formatFieldPath(path.slice(0, 5));
  const target = dnsDesignatedBy(peer.peer, compiled.namespace, dns);
  if (target) return l10n.t('This peer ({0}) holds {1}.', where, describeWellKnown(target));
  const rule = (path[1] === 'ingress' ? compiled.ingress : compiled.egress)[path[2] as number];
  if (rule && apiServerEvident(peer.peer, rule.ports)) {
    return l10n.t("This peer ({0}) is most likely the API server: one address, on TCP {1} (the API server's secure port). Not in this workspace; every cluster has one.", where, API_SERVER_PORT);
  }
  return undefined;
}

/** The hover of the selector under `path`, if the path is in one. */
function selectorHover(ws: Workspace, compiled: CompiledPolicy, path: FieldPath, dns: DnsTarget): string | undefined {
  const at = path.findIndex(isSelectorKey);
  if (at < 0) return undefined;
  const selectorPath = path.slice(0, at + 1);
  const which = selectorPath[at] as 'podSelector' | 'namespaceSelector';
  if (at === 1 && selectorPath[0] === 'spec') {
    return l10n.t('**podSelector** {0} in namespace {1} selects {2}.', formatSelector(compiled.view.object.spec?.podSelector ?? {}), compiled.namespace, listWorkloads(ws, compiled.selected));
  }
  const peer = peerAt(compiled, selectorPath);
  if (!peer) return undefined;
  const selector: LabelSelector = (which === 'podSelector' ? peer.peer.podSelector : peer.peer.namespaceSelector) ?? {};
  const lines = [`**${which}** ${formatSelector(selector)}`];
  const where = formatFieldPath(selectorPath.slice(0, 5));
  const workloads = peer.endpoints.filter((id) => !ws.endpoints[id]!.external);
  // The cluster's DNS lives outside every workspace: a peer naming it is right, not empty.
  const target = dnsDesignatedBy(peer.peer, compiled.namespace, dns);
  if (target && workloads.length === 0) {
    lines.push(l10n.t('This peer ({0}) is {1}.', where, describeWellKnown(target)));
    return lines.join('\n\n');
  }
  if (which === 'namespaceSelector') {
    const names = ws.namespaceIndex.select(selector).map((id) => `\`${ws.namespaceNames[id]!}\``);
    lines.push(
      names.length === 0
        ? l10n.t('matches no namespace of the workspace.')
        : names.length === 1
          ? l10n.t('matches {0} namespace of the workspace: {1}.', names.length, names.join(', '))
          : l10n.t('matches {0} namespaces of the workspace: {1}.', names.length, names.slice(0, MAX_LISTED).join(', ')),
    );
  }
  lines.push(
    target
      ? l10n.t('This peer ({0}) admits {1}: {2}.', where, listWorkloads(ws, workloads), describeWellKnown(target, true))
      : l10n.t('This peer ({0}) admits {1}.', where, listWorkloads(ws, workloads)),
  );
  return lines.join('\n\n');
}

/**
 * Hover parts at `offset`: the policy's explanation on its `kind`, `metadata.name` or `spec` line, the
 * matched workloads on a selector. Empty when the offset is elsewhere.
 */
export function reachHover(ws: Workspace | undefined, policies: readonly PolicyView[], offset: number, defaultNamespace: string, dns: DnsTarget = KUBE_DNS): ReachHoverPart[] {
  for (const view of policies) {
    const at = fieldAt(view, offset);
    if (!at) continue;
    const compiled = ws ? ws.compiledOf(view) : undefined;
    const path = at.path;
    const onHeader = (path.length === 1 && at.onKey && (path[0] === 'kind' || path[0] === 'spec')) || (path.length === 1 && path[0] === 'kind') || (path[0] === 'metadata' && path[1] === 'name');
    const spanOf = (p: FieldPath) => (at.onKey ? view.keySpan(p) : undefined) ?? view.valueSpan(p) ?? [offset, offset];
    if (onHeader) {
      const markdown = formatExplanationMarkdown(explainPolicy(view, { defaultNamespace, ...(ws ? { workspace: ws } : {}), ...(compiled ? { compiled } : {}) })) + (compiled ? policyExposureMarkdown(compiled) : '');
      return [{ markdown, span: spanOf(path.slice(0, path[0] === 'metadata' ? 2 : 1)) }];
    }
    if (ws && compiled) {
      const markdown = selectorHover(ws, compiled, path, dns);
      if (markdown) {
        const at2 = path.findIndex(isSelectorKey);
        return [{ markdown, span: view.valueSpan(path.slice(0, at2 + 1)) ?? [offset, offset] }];
      }
      const block = ipBlockHover(compiled, path, dns);
      if (block) return [{ markdown: block, span: view.valueSpan(path.slice(0, 6)) ?? [offset, offset] }];
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
    const selected = ws?.selectedBy(view);
    if (ws && selected) {
      const workloads = selected.map((id) => ws.endpoints[id]!).filter((e): e is Endpoint & { workload: NonNullable<Endpoint['workload']> } => !!e.workload);
      lenses.push({
        span,
        title: workloads.length === 1 ? l10n.t('selects {0} workload', workloads.length) : l10n.t('selects {0} workloads', workloads.length),
        workloads: workloads.map((e) => ({ key: e.key, kind: e.workload.kind, uri: e.workload.uri, span: e.workload.span })),
      });
    }
    if ((view.object.spec?.policyTypes ?? []).length === 0) {
      const types = (['Ingress', 'Egress'] as const).filter((t) => view.isolates(t));
      lenses.push({ span, title: l10n.t('policyTypes: {0} (defaulted)', types.join(', ')) });
    }
  }
  return lenses;
}

/** A completion, in the same shape as the language features' entries (label, kind, text, span replaced). */
export interface LabelCompletion {
  readonly label: string;
  /** `property`: a label key (inserted with `: `); `value`: a label value, or a key where a value goes. */
  readonly kind: 'property' | 'value';
  /** `matches 3 workloads` */
  readonly detail: string;
  readonly insertText: string;
  /** The span the insert text replaces: the word typed so far. */
  readonly replace: readonly [number, number];
  readonly sortText: string;
}

/**
 * The keys of the YAML block mappings enclosing the line at `offset`, outermost first, found by
 * indentation: good enough for a document being typed, which may not parse. A line that is a sequence
 * item (`- ...`) may sit at its parent key's indentation, as Kubernetes manifests usually write them.
 */
function enclosingKeys(text: string, offset: number): { keys: string[]; line: string; lineStart: number } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  let indent = line.length - line.trimStart().length + (/^\s*-(\s|$)/.test(line) ? 1 : 0);
  const keys: string[] = [];
  let end = lineStart - 1;
  while (end > 0 && indent > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const previous = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    const dash = /^(\s*)-\s+/.exec(previous);
    const contentIndent = dash ? dash[0].length : previous.length - previous.trimStart().length;
    const key = /^([^:#\s-][^:#]*?):\s*(#.*)?$/.exec(previous.slice(contentIndent))?.[1];
    if (!key || contentIndent >= indent) continue;
    keys.unshift(key.trim());
    indent = (dash ? dash[1]!.length : contentIndent) + (dash ? 1 : 0);
  }
  return { keys, line, lineStart };
}

/** The `key:` of the matchExpressions item holding the line at `lineStart`. */
function expressionKey(text: string, lineStart: number): string | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const previous = text.slice(start, end);
    end = start - 1;
    const key = /^\s*(?:-\s+)?key:\s*["']?([^"'\s#]+)/.exec(previous)?.[1];
    if (key) return key;
    if (/^\s*(?:-\s+)?matchExpressions:/.test(previous)) return undefined;
  }
  return undefined;
}

/**
 * Label keys and values for a `matchLabels` being typed in a podSelector or namespaceSelector, from the
 * workloads' pod-template labels and the Namespaces' labels, with how many each would match.
 */
export function labelCompletions(ws: Workspace, text: string, offset: number): LabelCompletion[] {
  const { keys, line, lineStart } = enclosingKeys(text, offset);
  const last = keys[keys.length - 1];
  const inExpressions = last === 'matchExpressions' || (last === 'values' && keys[keys.length - 2] === 'matchExpressions');
  const selector = keys[keys.length - (last === 'values' ? 3 : 2)];
  if ((last !== 'matchLabels' && !inExpressions) || !isSelectorKey(selector)) return [];
  const index = selector === 'namespaceSelector' ? ws.namespaceIndex : ws.podIndex;
  const count = (n: number) =>
    selector === 'namespaceSelector'
      ? n === 1
        ? l10n.t('matches {0} namespace', n)
        : l10n.t('matches {0} namespaces', n)
      : n === 1
        ? l10n.t('matches {0} workload', n)
        : l10n.t('matches {0} workloads', n);
  const labels = index.keys();
  const word = /[A-Za-z0-9._/-]*$/.exec(line)![0];
  const replace: readonly [number, number] = [offset - word.length, offset];
  const entries = (items: [string, number][], kind: LabelCompletion['kind']): LabelCompletion[] =>
    items
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([label, n], i) => ({ label, kind, detail: count(n), insertText: kind === 'property' ? `${label}: ` : label, replace, sortText: String(i).padStart(5, '0') }));
  const valuesOf = (key: string) => entries([...(labels.get(key) ?? new Map<string, number>())], 'value');
  const keyCounts = (): [string, number][] => [...labels].map(([key, values]) => [key, [...values.values()].reduce((a, b) => a + b, 0)]);
  if (last === 'values') {
    // `values:` items of an expression: the values of its key.
    const key = /^\s*-\s*\S*$/.test(line) ? expressionKey(text, lineStart) : undefined;
    return key ? valuesOf(key) : [];
  }
  if (last === 'matchExpressions') {
    // `- key: ` of an expression item: a label key, written as the value of `key`.
    return /^\s*(?:-\s+)?key:\s*\S*$/.test(line) ? entries(keyCounts(), 'value') : [];
  }
  const valueOf = /^\s*([^:\s]+):\s*(\S*)$/.exec(line);
  return valueOf ? valuesOf(valueOf[1]!) : entries(keyCounts(), 'property');
}
