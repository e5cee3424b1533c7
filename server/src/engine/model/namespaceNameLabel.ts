import type { DnsTarget } from './dns';
import type { PolicyView } from './policyView';
import type { FieldPath } from '../parse/fieldPath';

/** The label the control plane sets on every namespace, to its name (Kubernetes v1.22+). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Namespaces the control plane creates itself, labelled with `kubernetes.io/metadata.name` only: a
 * `name` label on them exists only if someone added it by hand. The DNS profile's namespace is one too.
 */
export function systemNamespaces(dns: DnsTarget): Set<string> {
  return new Set(['kube-system', 'kube-public', 'kube-node-lease', 'default', dns.namespace]);
}

type SelectorPeer = { namespaceSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] }; podSelector?: unknown };

/** Is `other` the same peer as `peer`, with the namespace matched by its name label instead of `name`? */
function isFallbackPair(peer: SelectorPeer, other: SelectorPeer, namespace: string): boolean {
  const without = (labels: Record<string, string> | undefined, key: string) => Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => k !== key));
  const rest = without(peer.namespaceSelector?.matchLabels, 'name');
  const otherRest = without(other.namespaceSelector?.matchLabels, NAMESPACE_NAME_LABEL);
  return (
    other.namespaceSelector?.matchLabels?.[NAMESPACE_NAME_LABEL] === namespace &&
    JSON.stringify(rest) === JSON.stringify(otherRest) &&
    JSON.stringify(peer.namespaceSelector?.matchExpressions ?? []) === JSON.stringify(other.namespaceSelector?.matchExpressions ?? []) &&
    JSON.stringify(peer.podSelector ?? null) === JSON.stringify(other.podSelector ?? null)
  );
}

export interface NameLabelUse {
  readonly direction: 'ingress' | 'egress';
  /** Path of the `name` key in the namespaceSelector's matchLabels. */
  readonly field: FieldPath;
  readonly namespace: string;
}

/** namespaceSelectors that match a system namespace by `name: <namespace>`, in every peer of both directions. */
export function findNameLabelUses(policy: PolicyView, dns: DnsTarget): NameLabelUse[] {
  const system = systemNamespaces(dns);
  const found: NameLabelUse[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    (policy.object.spec?.[direction] ?? []).forEach((rule, ruleIndex) => {
      const peers = (rule as { from?: unknown; to?: unknown })[peersKey] as SelectorPeer[] | undefined;
      (peers ?? []).forEach((peer, peerIndex) => {
        const labels = peer.namespaceSelector?.matchLabels ?? {};
        const value = labels.name;
        if (value === undefined || !system.has(value) || NAMESPACE_NAME_LABEL in labels) return;
        // A sibling peer that is the same but for the label (`kubernetes.io/metadata.name`) makes this one a
        // deliberate fallback for clusters older than v1.22: the rule works either way.
        if ((peers ?? []).some((other) => other !== peer && isFallbackPair(peer, other, value))) return;
        found.push({ direction, field: ['spec', direction, ruleIndex, peersKey, peerIndex, 'namespaceSelector', 'matchLabels', 'name'], namespace: value });
      });
    });
  }
  return found;
}
