/**
 * The reach (see RuleReach) of the workspace rules that read the other policies only through workloads:
 * NP951 (the workloads no policy selects: likelyTargets.ts), NP952 (the same, in the namespaces a peer looks
 * in, which may be another's), NP953 and NP954 (the policies selecting the same workloads, or the peer's: a
 * policy that selects no workload is left alone). While the workspace holds no workload at all, each finds
 * on a policy what that policy and the workspace's Namespaces and Services say, whatever the other policies
 * are; with workloads, an edit re-judges every policy of its namespace, as without a reach.
 */
import type { RuleReach } from '../rule';

export const workloadReach: RuleReach = {
  affects: () => true,
  aloneWithoutWorkloads: true,
};
