import type { NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { isWholeAddressSpace } from '../../net/cidr';
import { saysDeniesExternal } from '../../model/externalIntent';
import type { PolicyView } from '../../model/policyView';
import type { Direction } from './policyRules';
import { rulesOf } from './policyRules';

export interface RuleShape {
  readonly peers: readonly NetworkPolicyPeer[];
  readonly ports: readonly NetworkPolicyPort[];
}

export type Hole =
  | { readonly kind: 'empty-rule' }
  | { readonly kind: 'whole-address-space'; readonly peerIndex: number; readonly cidr: string }
  | { readonly kind: 'ports-only' };

const isOpenBlock = (peer: NetworkPolicyPeer) => !!peer.ipBlock && isWholeAddressSpace(peer.ipBlock.cidr) && (peer.ipBlock.except ?? []).length === 0;

/**
 * What a rule opens to everyone: every peer on every port (`{}`, or an ipBlock of the whole address
 * space without ports), or, where the policy claims to deny external traffic, everyone on some ports.
 */
function holeIn(rule: RuleShape, external: boolean, dnsPort: number): Hole | undefined {
  const openIndex = rule.peers.findIndex(isOpenBlock);
  if (rule.ports.length === 0) {
    if (rule.peers.length === 0) return { kind: 'empty-rule' };
    if (openIndex >= 0) return { kind: 'whole-address-space', peerIndex: openIndex, cidr: rule.peers[openIndex]!.ipBlock!.cidr };
    return undefined;
  }
  if (!external || rule.ports.every((p) => p.port === dnsPort && p.endPort === undefined)) return undefined;
  if (rule.peers.length === 0) return { kind: 'ports-only' };
  if (openIndex >= 0) return { kind: 'whole-address-space', peerIndex: openIndex, cidr: rule.peers[openIndex]!.ipBlock!.cidr };
  return undefined;
}

/**
 * The allow-all holes of one direction (NP404): none when every rule is allow-all on purpose, unless the
 * policy says it denies external traffic.
 */
export function findAllowAllHoles(policy: PolicyView, direction: Direction, dnsPort: number): { rules: RuleShape[]; holes: (Hole | undefined)[] } {
  const external = saysDeniesExternal(policy);
  const rules: RuleShape[] = rulesOf(policy, direction).map((r) => ({ peers: r.peers ?? [], ports: r.ports ?? [] }));
  const holes = rules.map((rule) => holeIn(rule, external, dnsPort));
  // An allow-all policy on purpose (its only rules open everything) is not a hole in anything.
  const restrictive = holes.some((hole) => hole === undefined);
  if (!policy.isolates(direction === 'ingress' ? 'Ingress' : 'Egress') || (!restrictive && !external)) return { rules, holes: holes.map(() => undefined) };
  return { rules, holes };
}
