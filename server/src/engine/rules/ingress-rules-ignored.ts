import type { Rule } from './rule';
import { checkIgnoredRules } from './support/ignoredRules';

export const ingressRulesIgnored: Rule = {
  meta: {
    code: 'NP302',
    name: 'ingress-rules-ignored',
    description: 'ingress rules in a policy whose policyTypes lacks Ingress: they never apply.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check: (context) => checkIgnoredRules(context, 'Ingress'),
};
