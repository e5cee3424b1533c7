import type { NetworkPolicyEgressRule } from 'kubernetes-types/networking/v1';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { detectIndentStyle } from '../fixes/indentStyle';
import { appendToBlockMap, appendToFlowSeq, appendToBlockSeq, replaceWithBlock } from '../fixes/yamlEdits';
import type { DnsTarget } from '../model/dns';
import { describeDnsTarget } from '../model/dns';
import { describeSelectedPods, dnsGrantsFor } from '../model/dnsCoverage';
import type { PolicyView } from '../model/policyView';
import type { FieldPath } from '../parse/fieldPath';
import type { FixProposal, Rule } from './rule';

/** The rule of the deny-external-egress template: kube-dns pods in kube-system (ONE peer: AND), UDP and TCP. */
export function dnsEgressRule(dns: DnsTarget): NetworkPolicyEgressRule {
  return {
    to: [
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': dns.namespace } },
        podSelector: { matchLabels: { ...dns.podLabels } },
      },
    ],
    ports: [
      { port: dns.port, protocol: 'UDP' },
      { port: dns.port, protocol: 'TCP' },
    ],
  };
}

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

function addDnsRuleFix(policy: PolicyView, dns: DnsTarget): FixProposal | undefined {
  const file = policy.file;
  const style = detectIndentStyle(file, policy.source.document);
  const rule = dnsEgressRule(dns);
  const egressPair = policy.pair(['spec', 'egress']);
  const spec = policy.node(['spec']);
  let edit;
  if (egressPair) {
    const value = egressPair.value as Node | null;
    if (isSeq(value) && value.items.length > 0) edit = value.flow ? appendToFlowSeq(value, rule) : appendToBlockSeq(file, value, rule, style);
    else if (value === null || isSeq(value) || (isScalar(value) && value.value === null))
      edit = replaceWithBlock(file, egressPair.key as Node, value, [rule], style);
  } else if (isMap(spec) && !spec.flow) {
    edit = appendToBlockMap(file, spec, 'egress', [rule], style);
  }
  return edit && { title: 'Add kube-dns egress rule', isPreferred: true, edits: [edit] };
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
      const fix = addDnsRuleFix(policy, dns);
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
