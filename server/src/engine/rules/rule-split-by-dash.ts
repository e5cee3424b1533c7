import * as l10n from '../l10n/t';
import type { NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import type { Node, YAMLSeq } from 'yaml';
import { mergeIntoPreviousItem } from '../fixes/yamlEdits';
import { describePeer, describePorts } from '../model/describe';
import type { FieldPath } from '../parse/fieldPath';
import { asSeq } from '../parse/yamlFile';
import type { YamlFile } from '../parse/yamlFile';
import type { Rule } from './rule';
import { DIRECTIONS, rulesOf } from './support/policyRules';

/**
 * A ports-only rule for DNS alone (`- ports: [{port: 53, protocol: UDP}]`) is the common, deliberate
 * "DNS to any resolver" rule, not a split.
 */
function onlyDnsPorts(ports: readonly NetworkPolicyPort[], dnsPort: number): boolean {
  return ports.every((p) => p.port === dnsPort && p.endPort === undefined);
}

/**
 * A comment on a line between the two rules, or on the `- ports:` line itself, that says the port is open
 * to everyone (`# iSCSI from any initiator`, `# metrics, open to all`): the author meant a rule of its own.
 * Other comments (`# the backend's HTTPS port`) say nothing either way.
 */
const EVERYONE = /\b(any|anywhere|anyone|all|every|everyone|everywhere|public|world|internet)\b/i;

function commentSaysEveryone(file: YamlFile, seq: YAMLSeq, index: number, portsKeyStart: number): boolean {
  const previous = seq.items[index - 1] as Node | undefined;
  const end = previous?.range?.[1];
  if (end === undefined) return false;
  const from = file.lines.nextLineStart(Math.max(end - 1, 0));
  const to = file.lines.nextLineStart(portsKeyStart);
  if (from >= to) return false;
  return file.text
    .slice(from, to)
    .split(/\r?\n|\r/)
    .some((line) => {
      const hash = /(^|\s)#/.exec(line);
      return hash !== null && EVERYONE.test(line.slice(hash.index));
    });
}

/**
 * The policy's name names one of the ports-only rule's ports (`egress-to-private-vm-443`): the name
 * promises those peers on that port, one rule, which the "-" broke in two.
 */
function portNamedByPolicy(name: string | undefined, ports: readonly NetworkPolicyPort[]): string | undefined {
  if (!name) return undefined;
  const words = new Set(name.toLowerCase().split(/[^a-z0-9]+/));
  for (const p of ports) {
    if (p.port !== undefined && words.has(String(p.port).toLowerCase())) return String(p.port);
  }
  return undefined;
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
          if (commentSaysEveryone(policy.file, seq, i, span[0])) continue;
          const peers = peersRule.peers!.map((p) => describePeer(p, policy.namespace)).join('; ');
          const ports = describePorts(portsRule.ports);
          const everyone = direction === 'ingress' ? l10n.t('every source') : l10n.t('every destination');
          const merge = mergeIntoPreviousItem(policy.file, seq, i);
          const fixes = merge ? [{ title: l10n.t('Merge into one rule: {0} those peers on {1}', portsRule.peersKey, ports), edits: [merge] }] : [];
          const named = portNamedByPolicy(policy.name, portsRule.ports!);
          if (named) {
            context.report({
              policy,
              span,
              field,
              message: l10n.t(
                'The "-" before ports starts a second {0} rule: the rule above allows {1} on every port, and this one allows {2} on {3}. The policy\'s name promises port {4} for those peers: for one rule (those peers, on these ports), remove the "-".',
                direction,
                peers,
                everyone,
                ports,
                named,
              ),
              fixes,
            });
          } else {
            // Nothing in the text tells a stray "-" from a port deliberately open to everyone (a storage
            // target's 3260): ask, at information, with the merge still offered.
            context.report({
              policy,
              span,
              field,
              atMost: 'information',
              message: l10n.t(
                'Is this meant as its own {0} rule, allowing {1} on {2}? As written, the rule above allows {3} on every port, and this one {1} on {2}. If these ports were meant for those peers only, remove the "-".',
                direction,
                everyone,
                ports,
                peers,
              ),
              fixes,
            });
          }
        }
      }
    }
  },
};
