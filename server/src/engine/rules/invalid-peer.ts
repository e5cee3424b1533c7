import type { Rule } from './rule';
import { reportValidationErrors } from './support/apiValidation';

export const invalidPeer: Rule = {
  meta: {
    code: 'NP106',
    name: 'invalid-peer',
    description: 'A from/to peer with no selector and no ipBlock, or with an ipBlock beside a selector: the API server rejects the policy.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'document',
  check: (context) => reportValidationErrors(context, 'peer'),
};
