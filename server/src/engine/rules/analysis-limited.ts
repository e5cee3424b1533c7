import type { Notice } from '../limits/notices';
import type { Rule } from './rule';

function message(notice: Notice): string | undefined {
  const limit = notice.limit?.toLocaleString('en-US');
  switch (notice.kind) {
    case 'too-many-documents':
      return (
        `Analysis stopped after ${limit} documents (netpolLens.limits.maxDocuments): ` +
        'this document and the ones after it are not checked.'
      );
    case 'too-deep':
      return (
        `This document nests mappings and sequences more than ${limit} levels deep ` +
        '(netpolLens.limits.maxNestingDepth), so none of it is checked.'
      );
    case 'alias-budget':
      return (
        `The aliases in this NetworkPolicy expand to more than ${limit} YAML nodes ` +
        '(netpolLens.limits.aliasBudget), so it is not checked: aliases of lists of aliases multiply ' +
        '(a "billion laughs" document).'
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
