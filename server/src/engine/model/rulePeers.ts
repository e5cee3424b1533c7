import type { NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer } from 'kubernetes-types/networking/v1';

/** A rule's peers, `from` of an ingress rule or `to` of an egress rule; undefined when it lists none (every peer). */
export function rulePeers(rule: NetworkPolicyIngressRule | NetworkPolicyEgressRule): readonly NetworkPolicyPeer[] | undefined {
  return 'from' in rule ? rule.from : 'to' in rule ? rule.to : undefined;
}
