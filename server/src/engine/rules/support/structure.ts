/** Shared by the NP13x rules: the decoder's structure errors of each policy, computed once. */
import type { PolicyView } from '../../model/policyView';
import type { StructureError, StructureErrorKind } from '../../validation/structure';
import { checkStructure } from '../../validation/structure';
import type { FixProposal, RuleContext } from '../rule';
import { isValidatable } from './apiValidation';

const cache = new WeakMap<PolicyView, readonly StructureError[]>();

/** As for validation, documents with YAML syntax errors or template expressions are left alone. */
export function structureOf(policy: PolicyView): readonly StructureError[] {
  if (!isValidatable(policy)) return [];
  let errors = cache.get(policy);
  if (!errors) {
    errors = checkStructure(policy.source.document, policy.source.node);
    cache.set(policy, errors);
  }
  return errors;
}

export function reportStructureErrors(context: RuleContext, kind: StructureErrorKind, fixesFor?: (policy: PolicyView, error: StructureError) => FixProposal[]): void {
  for (const policy of context.policies) {
    for (const error of structureOf(policy)) {
      if (error.kind !== kind) continue;
      context.report({ policy, span: error.span, field: error.field, message: error.message, fixes: fixesFor?.(policy, error) ?? [] });
    }
  }
}
