import * as l10n from '../l10n/t';
import { reportCiliumErrors } from './support/ciliumValidation';
import type { Rule } from './rule';

export const ciliumUnsupportedValue: Rule = {
  meta: {
    code: 'CIL103',
    name: 'cilium-unsupported-value',
    description: 'A value outside the CRD\'s enum: a `protocol` other than TCP, UDP, SCTP, ANY, an unknown entity (`World`, `internet`).',
    defaultSeverity: 'error',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    reportCiliumErrors(context, ['enum'], (policy, error) => {
      const text = policy.file.text.slice(error.span[0], error.span[1]).replace(/^["']|["']$/g, '');
      const match = (error.enumValues ?? []).find((v) => typeof v === 'string' && v.toLowerCase() === text.toLowerCase());
      if (typeof match !== 'string') return [];
      const quoted = /^["']/.test(policy.file.text.slice(error.span[0], error.span[0] + 1));
      const start = quoted ? error.span[0] + 1 : error.span[0];
      const end = quoted ? error.span[1] - 1 : error.span[1];
      return [{ title: l10n.t('Change to {0}', match), isPreferred: true, edits: [{ start, end, newText: match }] }];
    });
  },
};
