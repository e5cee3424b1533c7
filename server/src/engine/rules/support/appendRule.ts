import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { detectIndentStyle } from '../../fixes/indentStyle';
import { appendToBlockMap, appendToSeq, replaceWithBlock } from '../../fixes/yamlEdits';
import type { PolicyView } from '../../model/policyView';
import type { OffsetEdit } from '../../text/positions';

/**
 * Adds a rule at the end of `spec.ingress` or `spec.egress` in the document's style: appended to the
 * list, written under an empty `egress:`/`egress: []`, or as a new key at the end of `spec`.
 */
export function appendRuleEdit(policy: PolicyView, direction: 'ingress' | 'egress', rule: unknown): OffsetEdit | undefined {
  const file = policy.file;
  const style = detectIndentStyle(file, policy.source.document);
  const pair = policy.pair(['spec', direction]);
  const spec = policy.node(['spec']);
  if (pair) {
    const value = pair.value as Node | null;
    if (isSeq(value) && value.items.length > 0) return appendToSeq(file, value, rule, style);
    if (value === null || isSeq(value) || (isScalar(value) && value.value === null)) return replaceWithBlock(file, pair.key as Node, value, [rule], style);
    return undefined;
  }
  if (isMap(spec) && !spec.flow) return appendToBlockMap(file, spec, direction, [rule], style);
  return undefined;
}
