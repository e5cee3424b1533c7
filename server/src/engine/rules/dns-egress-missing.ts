import type { NetworkPolicyEgressRule } from 'kubernetes-types/networking/v1';
import { isScalar, isSeq } from 'yaml';
import type { DnsTarget } from '../model/dns';
import { describeDnsTarget } from '../model/dns';
import { describeSelectedPods, dnsGrantsFor, egressPoliciesCovering } from '../model/dnsCoverage';
import { findDnsPeerMistakes, findServicePortEntries } from '../model/dnsPeers';
import { findNameLabelUses } from '../model/namespaceNameLabel';
import type { PolicyView } from '../model/policyView';
import type { FieldPath } from '../parse/fieldPath';
import type { FixProposal, Rule } from './rule';
import { appendRuleEdit } from './support/appendRule';

/**
 * The rule of the deny-external-egress template: kube-dns pods in kube-system (ONE peer: AND), UDP and
 * TCP; for the profile's DNS pods or, for NodeLocal DNSCache, its address.
 */
export function dnsEgressRule(dns: DnsTarget): NetworkPolicyEgressRule {
  const ports = [
    { port: dns.port, protocol: 'UDP' },
    { port: dns.port, protocol: 'TCP' },
  ];
  if (dns.address !== undefined) return { to: [{ ipBlock: { cidr: `${dns.address}/32` } }], ports };
  return {
    to: [
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': dns.namespace } },
        podSelector: { matchLabels: { ...dns.podLabels } },
      },
    ],
    ports,
  };
}

const FIX_TITLES: Record<DnsTarget['profile'], string> = {
  'kube-dns': 'Add kube-dns egress rule',
  openshift: 'Add OpenShift DNS egress rule',
  nodelocal: 'Add NodeLocal DNSCache egress rule',
  custom: 'Add DNS egress rule',
};

/** The node that makes the pods egress-isolated: the `Egress` policy type, else the `egress` key. */
function isolationSpan(policy: PolicyView): { span: [number, number]; field: FieldPath } | undefined {
  const types = policy.node(['spec', 'policyTypes']);
  if (isSeq(types)) {
    const index = types.items.findIndex((item) => isScalar(item) && item.value === 'Egress');
    const span = policy.valueSpan(['spec', 'policyTypes', index]);
    if (index >= 0 && span) return { span, field: ['spec', 'policyTypes', index] };
  }
  const span = policy.keySpan(['spec', 'egress']) ?? policy.keySpan(['spec', 'policyTypes']);
  return span ? { span, field: ['spec', 'egress'] } : undefined;
}

function addDnsRuleFix(policy: PolicyView, scope: readonly PolicyView[], dns: DnsTarget): FixProposal | undefined {
  const edit = appendRuleEdit(policy, 'egress', dnsEgressRule(dns));
  // A DNS peer that is only mistyped (NP203-NP205) is better fixed in place than duplicated: then this
  // fix stays on offer but is not the one fix-all applies.
  // That peer may sit in another policy for the same pods (a separate allow-dns policy).
  const peerFixPending = [policy, ...egressPoliciesCovering(policy, scope)].some(
    (p) =>
      findDnsPeerMistakes(p, dns).length > 0 ||
      findServicePortEntries(p, dns).length > 0 ||
      findNameLabelUses(p, dns).some((use) => use.direction === 'egress'),
  );
  return edit && { title: FIX_TITLES[dns.profile], isPreferred: !peerFixPending, edits: [edit] };
}

export const dnsEgressMissing: Rule = {
  meta: {
    code: 'NP201',
    name: 'dns-egress-missing',
    description: 'Pods isolated for egress have no allowed path to cluster DNS.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'namespace',
  check(context) {
    const dns = context.settings.dns;
    for (const policy of context.policies) {
      if (!policy.isolates('Egress')) continue;
      if (dnsGrantsFor(policy, context.scope, dns).length > 0) continue;
      const at = isolationSpan(policy);
      if (!at) continue;
      const fix = addDnsRuleFix(policy, context.scope, dns);
      context.report({
        policy,
        span: at.span,
        field: at.field,
        message:
          `Egress from ${describeSelectedPods(policy)} is denied except where a rule allows it, and no rule ` +
          `allows DNS (${describeDnsTarget(dns)}, UDP and TCP): these pods cannot resolve names.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
