import type { Rule } from './rule';
import { reportClusterNetworkPolicyErrors } from './support/clusterPolicies';

/**
 * CNP103: a field the ClusterNetworkPolicy CRD requires is missing (`spec.tier`, `spec.priority`,
 * `spec.subject`, a rule's `action` and `from`/`to`, a port range's `start`/`end`), or the object has no
 * `metadata.name`. The API server rejects it: `Required value`.
 */
export const cnpRequiredField: Rule = {
  meta: {
    code: 'CNP103',
    name: 'cnp-required-field',
    description: 'A field the ClusterNetworkPolicy CRD requires is missing (tier, priority, subject, a rule\'s action, from or to): the API server rejects the object.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    reportClusterNetworkPolicyErrors(context, (error) => error.kind === 'required');
  },
};
