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
      const peers = (rule as { from?: unknown; to?: unknown })[peersKey] as { namespaceSelector?: { matchLabels?: Record<string, string> } }[] | undefined;
      (peers ?? []).forEach((peer, peerIndex) => {
        const labels = peer.namespaceSelector?.matchLabels ?? {};
        const value = labels.name;
        if (value === undefined || !system.has(value) || NAMESPACE_NAME_LABEL in labels) return;
        found.push({ direction, field: ['spec', direction, ruleIndex, peersKey, peerIndex, 'namespaceSelector', 'matchLabels', 'name'], namespace: value });
      });
    });
  }
  return found;
}
