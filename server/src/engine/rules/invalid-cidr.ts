import { CIDR_HOST_BITS, CIDR_INVALID } from '../validation/cidr';
import type { Rule } from './rule';
import { reportValidationErrors } from './support/apiValidation';
import { cidrFixes } from './support/cidrFixes';

export const invalidCidr: Rule = {
  meta: {
    code: 'NP103',
    name: 'invalid-cidr',
    description: 'An ipBlock cidr or except value the API server rejects: missing, not a CIDR, or (from 1.36) not in strict form.',
    defaultSeverity: 'error',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    reportValidationErrors(context, 'cidr', (policy, error) => {
      if (error.badValue.kind !== 'string' || error.detail === CIDR_INVALID) return [];
      return cidrFixes(policy, error.span, error.badValue.value, error.detail === CIDR_HOST_BITS);
    });
  },
};
