import type { NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { removeSeqItem } from '../fixes/yamlEdits';
import { describePorts } from '../model/describe';
import { portCovers } from '../model/portCovers';
import { asSeq } from '../parse/yamlFile';
import type { Rule } from './rule';
import { allRulesOf } from './support/policyRules';

function samePort(a: NetworkPolicyPort, b: NetworkPolicyPort): boolean {
  return portCovers(a, b) && portCovers(b, a);
}

export const duplicatePort: Rule = {
  meta: {
    code: 'NP702',
    name: 'duplicate-port',
    description: 'A port entry repeated in one rule, or inside another entry\'s range of the same rule.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const rule of allRulesOf(policy)) {
        const ports = rule.ports ?? [];
        const seq = asSeq(policy.source.document, policy.node(rule.portsPath));
        const redundant = new Set<number>();
        ports.forEach((port, j) => {
          // Identical entries: the later one is the repeat. Contained: the narrower one adds nothing.
          const i = ports.findIndex((other, k) => k !== j && !redundant.has(k) && portCovers(other, port) && (k < j || !samePort(other, port)));
          if (i < 0) return;
          redundant.add(j);
          const field = [...rule.portsPath, j];
          const span = policy.valueSpan(field);
          if (!span) return;
          const removal = seq ? removeSeqItem(policy.file, seq, j) : undefined;
          context.report({
            policy,
            span,
            field,
            message: samePort(ports[i]!, port)
              ? `${describePorts([port])} is already in this rule's ports: the repeat adds nothing.`
              : `${describePorts([port])} is already allowed by ${describePorts([ports[i]!])} in this rule's ports: this entry adds nothing.`,
            fixes: removal ? [{ title: 'Remove the redundant port entry', isPreferred: true, edits: [removal] }] : [],
          });
        });
      }
    }
  },
};
