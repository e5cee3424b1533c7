import * as l10n from '../l10n/t';
import { ciliumPoliciesOf } from '../cilium/model';
import { reportOn } from '../cilium/report';
import { cidrsOverlap, parseCidr } from '../net/cidr';
import type { Rule } from './rule';

/**
 * Cilium matches pods by identity, not by address: "CIDR rules do not apply to traffic where both sides
 * of the connection are either managed by Cilium or use an IP belonging to a node in the cluster"
 * (Documentation/security/policy/language.rst, "IP/CIDR based"). A CIDR rule over the pod CIDRs allows
 * no pod; `toEndpoints` or the `cluster` entity was meant.
 */
export const ciliumCidrForPods: Rule = {
  meta: {
    code: 'CIL208',
    name: 'cilium-cidr-for-pods',
    description: 'A CIDR rule covering the cluster\'s pod CIDRs (`netpolLens.cluster.podCidrs`): Cilium never matches pods by address.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    const podCidrs = context.settings.podCidrs.map(parseCidr).filter((c) => c !== undefined);
    if (podCidrs.length === 0) return;
    for (const policy of ciliumPoliciesOf(context.file)) {
      for (const rule of policy.rules) {
        for (const direction of ['ingress', 'egress'] as const) {
          for (const item of rule.sections[direction]?.items ?? []) {
            for (const entry of item.cidrs) {
              const cidr = parseCidr(entry.cidr);
              if (!cidr) continue;
              const pods = context.settings.podCidrs.find((text) => {
                const range = parseCidr(text);
                return range !== undefined && cidrsOverlap(range, cidr);
              });
              if (!pods) continue;
              const instead = direction === 'egress' ? 'toEndpoints or toEntities: [cluster]' : 'fromEndpoints or fromEntities: [cluster]';
              reportOn(
                context,
                policy,
                entry.node,
                entry.path,
                l10n.t('{0} covers pod addresses ({1}), but Cilium never matches pods by address: this CIDR rule allows no pod; use {2}', entry.cidr, String(pods), instead),
              );
            }
          }
        }
      }
    }
  },
};
