import * as l10n from '../l10n/t';
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
          message: l10n.t(
            'Kubernetes labels namespace {0} with {1}={0}, not name={0}: unless someone added that label by hand, this namespaceSelector matches no namespace.',
            use.namespace,
            NAMESPACE_NAME_LABEL,
          ),
          fixes: [{ title: l10n.t('Match the namespace by {0}', NAMESPACE_NAME_LABEL), isPreferred: true, edits: [renameKey(key, NAMESPACE_NAME_LABEL)] }],
        });
      }
    }
  },
};
