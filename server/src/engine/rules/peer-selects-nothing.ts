import type { FieldPath } from '../parse/fieldPath';
import { formatSelector } from '../model/selector';
import { emptyPeer, peerNamespaces, unseenPodsOf } from '../reach/decidable';
import type { Rule } from './rule';
import { didYouMean, labelTypos, typoFix, typosByNode } from './support/labelTypos';
import { forEachCompiled, workloadsIn } from './support/workspacePolicies';

/**
 * NP952: a peer whose podSelector matches no workload where it looks (kube-linter
 * dangling-networkpolicypeer-podselector, popeye POP-1201/1202): the policy's namespace for a bare
 * podSelector, the namespaces a namespaceSelector pins by name. A label one edit away from a workload's
 * there is reported as a typo; anything else only where the workspace plausibly holds every pod of those
 * namespaces and no Service there stands for pods the peer could match. A namespaceSelector that matches
 * no Namespace of the workspace is a typo only when one edit makes it match one; otherwise the namespace
 * may well be made elsewhere.
 */
export const peerSelectsNothing: Rule = {
  meta: {
    code: 'NP952',
    name: 'peer-selects-nothing',
    description: 'a from/to peer matches no workload or namespace of the workspace',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'workspace',
  check(context) {
    forEachCompiled(context, (policy, compiled, workspace) => {
      for (const rule of [...compiled.ingress, ...compiled.egress]) {
        const list = rule.direction === 'Ingress' ? 'from' : 'to';
        for (const peer of rule.peers) {
          if (peer.endpoints.length > 0 || peer.block) continue;
          const path: FieldPath = [...rule.field, list, peer.index];
          const { podSelector, namespaceSelector } = peer.peer;
          if (namespaceSelector && workspace.namespaceIndex.select(namespaceSelector).length === 0) {
            // No Namespace of the workspace matches: a typo of one that does, or a namespace made elsewhere.
            const namespaces = workspace.namespaceNames.map((name) => ({ name, labels: workspace.namespaces.get(name)!.labels }));
            const selectorPath = [...path, 'namespaceSelector'];
            for (const group of typosByNode(labelTypos(namespaceSelector, namespaces))) {
              context.reportAt(policy, [...selectorPath, ...group[0]!.path], {
                on: group[0]!.part,
                message: `namespaceSelector ${formatSelector(namespaceSelector)} matches no Namespace of the workspace: ${didYouMean(group)}`,
                fixes: group.flatMap((t) => typoFix(policy, selectorPath, t) ?? []),
              });
            }
            continue;
          }
          const namespaces = peerNamespaces(workspace, peer.peer, compiled.namespace);
          if (!namespaces || !podSelector || namespaces.some((n) => unseenPodsOf(workspace, n, podSelector))) continue;
          const where = namespaces.length === 1 ? `namespace ${namespaces[0]!}` : `namespaces ${namespaces.join(', ')}`;
          const selectorPath = [...path, 'podSelector'];
          const typos = typosByNode(labelTypos(podSelector, workloadsIn(workspace, namespaces)));
          for (const group of typos) {
            context.reportAt(policy, [...selectorPath, ...group[0]!.path], {
              on: group[0]!.part,
              message: `podSelector ${formatSelector(podSelector)} matches no workload in ${where}: ${didYouMean(group)}`,
              fixes: group.flatMap((t) => typoFix(policy, selectorPath, t) ?? []),
            });
          }
          if (typos.length > 0) continue;
          const verdict = emptyPeer(workspace, peer.peer, compiled.namespace, peer.endpoints.length);
          if (!verdict) continue;
          const hint = verdict.kind === 'no-workload-in-namespace' ? " (a podSelector alone looks only in the policy's own namespace)" : '';
          context.reportAt(policy, selectorPath, {
            message: `podSelector ${formatSelector(podSelector)} matches no workload in ${where}${hint}, so this peer admits nothing`,
          });
        }
      }
    });
  },
};
