/**
 * The reach (see RuleReach) of the rules that judge a policy's pods together with every policy of the
 * namespace that may select some of them (DNS coverage: NP201, NP202; NP403): a policy whose podSelector
 * cannot select any pod of another's, before or after an edit, cannot change what is found on the other.
 */
import { dnsTargetForFix } from '../../model/dnsFlavours';
import { selectorsMayOverlap } from '../../model/selector';
import type { RuleReach } from '../rule';

export const sharedPodsReach: RuleReach = {
  affects: (changed, policy) => selectorsMayOverlap(changed.object.spec?.podSelector ?? {}, policy.object.spec?.podSelector ?? {}),
};

/**
 * NP201 also reads, from the whole scope, which DNS its fix adds (`dnsTargetForFix`: a policy showing
 * OpenShift's or NodeLocal DNSCache's DNS changes it, and the message names it): a changed policy that
 * shows one concerns every policy.
 */
export const dnsEgressReach: RuleReach = {
  ...sharedPodsReach,
  affectsAll: (changed, settings) => dnsTargetForFix(settings.dns, [changed]) !== settings.dns,
};
