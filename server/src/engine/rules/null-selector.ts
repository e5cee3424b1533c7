import * as l10n from '../l10n/t';
import type { Node } from 'yaml';
import { fillEmptyValue } from '../fixes/yamlEdits';
import { describeOwnNamespace } from '../model/describe';
import type { Rule } from './rule';
import { findEmptySelectors } from './support/selectorNodes';

export const nullSelector: Rule = {
  meta: {
    code: 'NP604',
    name: 'null-selector',
    description: 'Explains a selector key left without a value (`podSelector:`): what the API server reads it as.',
    defaultSeverity: 'hint',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const use of findEmptySelectors(policy)) {
        if (use.form !== 'null') continue;
        const key = policy.pair(use.field)?.key as Node | undefined;
        const span = policy.keySpan(use.field);
        if (!span || !key?.range) continue;
        const own = describeOwnNamespace(policy.namespace);
        const which = use.field[use.field.length - 1] as string;
        if (!use.peer) {
          context.report({
            policy,
            span,
            field: use.field,
            message: l10n.t(
              'podSelector has no value: the API server reads it as {} and the policy selects every pod in {0}. Write podSelector: {} to say so (older kubectl versions rejected the empty form).',
              own,
            ),
            fixes: [{ title: l10n.t('Write podSelector: {}'), isPreferred: true, edits: [fillEmptyValue(policy.file, key, '{}')] }],
          });
        } else if (which === 'podSelector' && use.peer.namespaceSelector) {
          context.report({
            policy,
            span,
            field: use.field,
            message: l10n.t('podSelector has no value, the same as leaving it out: this peer is every pod in the namespaces its namespaceSelector selects.'),
            fixes: [{ title: l10n.t('Write podSelector: {}'), isPreferred: true, edits: [fillEmptyValue(policy.file, key, '{}')] }],
          });
        } else if (which === 'namespaceSelector' && use.peer.podSelector) {
          // Not {}: a null namespaceSelector is an absent one, so the peer stays in the policy's namespace.
          context.report({
            policy,
            span,
            field: use.field,
            message: l10n.t('namespaceSelector has no value, the same as leaving it out: this peer only matches pods in {0}. For every namespace, write namespaceSelector: {}.', own),
            fixes: [{ title: l10n.t('Write namespaceSelector: {} (every namespace)'), edits: [fillEmptyValue(policy.file, key, '{}')] }],
          });
        }
      }
    }
  },
};
