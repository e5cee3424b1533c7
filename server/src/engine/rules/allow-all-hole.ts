import * as l10n from '../l10n/t';
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
          const everyone = direction === 'ingress' ? l10n.t('every source') : l10n.t('every destination');
          let field: FieldPath;
          let what: string;
          if (hole.kind === 'empty-rule') {
            field = rulePath;
            what = l10n.t('This empty rule allows {0} on every port', everyone);
          } else if (hole.kind === 'ports-only') {
            field = [...rulePath, 'ports'];
            what = l10n.t('This rule has no {0}, so it allows {1}, the internet included, on {2}', peersKey, everyone, describePorts(rules[ruleIndex]!.ports));
          } else {
            field = [...rulePath, peersKey, hole.peerIndex, 'ipBlock', 'cidr'];
            what = l10n.t('{0} without except is every {1} address, the internet included, on {2}', hole.cidr, hole.cidr.includes(':') ? 'IPv6' : 'IPv4', describePorts(rules[ruleIndex]!.ports));
          }
          const span = hole.kind === 'ports-only' ? policy.keySpan(field) : policy.valueSpan(field);
          if (!span) return;
          const why = external
            ? l10n.t('while the policy says it denies external traffic.')
            : l10n.t("while the policy's other {0} rules are narrower: rules add up, so this one makes them moot.", direction);
          const removal = seq ? removeSeqItem(policy.file, seq, ruleIndex) : undefined;
          context.report({
            policy,
            span,
            field,
            message: l10n.t('{0}, {1}', what, why),
            fixes: removal ? [{ title: l10n.t('Remove this {0} rule', direction), edits: [removal] }] : [],
          });
        });
      }
    }
  },
};
