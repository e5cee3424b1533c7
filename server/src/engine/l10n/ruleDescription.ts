/**
 * A rule's one-line description (`meta.description`, for the rules table, SARIF's `shortDescription` and
 * any listing) in the current language. The English text in the rule's file stays the source and is the
 * catalogue key: test/support/l10nKeys.ts collects every `description` of a rule's `meta`, so a rule
 * whose description has no zh-cn entry fails test/unit/l10n.test.ts.
 */
import * as l10n from '@vscode/l10n';
import type { RuleMeta } from '../rules/rule';

export function ruleDescription(meta: Pick<RuleMeta, 'description'>): string {
  return l10n.t(meta.description);
}
