import * as l10n from '../l10n/t';
import type { NetworkPolicyEgressRule } from 'kubernetes-types/networking/v1';
import { isScalar, isSeq } from 'yaml';
import type { DnsRecognition, DnsTarget } from '../model/dns';
import { describeDnsTarget } from '../model/dns';
import type { DnsGrant } from '../model/dnsCoverage';
import { describeSelectedPods, dnsGrantsFor, dnsGrantsOverlapping, egressPoliciesCovering } from '../model/dnsCoverage';
import { dnsRecognition, dnsTargetForFix } from '../model/dnsFlavours';
import { formatSelector } from '../model/selector';
import { describeWorkloads, workloadDnsOf } from '../reach/workloadDns';
import type { Severity } from '../config/settings';
import { findDnsPeerMistakes, findServicePortEntriesAny } from '../model/dnsPeers';
import { findNameLabelUses } from '../model/namespaceNameLabel';
import type { PolicyView } from '../model/policyView';
import type { FieldPath } from '../parse/fieldPath';
import type { FixProposal, Rule } from './rule';
import { appendRuleEdit } from './support/appendRule';
import { dnsEgressReach } from './support/sharedPodsReach';

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

const FIX_TITLES: Record<DnsTarget['profile'], () => string> = {
  'kube-dns': () => l10n.t('Add kube-dns egress rule'),
  openshift: () => l10n.t('Add OpenShift DNS egress rule'),
  nodelocal: () => l10n.t('Add NodeLocal DNSCache egress rule'),
  custom: () => l10n.t('Add DNS egress rule'),
};

/**
 * The node that makes the pods egress-isolated: the `Egress` policy type, else the `egress` key (a
 * policy without policyTypes that has egress rules), else the whole `policyTypes` key. The field is
 * always the node the range is on.
 */
function isolationSpan(policy: PolicyView): { span: [number, number]; field: FieldPath } | undefined {
  const types = policy.node(['spec', 'policyTypes']);
  if (isSeq(types)) {
    const index = types.items.findIndex((item) => isScalar(item) && item.value === 'Egress');
    const span = index >= 0 ? policy.valueSpan(['spec', 'policyTypes', index]) : undefined;
    if (span) return { span, field: ['spec', 'policyTypes', index] };
  }
  const egress = policy.keySpan(['spec', 'egress']);
  if (egress) return { span: egress, field: ['spec', 'egress'] };
  const policyTypes = policy.keySpan(['spec', 'policyTypes']);
  return policyTypes ? { span: policyTypes, field: ['spec', 'policyTypes'] } : undefined;
}

function addDnsRuleFix(policy: PolicyView, scope: readonly PolicyView[], configured: DnsTarget, dns: DnsRecognition, target: DnsTarget): FixProposal | undefined {
  const edit = appendRuleEdit(policy, 'egress', dnsEgressRule(target));
  // A DNS peer that is only mistyped (NP203-NP205) is better fixed in place than duplicated: then this
  // fix stays on offer but is not the one fix-all applies.
  // That peer may sit in another policy for the same pods (a separate allow-dns policy).
  const peerFixPending = [policy, ...egressPoliciesCovering(policy, scope)].some(
    (p) =>
      findDnsPeerMistakes(p, configured).length > 0 ||
      findServicePortEntriesAny(p, dns).length > 0 ||
      findNameLabelUses(p, configured).some((use) => use.direction === 'egress'),
  );
  return edit && { title: FIX_TITLES[target.profile](), isPreferred: !peerFixPending, edits: [edit] };
}

/** `app=web (allow-web-dns), tier=batch (batch-egress)`: the pods some policy gives DNS, for messages. */
function describeGrantedPods(grants: readonly DnsGrant[]): string {
  const seen = new Map<PolicyView, string>();
  for (const { policy } of grants) {
    if (!seen.has(policy)) seen.set(policy, `${formatSelector(policy.object.spec?.podSelector ?? {})} (${policy.name ?? l10n.t('unnamed policy')})`);
  }
  const parts = [...seen.values()];
  return parts.length <= 4 ? parts.join(', ') : l10n.t('{0} and {1} more', parts.slice(0, 4).join(', '), parts.length - 4);
}

export const dnsEgressMissing: Rule = {
  meta: {
    code: 'NP201',
    name: 'dns-egress-missing',
    description: 'Pods isolated for egress have no allowed path to cluster DNS.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  // Judged per workload where the workspace has them; by labels over the namespace's policies otherwise.
  dependsOn: 'workspace',
  // An edit re-judges only the policies whose pods it may concern.
  reach: dnsEgressReach,
  check(context) {
    const configured = context.settings.dns;
    const dns = dnsRecognition(context.settings);
    let target: DnsTarget | undefined;
    const fixTarget = () => (target ??= dnsTargetForFix(configured, context.scope));
    for (const policy of context.policies) {
      if (!policy.isolates('Egress')) continue;
      const workloads = context.workspace ? workloadDnsOf(policy, context.scope, context.workspace, dns) : undefined;
      let message: string;
      let atMost: Severity | undefined;
      if (workloads) {
        // One finding per workload left without DNS, on the policy that is its home (the default deny).
        const without = workloads.filter((w) => w.protocols.size === 0 && w.isolators[0] === policy);
        if (without.length === 0) continue;
        message =
          without.length === 1
            ? l10n.t(
                'Egress from {0} is denied except where a rule allows it, and no policy selecting {1} allows DNS ({2}, UDP and TCP): its pods cannot resolve names.',
                describeSelectedPods(policy),
                describeWorkloads(without),
                describeDnsTarget(fixTarget()),
              )
            : l10n.t(
                'Egress from {0} is denied except where a rule allows it, and no policy selecting {1} allows DNS ({2}, UDP and TCP): their pods cannot resolve names.',
                describeSelectedPods(policy),
                describeWorkloads(without),
                describeDnsTarget(fixTarget()),
              );
      } else {
        if (dnsGrantsFor(policy, context.scope, dns).length > 0) continue;
        const elsewhere = dnsGrantsOverlapping(policy, context.scope, dns);
        if (elsewhere.length === 0) {
          message = l10n.t(
            'Egress from {0} is denied except where a rule allows it, and no rule allows DNS ({1}, UDP and TCP): these pods cannot resolve names.',
            describeSelectedPods(policy),
            describeDnsTarget(fixTarget()),
          );
        } else {
          // Some of these pods get DNS from another policy; which ones, only their labels can tell.
          atMost = 'information';
          message = l10n.t(
            'Egress from {0} is denied except where a rule allows it; DNS is allowed only to pods {1}: pods selected here without those labels have no path to DNS ({2}, UDP and TCP).',
            describeSelectedPods(policy),
            describeGrantedPods(elsewhere),
            describeDnsTarget(fixTarget()),
          );
        }
      }
      const at = isolationSpan(policy);
      if (!at) continue;
      const fix = addDnsRuleFix(policy, context.scope, configured, dns, fixTarget());
      context.report({ policy, span: at.span, field: at.field, message, fixes: fix ? [fix] : [], ...(atMost ? { atMost } : {}) });
    }
  },
};
