import * as l10n from '../l10n/t';
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
      // Offered only when what the key holds is valid under the field it becomes: renaming must not
      // merely trade this error for others below it.
      error.suggestion && error.suggestionFits
        ? [{ title: l10n.t('Did you mean `{0}`?', error.suggestion), isPreferred: true, edits: [replaceScalar(policy.file.text, error.span, error.suggestion)] }]
        : [],
    );
  },
};
