import { isMap, isScalar, isSeq } from 'yaml';
import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import type { PolicyView } from '../../model/policyView';
import type { FieldPath } from '../../parse/fieldPath';
import { resolveNode } from '../../parse/yamlFile';
import type { PolicyRule } from './policyRules';
import { allRulesOf } from './policyRules';

export type SelectorForm = 'empty' | 'null';

/** A selector as written: `{}` (or only empty matchLabels/matchExpressions), or a key with no value. */
export interface SelectorUse {
  readonly field: FieldPath;
  readonly form: SelectorForm;
  /** Undefined for `spec.podSelector`; the rule and peer otherwise. */
  readonly rule?: PolicyRule;
  readonly peer?: NetworkPolicyPeer;
}

/** Empty as written: no entries, or only `matchLabels`/`matchExpressions` that are themselves empty. */
function isEmptyNode(policy: PolicyView, node: unknown): boolean {
  if (!isMap(node)) return false;
  return node.items.every((pair) => {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    const value = resolveNode(policy.source.document, pair.value);
    if (key !== 'matchLabels' && key !== 'matchExpressions') return false;
    return value === undefined || (isScalar(value) && value.value === null) || ((isMap(value) || isSeq(value)) && value.items.length === 0);
  });
}

function formAt(policy: PolicyView, field: FieldPath): SelectorForm | undefined {
  const pair = policy.pair(field);
  if (!pair) return undefined;
  const value = resolveNode(policy.source.document, pair.value);
  if (value === undefined || (isScalar(value) && value.value === null)) return 'null';
  return isEmptyNode(policy, value) ? 'empty' : undefined;
}

/** Every empty or null podSelector/namespaceSelector in the policy, the policy's own and its peers'. */
export function findEmptySelectors(policy: PolicyView): SelectorUse[] {
  const found: SelectorUse[] = [];
  const own = formAt(policy, ['spec', 'podSelector']);
  if (own) found.push({ field: ['spec', 'podSelector'], form: own });
  for (const rule of allRulesOf(policy)) {
    (rule.peers ?? []).forEach((peer, index) => {
      for (const key of ['podSelector', 'namespaceSelector'] as const) {
        const field = [...rule.peersPath, index, key];
        const form = formAt(policy, field);
        if (form) found.push({ field, form, rule, peer });
      }
    });
  }
  return found;
}
