import * as l10n from '../l10n/t';
import { SELECTOR_OPERATORS } from '../validation/networkPolicy';
import type { Rule } from './rule';
import { replaceScalar, reportValidationErrors } from './support/apiValidation';

export const invalidLabelSelector: Rule = {
  meta: {
    code: 'NP110',
    name: 'invalid-label-selector',
    description: 'A label selector the API server rejects: bad label key or value, unknown operator, values missing or not allowed.',
    defaultSeverity: 'error',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    reportValidationErrors(context, 'selector', (policy, error) => {
      if (error.detail !== 'not a valid selector operator' || error.badValue.kind !== 'string') return [];
      const typed = error.badValue.value.replace(/[\s_-]/g, '').toLowerCase();
      const match = SELECTOR_OPERATORS.find((op) => op.toLowerCase() === typed);
      return match ? [{ title: l10n.t('Change to {0}', match), isPreferred: true, edits: [replaceScalar(policy.file.text, error.span, match)] }] : [];
    });
  },
};
