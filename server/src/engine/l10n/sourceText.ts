/**
 * Text written in English where it belongs, translated through the catalogue with that English as the
 * key: a rule's one-line `meta.description` (the rules table, SARIF's `shortDescription`), a field's
 * documentation from types.go (validation/schema.ts), a ClusterNetworkPolicy CRD description
 * (crd/generated) and Cilium's value docs. The English stays the source; test/support/l10nKeys.ts
 * collects every such text (the rules' metas from their files, the docs from the schemas themselves), so
 * test/unit/l10n.test.ts fails for one without a zh-cn entry.
 */
import * as l10n from './t';
import type { RuleMeta } from '../rules/rule';

/** English text kept in the source (a doc, a description), in the current language. */
export function sourceText(english: string): string {
  return english === '' ? english : l10n.t(english);
}

export function ruleDescription(meta: Pick<RuleMeta, 'description'>): string {
  return sourceText(meta.description);
}
