import { removeSeqItem } from '../fixes/yamlEdits';
import { cidrContains, parseCidr } from '../net/cidr';
import { asSeq } from '../parse/yamlFile';
import type { Rule } from './rule';
import { allRulesOf } from './support/policyRules';

export const ipBlockExceptOverlap: Rule = {
  meta: {
    code: 'NP502',
    name: 'ipblock-except-overlap',
    description: 'An ipBlock `except` entry duplicated by, or contained in, another entry of the same list.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const rule of allRulesOf(policy)) {
        (rule.peers ?? []).forEach((peer, peerIndex) => {
          const excepts = peer.ipBlock?.except ?? [];
          const parsed = excepts.map(parseCidr);
          const exceptPath = [...rule.peersPath, peerIndex, 'ipBlock', 'except'];
          const seq = asSeq(policy.source.document, policy.node(exceptPath));
          parsed.forEach((inner, j) => {
            if (!inner) return;
            // Identical entries: the later one is the repeat. Nested: the narrower one adds nothing.
            const i = parsed.findIndex((outer, k) => k !== j && !!outer && cidrContains(outer, inner) && (k < j || outer.prefix < inner.prefix));
            if (i < 0) return;
            const field = [...exceptPath, j];
            const span = policy.valueSpan(field);
            if (!span) return;
            const same = parsed[i]!.prefix === inner.prefix;
            const removal = seq ? removeSeqItem(policy.file, seq, j) : undefined;
            context.report({
              policy,
              span,
              field,
              message: same
                ? `${excepts[j]} is already in this except list: the repeat adds nothing.`
                : `${excepts[j]} lies inside ${excepts[i]}, already excepted: this entry adds nothing.`,
              fixes: removal ? [{ title: `Remove ${excepts[j]} from except`, isPreferred: true, edits: [removal] }] : [],
            });
          });
        });
      }
    }
  },
};
