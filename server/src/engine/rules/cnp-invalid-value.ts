import type { Rule } from './rule';
import { celRuleOf, reportClusterNetworkPolicyErrors } from './support/clusterPolicies';

/**
 * CNP104: a ClusterNetworkPolicy value outside what its CRD's schema allows: an enum (`tier`, `action`),
 * a bound (`priority` 0-1000, ports 1-65535), a length (rule `name` at most 100), a pattern
 * (`domainNames`), a list's or object's size (1 to 25 peers, exactly one of `namespaces`/`pods`), a value
 * repeated in a set (`networks`, `domainNames`). The API server rejects the object.
 */
export const cnpInvalidValue: Rule = {
  meta: {
    code: 'CNP104',
    name: 'cnp-invalid-value',
    description: 'A ClusterNetworkPolicy value its CRD rejects: an unknown tier or action, priority outside 0-1000, a port outside 1-65535, too many or too few items, a repeated CIDR.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    reportClusterNetworkPolicyErrors(context, (error) => ['enum', 'range', 'length', 'pattern', 'items', 'properties', 'duplicate'].includes(error.kind) || celRuleOf(error) === 'other');
  },
};
