/**
 * Where a finding about a field of a policy is shown: the field's node, or, when the field is not
 * written (a missing `podSelector`, a list the rule talks about as a whole), the nearest enclosing node
 * that is. Never the start of the file: in a file of many policies that would point at the wrong one.
 */
import type { PolicyView } from '../../model/policyView';
import type { FieldPath } from '../../parse/fieldPath';
import { nodeSpan } from '../../parse/yamlFile';
import type { FixProposal, RelatedLocation, Report, RuleContext } from '../rule';

/** What a rule says about a field, for `RuleContext.reportAt`: the span and field path are derived from the field. */
export interface FieldFinding {
  readonly message: string;
  readonly fixes?: readonly FixProposal[];
  /** Fixes made when first read (Report.lazyFixes). */
  readonly lazyFixes?: () => readonly FixProposal[];
  readonly related?: readonly RelatedLocation[];
  /** Underline the field's key (`podSelector:`) rather than its value; by default its value (or key, for an empty value). */
  readonly on?: 'key' | 'value';
}

/**
 * Offsets of the node at `field` of the policy (its value, or its key with `on: 'key'`); for a field that
 * is not written, the key (or, for a list item, the value) of its nearest written ancestor; for none at
 * all, the policy's `kind` key, else the whole object.
 */
export function spanAt(policy: PolicyView, field: FieldPath, on: 'key' | 'value' = 'value'): readonly [number, number] {
  const here = on === 'key' ? (policy.keySpan(field) ?? policy.valueSpan(field)) : policy.valueSpan(field);
  if (here) return here;
  for (let length = field.length - 1; length > 0; length--) {
    const path = field.slice(0, length);
    const span = policy.keySpan(path) ?? policy.valueSpan(path);
    if (span) return span;
  }
  return policy.keySpan(['kind']) ?? nodeSpan(policy.source.node) ?? [policy.source.document.range[0], policy.source.document.range[0]];
}

/** `RuleContext.reportAt` over a context's `report`. */
export function reportAtWith(report: (report: Report) => void): RuleContext['reportAt'] {
  return (policy, field, finding) => {
    const { on, ...rest } = finding;
    report({ policy, span: spanAt(policy, field, on), field, ...rest });
  };
}
