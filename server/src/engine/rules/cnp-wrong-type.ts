import type { Rule } from './rule';
import { reportClusterNetworkPolicyErrors } from './support/clusterPolicies';

/**
 * CNP102: a ClusterNetworkPolicy value of another JSON type than its CRD's schema says (`priority: "10"`,
 * `from` written as a map). The API server rejects it: `Invalid value: "string": spec.priority in body must
 * be of type integer: "string"`.
 */
export const cnpWrongType: Rule = {
  meta: {
    code: 'CNP102',
    name: 'cnp-wrong-type',
    description: 'A ClusterNetworkPolicy value of the wrong type (a quoted number, a map where a list goes): the API server rejects the object.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    reportClusterNetworkPolicyErrors(context, (error) => error.kind === 'type');
  },
};
