import * as l10n from '../l10n/t';
import { renameKey } from '../fixes/yamlEdits';
import type { Node } from 'yaml';
import type { Rule } from './rule';
import { fileClusterPolicies, keyAt, spanOf } from './support/cnpPitfalls';

/**
 * CNP207: a peer for the cluster DNS written with `app: kube-dns`, as network-policy-api's own
 * "Getting Started with ANP" post does: CoreDNS (and kube-dns) pods carry `k8s-app: kube-dns` (the
 * kubernetes/kubernetes cluster/addons/dns manifests, kubeadm's CoreDNS Deployment); `app: kube-dns` selects
 * none of them. Quiet when a workload of the workspace carries `app: kube-dns`.
 */
export const cnpDnsPeerLabel: Rule = {
  meta: {
    code: 'CNP207',
    name: 'cnp-dns-peer-label',
    description: 'a ClusterNetworkPolicy peer for the DNS pods selecting `app: kube-dns`, a label CoreDNS pods do not carry (`k8s-app: kube-dns`)',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    const held = context.workspace?.workloads().some((e) => e.labels['app'] === 'kube-dns') ?? false;
    if (held) return;
    for (const { source, model, editable } of fileClusterPolicies(context)) {
      for (const direction of ['ingress', 'egress'] as const) {
        for (const rule of model[direction]) {
          for (const peer of rule.peers) {
            if (peer.pods?.podSelector.matchLabels?.['app'] !== 'kube-dns') continue;
            const path = ['spec', direction, rule.index, direction === 'ingress' ? 'from' : 'to', peer.index, 'pods', 'podSelector', 'matchLabels'];
            const key = keyAt(source, [...path, 'app']) as Node | undefined;
            context.report({
              span: spanOf(source, key),
              message: l10n.t('the cluster DNS pods (CoreDNS, kube-dns) carry `k8s-app: kube-dns`, not `app: kube-dns`: this peer selects no DNS pod'),
              ...(editable && key?.range ? { fixes: [{ title: l10n.t('Select `k8s-app: kube-dns`'), isPreferred: true, edits: [renameKey(key, 'k8s-app')] }] } : {}),
            });
          }
        }
      }
    }
  },
};
