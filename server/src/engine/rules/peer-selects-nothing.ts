import { formatSelector } from '../model/selector';
import { emptyPeer } from '../reach/decidable';
import type { Rule } from './rule';

/**
 * NP952: a peer whose selectors match no workload or namespace of the workspace (kube-linter
 * dangling-networkpolicypeer-podselector, popeye POP-1201/1202), only where the workspace holds what the
 * peer could match: its namespace's workloads, or Namespace manifests.
 */
export const peerSelectsNothing: Rule = {
  meta: {
    code: 'NP952',
    name: 'peer-selects-nothing',
    description: 'a from/to peer matches no workload or namespace of the workspace',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'workspace',
  check(context) {
    const { policies, workspace } = context;
    if (!workspace) return;
    for (const policy of policies) {
      const compiled = workspace.compiledOf(policy);
      if (!compiled) continue;
      for (const rule of [...compiled.ingress, ...compiled.egress]) {
        const list = rule.direction === 'Ingress' ? 'from' : 'to';
        for (const peer of rule.peers) {
          const verdict = emptyPeer(workspace, peer.peer, compiled.namespace, peer.endpoints.length);
          if (!verdict) continue;
          const path = [...rule.field, list, peer.index];
          if (verdict.kind === 'no-namespace') {
            context.report({
              policy,
              span: policy.valueSpan([...path, 'namespaceSelector']) ?? [0, 0],
              field: [...path, 'namespaceSelector'],
              message: `namespaceSelector ${formatSelector(peer.peer.namespaceSelector!)} matches no Namespace of the workspace, so this peer admits nothing`,
            });
          } else {
            const where = verdict.kind === 'no-workload-in-namespace' ? `namespace ${verdict.namespace}` : `namespace${verdict.namespaces.length === 1 ? '' : 's'} ${verdict.namespaces.join(', ')}`;
            const hint = verdict.kind === 'no-workload-in-namespace' ? ' (a podSelector alone looks only in the policy\'s own namespace)' : '';
            context.report({
              policy,
              span: policy.valueSpan([...path, 'podSelector']) ?? [0, 0],
              field: [...path, 'podSelector'],
              message: `podSelector ${formatSelector(peer.peer.podSelector ?? {})} matches no workload in ${where}${hint}, so this peer admits nothing`,
            });
          }
        }
      }
    }
  },
};
