import { reportCiliumErrors } from './support/ciliumValidation';
import type { Rule } from './rule';

export const ciliumRequired: Rule = {
  meta: {
    code: 'CIL104',
    name: 'cilium-required',
    description: 'A required field missing (a port entry without `port`), no `spec`/`specs` at all, or a rule without (or with both) endpointSelector and nodeSelector.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    reportCiliumErrors(context, ['required', 'oneOf', 'empty']);
  },
};
