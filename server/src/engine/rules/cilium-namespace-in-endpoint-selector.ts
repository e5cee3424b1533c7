import * as l10n from '../l10n/t';
import { ciliumPoliciesOf } from '../cilium/model';
import { reportOn } from '../cilium/report';
import { NAMESPACE_LABEL } from '../cilium/semantics';
import type { Rule } from './rule';

/**
 * A CiliumNetworkPolicy's `endpointSelector` always selects pods of the policy's own namespace: a namespace
 * label there cannot select another one (Cilium docs, Documentation/security/policy/kubernetes.rst,
 * "Known Pitfalls": "Kubernetes prohibits specifying the namespace in the endpointSelector").
 */
export const ciliumNamespaceInEndpointSelector: Rule = {
  meta: {
    code: 'CIL205',
    name: 'cilium-namespace-in-endpoint-selector',
    description: 'The namespace label (`k8s:io.kubernetes.pod.namespace`) in a CiliumNetworkPolicy\'s endpointSelector: it cannot select another namespace.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of ciliumPoliciesOf(context.file)) {
      if (policy.clusterwide) continue;
      const own = policy.namespace ?? context.settings.defaultNamespace;
      for (const rule of policy.rules) {
        const selector = rule.endpointSelector;
        if (!selector) continue;
        for (const key of selector.labelKeys) {
          if (!key.value.endsWith(NAMESPACE_LABEL) || selector.labels.get(NAMESPACE_LABEL) === own) continue;
          reportOn(
            context,
            policy,
            key.node,
            key.path,
            l10n.t("the endpointSelector of a CiliumNetworkPolicy only ever selects pods of the policy's own namespace ({0}): this label selects nothing else, and no pod when it names another namespace; use metadata.namespace, or a CiliumClusterwideNetworkPolicy", own),
          );
        }
        if (selector.expressions.some((e) => e.key === NAMESPACE_LABEL)) {
          reportOn(
            context,
            policy,
            selector.node,
            selector.path,
            l10n.t("the endpointSelector of a CiliumNetworkPolicy only ever selects pods of the policy's own namespace ({0}): a matchExpressions on {1} cannot reach other namespaces; use a CiliumClusterwideNetworkPolicy", own, NAMESPACE_LABEL),
          );
        }
      }
    }
  },
};
