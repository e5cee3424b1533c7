import type { Node } from 'yaml';
import { renameKey } from '../fixes/yamlEdits';
import { findNameLabelUses, NAMESPACE_NAME_LABEL } from '../model/namespaceNameLabel';
import type { Rule } from './rule';

export const systemNamespaceByNameLabel: Rule = {
  meta: {
    code: 'NP204',
    name: 'system-namespace-by-name-label',
    description: 'A namespaceSelector matches kube-system (or another system namespace) by a `name` label that Kubernetes does not set.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const use of findNameLabelUses(policy, context.settings.dns)) {
        const key = policy.pair(use.field)?.key as Node | undefined;
        const span = policy.keySpan(use.field);
        if (!span || !key?.range) continue;
        context.report({
          policy,
          span,
          field: use.field,
          message:
            `Kubernetes labels namespace ${use.namespace} with ${NAMESPACE_NAME_LABEL}=${use.namespace}, not name=${use.namespace}: ` +
            `unless someone added that label by hand, this namespaceSelector matches no namespace.`,
          fixes: [{ title: `Match the namespace by ${NAMESPACE_NAME_LABEL}`, isPreferred: true, edits: [renameKey(key, NAMESPACE_NAME_LABEL)] }],
        });
      }
    }
  },
};
