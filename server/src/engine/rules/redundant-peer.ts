import * as l10n from '../l10n/t';
import { describePeer } from '../model/describe';
import { peerCovers } from '../model/peerCovers';
import type { Rule } from './rule';
import { allRulesOf } from './support/policyRules';
import { reportRedundantItems } from './support/redundantItems';

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
        reportRedundantItems(
          context,
          { policy, items: rule.peers ?? [], path: rule.peersPath },
          {
            // ipBlocks are NP501's; an empty peer is an API error (NP1xx).
            judged: (peer) => !peer.ipBlock && (!!peer.podSelector || !!peer.namespaceSelector),
            mayCover: (peer) => !peer.ipBlock,
            covers: (outer, inner) => peerCovers(outer, inner, policy.namespace),
          },
          ({ item, cover, coverIndex, same }) => {
            const other = describePeer(cover, policy.namespace);
            return {
              message: same
                ? l10n.t('This peer repeats peer {0} of the same {1} list ({2}): it adds nothing.', coverIndex + 1, rule.peersKey, other)
                : l10n.t('{0} are all matched by peer {1} of the same {2} list ({3}): this peer adds nothing.', describePeer(item, policy.namespace), coverIndex + 1, rule.peersKey, other),
              fixTitle: l10n.t('Remove the redundant peer'),
            };
          },
        );
      }
    }
  },
};
