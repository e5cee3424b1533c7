import * as l10n from '../l10n/t';
import type { Cidr } from '../net/cidr';
import { cidrContains, parseCidrFor } from '../net/cidr';
import type { Rule } from './rule';
import { allRulesOf } from './support/policyRules';
import { reportRedundantItems } from './support/redundantItems';

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
          reportRedundantItems<Cidr | undefined>(
            context,
            { policy, items: excepts.map((except) => parseCidrFor(except, context.settings.kubernetesVersion)), path: [...rule.peersPath, peerIndex, 'ipBlock', 'except'] },
            {
              judged: (cidr) => cidr !== undefined,
              mayCover: (cidr) => cidr !== undefined,
              covers: (outer, inner) => cidrContains(outer!, inner!),
            },
            ({ index, coverIndex, same }) => ({
              message: same
                ? l10n.t('{0} is already in this except list: the repeat adds nothing.', excepts[index]!)
                : l10n.t('{0} lies inside {1}, already excepted: this entry adds nothing.', excepts[index]!, excepts[coverIndex]!),
              fixTitle: l10n.t('Remove {0} from except', excepts[index]!),
            }),
          );
        });
      }
    }
  },
};
