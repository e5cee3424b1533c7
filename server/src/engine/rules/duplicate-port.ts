import * as l10n from '../l10n/t';
import { describePorts } from '../model/describe';
import { portCovers } from '../model/portCovers';
import type { Rule } from './rule';
import { allRulesOf } from './support/policyRules';
import { reportRedundantItems } from './support/redundantItems';

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
        reportRedundantItems(context, { policy, items: rule.ports ?? [], path: rule.portsPath }, { covers: portCovers }, ({ item, cover, same }) => ({
          message: same
            ? l10n.t("{0} is already in this rule's ports: the repeat adds nothing.", describePorts([item]))
            : l10n.t("{0} is already allowed by {1} in this rule's ports: this entry adds nothing.", describePorts([item]), describePorts([cover])),
          fixTitle: l10n.t('Remove the redundant port entry'),
        }));
      }
    }
  },
};
