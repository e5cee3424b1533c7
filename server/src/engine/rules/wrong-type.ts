import type { Rule } from './rule';
import { reportStructureErrors } from './support/structure';

export const wrongType: Rule = {
  meta: {
    code: 'NP131',
    name: 'wrong-type',
    description: 'A value of the wrong type (a string where an object belongs, `from` written as a map): the API server cannot decode the object.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'document',
  check: (context) => reportStructureErrors(context, 'type'),
};
