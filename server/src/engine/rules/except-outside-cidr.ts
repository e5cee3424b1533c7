import type { Rule } from './rule';
import { reportValidationErrors } from './support/apiValidation';

export const exceptOutsideCidr: Rule = {
  meta: {
    code: 'NP104',
    name: 'except-outside-cidr',
    description: 'An ipBlock except entry that is not a strict subset of the cidr: the API server rejects the policy.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'document',
  check: (context) => reportValidationErrors(context, 'except'),
};
