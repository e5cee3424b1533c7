/**
 * What the API server (and Cilium's agent, for an empty policy) rejects in a Cilium policy: the CRD's
 * structural schema through the generic validator (engine/crd/validate.ts) with crdSchema.ts, plus the
 * two checks the validator has no keyword for: the CRD's `oneOf` on each rule (endpointSelector or
 * nodeSelector, exactly one) and Cilium's "empty policy" (neither `spec` nor `specs`).
 */
import type { CrdErrorKind } from '../crd/validate';
import { validateCustomResource } from '../crd/validate';
import type { FieldPath } from '../parse/fieldPath';
import { findPair, nodeSpan } from '../parse/yamlFile';
import { CILIUM_POLICY_SCHEMA } from './crdSchema';
import type { CiliumPolicy } from './model';

export interface CiliumValidationError {
  readonly kind: CrdErrorKind | 'oneOf' | 'empty';
  readonly field: FieldPath;
  /** The API server's error body (`Required value`, `Unsupported value: ...`), without the field path. */
  readonly message: string;
  readonly span: readonly [number, number];
  readonly enumValues?: readonly unknown[];
}

const cache = new WeakMap<CiliumPolicy, readonly CiliumValidationError[]>();

export function validateCiliumPolicy(policy: CiliumPolicy): readonly CiliumValidationError[] {
  const known = cache.get(policy);
  if (known) return known;
  const errors: CiliumValidationError[] = [];
  const kindSpan = nodeSpan(policy.kindNode) ?? nodeSpan(policy.node)!;
  for (const error of validateCustomResource(policy.document, policy.node, CILIUM_POLICY_SCHEMA, kindSpan, { skip: ['metadata'] })) {
    errors.push({ kind: error.kind, field: error.field, message: error.message, span: error.span, ...(error.schema.enum ? { enumValues: error.schema.enum } : {}) });
  }
  if (!findPair(policy.node, 'spec') && !findPair(policy.node, 'specs')) {
    errors.push({ kind: 'empty', field: [], message: `Invalid ${policy.kind} spec(s): empty policy`, span: kindSpan });
  }
  for (const rule of policy.rules) {
    const selectors = (rule.endpointSelector ? 1 : 0) + (rule.nodeSelector ? 1 : 0);
    if (selectors === 1) continue;
    const span = nodeSpan(rule.nodeSelectorKey) ?? nodeSpan(findPair(rule.node, 'endpointSelector')?.key as never) ?? nodeSpan(findPair(policy.node, rule.path[0] as string)?.key as never) ?? kindSpan;
    const where = rule.path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('').replace(/^specs\[/, 'specs[');
    errors.push({
      kind: 'oneOf',
      field: rule.path,
      message:
        selectors === 0
          ? `Invalid value: "object": ${where} in body must validate one and only one schema (oneOf): it needs endpointSelector or nodeSelector`
          : `Invalid value: "object": ${where} in body must validate one and only one schema (oneOf): endpointSelector and nodeSelector are mutually exclusive`,
      span,
    });
  }
  cache.set(policy, errors);
  return errors;
}
