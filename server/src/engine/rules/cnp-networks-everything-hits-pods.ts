import * as l10n from '../l10n/t';
import { isEmptySelector } from '../model/selector';
import type { CnpPeer, CnpRule } from '../cnp/model';
import type { Rule } from './rule';
import { fileClusterPolicies, insertRuleBefore, nodeAt, ruleField, spanOf } from './support/cnpPitfalls';

const EVERYTHING = new Set(['0.0.0.0/0', '::/0']);

/** A peer that matches every pod of the cluster: `namespaces: {}`, or `pods` with both selectors empty. */
function allPods(peer: CnpPeer): boolean {
  return (peer.namespaces !== undefined && isEmptySelector(peer.namespaces)) || (peer.pods !== undefined && isEmptySelector(peer.pods.namespaceSelector) && isEmptySelector(peer.pods.podSelector));
}

/** Does an earlier rule take every pod's traffic first (on every port: no protocols)? */
function podTrafficTakenBefore(rules: readonly CnpRule[], index: number): boolean {
  return rules.slice(0, index).some((r) => (r.protocols ?? []).length === 0 && r.peers.some(allPods));
}

/**
 * CNP201: an egress Deny to `networks` 0.0.0.0/0 or ::/0 meant for the outside world. The API's own words
 * (clusternetworkpolicy_types.go, `Networks`): "cluster-internal traffic will be checked against the rule
 * as well. So if you Accept or Deny traffic to "0.0.0.0/0", that will allow or deny all IPv4 pod-to-pod
 * traffic as well. If you don't want that, add a rule that Passes all pod traffic before the Networks rule."
 */
export const cnpNetworksEverythingHitsPods: Rule = {
  meta: {
    code: 'CNP201',
    name: 'cnp-networks-everything-hits-pods',
    description: 'a ClusterNetworkPolicy Deny to networks 0.0.0.0/0 or ::/0 with no earlier rule for pod traffic: it denies pod-to-pod traffic too',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    for (const { source, model, editable } of fileClusterPolicies(context)) {
      model.egress.forEach((rule, position) => {
        // A Deny that names every pod too (`namespaces: {}` beside the networks) means pod traffic: a default deny.
        if (rule.action !== 'Deny' || rule.peers.some(allPods) || podTrafficTakenBefore(model.egress, position)) return;
        for (const peer of rule.peers) {
          const networks = peer.networks ?? [];
          const at = networks.findIndex((n) => EVERYTHING.has(n.trim()));
          if (at < 0) continue;
          const field = ruleField('Egress', rule.index);
          const node = nodeAt(source, ['spec', 'egress', rule.index, 'to', peer.index, 'networks', at]);
          const pass = { name: 'pass-pod-traffic', action: 'Pass', to: [{ namespaces: {} }] };
          const edit = editable ? insertRuleBefore(context, source, 'egress', rule.index, pass) : undefined;
          const fixes = edit ? [{ title: l10n.t('Pass all pod traffic first (insert a rule before this one)'), isPreferred: true, edits: [edit] }] : [];
          context.report({
            span: spanOf(source, node),
            message: l10n.t("{0} denies {1}, which holds the cluster's pods too: it denies pod-to-pod traffic of the subject, not only traffic leaving the cluster. Pass pod traffic in an earlier rule (to: namespaces: {}) if only the outside world is meant", field, networks[at]!.trim()),
            ...(fixes.length > 0 ? { fixes } : {}),
          });
        }
      });
    }
  },
};
