/**
 * A selector that matches nothing is a mistake, rather than a workload the workspace does not hold, when
 * its evident target is there: a workload of the namespace that no policy selects, carrying a label key
 * the selector asks for with another value (a renamed app: the policies still say `app: webhook-scaler`,
 * the Deployment `app: kube-actions-runner`, and nothing protects it). Without such a workload the
 * workspace cannot tell a mistake from pods made elsewhere, and the workspace rules say nothing.
 */
import * as l10n from '../../l10n/t';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { formatSelector, selectorMatches } from '../../model/selector';
import type { Endpoint, Workspace } from '../../reach/workspace';
import type { LabelTypo } from './labelTypos';
import { labelTypos } from './labelTypos';

/** A workload a selector evidently meant, and, when one value is all that differs, the edit that would select it. */
export interface LikelyTarget {
  readonly endpoint: Endpoint;
  readonly edit?: LabelTypo;
}

/** The label keys a selector requires a pod to carry. */
function requiredKeys(selector: LabelSelector): string[] {
  const keys = Object.keys(selector.matchLabels ?? {});
  for (const e of selector.matchExpressions ?? []) if (e.operator === 'In' || e.operator === 'Exists') keys.push(e.key);
  return keys;
}

function matchesAnywhere(workspace: Workspace, selector: LabelSelector): boolean {
  return workspace.workloads().some((e) => selectorMatches(selector, e.labels));
}

/**
 * The distinct selectors of the namespace's policies (their podSelectors and bare podSelector peers) that
 * match no workload of the workspace anywhere.
 */
function unmatchedSelectors(workspace: Workspace, namespace: string): Set<string> {
  return memo(unmatchedByWorkspace, workspace, namespace, () => findUnmatchedSelectors(workspace, namespace));
}

/**
 * Per workspace (one analysis: the editor builds a new one when anything changes) and namespace: every
 * policy of the namespace that selects nothing asks the same question.
 */
const unmatchedByWorkspace = new WeakMap<Workspace, Map<string, Set<string>>>();
const orphansByWorkspace = new WeakMap<Workspace, Map<string, Endpoint[]>>();

function memo<T>(cache: WeakMap<Workspace, Map<string, T>>, workspace: Workspace, namespace: string, compute: () => T): T {
  let byNamespace = cache.get(workspace);
  if (!byNamespace) cache.set(workspace, (byNamespace = new Map<string, T>()));
  let value = byNamespace.get(namespace);
  if (value === undefined) byNamespace.set(namespace, (value = compute()));
  return value;
}

function findUnmatchedSelectors(workspace: Workspace, namespace: string): Set<string> {
  const out = new Set<string>();
  const add = (selector: LabelSelector) => {
    const text = formatSelector(selector);
    if (!out.has(text) && !matchesAnywhere(workspace, selector)) out.add(text);
  };
  for (const policy of workspace.policiesIn(namespace)) {
    if (policy.selected.length === 0) add(policy.view.object.spec?.podSelector ?? {});
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers) if (peer.endpoints.length === 0 && peer.peer.podSelector && !peer.peer.namespaceSelector && !peer.block) add(peer.peer.podSelector);
    }
  }
  return out;
}

/**
 * Workloads of the namespace that no policy of the workspace selects and that no policy's podSelector
 * there names with a typo (that workload is the typo's target, not an orphan).
 */
function orphans(workspace: Workspace, namespace: string): Endpoint[] {
  return memo(orphansByWorkspace, workspace, namespace, () => findOrphans(workspace, namespace));
}

function findOrphans(workspace: Workspace, namespace: string): Endpoint[] {
  const selected = new Set<number>();
  const sources = workspace.policySourcesIn(namespace);
  for (const { view } of sources) for (const id of workspace.selectedBy(view) ?? []) selected.add(id);
  const candidates = (workspace.namespaces.get(namespace)?.workloads ?? []).filter((id) => !selected.has(id)).map((id) => workspace.endpoints[id]!);
  if (candidates.length === 0) return [];
  const named = candidates.map((e) => ({ name: e.key, labels: e.labels }));
  const claimed = new Set<string>();
  for (const { view } of sources) {
    for (const typo of labelTypos(view.object.spec?.podSelector ?? {}, named)) for (const name of typo.matches) claimed.add(name);
  }
  return candidates.filter((e) => !claimed.has(e.key));
}

/**
 * The workloads `selector` (which matches none of the namespace's) evidently meant: orphans of the
 * namespace sharing a required label key. None when any workload of the workspace, in any namespace,
 * matches the selector: then the pods exist, and only their namespace is in question.
 */
export function likelyTargets(workspace: Workspace, namespace: string, selector: LabelSelector): LikelyTarget[] {
  const keys = requiredKeys(selector);
  if (keys.length === 0 || matchesAnywhere(workspace, selector)) return [];
  // Several selectors of the namespace that match nothing: several workloads are missing from the workspace, not one renamed.
  if (unmatchedSelectors(workspace, namespace).size > 1) return [];
  const matchLabels = selector.matchLabels ?? {};
  return orphans(workspace, namespace)
    .filter((e) => keys.some((key) => key in e.labels))
    .map((endpoint) => {
      // The one matchLabels value to change, when changing it selects this workload.
      const differing = Object.entries(matchLabels).filter(([key, value]) => endpoint.labels[key] !== value);
      if (differing.length !== 1) return { endpoint };
      const [key, written] = differing[0]!;
      const meant = endpoint.labels[key];
      if (meant === undefined || !selectorMatches({ ...selector, matchLabels: { ...matchLabels, [key]: meant } }, endpoint.labels)) return { endpoint };
      return { endpoint, edit: { path: ['matchLabels', key], part: 'value', written, meant, matches: [endpoint.key] } };
    });
}

/** ", while no policy selects Deployment kube-actions-runner there (app=kube-actions-runner): was it meant?" */
export function describeTargets(targets: readonly LikelyTarget[], selector: LabelSelector): string {
  const keys = requiredKeys(selector);
  const shown = targets.slice(0, 3).map(({ endpoint }) => {
    const w = endpoint.workload!;
    const labels = keys
      .filter((k) => k in endpoint.labels)
      .map((k) => `${k}=${endpoint.labels[k]!}`)
      .join(',');
    return `${w.kind} ${w.name} (${labels})`;
  });
  if (targets.length === 1) return l10n.t(', while no policy selects {0} there: was it meant?', shown[0]!);
  const list = targets.length > 3 ? l10n.t('{0}, and {1} more', shown.join(', '), targets.length - 3) : shown.join(', ');
  return l10n.t(', while no policy selects {0} there: was one of them meant?', list);
}
