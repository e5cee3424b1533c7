import * as l10n from '../l10n/t';
import type { Rule } from './rule';

export const templatedYamlSkipped: Rule = {
  meta: {
    code: 'NP003',
    name: 'templated-yaml-skipped',
    description: 'A NetworkPolicy template ({{ ... }}, as in Helm charts) is left alone: check the rendered manifests.',
    defaultSeverity: 'hint',
    fixable: false,
  },
  dependsOn: 'notices',
  check(context) {
    for (const notice of context.notices) {
      if (notice.kind !== 'templated') continue;
      context.report({
        span: notice.span,
        message: l10n.t(
          'This NetworkPolicy is a template ({{ ... }}), so it is not checked: what the API server gets is decided when it is rendered. Check the rendered manifests, e.g. `helm template . | netpol-lens check -`.',
        ),
      });
    }
  },
};
