import * as l10n from '../l10n/t';
import type { Rule } from './rule';
import { findAllowAllHoles } from './support/allowAllHoles';
import { rulesOf } from './support/policyRules';

export const emptyRule: Rule = {
  meta: {
    code: 'NP603',
    name: 'empty-rule',
    description: 'Explains an empty rule (`ingress: [{}]`, `egress: [{}]`): every peer, in and outside the cluster, on every port.',
    defaultSeverity: 'hint',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const direction of ['ingress', 'egress'] as const) {
        // Where NP404 reports the empty rule as a hole, its warning says the same and more.
        const { holes } = findAllowAllHoles(policy, direction, context.settings.dns.port);
        for (const rule of rulesOf(policy, direction)) {
          if (rule.peers !== undefined || rule.ports !== undefined || holes[rule.index]) continue;
          const span = policy.valueSpan(rule.path);
          if (!span) continue;
          const everyone =
            direction === 'ingress'
              ? l10n.t('every source: every pod in every namespace and every address outside the cluster')
              : l10n.t('every destination: every pod in every namespace and every address outside the cluster');
          context.report({
            policy,
            span,
            field: rule.path,
            message: l10n.t('This empty {0} rule allows {1}, on every port. (An empty {0} list, by contrast, allows nothing.)', direction, everyone),
          });
        }
      }
    }
  },
};
