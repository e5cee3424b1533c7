import type { Rule } from './rule';
import { replaceScalar } from './support/apiValidation';
import { reportStructureErrors } from './support/structure';

export const unknownField: Rule = {
  meta: {
    code: 'NP130',
    name: 'unknown-field',
    description: 'A key the NetworkPolicy API does not have (a misspelling such as `podselector`): kubectl apply rejects the object.',
    defaultSeverity: 'error',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    reportStructureErrors(context, 'unknown', (policy, error) =>
      error.suggestion
        ? [{ title: `Did you mean \`${error.suggestion}\`?`, isPreferred: true, edits: [replaceScalar(policy.file.text, error.span, error.suggestion)] }]
        : [],
    );
  },
};
