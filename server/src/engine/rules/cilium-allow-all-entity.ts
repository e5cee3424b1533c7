import * as l10n from '../l10n/t';
import { ciliumPoliciesOf } from '../cilium/model';
import { reportOn } from '../cilium/report';
import type { Rule } from './rule';

/**
 * `toEntities: [all]` / `fromEntities: [all]` on every port (pkg/policy/api/entity.go: `all` maps to the
 * wildcard selector) beside narrower rules of the same list: everything is allowed, and the other rules
 * restrict nothing. Unlike NetworkPolicy, `ingress: [{}]` is *not* such a hole in Cilium: an empty rule
 * allows nothing and only turns default deny on (examples/policies/l3/egress-default-deny), so it is not
 * reported here.
 */
export const ciliumAllowAllEntity: Rule = {
  meta: {
    code: 'CIL204',
    name: 'cilium-allow-all-entity',
    description: '`toEntities: [all]` or `fromEntities: [all]` on every port beside narrower rules: everything is allowed.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of ciliumPoliciesOf(context.file)) {
      for (const rule of policy.rules) {
        for (const direction of ['ingress', 'egress'] as const) {
          const section = rule.sections[direction];
          if (!section) continue;
          for (const item of section.items) {
            const all = item.entities.find((e) => e.value.toLowerCase() === 'all');
            if (!all || item.toPorts !== undefined) continue;
            const others = section.items.filter((i) => i !== item);
            const narrowerBeside = item.entities.length > 1 || item.cidrs.length > 0 || item.endpoints !== undefined || item.fqdns.length > 0;
            if (others.length === 0 && !narrowerBeside) continue;
            const key = direction === 'egress' ? 'toEntities' : 'fromEntities';
            const way = direction === 'egress' ? l10n.t('to every destination') : l10n.t('from every source');
            reportOn(
              context,
              policy,
              all.node,
              all.path,
              l10n.t('{0}: all allows traffic {1} on every port: the other {2} rules of this policy restrict nothing', key, way, direction),
            );
          }
        }
      }
    }
  },
};
