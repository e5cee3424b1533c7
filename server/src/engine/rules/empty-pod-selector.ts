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
        if (!use.peer) message = `podSelector {} selects every pod in ${own}: this policy applies to all of them, including pods created later.`;
        else if (!use.peer.namespaceSelector)
          message = `In a peer, podSelector {} without a namespaceSelector means every pod in ${own}, not every pod in the cluster.`;
        else {
          const ns = use.peer.namespaceSelector;
          const namespaces = isEmptySelector(ns) ? 'every namespace' : `the namespaces with ${formatSelector(ns)}`;
          message = `podSelector {} with this namespaceSelector means every pod in ${namespaces}.`;
        }
        context.report({ policy, span, field: use.field, message });
      }
    }
  },
};
