import * as l10n from '../l10n/t';
import { ciliumPoliciesOf } from '../cilium/model';
import { reportOn } from '../cilium/report';
import type { Rule } from './rule';

/**
 * `nodeSelector` (host policies) "Can only be used in CiliumClusterwideNetworkPolicies"
 * (pkg/policy/api/rule.go, Rule.NodeSelector); Cilium's rule sanitizer rejects it in a
 * CiliumNetworkPolicy, so the rule is never enforced.
 */
export const ciliumNodeSelectorInNamespacedPolicy: Rule = {
  meta: {
    code: 'CIL206',
    name: 'cilium-node-selector-in-namespaced-policy',
    description: '`nodeSelector` in a namespaced CiliumNetworkPolicy: host policies only work in a CiliumClusterwideNetworkPolicy.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of ciliumPoliciesOf(context.file)) {
      if (policy.clusterwide) continue;
      for (const rule of policy.rules) {
        if (!rule.nodeSelectorKey || !rule.nodeSelector) continue;
        reportOn(
          context,
          policy,
          rule.nodeSelectorKey,
          [...rule.path, 'nodeSelector'],
          l10n.t('nodeSelector (a host policy) is only allowed in a CiliumClusterwideNetworkPolicy: Cilium rejects this rule of a CiliumNetworkPolicy, and it is never enforced'),
        );
      }
    }
  },
};
