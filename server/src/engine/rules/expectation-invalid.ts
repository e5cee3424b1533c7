import { mentionsExpectations } from '../expectations/format';
import type { Rule } from './rule';
import { expectationsOf } from './support/expectationResults';

/**
 * NP962: an expectations file (docs/expectations.md) that cannot be read as written: a wrong apiVersion or
 * kind, an unknown field, an endpoint or port that is not one, an item without from, to or allowed. The
 * expectation at fault is not checked; the others are.
 */
export const expectationInvalid: Rule = {
  meta: {
    code: 'NP962',
    name: 'expectation-invalid',
    description: 'an expectations file that cannot be read as written (its bad items are not checked)',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'expectations',
  check(context) {
    if (!mentionsExpectations(context.file.text)) return;
    for (const document of expectationsOf(context.file)) {
      for (const problem of document.problems) context.report({ span: problem.span, message: problem.message });
    }
  },
};
