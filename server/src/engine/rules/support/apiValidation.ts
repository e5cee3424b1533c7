/**
 * Shared by the NP1xx rules that report the API server's validation errors: each rule reports the
 * errors of one category, with the server's message (`field.Error.ErrorBody()`) and field path.
 */
import type { PolicyView } from '../../model/policyView';
import type { OffsetEdit } from '../../text/positions';
import type { KubernetesVersion } from '../../validation/kubernetesVersion';
import { featuresOf } from '../../validation/kubernetesVersion';
import { errorBody } from '../../validation/fieldErrors';
import type { ValidationCategory, ValidationError, ValidationResult } from '../../validation/networkPolicy';
import { validateNetworkPolicy } from '../../validation/networkPolicy';
import type { FixProposal, RuleContext } from '../rule';
import { apiErrorMessage } from '../../l10n/apiText';

/**
 * Per policy view, and per where its node starts: the results hold offsets, and the incremental analysis
 * keeps a view while moving its nodes in place when the text before it changes (then it is computed again).
 */
const cache = new WeakMap<PolicyView, { readonly at: number; readonly byVersion: Map<KubernetesVersion, ValidationResult> }>();

const NOTHING: ValidationResult = { errors: [], warnings: [] };

/**
 * Is the API server's view of this document knowable? Not with YAML syntax errors (the tree is the
 * parser's guess, and kubectl would not send it), nor in a template (`{{ .Values.name }}` is not the
 * value that will be sent; the NP0xx rules speak about templates).
 */
export function isValidatable(policy: PolicyView): boolean {
  const { document } = policy.source;
  if (document.errors.length > 0) return false;
  const [start, , end] = document.range;
  return !policy.file.text.slice(start, end).includes('{{');
}

/** The policy's validation for a version, computed once for all the NP1xx rules. */
export function validationOf(policy: PolicyView, version: KubernetesVersion): ValidationResult {
  if (!isValidatable(policy)) return NOTHING;
  const at = policy.source.node.range?.[0] ?? -1;
  let known = cache.get(policy);
  if (known?.at !== at) {
    known = { at, byVersion: new Map() };
    cache.set(policy, known);
  }
  const { byVersion } = known;
  let result = byVersion.get(version);
  if (!result) {
    result = validateNetworkPolicy(policy.source.document, policy.source.node, version);
    byVersion.set(version, result);
  }
  return result;
}

export type FixesFor = (policy: PolicyView, error: ValidationError) => FixProposal[];

export function reportValidationErrors(context: RuleContext, category: ValidationCategory, fixesFor?: FixesFor): void {
  const version = context.settings.kubernetesVersion;
  const features = featuresOf(version);
  for (const policy of context.policies) {
    for (const error of validationOf(policy, version).errors) {
      if (error.category !== category) continue;
      context.report({
        policy,
        span: error.span,
        field: error.field,
        message: apiErrorMessage(error.type, errorBody(error, features)),
        fixes: fixesFor?.(policy, error) ?? [],
      });
    }
  }
}

/**
 * Replaces a scalar's value, keeping its quoting: `"udp"` becomes `"UDP"`, `udp` becomes `UDP`.
 * Values that need no quotes are the only ones offered here (protocols, CIDRs, numbers).
 */
export function replaceScalar(text: string, span: readonly [number, number], value: string): OffsetEdit {
  const [start, end] = span;
  const quote = text[start];
  if ((quote === '"' || quote === "'") && text[end - 1] === quote && end - start >= 2) return { start: start + 1, end: end - 1, newText: value };
  return { start, end, newText: value };
}
