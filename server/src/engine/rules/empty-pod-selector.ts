import * as l10n from '../l10n/t';
import { describeOwnNamespace } from '../model/describe';
import { formatSelector, isEmptySelector } from '../model/selector';
import type { Rule } from './rule';
import { findEmptySelectors } from './support/selectorNodes';

export const emptyPodSelector: Rule = {
  meta: {
    code: 'NP601',
    name: 'empty-pod-selector',
    description: 'Explains `podSelector: {}`: every pod of the namespace (the policy\'s own, or the ones the peer\'s namespaceSelector picks).',
    defaultSeverity: 'hint',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const use of findEmptySelectors(policy)) {
        if (use.form !== 'empty' || use.field[use.field.length - 1] !== 'podSelector') continue;
        const span = policy.valueSpan(use.field);
        if (!span) continue;
        const own = describeOwnNamespace(policy.namespace);
        let message: string;
        if (!use.peer) message = l10n.t('podSelector {} selects every pod in {0}: this policy applies to all of them, including pods created later.', own);
        else if (!use.peer.namespaceSelector)
          message = l10n.t('In a peer, podSelector {} without a namespaceSelector means every pod in {0}, not every pod in the cluster.', own);
        else {
          const ns = use.peer.namespaceSelector;
          const namespaces = isEmptySelector(ns) ? l10n.t('every namespace') : l10n.t('the namespaces with {0}', formatSelector(ns));
          message = l10n.t('podSelector {} with this namespaceSelector means every pod in {0}.', namespaces);
        }
        context.report({ policy, span, field: use.field, message });
      }
    }
  },
};
