import type { Rule } from './rule';
import { celRuleOf, reportClusterNetworkPolicyErrors } from './support/clusterPolicies';

/**
 * CNP107: an egress rule with a `destinationNamedPort` and a `networks`, `nodes` or `domainNames` peer,
 * which have no named ports. The experimental CRD's CEL rule on ClusterNetworkPolicyEgressRule rejects it
 * (the standard CRD does not carry the rule, as it names experimental fields).
 */
export const cnpNamedPortPeer: Rule = {
  meta: {
    code: 'CNP107',
    name: 'cnp-named-port-peer',
    description: 'A ClusterNetworkPolicy egress rule with a named port and a networks, nodes or domainNames peer (experimental CRD\'s CEL rule): the API server rejects the object.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    reportClusterNetworkPolicyErrors(context, (error) => celRuleOf(error) === 'named-port');
  },
};
