import * as l10n from '../l10n/t';
import { PROTOCOLS } from '../validation/networkPolicy';
import type { Rule } from './rule';
import { replaceScalar, reportValidationErrors } from './support/apiValidation';

export const invalidProtocol: Rule = {
  meta: {
    code: 'NP101',
    name: 'invalid-protocol',
    description: 'A port protocol other than TCP, UDP or SCTP (case matters): the API server rejects the policy.',
    defaultSeverity: 'error',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    reportValidationErrors(context, 'protocol', (policy, error) => {
      if (error.badValue.kind !== 'string') return [];
      const upper = error.badValue.value.trim().toUpperCase();
      if (!(PROTOCOLS as readonly string[]).includes(upper)) return [];
      return [{ title: l10n.t('Change to {0}', upper), isPreferred: true, edits: [replaceScalar(policy.file.text, error.span, upper)] }];
    });
  },
};
