import * as l10n from '../l10n/t';
import { findPair, nodeSpan } from '../parse/yamlFile';
import type { Rule } from './rule';
import { clusterPoliciesOf } from './support/clusterPolicies';

const PRODUCTS = {
  antrea: 'Antrea\'s API (appliedTo, tiers by name, Allow/Drop/Reject/Pass)',
  eks: 'Amazon EKS\'s API (the VPC CNI\'s cluster network policy)',
} as const;

/**
 * CNP001: a ClusterNetworkPolicy of another API than Kubernetes' `policy.networking.k8s.io` one: the
 * same kind, another schema and other semantics. Said once, as information, and nothing else is checked:
 * NetPol Lens judges neither its fields nor its effect on reachability.
 */
export const otherClusterNetworkPolicyApi: Rule = {
  meta: {
    code: 'CNP001',
    name: 'other-cluster-network-policy-api',
    description: 'A ClusterNetworkPolicy of another API (Antrea crd.antrea.io, EKS networking.k8s.aws): named, and left unchecked.',
    defaultSeverity: 'information',
    fixable: false,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    for (const source of clusterPoliciesOf(context, ['antrea', 'eks'])) {
      const span = nodeSpan(findPair(source.node, 'apiVersion')?.value as never);
      if (!span) continue;
      const product = PRODUCTS[source.api as keyof typeof PRODUCTS];
      context.report({
        span,
        field: ['apiVersion'],
        message: l10n.t("{0} ClusterNetworkPolicy is {1}, not Kubernetes' policy.networking.k8s.io one: NetPol Lens does not check it or count it in reachability.", String(source.apiVersion), product),
      });
    }
  },
};
