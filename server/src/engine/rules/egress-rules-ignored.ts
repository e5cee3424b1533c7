import type { Rule } from './rule';
import { checkIgnoredRules } from './support/ignoredRules';

export const egressRulesIgnored: Rule = {
  meta: {
    code: 'NP301',
    name: 'egress-rules-ignored',
    description: 'egress rules in a policy whose policyTypes lacks Egress: they never apply.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check: (context) => checkIgnoredRules(context, 'Egress'),
};
