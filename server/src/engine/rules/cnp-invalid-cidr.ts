import type { Rule } from './rule';
import { celRuleOf, reportClusterNetworkPolicyErrors } from './support/clusterPolicies';

/**
 * CNP106: a `networks` entry that is not a CIDR. The CRD's CEL rule `isCIDR(self)` (CIDR,
 * clusternetworkpolicy_types.go; Kubernetes' CEL library: `netip.ParsePrefix`, no IPv4-mapped IPv6
 * address) rejects it: `Invalid CIDR format provided`.
 */
export const cnpInvalidCidr: Rule = {
  meta: {
    code: 'CNP106',
    name: 'cnp-invalid-cidr',
    description: 'A ClusterNetworkPolicy `networks` entry that is not a CIDR (the CRD\'s CEL rule isCIDR): the API server rejects the object.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    reportClusterNetworkPolicyErrors(context, (error) => celRuleOf(error) === 'cidr');
  },
};
