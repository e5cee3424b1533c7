import * as l10n from '../l10n/t';
import { apiWarningMessage } from '../l10n/apiText';
import type { Rule } from './rule';
import { validationOf } from './support/apiValidation';
import { cidrFixes } from './support/cidrFixes';

export const cidrWarning: Rule = {
  meta: {
    code: 'NP105',
    name: 'cidr-warning',
    description: 'An ipBlock CIDR the API server accepts with a warning: host bits set, leading zeros, IPv4-mapped or non-canonical IPv6.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const warning of validationOf(policy, context.settings.kubernetesVersion).warnings) {
        context.report({
          policy,
          span: warning.span,
          field: warning.field,
          message: apiWarningMessage(warning.message),
          fixes: warning.message.includes('RFC 5952')
            ? canonicalFix(policy.file.text, warning)
            : cidrFixes(policy, warning.span, warning.value, warning.message.includes('is ambiguous')),
        });
      }
    }
  },
};

function canonicalFix(text: string, warning: { span: readonly [number, number]; message: string }) {
  const canonical = /\("([^"]+)"\)$/.exec(warning.message)?.[1];
  if (!canonical) return [];
  const [start, end] = warning.span;
  const quoted = text[start] === '"' || text[start] === "'";
  const edit = quoted ? { start: start + 1, end: end - 1, newText: canonical } : { start, end, newText: canonical };
  return [{ title: l10n.t('Change to {0}', canonical), isPreferred: true, edits: [edit] }];
}
