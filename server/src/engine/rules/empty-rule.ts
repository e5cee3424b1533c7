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
              ? 'every source: every pod in every namespace and every address outside the cluster'
              : 'every destination: every pod in every namespace and every address outside the cluster';
          context.report({
            policy,
            span,
            field: rule.path,
            message: `This empty ${direction} rule allows ${everyone}, on every port. (An empty ${direction} list, by contrast, allows nothing.)`,
          });
        }
      }
    }
  },
};
