import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import type { Labels } from '../model/selector';
import { selectorMatches } from '../model/selector';
import { parseAddress } from './addresses';
import type { ServiceManifest } from './manifests';
import type { CompiledRule, Workspace } from './workspace';
import { NAMESPACE_NAME_LABEL } from './workspace';

/**
 * Judgements that need the workspace to be complete enough: a selector "matches nothing" only where the
 * workspace holds the objects it could match, so that a namespace outside the workspace (kube-system,
 * say) never makes a false alarm.
 */

/**
 * Why the workspace may not hold every pod of a namespace, in words for a message; undefined when it
 * plausibly holds them all: it has workloads there, and nothing there makes pods the workspace does not
 * show (custom resources, which operators turn into pods; workloads an operator made; a kustomize base
 * that overlays put in several namespaces).
 */
export function whyIncomplete(ws: Workspace, namespace: string): string | undefined {
  const info = ws.namespaces.get(namespace);
  if (!info || info.workloads.length === 0) return `the workspace holds no workload of namespace ${namespace}`;
  const resource = info.customResources[0];
  if (resource) return `namespace ${namespace} holds custom resources (${resource.kind} ${resource.name}), whose operator may run pods there`;
  const managed = info.workloads.map((id) => ws.endpoints[id]!.workload!).find((w) => w.managedBy !== undefined);
  if (managed) return `${managed.kind} ${managed.name} in namespace ${namespace} is managed by ${managed.managedBy!}, which may run other pods there`;
  if (info.overlaid) return `kustomize overlays put objects of this workspace in namespace ${namespace} and elsewhere`;
  return undefined;
}

/** Does the workspace plausibly hold every pod of this namespace (so that "no workload matches" means something)? */
export function knowsNamespace(ws: Workspace, namespace: string): boolean {
  return whyIncomplete(ws, namespace) === undefined;
}

/** Could a pod carrying at least these labels (and any others) be matched by the selector? */
function couldMatch(selector: LabelSelector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (key in labels && labels[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const value = labels[e.key];
    if (value === undefined) continue;
    if (e.operator === 'In' && !(e.values ?? []).includes(value)) return false;
    if (e.operator === 'NotIn' && (e.values ?? []).includes(value)) return false;
    if (e.operator === 'DoesNotExist') return false;
  }
  return true;
}

/**
 * A Service of the namespace that selects none of the workspace's workloads there, and whose pods the
 * selector could match: evidence that such pods run, made by something the workspace does not show.
 */
export function unseenPodsOf(ws: Workspace, namespace: string, selector: LabelSelector): ServiceManifest | undefined {
  const info = ws.namespaces.get(namespace);
  if (!info) return undefined;
  const workloads = info.workloads.map((id) => ws.endpoints[id]!.labels);
  return info.services.find((s) => !workloads.some((labels) => selectorMatches({ matchLabels: s.selector }, labels)) && couldMatch(selector, s.selector));
}

/** Namespace names a selector pins with `kubernetes.io/metadata.name` (matchLabels or `In`), if it does. */
export function pinnedNamespaces(selector: LabelSelector): string[] | undefined {
  const byLabel = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
  if (byLabel !== undefined) return [byLabel];
  const byExpression = (selector.matchExpressions ?? []).find((e) => e.key === NAMESPACE_NAME_LABEL && e.operator === 'In');
  return byExpression ? [...(byExpression.values ?? [])] : undefined;
}

export type PeerVerdict =
  | { kind: 'no-workload-in-namespace'; namespace: string }
  | { kind: 'no-workload-in-namespaces'; namespaces: string[] };

/**
 * The namespaces in which a peer's podSelector looks for pods, when the workspace can name them: the
 * policy's own for a bare podSelector, the ones a namespaceSelector pins by name (and matches, as far as
 * the workspace's Namespace manifests tell); undefined for any other peer.
 */
export function peerNamespaces(ws: Workspace, peer: NetworkPolicyPeer, policyNamespace: string): string[] | undefined {
  if (peer.ipBlock || !peer.podSelector) return undefined;
  if (!peer.namespaceSelector) return [policyNamespace];
  const pinned = pinnedNamespaces(peer.namespaceSelector);
  if (!pinned || pinned.length === 0) return undefined;
  const matched = new Set(ws.namespaceIndex.select(peer.namespaceSelector).map((id) => ws.namespaceNames[id]!));
  return pinned.every((n) => matched.has(n)) ? pinned : undefined;
}

/**
 * Why a selector peer matches no workload, when the workspace can tell; undefined when it matches or
 * cannot tell. Only namespaces the workspace plausibly holds whole count (`knowsNamespace`), and a
 * Service there whose pods the peer could match means the pods exist. A namespaceSelector that matches
 * no Namespace manifest says nothing: namespaces are made outside a repository as often as in it.
 */
export function emptyPeer(ws: Workspace, peer: NetworkPolicyPeer, policyNamespace: string, matched: number): PeerVerdict | undefined {
  if (matched > 0) return undefined;
  const namespaces = peerNamespaces(ws, peer, policyNamespace);
  const podSelector = peer.podSelector;
  if (!namespaces || !podSelector) return undefined;
  if (!namespaces.every((n) => knowsNamespace(ws, n) && !unseenPodsOf(ws, n, podSelector))) return undefined;
  return peer.namespaceSelector ? { kind: 'no-workload-in-namespaces', namespaces } : { kind: 'no-workload-in-namespace', namespace: policyNamespace };
}

/** Addresses that stand for "the outside world" when asking whether a rule lets it in or out. */
const OUTSIDE = ['8.8.8.8', '2001:4860:4860::8888'].map((a) => parseAddress(a)!);

/** Does the rule admit addresses outside the cluster (every peer, or an ipBlock holding public addresses)? */
export function admitsOutside(rule: CompiledRule): boolean {
  return rule.allPeers || rule.peers.some((p) => p.block !== undefined && OUTSIDE.some((a) => p.block!.contains(a)));
}
