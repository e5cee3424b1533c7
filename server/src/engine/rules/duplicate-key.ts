import type { Rule } from './rule';
import { reportStructureErrors } from './support/structure';

export const duplicateKey: Rule = {
  meta: {
    code: 'NP132',
    name: 'duplicate-key',
    description: 'A key given twice in one mapping: only the last one is kept, the other silently dropped.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'document',
  check: (context) => reportStructureErrors(context, 'duplicate'),
};
