import type { NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { mergeIntoPreviousItem } from '../fixes/yamlEdits';
import { describePeer, describePorts } from '../model/describe';
import type { FieldPath } from '../parse/fieldPath';
import { asSeq } from '../parse/yamlFile';
import type { Rule } from './rule';
import { DIRECTIONS, rulesOf } from './support/policyRules';

/**
 * A ports-only rule for DNS alone (`- ports: [{port: 53, protocol: UDP}]`) is the common, deliberate
 * "DNS to any resolver" rule, not a split.
 */
function onlyDnsPorts(ports: readonly NetworkPolicyPort[], dnsPort: number): boolean {
  return ports.every((p) => p.port === dnsPort && p.endPort === undefined);
}

export const ruleSplitByDash: Rule = {
  meta: {
    code: 'NP402',
    name: 'rule-split-by-dash',
    description: 'A rule with only to/from followed by a rule with only ports: a stray "-" split one rule in two, and both over-allow.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const direction of DIRECTIONS) {
        const rules = rulesOf(policy, direction);
        const rulesPath: FieldPath = ['spec', direction];
        const seq = asSeq(policy.source.document, policy.node(rulesPath));
        for (let i = 1; i < rules.length; i++) {
          const peersRule = rules[i - 1]!;
          const portsRule = rules[i]!;
          const peersOnly = (peersRule.peers?.length ?? 0) > 0 && peersRule.ports === undefined;
          const portsOnly = (portsRule.ports?.length ?? 0) > 0 && portsRule.peers === undefined;
          if (!peersOnly || !portsOnly || onlyDnsPorts(portsRule.ports!, context.settings.dns.port)) continue;
          const field = portsRule.portsPath;
          const span = policy.keySpan(field);
          if (!span || !seq) continue;
          const peers = peersRule.peers!.map((p) => describePeer(p, policy.namespace)).join('; ');
          const ports = describePorts(portsRule.ports);
          const everyone = direction === 'ingress' ? 'every source' : 'every destination';
          const merge = mergeIntoPreviousItem(policy.file, seq, i);
          context.report({
            policy,
            span,
            field,
            message:
              `The "-" before ports starts a second ${direction} rule: the rule above allows ${peers} on every port, and ` +
              `this one allows ${everyone} on ${ports}. For one rule (those peers, on these ports), remove the "-".`,
            fixes: merge ? [{ title: `Merge into one rule: ${portsRule.peersKey} those peers on ${ports}`, edits: [merge] }] : [],
          });
        }
      }
    }
  },
};
