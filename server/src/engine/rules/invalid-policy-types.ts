import * as l10n from '../l10n/t';
import { POLICY_TYPES } from '../validation/networkPolicy';
import type { Rule } from './rule';
import { replaceScalar, reportValidationErrors } from './support/apiValidation';

export const invalidPolicyTypes: Rule = {
  meta: {
    code: 'NP107',
    name: 'invalid-policy-types',
    description: 'A policyTypes entry other than Ingress or Egress (case matters), or more than two entries.',
    defaultSeverity: 'error',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    reportValidationErrors(context, 'policyTypes', (policy, error) => {
      if (error.badValue.kind !== 'string') return [];
      const typed = error.badValue.value.trim().toLowerCase();
      const match = POLICY_TYPES.find((t) => t.toLowerCase() === typed);
      return match ? [{ title: l10n.t('Change to {0}', match), isPreferred: true, edits: [replaceScalar(policy.file.text, error.span, match)] }] : [];
    });
  },
};
