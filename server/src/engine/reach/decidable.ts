import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import { parseAddress } from './addresses';
import type { CompiledRule, Workspace } from './workspace';
import { NAMESPACE_NAME_LABEL } from './workspace';

/**
 * Judgements that need the workspace to be complete enough: a selector "matches nothing" only where the
 * workspace holds the objects it could match, so that a namespace outside the workspace (kube-system,
 * say) never makes a false alarm.
 */

/** Does the workspace hold workloads of this namespace (so that "no workload matches" means something)? */
export function knowsNamespace(ws: Workspace, namespace: string): boolean {
  return (ws.namespaces.get(namespace)?.workloads.length ?? 0) > 0;
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
  | { kind: 'no-namespace' }
  | { kind: 'no-workload-in-namespaces'; namespaces: string[] };

/** Why a selector peer matches nothing, when the workspace can tell; undefined when it matches or cannot tell. */
export function emptyPeer(ws: Workspace, peer: NetworkPolicyPeer, policyNamespace: string, matched: number): PeerVerdict | undefined {
  if (peer.ipBlock || matched > 0) return undefined;
  if (!peer.namespaceSelector) {
    return peer.podSelector && knowsNamespace(ws, policyNamespace) ? { kind: 'no-workload-in-namespace', namespace: policyNamespace } : undefined;
  }
  const pinned = pinnedNamespaces(peer.namespaceSelector);
  const matchedNamespaces = ws.namespaceIndex.select(peer.namespaceSelector).map((id) => ws.namespaceNames[id]!);
  if (pinned) {
    // Every named namespace must be one whose workloads the workspace holds.
    if (!pinned.every((n) => knowsNamespace(ws, n))) return undefined;
    return matchedNamespaces.length === 0 ? undefined : { kind: 'no-workload-in-namespaces', namespaces: matchedNamespaces };
  }
  const hasNamespaceManifests = [...ws.namespaces.values()].some((n) => n.manifest);
  if (matchedNamespaces.length === 0) return hasNamespaceManifests ? { kind: 'no-namespace' } : undefined;
  return undefined;
}

/** Addresses that stand for "the outside world" when asking whether a rule lets it in or out. */
const OUTSIDE = ['8.8.8.8', '2001:4860:4860::8888'].map((a) => parseAddress(a)!);

/** Does the rule admit addresses outside the cluster (every peer, or an ipBlock holding public addresses)? */
export function admitsOutside(rule: CompiledRule): boolean {
  return rule.allPeers || rule.peers.some((p) => p.block !== undefined && OUTSIDE.some((a) => p.block!.contains(a)));
}
