import * as l10n from '../l10n/t';
import { foreignObjectsOf } from '../cilium/model';
import { calicoPolicy } from '../cilium/calico';
import { reportOn } from '../cilium/report';
import type { Rule } from './rule';

/**
 * `action: Log` logs and goes on to the next rule; it allows nothing. A Calico policy whose every rule of
 * a direction is `Log` still selects its endpoints for that direction, so traffic no other policy of the
 * tier allows meets the tier's end-of-tier deny (Calico docs, "Get started with Calico network policy":
 * "If no policy ... allows the traffic, it is denied"; Rule reference: "Log: Log the packet and continue
 * processing the next rule").
 */
export const calicoLogOnlyRuleIsolates: Rule = {
  meta: {
    code: 'CAL202',
    name: 'calico-log-only-rule-isolates',
    description: 'A Calico policy whose rules of a direction are all `action: Log`: it allows nothing, yet isolates the endpoints it selects.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    const policies = foreignObjectsOf(context.file)
      .calico.filter((o) => !o.internalApi)
      .map(calicoPolicy)
      .filter((p) => p !== undefined);
    for (const policy of policies) {
      for (const direction of ['ingress', 'egress'] as const) {
        const rules = policy.rules.filter((r) => r.direction === direction);
        if (rules.length === 0 || !rules.every((r) => r.action === 'Log')) continue;
        // Another Calico policy of the file might allow the traffic in the same tier: then this may be a deliberate audit rule.
        if (policies.some((other) => other !== policy && other.rules.some((r) => r.direction === direction && r.action === 'Allow'))) continue;
        const first = rules[0]!;
        reportOn(
          context,
          policy.object,
          first.actionNode,
          [...first.path, 'action'],
          l10n.t('every {0} rule of this policy is Log, which allows nothing: the endpoints it selects are still isolated for {0}, so traffic no other policy allows is denied at the end of the tier; add an Allow (or Pass) rule after the Log rule', direction),
        );
      }
    }
  },
};
