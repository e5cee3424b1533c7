import * as l10n from '../l10n/t';
import { reportCiliumErrors } from './support/ciliumValidation';
import type { Rule } from './rule';

export const ciliumWrongType: Rule = {
  meta: {
    code: 'CIL102',
    name: 'cilium-wrong-type',
    description: 'A value of the wrong type for the Cilium policy CRD (a port written as a number, a list written as a map).',
    defaultSeverity: 'error',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    reportCiliumErrors(context, ['type'], (policy, error) => {
      // Ports are strings in Cilium's CRD: `port: 53` -> `port: "53"`.
      const last = error.field[error.field.length - 1];
      const text = policy.file.text.slice(error.span[0], error.span[1]);
      if (last !== 'port' || !/^\d+$/.test(text)) return [];
      return [{ title: l10n.t('Quote the port: "{0}"', text), isPreferred: true, edits: [{ start: error.span[0], end: error.span[1], newText: `"${text}"` }] }];
    });
  },
};
