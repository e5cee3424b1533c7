import * as l10n from '../l10n/t';
import type { IPBlock, NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import { ipBlockCovers, sameIpBlock } from '../model/peerCovers';
import { parseCidrFor } from '../net/cidr';
import type { Rule } from './rule';
import { allRulesOf } from './support/policyRules';
import { reportRedundantItems } from './support/redundantItems';

const blockOf = (peer: NetworkPolicyPeer): IPBlock | undefined => peer.ipBlock;

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
    const version = context.settings.kubernetesVersion;
    // Blocks the selected API server rejects are NP103's: neither reported nor named as the cover.
    const judged = (peer: NetworkPolicyPeer) => {
      const block = blockOf(peer);
      return !!block && [block.cidr, ...(block.except ?? [])].every((cidr) => parseCidrFor(cidr, version) !== undefined);
    };
    for (const policy of context.policies) {
      for (const rule of allRulesOf(policy)) {
        reportRedundantItems(
          context,
          { policy, items: rule.peers ?? [], path: rule.peersPath, fieldOf: (j) => [...rule.peersPath, j, 'ipBlock', 'cidr'] },
          {
            judged,
            mayCover: judged,
            covers: (outer, inner) => ipBlockCovers(blockOf(outer)!, blockOf(inner)!),
            same: (a, b) => sameIpBlock(blockOf(a)!, blockOf(b)!),
          },
          ({ item, cover, same }) => {
            const other = blockOf(cover)!;
            return {
              message: same
                ? l10n.t("This ipBlock repeats {0} from the same rule's {1} list: it adds nothing.", other.cidr, rule.peersKey)
                : (other.except ?? []).length > 0
                  ? l10n.t("Every address of {0} is already allowed by {1} (outside its except entries) in the same rule's {2} list: this ipBlock adds nothing.", blockOf(item)!.cidr, other.cidr, rule.peersKey)
                  : l10n.t("Every address of {0} is already allowed by {1} in the same rule's {2} list: this ipBlock adds nothing.", blockOf(item)!.cidr, other.cidr, rule.peersKey),
              fixTitle: l10n.t('Remove the redundant ipBlock'),
            };
          },
        );
      }
    }
  },
};
