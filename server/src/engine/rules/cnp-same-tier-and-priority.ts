import * as l10n from '../l10n/t';
import { selectorsMayOverlap } from '../model/selector';
import type { CnpSubject, ClusterNetworkPolicyModel } from '../cnp/model';
import type { ClusterPolicySource } from '../parse/clusterPolicies';
import type { Rule } from './rule';
import { clusterPoliciesElsewhere, fileClusterPolicies, keyAt, spanOf } from './support/cnpPitfalls';

/** Could two subjects hold the same pod? Label selectors that may overlap, namespaces and pods alike. */
function subjectsMayOverlap(a: CnpSubject, b: CnpSubject): boolean {
  const namespaces = (s: CnpSubject) => s.namespaces ?? s.pods!.namespaceSelector;
  const pods = (s: CnpSubject) => s.pods?.podSelector ?? {};
  return selectorsMayOverlap(namespaces(a), namespaces(b)) && selectorsMayOverlap(pods(a), pods(b));
}

/** Actions a policy takes in a direction: rules that act differently make the order matter. */
function actions(model: ClusterNetworkPolicyModel, direction: 'ingress' | 'egress'): Set<string> {
  return new Set(model[direction].map((r) => r.action));
}

/**
 * CNP204: two ClusterNetworkPolicies of the same tier and priority whose subjects may share pods and whose
 * rules of one direction act differently. clusternetworkpolicy_types.go, `Priority`: "If two (or more)
 * policies in the same tier with the same priority could match a connection, then the implementation can
 * apply any of the matching policies to the connection, and there is no way for the user to reliably
 * determine which one it will choose." Judged within the file and against the workspace's others.
 */
export const cnpSameTierAndPriority: Rule = {
  meta: {
    code: 'CNP204',
    name: 'cnp-same-tier-and-priority',
    description: 'two ClusterNetworkPolicies of the same tier and priority that may act differently on the same pods: which applies is undefined',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    const mine = fileClusterPolicies(context);
    const others: { model: ClusterNetworkPolicyModel; where: string; source?: ClusterPolicySource }[] = mine.map((p) => ({ model: p.model, where: 'this file', source: p.source }));
    for (const policy of clusterPoliciesElsewhere(context)) {
      others.push({ model: policy.model, where: policy.uri });
    }
    for (const { source, model } of mine) {
      const rivals = others.filter(({ model: other, source: otherSource }) => {
        if (otherSource === source || other.tier !== model.tier || other.priority !== model.priority) return false;
        if (!subjectsMayOverlap(model.subject, other.subject)) return false;
        return (['ingress', 'egress'] as const).some((d) => {
          const a = actions(model, d);
          const b = actions(other, d);
          return a.size > 0 && b.size > 0 && [...new Set([...a, ...b])].length > 1;
        });
      });
      if (rivals.length === 0) continue;
      const names = rivals.map((r) => `${r.model.name} (${r.where})`).join(', ');
      context.report({
        span: spanOf(source, keyAt(source, ['spec', 'priority'])),
        message: l10n.t('{0} tier, priority {1}: {2} has the same tier and priority, may select the same pods and acts otherwise; when both match a connection, which one applies is undefined. Give them different priorities', model.tier, model.priority, names),
      });
    }
  },
};
