import * as l10n from '../l10n/t';
import { egressPoliciesCovering, describeSelectedPods } from '../model/dnsCoverage';
import { clusterRanges, peerReachesClusterWorkloads, saysDeniesExternal } from '../model/externalIntent';
import { PRIVATE_RANGES } from '../net/cidr';
import { insertCommentLineAbove } from '../fixes/yamlEdits';
import type { FixProposal, Rule } from './rule';
import { appendRuleEdit } from './support/appendRule';
import { sharedPodsReach } from './support/sharedPodsReach';

export const denyExternalDeniesCluster: Rule = {
  meta: {
    code: 'NP403',
    name: 'deny-external-denies-cluster',
    description: 'A policy meant to deny external egress allows no in-cluster destination, so it denies the cluster too.',
    defaultSeverity: 'information',
    fixable: true,
  },
  dependsOn: 'namespace',
  // An edit re-judges only the policies whose pods it may concern.
  reach: sharedPodsReach,
  check(context) {
    const { dns, podCidrs } = context.settings;
    const ranges = clusterRanges(podCidrs);
    for (const policy of context.policies) {
      if (!policy.isolates('Egress') || !saysDeniesExternal(policy)) continue;
      // Judged for the pods: another policy selecting them may allow the cluster (policies add up).
      const allowsCluster = egressPoliciesCovering(policy, context.scope).some((p) =>
        (p.object.spec?.egress ?? []).some((rule) => (rule.to ?? []).length === 0 || (rule.to ?? []).some((peer) => peerReachesClusterWorkloads(peer, dns, ranges))),
      );
      if (allowsCluster) continue;
      const nameNode = policy.node(['metadata', 'name']);
      const span = policy.valueSpan(['metadata', 'name']);
      if (!span || !nameNode?.range) continue;
      const fixes: FixProposal[] = [];
      const sameNamespace = appendRuleEdit(policy, 'egress', { to: [{ podSelector: {} }] });
      if (sameNamespace) fixes.push({ title: l10n.t('Allow egress to pods in the same namespace'), edits: [sameNamespace] });
      const privateRanges = appendRuleEdit(policy, 'egress', { to: PRIVATE_RANGES.map((cidr) => ({ ipBlock: { cidr } })) });
      if (privateRanges) fixes.push({ title: l10n.t('Allow the private ranges ({0})', PRIVATE_RANGES.join(', ')), edits: [privateRanges] });
      fixes.push({
        title: l10n.t('Leave as is: cluster traffic is denied on purpose'),
        edits: [insertCommentLineAbove(policy.file, nameNode, 'netpol-lens-disable-next-line NP403')],
      });
      context.report({
        policy,
        span,
        field: ['metadata', 'name'],
        message: l10n.t(
          'This policy reads as "deny external traffic", but it denies in-cluster egress too: {0} are isolated for egress, and no rule allows another pod (their own namespace included) or a cluster address ({1}). NetworkPolicies isolate pods, not namespaces.',
          describeSelectedPods(policy),
          ranges.join(', '),
        ),
        fixes,
      });
    }
  },
};
