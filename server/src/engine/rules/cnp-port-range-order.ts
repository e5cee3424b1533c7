import type { Rule } from './rule';
import { celRuleOf, reportClusterNetworkPolicyErrors } from './support/clusterPolicies';

/**
 * CNP105: a `destinationPort.range` whose `start` is not below its `end`. The CRD's CEL rule
 * `self.start < self.end` (PortRange, clusternetworkpolicy_types.go) rejects it: `Start port must be less
 * than End port`. A single port is written `number:`, not a range of one.
 */
export const cnpPortRangeOrder: Rule = {
  meta: {
    code: 'CNP105',
    name: 'cnp-port-range-order',
    description: 'A ClusterNetworkPolicy port range whose start is not less than its end (the CRD\'s CEL rule): the API server rejects the object.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    reportClusterNetworkPolicyErrors(context, (error) => celRuleOf(error) === 'port-range');
  },
};
