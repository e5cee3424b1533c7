import * as l10n from '../l10n/t';
import type { NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { peerCovers } from '../model/peerCovers';
import { portCovers } from '../model/portCovers';
import type { Rule } from './rule';
import { findAllowAllHoles } from './support/allowAllHoles';
import type { PolicyRule } from './support/policyRules';
import { DIRECTIONS, rulesOf } from './support/policyRules';
import { reportRedundantItems } from './support/redundantItems';

function peersCovered(outer: readonly NetworkPolicyPeer[] | undefined, inner: readonly NetworkPolicyPeer[] | undefined, namespace: string | undefined): boolean {
  if (!outer || outer.length === 0) return true; // every peer
  if (!inner || inner.length === 0) return false;
  return inner.every((p) => outer.some((o) => peerCovers(o, p, namespace)));
}

function portsCovered(outer: readonly NetworkPolicyPort[] | undefined, inner: readonly NetworkPolicyPort[] | undefined): boolean {
  if (!outer || outer.length === 0) return true; // every port
  if (!inner || inner.length === 0) return false;
  return inner.every((p) => outer.some((o) => portCovers(o, p)));
}

export function ruleCovers(outer: PolicyRule, inner: PolicyRule, namespace: string | undefined): boolean {
  return peersCovered(outer.peers, inner.peers, namespace) && portsCovered(outer.ports, inner.ports);
}

export const redundantRule: Rule = {
  meta: {
    code: 'NP801',
    name: 'redundant-rule',
    description: 'A rule wholly contained in another rule of the same policy (same or wider peers, same or more ports).',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const direction of DIRECTIONS) {
        const rules = rulesOf(policy, direction);
        // A rule NP404 calls a hole is not offered as the one to keep.
        const { holes } = findAllowAllHoles(policy, direction, context.settings.dns.port);
        reportRedundantItems(
          context,
          { policy, items: rules, path: ['spec', direction] },
          { mayCover: (_, k) => !holes[k], covers: (outer, inner) => ruleCovers(outer, inner, policy.namespace) },
          ({ coverIndex, same }) => ({
            message: same
              ? l10n.t('This {0} rule allows the same as {0} rule {1} of this policy: it adds nothing.', direction, coverIndex + 1)
              : l10n.t('Everything this {0} rule allows, {0} rule {1} of this policy allows too (its peers and ports include these): it adds nothing.', direction, coverIndex + 1),
            fixTitle: l10n.t('Remove the redundant {0} rule', direction),
          }),
        );
      }
    }
  },
};
