import type { NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { removeSeqItem } from '../fixes/yamlEdits';
import { isWholeAddressSpace } from '../model/cidr';
import { describePorts } from '../model/describe';
import { saysExternal } from '../model/externalIntent';
import type { FieldPath } from '../parse/fieldPath';
import { asSeq } from '../parse/yamlFile';
import type { Rule } from './rule';

interface RuleShape {
  readonly peers: readonly NetworkPolicyPeer[];
  readonly ports: readonly NetworkPolicyPort[];
}

type Hole =
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

export const allowAllHole: Rule = {
  meta: {
    code: 'NP404',
    name: 'allow-all-hole',
    description: 'In a policy that otherwise restricts traffic, a rule that allows every peer (0.0.0.0/0, ::/0, or an empty rule `{}`).',
    defaultSeverity: 'warning',
    fixable: true,
  },
  check(context) {
    const dnsPort = context.settings.dns.port;
    for (const policy of context.policies) {
      const external = saysExternal(policy);
      for (const direction of ['ingress', 'egress'] as const) {
        if (!policy.isolates(direction === 'ingress' ? 'Ingress' : 'Egress')) continue;
        const peersKey = direction === 'ingress' ? 'from' : 'to';
        const rules: RuleShape[] = (policy.object.spec?.[direction] ?? []).map((r) => ({
          peers: (r as Record<string, NetworkPolicyPeer[] | undefined>)[peersKey] ?? [],
          ports: r.ports ?? [],
        }));
        const holes = rules.map((rule) => holeIn(rule, external, dnsPort));
        // An allow-all policy on purpose (its only rules open everything) is not a hole in anything.
        const restrictive = holes.some((hole) => hole === undefined);
        if (!restrictive && !external) continue;
        const seq = asSeq(policy.source.document, policy.node(['spec', direction]));
        holes.forEach((hole, ruleIndex) => {
          if (!hole) return;
          const rulePath: FieldPath = ['spec', direction, ruleIndex];
          const everyone = direction === 'ingress' ? 'every source' : 'every destination';
          let field: FieldPath;
          let what: string;
          if (hole.kind === 'empty-rule') {
            field = rulePath;
            what = `This empty rule allows ${everyone} on every port`;
          } else if (hole.kind === 'ports-only') {
            field = [...rulePath, 'ports'];
            what = `This rule has no ${peersKey}, so it allows ${everyone}, the internet included, on ${describePorts(rules[ruleIndex]!.ports)}`;
          } else {
            field = [...rulePath, peersKey, hole.peerIndex, 'ipBlock', 'cidr'];
            what = `${hole.cidr} without except is every ${hole.cidr.includes(':') ? 'IPv6' : 'IPv4'} address, the internet included, on ${describePorts(rules[ruleIndex]!.ports)}`;
          }
          const span = hole.kind === 'ports-only' ? policy.keySpan(field) : policy.valueSpan(field);
          if (!span) return;
          const why = external
            ? 'while the policy says it denies external traffic.'
            : `while the policy's other ${direction} rules are narrower: rules add up, so this one makes them moot.`;
          const removal = seq ? removeSeqItem(policy.file, seq, ruleIndex) : undefined;
          context.report({
            policy,
            span,
            field,
            message: `${what}, ${why}`,
            fixes: removal ? [{ title: `Remove this ${direction} rule`, edits: [removal] }] : [],
          });
        });
      }
    }
  },
};
