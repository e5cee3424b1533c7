import * as l10n from '../l10n/t';
import { formatSelector, isEmptySelector } from '../model/selector';
import type { Rule } from './rule';
import { findEmptySelectors } from './support/selectorNodes';

export const emptyNamespaceSelector: Rule = {
  meta: {
    code: 'NP602',
    name: 'empty-namespace-selector',
    description: 'Explains `namespaceSelector: {}`: every namespace in the cluster (and no address outside it).',
    defaultSeverity: 'hint',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const use of findEmptySelectors(policy)) {
        if (use.form !== 'empty' || use.field[use.field.length - 1] !== 'namespaceSelector' || !use.peer) continue;
        const span = policy.valueSpan(use.field);
        if (!span) continue;
        const pods = use.peer.podSelector && !isEmptySelector(use.peer.podSelector) ? l10n.t('pods with {0}', formatSelector(use.peer.podSelector)) : l10n.t('every pod');
        context.report({
          policy,
          span,
          field: use.field,
          message: l10n.t('namespaceSelector {} selects every namespace: this peer is {0} in the whole cluster. It does not match addresses outside the cluster (that takes an ipBlock).', pods),
        });
      }
    }
  },
};
