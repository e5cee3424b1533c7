/** Shared by the NP13x rules: the decoder's structure errors of each policy, computed once. */
import type { PolicyView } from '../../model/policyView';
import type { StructureError, StructureErrorKind } from '../../validation/structure';
import { checkStructure } from '../../validation/structure';
import type { FixProposal, RuleContext } from '../rule';
import { isValidatable } from './apiValidation';
import { decodingErrorMessage } from '../../l10n/apiText';

/**
 * Per policy view, and per where its node starts: the errors hold offsets, and the incremental analysis
 * keeps a view while moving its nodes in place when the text before it changes (then they are computed again).
 */
const cache = new WeakMap<PolicyView, { readonly at: number; readonly errors: readonly StructureError[] }>();

/** As for validation, documents with YAML syntax errors or template expressions are left alone. */
export function structureOf(policy: PolicyView): readonly StructureError[] {
  if (!isValidatable(policy)) return [];
  const at = policy.source.node.range?.[0] ?? -1;
  let known = cache.get(policy);
  if (known?.at !== at) {
    known = { at, errors: checkStructure(policy.source.document, policy.source.node) };
    cache.set(policy, known);
  }
  return known.errors;
}

export function reportStructureErrors(context: RuleContext, kind: StructureErrorKind, fixesFor?: (policy: PolicyView, error: StructureError) => FixProposal[]): void {
  for (const policy of context.policies) {
    for (const error of structureOf(policy)) {
      if (error.kind !== kind) continue;
      context.report({ policy, span: error.span, field: error.field, message: decodingErrorMessage(error.kind, error.message), fixes: fixesFor?.(policy, error) ?? [] });
    }
  }
}
