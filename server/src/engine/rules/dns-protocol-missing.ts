import { isMap } from 'yaml';
import { detectIndentStyle } from '../fixes/indentStyle';
import { appendToSeq } from '../fixes/yamlEdits';
import type { DnsProtocol, DnsTarget } from '../model/dns';
import { DNS_PROTOCOLS } from '../model/dns';
import { dnsGrantsFor } from '../model/dnsCoverage';
import type { PolicyView } from '../model/policyView';
import type { FieldPath } from '../parse/fieldPath';
import { asSeq } from '../parse/yamlFile';
import type { FixProposal, Rule } from './rule';

const WHY: Record<DnsProtocol, string> = {
  TCP: 'answers too large for UDP are retried over TCP, so large lookups will fail',
  UDP: 'resolvers send queries over UDP first, so lookups will fail',
};

function addProtocolFix(policy: PolicyView, portsPath: FieldPath, portIndex: number, missing: DnsProtocol, dns: DnsTarget): FixProposal | undefined {
  const ports = asSeq(policy.source.document, policy.node(portsPath));
  const port = policy.object.spec?.egress?.[portsPath[2] as number]?.ports?.[portIndex];
  if (!ports || !port) return undefined;
  const original = ports.items[portIndex];
  const entry: Record<string, unknown> = {};
  // Keep the user's key order: port first or protocol first, as in the entry being copied.
  const keys = isMap(original) ? original.items.map((pair) => String((pair.key as { value?: unknown } | null)?.value)) : [];
  const order = keys.indexOf('protocol') >= 0 && keys.indexOf('protocol') < keys.indexOf('port') ? ['protocol', 'port', 'endPort'] : ['port', 'endPort', 'protocol'];
  for (const key of order) {
    if (key === 'protocol') entry.protocol = missing;
    // A named port names one protocol's port (kube-dns: `dns` is UDP, `dns-tcp` TCP): use the missing
    // protocol's name, or the number when the DNS pods have none.
    else if (key === 'port' && typeof port.port === 'string') entry.port = dns.portNames[missing][0] ?? dns.port;
    else if (key === 'port' && port.port !== undefined) entry.port = port.port;
    else if (key === 'endPort' && port.endPort !== undefined) entry.endPort = port.endPort;
  }
  const edit = appendToSeq(policy.file, ports, entry, detectIndentStyle(policy.file, policy.source.document));
  return { title: `Allow DNS over ${missing} too`, isPreferred: true, edits: [edit] };
}

export const dnsProtocolMissing: Rule = {
  meta: {
    code: 'NP202',
    name: 'dns-protocol-missing',
    description: 'DNS is allowed on UDP but not TCP port 53, or on TCP but not UDP.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'namespace',
  check(context) {
    const dns = context.settings.dns;
    const reported = new Set<string>();
    for (const policy of context.policies) {
      if (!policy.isolates('Egress')) continue;
      const grants = dnsGrantsFor(policy, context.scope, dns);
      const protocols = new Set(grants.map((g) => g.protocol));
      if (protocols.size !== 1) continue;
      const [allowed] = [...protocols] as [DnsProtocol];
      const missing = DNS_PROTOCOLS.find((p) => p !== allowed)!;
      for (const grant of grants) {
        // Only grants in this file's policies can be pointed at and fixed here.
        if (typeof grant.portIndex !== 'number' || !context.policies.includes(grant.policy)) continue;
        const portsPath: FieldPath = ['spec', 'egress', grant.ruleIndex, 'ports'];
        const field: FieldPath = [...portsPath, grant.portIndex];
        const span = grant.policy.valueSpan(field);
        const key = `${grant.policy.source.node.range?.[0]}:${span?.[0]}`;
        if (!span || reported.has(key)) continue;
        reported.add(key);
        const fix = addProtocolFix(grant.policy, portsPath, grant.portIndex, missing, dns);
        context.report({
          policy: grant.policy,
          span,
          field,
          message: `DNS is allowed on ${allowed} but not on ${missing} port ${dns.port}: ${WHY[missing]}.`,
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};
