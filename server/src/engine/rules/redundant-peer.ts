import { removeSeqItem } from '../fixes/yamlEdits';
import { describePeer } from '../model/describe';
import { peerCovers } from '../model/peerCovers';
import { asSeq } from '../parse/yamlFile';
import type { Rule } from './rule';
import { allRulesOf } from './support/policyRules';

export const redundantPeer: Rule = {
  meta: {
    code: 'NP802',
    name: 'redundant-peer',
    description: 'A pod or namespace peer wholly contained in another peer of the same rule.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const rule of allRulesOf(policy)) {
        const peers = rule.peers ?? [];
        const seq = asSeq(policy.source.document, policy.node(rule.peersPath));
        const redundant = new Set<number>();
        peers.forEach((peer, j) => {
          // ipBlocks are NP501's; an empty peer is an API error (NP1xx).
          if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) return;
          const i = peers.findIndex(
            (other, k) => k !== j && !redundant.has(k) && !other.ipBlock && peerCovers(other, peer, policy.namespace) && (k < j || !peerCovers(peer, other, policy.namespace)),
          );
          if (i < 0) return;
          redundant.add(j);
          const field = [...rule.peersPath, j];
          const span = policy.valueSpan(field);
          if (!span) return;
          const same = peerCovers(peer, peers[i]!, policy.namespace);
          const removal = seq ? removeSeqItem(policy.file, seq, j) : undefined;
          const other = describePeer(peers[i]!, policy.namespace);
          context.report({
            policy,
            span,
            field,
            message: same
              ? `This peer repeats peer ${i + 1} of the same ${rule.peersKey} list (${other}): it adds nothing.`
              : `${describePeer(peer, policy.namespace)} are all matched by peer ${i + 1} of the same ${rule.peersKey} list (${other}): this peer adds nothing.`,
            fixes: removal ? [{ title: 'Remove the redundant peer', isPreferred: true, edits: [removal] }] : [],
          });
        });
      }
    }
  },
};
