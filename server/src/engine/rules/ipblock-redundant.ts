import { removeSeqItem } from '../fixes/yamlEdits';
import { ipBlockCovers, sameIpBlock } from '../model/peerCovers';
import { asSeq } from '../parse/yamlFile';
import type { Rule } from './rule';
import { allRulesOf } from './support/policyRules';

export const ipBlockRedundant: Rule = {
  meta: {
    code: 'NP501',
    name: 'ipblock-redundant',
    description: 'An ipBlock peer duplicated by, or contained in, another ipBlock of the same rule.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const rule of allRulesOf(policy)) {
        const peers = rule.peers ?? [];
        const redundant = new Set<number>();
        peers.forEach((peer, j) => {
          if (!peer.ipBlock) return;
          // The first other block that covers this one; for identical blocks, only the later one is redundant.
          const i = peers.findIndex((other, k) => k !== j && !!other.ipBlock && !redundant.has(k) && ipBlockCovers(other.ipBlock, peer.ipBlock!) && (k < j || !sameIpBlock(other.ipBlock, peer.ipBlock!)));
          if (i < 0) return;
          redundant.add(j);
          const field = [...rule.peersPath, j, 'ipBlock', 'cidr'];
          const span = policy.valueSpan(field);
          if (!span) return;
          const other = peers[i]!.ipBlock!;
          const seq = asSeq(policy.source.document, policy.node(rule.peersPath));
          const removal = seq ? removeSeqItem(policy.file, seq, j) : undefined;
          const same = sameIpBlock(other, peer.ipBlock);
          context.report({
            policy,
            span,
            field,
            message: same
              ? `This ipBlock repeats ${other.cidr} from the same rule's ${rule.peersKey} list: it adds nothing.`
              : `Every address of ${peer.ipBlock.cidr} is already allowed by ${other.cidr}${(other.except ?? []).length > 0 ? ` (outside its except entries)` : ''} in the same rule's ${rule.peersKey} list: this ipBlock adds nothing.`,
            fixes: removal ? [{ title: 'Remove the redundant ipBlock', isPreferred: true, edits: [removal] }] : [],
          });
        });
      }
    }
  },
};
