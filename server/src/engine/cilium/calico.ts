/**
 * Calico's policies (`projectcalico.org/v3` NetworkPolicy, GlobalNetworkPolicy and their staged forms),
 * read only as far as the CAL2xx rules need: each rule's action, protocol and ports. Field names follow
 * Calico's API reference (docs.tigera.io, "NetworkPolicy" and "Rule" resources; projectcalico/api
 * pkg/apis/projectcalico/v3/policy_common.go).
 */
import type { Node } from 'yaml';
import { asMap, asSeq, findPair, resolveNode } from '../parse/yamlFile';
import type { FieldPath } from '../parse/fieldPath';
import type { CalicoObject } from './model';
import { isScalar } from 'yaml';

export const CALICO_POLICY_KINDS = ['NetworkPolicy', 'GlobalNetworkPolicy', 'StagedNetworkPolicy', 'StagedGlobalNetworkPolicy'];

export interface CalicoRule {
  readonly direction: 'ingress' | 'egress';
  readonly index: number;
  readonly path: FieldPath;
  readonly node: Node;
  readonly action?: string;
  readonly actionNode?: Node;
  readonly protocol?: string;
  readonly protocolNode?: Node;
  /** `source.ports`, `destination.ports`, `notPorts`: the key nodes where ports are given. */
  readonly portKeys: readonly { readonly node: Node; readonly path: FieldPath }[];
}

export interface CalicoPolicy {
  readonly object: CalicoObject;
  readonly rules: readonly CalicoRule[];
  readonly sectionKeys: Partial<Readonly<Record<'ingress' | 'egress', Node>>>;
}

function text(object: CalicoObject, node: unknown): string | undefined {
  const resolved = resolveNode(object.document, node);
  if (!isScalar(resolved)) return undefined;
  return typeof resolved.value === 'string' || typeof resolved.value === 'number' ? String(resolved.value) : undefined;
}

export function calicoPolicy(object: CalicoObject): CalicoPolicy | undefined {
  if (!CALICO_POLICY_KINDS.includes(object.kind)) return undefined;
  const doc = object.document;
  const spec = asMap(doc, findPair(object.node, 'spec')?.value);
  if (!spec) return { object, rules: [], sectionKeys: {} };
  const rules: CalicoRule[] = [];
  const sectionKeys: Partial<Record<'ingress' | 'egress', Node>> = {};
  for (const direction of ['ingress', 'egress'] as const) {
    const pair = findPair(spec, direction);
    if (!pair) continue;
    sectionKeys[direction] = pair.key as Node;
    asSeq(doc, pair.value)?.items.forEach((item, index) => {
      const map = asMap(doc, item);
      if (!map) return;
      const path: FieldPath = ['spec', direction, index];
      const actionNode = resolveNode(doc, findPair(map, 'action')?.value);
      const protocolNode = resolveNode(doc, findPair(map, 'protocol')?.value);
      const portKeys: { node: Node; path: FieldPath }[] = [];
      for (const side of ['source', 'destination']) {
        const sideMap = asMap(doc, findPair(map, side)?.value);
        for (const key of ['ports', 'notPorts']) {
          const portsPair = sideMap ? findPair(sideMap, key) : undefined;
          if (portsPair && (asSeq(doc, portsPair.value)?.items.length ?? 0) > 0) portKeys.push({ node: portsPair.key as Node, path: [...path, side, key] });
        }
      }
      const action = text(object, actionNode);
      const protocol = text(object, protocolNode);
      rules.push({
        direction,
        index,
        path,
        node: map,
        ...(action !== undefined ? { action, ...(actionNode ? { actionNode } : {}) } : {}),
        ...(protocol !== undefined ? { protocol, ...(protocolNode ? { protocolNode } : {}) } : {}),
        portKeys,
      });
    });
  }
  return { object, rules, sectionKeys };
}
