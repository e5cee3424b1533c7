import * as l10n from '../l10n/t';
import type { DnsTarget } from '../model/dns';
import type { ClusterNetworkPolicyModel, CnpPeer, CnpRule } from '../cnp/model';
import type { Rule } from './rule';
import { catchesDnsUnnamed, holdsDns, matchesDnsPort, takesDns } from './cnp-admin-deny-catches-dns';
import { clusterPoliciesElsewhere, fileClusterPolicies, insertRuleBefore, nodeAt, ruleField, spanOf } from './support/cnpPitfalls';

const NAME_LABEL = 'kubernetes.io/metadata.name';
const EVERYTHING = ['0.0.0.0/0', '::/0'];

/** Does the peer take in the DNS pods: a namespaces or pods peer that holds them, or a `/0` network (pod IPs are in it)? */
function peerCatchesDns(peer: CnpPeer, dns: DnsTarget): boolean {
  return holdsDns(peer, dns) || (peer.networks ?? []).some((n) => EVERYTHING.includes(n.trim()));
}

/** A Deny that takes in DNS queries. */
function deniesDns(rule: CnpRule, dns: DnsTarget): boolean {
  return rule.action === 'Deny' && matchesDnsPort(rule, dns) && rule.peers.some((p) => peerCatchesDns(p, dns));
}

/**
 * CNP203: an Admin-tier egress Accept to `domainNames` while a later Deny of the same policy takes in the
 * cluster DNS (a `/0` network, or a namespaces or pods peer holding the DNS pods) and no rule before that
 * Deny, nor an Admin policy of equal or higher precedence, accepts or passes DNS. The pods must resolve a
 * name before they can reach it; an Admin Deny is final, so no NetworkPolicy can give DNS back. Stays quiet
 * when the Deny's `namespaces: {}` is CNP205's finding, for Baseline policies (a NetworkPolicy may still
 * allow DNS) and with the `nodelocal` DNS profile.
 */
export const cnpDomainNamesWithoutDns: Rule = {
  meta: {
    code: 'CNP203',
    name: 'cnp-domain-names-without-dns',
    description: 'an Admin-tier Accept to domainNames while a later Deny of the policy denies the cluster DNS and nothing accepts DNS first',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    const dns = context.settings.dns;
    if (dns.address !== undefined) return;
    const mine = fileClusterPolicies(context);
    const admin: ClusterNetworkPolicyModel[] = [...mine.map((p) => p.model), ...clusterPoliciesElsewhere(context).map((p) => p.model)].filter((m) => m.tier === 'Admin');
    for (const { source, model, editable } of mine) {
      if (model.tier !== 'Admin') continue;
      // Equal priority counts: the order between them is undefined, so DNS may well be accepted first.
      if (admin.some((other) => other !== model && other.priority <= model.priority && other.egress.some((r) => takesDns(r, dns)))) continue;
      const rules = model.egress;
      const accept = rules.findIndex((r) => r.action === 'Accept' && r.peers.some((p) => p.domainNames !== undefined && p.domainNames.length > 0));
      if (accept < 0) continue;
      let deny: CnpRule | undefined;
      for (let position = 0; position < rules.length; position++) {
        const rule = rules[position]!;
        if (takesDns(rule, dns)) break;
        if (position > accept && deniesDns(rule, dns)) {
          deny = rule;
          break;
        }
      }
      if (!deny) continue;
      // CNP205 reports a `namespaces: {}` Deny, with the same fix.
      if (deny.peers.some((p) => catchesDnsUnnamed(p, dns))) continue;
      const rule = rules[accept]!;
      const peer = rule.peers.find((p) => p.domainNames !== undefined && p.domainNames.length > 0)!;
      const node = nodeAt(source, ['spec', 'egress', rule.index, 'to', peer.index, 'domainNames']) ?? nodeAt(source, ['spec', 'egress', rule.index, 'to', peer.index]);
      const dnsRule = {
        name: 'allow-dns',
        action: 'Accept',
        to: [{ pods: { namespaceSelector: { matchLabels: { [NAME_LABEL]: dns.namespace } }, podSelector: { matchLabels: { ...dns.podLabels } } } }],
        protocols: [{ udp: { destinationPort: { number: dns.port } } }, { tcp: { destinationPort: { number: dns.port } } }],
      };
      const edit = editable ? insertRuleBefore(context, source, 'egress', rule.index, dnsRule) : undefined;
      context.report({
        span: spanOf(source, node),
        message: l10n.t('{0} accepts domain names, but {1} denies the cluster DNS ({2}) and no rule before it accepts DNS: the pods cannot resolve the names, and an Admin-tier Deny is final', ruleField('Egress', rule.index), ruleField('Egress', deny.index), dns.namespace),
        ...(edit ? { fixes: [{ title: l10n.t('Accept DNS first (insert a rule before this one)'), isPreferred: true, edits: [edit] }] } : {}),
      });
    }
  },
};
