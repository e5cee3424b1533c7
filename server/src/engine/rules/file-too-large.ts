import * as l10n from '../l10n/t';
import type { Rule } from './rule';

export const fileTooLarge: Rule = {
  meta: {
    code: 'NP002',
    name: 'file-too-large',
    description: 'The file is larger than netpolLens.limits.maxFileSize, so it is not checked at all.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'notices',
  check(context) {
    const size = context.file.text.length.toLocaleString('en-US');
    for (const notice of context.notices) {
      if (notice.kind !== 'file-too-large') continue;
      context.report({
        span: notice.span,
        message: l10n.t(
          'This file has {0} characters, more than netpolLens.limits.maxFileSize ({1}), so its NetworkPolicies are not checked.',
          size,
          notice.limit?.toLocaleString('en-US') ?? '',
        ),
      });
    }
  },
};
