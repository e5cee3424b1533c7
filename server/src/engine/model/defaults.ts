import type { NetworkPolicyPort, NetworkPolicySpec } from 'kubernetes-types/networking/v1';

export type PolicyType = 'Ingress' | 'Egress';

/**
 * The policyTypes the API server stores, after `SetDefaults_NetworkPolicy`
 * (kubernetes/kubernetes pkg/apis/networking/v1/defaults.go): when none are given, Ingress always,
 * and Egress only when the spec has at least one egress rule (`egress: []` does not count).
 */
export function effectivePolicyTypes(spec: NetworkPolicySpec | undefined): Set<PolicyType> {
  const declared = spec?.policyTypes ?? [];
  const types = new Set<PolicyType>();
  if (declared.length > 0) {
    for (const t of declared) if (t === 'Ingress' || t === 'Egress') types.add(t);
    return types;
  }
  types.add('Ingress');
  if ((spec?.egress?.length ?? 0) > 0) types.add('Egress');
  return types;
}

/** `SetDefaults_NetworkPolicyPort`: a port without protocol is TCP. */
export function effectiveProtocol(port: NetworkPolicyPort): string {
  return port.protocol ?? 'TCP';
}
