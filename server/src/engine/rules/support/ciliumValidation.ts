import { ciliumPoliciesOf } from '../../cilium/model';
import type { CiliumPolicy } from '../../cilium/model';
import { acceptsFixes } from '../../cilium/semantics';
import type { CiliumValidationError } from '../../cilium/validate';
import { validateCiliumPolicy } from '../../cilium/validate';
import { formatFieldPath } from '../../parse/fieldPath';
import type { FixProposal, RuleContext } from '../rule';
import { crdErrorMessage } from '../../l10n/apiText';

/** Reports the validation errors of the given kinds, in the API server's words: `field: body`. */
export function reportCiliumErrors(
  context: RuleContext,
  kinds: readonly CiliumValidationError['kind'][],
  fixesFor: (policy: CiliumPolicy, error: CiliumValidationError) => readonly FixProposal[] = () => [],
): void {
  for (const policy of ciliumPoliciesOf(context.file)) {
    for (const error of validateCiliumPolicy(policy)) {
      if (!kinds.includes(error.kind)) continue;
      const where = formatFieldPath(error.field);
      const message = error.kind === 'unknown' || error.kind === 'empty' || where === '' ? error.message : `${where}: ${error.message}`;
      context.report({ span: error.span, message: crdErrorMessage(message), field: error.field, fixes: acceptsFixes(policy) ? fixesFor(policy, error) : [] });
    }
  }
}
