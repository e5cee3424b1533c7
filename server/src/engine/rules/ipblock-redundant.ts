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
                ? `This ipBlock repeats ${other.cidr} from the same rule's ${rule.peersKey} list: it adds nothing.`
                : `Every address of ${blockOf(item)!.cidr} is already allowed by ${other.cidr}${(other.except ?? []).length > 0 ? ` (outside its except entries)` : ''} in the same rule's ${rule.peersKey} list: this ipBlock adds nothing.`,
              fixTitle: 'Remove the redundant ipBlock',
            };
          },
        );
      }
    }
  },
};
