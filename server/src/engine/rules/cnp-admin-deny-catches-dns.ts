import * as l10n from '../l10n/t';
import type { DnsTarget } from '../model/dns';
import { isEmptySelector, selectorMatches } from '../model/selector';
import type { ClusterNetworkPolicyModel, CnpPeer, CnpRule } from '../cnp/model';
import type { Rule } from './rule';
import { clusterPoliciesElsewhere, fileClusterPolicies, insertRuleBefore, nodeAt, ruleField, spanOf } from './support/cnpPitfalls';

const NAME_LABEL = 'kubernetes.io/metadata.name';

/** Does the peer hold the DNS pods? */
export function holdsDns(peer: CnpPeer, dns: DnsTarget): boolean {
  const namespaceLabels = { [NAME_LABEL]: dns.namespace };
  if (peer.namespaces) return selectorMatches(peer.namespaces, namespaceLabels);
  if (peer.pods) return selectorMatches(peer.pods.namespaceSelector, namespaceLabels) && selectorMatches(peer.pods.podSelector, dns.podLabels);
  return false;
}

/** A peer that holds the DNS pods without naming their namespace: `namespaces: {}`, `pods` with an empty namespaceSelector. */
export function catchesDnsUnnamed(peer: CnpPeer, dns: DnsTarget): boolean {
  if (!holdsDns(peer, dns)) return false;
  return peer.namespaces ? isEmptySelector(peer.namespaces) : isEmptySelector(peer.pods!.namespaceSelector);
}

/** Does the rule match DNS queries (UDP to the DNS port)? */
export function matchesDnsPort(rule: CnpRule, dns: DnsTarget): boolean {
  const protocols = rule.protocols ?? [];
  if (protocols.length === 0) return true;
  return protocols.some((p) => (p.protocol === 'UDP' && (!p.ports || (p.ports[0] <= dns.port && dns.port <= p.ports[1]))) || (p.namedPort !== undefined && dns.portNames.UDP.includes(p.namedPort)));
}

/** A rule that lets DNS queries out before the Deny, or hands them on: an Accept or a Pass for the DNS pods. */
export function takesDns(rule: CnpRule, dns: DnsTarget): boolean {
  return rule.action !== 'Deny' && rule.peers.some((p) => holdsDns(p, dns)) && matchesDnsPort(rule, dns);
}

/**
 * CNP205: an Admin-tier egress Deny whose `namespaces: {}` (or `pods` with an empty namespaceSelector)
 * peer takes in the cluster DNS pods of kube-system, with no earlier Accept or Pass for DNS in the policy
 * or in an Admin policy of higher precedence. Admin Deny is final: no NetworkPolicy can let the pods
 * resolve names again. The DNS pods are the configured profile's (netpolLens.dns).
 */
export const cnpAdminDenyCatchesDns: Rule = {
  meta: {
    code: 'CNP205',
    name: 'cnp-admin-deny-catches-dns',
    description: 'an Admin-tier Deny to all namespaces that also denies the cluster DNS, with no Accept for DNS before it',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    const dns = context.settings.dns;
    // NodeLocal DNSCache answers on a link-local address of the node, not from pods.
    if (dns.address !== undefined) return;
    const mine = fileClusterPolicies(context);
    const admin: ClusterNetworkPolicyModel[] = [...mine.map((p) => p.model), ...clusterPoliciesElsewhere(context).map((p) => p.model)].filter((m) => m.tier === 'Admin');
    for (const { source, model, editable } of mine) {
      if (model.tier !== 'Admin') continue;
      if (admin.some((other) => other.priority < model.priority && other.egress.some((r) => takesDns(r, dns)))) continue;
      for (let position = 0; position < model.egress.length; position++) {
        const rule = model.egress[position]!;
        if (takesDns(rule, dns)) break;
        if (rule.action !== 'Deny' || !matchesDnsPort(rule, dns)) continue;
        const peer = rule.peers.find((p) => catchesDnsUnnamed(p, dns));
        if (!peer) continue;
        const node = nodeAt(source, ['spec', 'egress', rule.index, 'to', peer.index]);
        const accept = {
          name: 'allow-dns',
          action: 'Accept',
          to: [{ pods: { namespaceSelector: { matchLabels: { [NAME_LABEL]: dns.namespace } }, podSelector: { matchLabels: { ...dns.podLabels } } } }],
          protocols: [{ udp: { destinationPort: { number: dns.port } } }, { tcp: { destinationPort: { number: dns.port } } }],
        };
        const edit = editable ? insertRuleBefore(context, source, 'egress', rule.index, accept) : undefined;
        context.report({
          span: spanOf(source, node),
          message: l10n.t("{0} denies every namespace, {1} and its DNS pods included, and no rule before it accepts DNS: an Admin-tier Deny is final, so the subject's pods cannot resolve names and no NetworkPolicy can give it back", ruleField('Egress', rule.index), dns.namespace),
          ...(edit ? { fixes: [{ title: l10n.t('Accept DNS first (insert a rule before this one)'), isPreferred: true, edits: [edit] }] } : {}),
        });
        break;
      }
    }
  },
};
