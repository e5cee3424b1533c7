import * as l10n from '../l10n/t';
import type { Notice } from '../limits/notices';
import type { Rule } from './rule';

function message(notice: Notice): string | undefined {
  const limit = notice.limit?.toLocaleString('en-US');
  switch (notice.kind) {
    case 'too-many-documents':
      return l10n.t('Analysis stopped after {0} documents (netpolLens.limits.maxDocuments): this document and the ones after it are not checked.', limit ?? '');
    case 'too-deep':
      return l10n.t('This document nests mappings and sequences more than {0} levels deep (netpolLens.limits.maxNestingDepth), so none of it is checked.', limit ?? '');
    case 'alias-budget':
      return l10n.t(
        'The aliases in this NetworkPolicy expand to more than {0} YAML nodes (netpolLens.limits.aliasBudget), so it is not checked: aliases of lists of aliases multiply (a "billion laughs" document).',
        limit ?? '',
      );
    default:
      return undefined;
  }
}

export const analysisLimited: Rule = {
  meta: {
    code: 'NP001',
    name: 'analysis-limited',
    description: 'Part of the file was not checked: it went past a netpolLens.limits bound (documents, nesting depth, alias expansion).',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'notices',
  check(context) {
    for (const notice of context.notices) {
      const text = message(notice);
      if (text) context.report({ span: notice.span, message: text });
    }
  },
};
