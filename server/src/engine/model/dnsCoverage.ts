import type { PolicyView } from './policyView';
import { dnsProtocolsOfRule } from './dns';
import type { DnsProtocol, DnsTarget } from './dns';
import { selectorCovers } from './selector';

/** One place that lets pods reach DNS: a rule of some policy, and the port entry (if any) that opens it. */
export interface DnsGrant {
  readonly policy: PolicyView;
  readonly ruleIndex: number;
  readonly protocol: DnsProtocol;
  readonly portIndex: number | 'all-ports';
}

/**
 * Policies that apply to every pod `policy` selects, for egress: same namespace, Egress in their
 * effective policyTypes, and a podSelector that selects at least those pods. Allow rules of all of
 * them add up (NetworkPolicies are additive), so a default-deny beside an allow-dns policy is fine.
 */
export function egressPoliciesCovering(policy: PolicyView, scope: readonly PolicyView[]): PolicyView[] {
  const podSelector = policy.object.spec?.podSelector ?? {};
  return scope.filter(
    (other) =>
      other.namespace === policy.namespace &&
      other.isolates('Egress') &&
      selectorCovers(other.object.spec?.podSelector ?? {}, podSelector),
  );
}

/** Every rule, in `policy` or in another policy covering the same pods, that allows DNS. */
export function dnsGrantsFor(policy: PolicyView, scope: readonly PolicyView[], dns: DnsTarget): DnsGrant[] {
  const grants: DnsGrant[] = [];
  for (const other of egressPoliciesCovering(policy, scope)) {
    (other.object.spec?.egress ?? []).forEach((rule, ruleIndex) => {
      for (const [protocol, portIndex] of dnsProtocolsOfRule(rule, other.namespace, dns)) {
        grants.push({ policy: other, ruleIndex, protocol, portIndex });
      }
    });
  }
  return grants;
}

/** `pods app=web in namespace shop` / `all pods in namespace shop`, for messages. */
export function describeSelectedPods(policy: PolicyView): string {
  const labels = Object.entries(policy.object.spec?.podSelector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = policy.object.spec?.podSelector?.matchExpressions ?? [];
  const pods = labels.length === 0 && expressions.length === 0 ? 'all pods' : `pods ${[...labels, ...expressions.map((e) => `${e.key} ${e.operator}`)].join(',')}`;
  return `${pods} in ${policy.namespace ? `namespace ${policy.namespace}` : "the policy's namespace"}`;
}
