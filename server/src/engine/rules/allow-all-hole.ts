import { removeSeqItem } from '../fixes/yamlEdits';
import { describePorts } from '../model/describe';
import { saysDeniesExternal } from '../model/externalIntent';
import type { FieldPath } from '../parse/fieldPath';
import { asSeq } from '../parse/yamlFile';
import type { Rule } from './rule';
import { findAllowAllHoles } from './support/allowAllHoles';
import { DIRECTIONS, peersKeyOf } from './support/policyRules';

export const allowAllHole: Rule = {
  meta: {
    code: 'NP404',
    name: 'allow-all-hole',
    description: 'In a policy that otherwise restricts traffic, a rule that allows every peer (0.0.0.0/0, ::/0, or an empty rule `{}`).',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    const dnsPort = context.settings.dns.port;
    for (const policy of context.policies) {
      const external = saysDeniesExternal(policy);
      for (const direction of DIRECTIONS) {
        const peersKey = peersKeyOf(direction);
        const { rules, holes } = findAllowAllHoles(policy, direction, dnsPort);
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
