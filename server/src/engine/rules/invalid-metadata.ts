import type { Rule } from './rule';
import { reportValidationErrors } from './support/apiValidation';

export const invalidMetadata: Rule = {
  meta: {
    code: 'NP120',
    name: 'invalid-metadata',
    description: 'A name, namespace, label or annotation the API server rejects (ValidateObjectMeta).',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'document',
  check: (context) => reportValidationErrors(context, 'metadata'),
};
