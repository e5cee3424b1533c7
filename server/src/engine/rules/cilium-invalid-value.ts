import { reportCiliumErrors } from './support/ciliumValidation';
import type { Rule } from './rule';

export const ciliumInvalidValue: Rule = {
  meta: {
    code: 'CIL105',
    name: 'cilium-invalid-value',
    description: 'A value the CRD\'s pattern or bounds reject: a port above 65535, a malformed CIDR, too many items.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    reportCiliumErrors(context, ['pattern', 'range', 'length', 'items', 'properties', 'duplicate', 'cel']);
  },
};
