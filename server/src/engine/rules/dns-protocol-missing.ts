import * as l10n from '../l10n/t';
import { isMap } from 'yaml';
import { detectIndentStyle } from '../fixes/indentStyle';
import { appendToSeq } from '../fixes/yamlEdits';
import type { DnsProtocol, DnsRecognition, DnsTarget } from '../model/dns';
import { DNS_PROTOCOLS } from '../model/dns';
import type { DnsGrant } from '../model/dnsCoverage';
import { dnsGrantsFor, dnsGrantsOverlapping } from '../model/dnsCoverage';
import { dnsRecognition } from '../model/dnsFlavours';
import type { WorkloadDns } from '../reach/workloadDns';
import { describeWorkloads, workloadDnsOf } from '../reach/workloadDns';
import type { PolicyView } from '../model/policyView';
import type { FieldPath } from '../parse/fieldPath';
import { asSeq } from '../parse/yamlFile';
import type { FixProposal, Rule, RuleContext } from './rule';
import { sharedPodsReach } from './support/sharedPodsReach';

const WHY: Record<DnsProtocol, () => string> = {
  TCP: () => l10n.t('answers too large for UDP are retried over TCP, so large lookups will fail'),
  UDP: () => l10n.t('resolvers send queries over UDP first, so lookups will fail'),
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
  return { title: l10n.t('Allow DNS over {0} too', missing), isPreferred: true, edits: [edit] };
}

/** The grants of `policy` that give some of its pods DNS on one protocol only, with those pods' workloads where known. */
function oneProtocolGrants(policy: PolicyView, context: RuleContext, dns: DnsRecognition): { grants: DnsGrant[]; workloads?: WorkloadDns[] } {
  const workloads = context.workspace ? workloadDnsOf(policy, context.scope, context.workspace, dns) : undefined;
  if (workloads) {
    const short = workloads.filter((w) => w.protocols.size === 1);
    const grants = short.flatMap((w) => w.grants.filter((g) => g.policy === policy));
    return { grants, workloads: short.filter((w) => w.grants.some((g) => g.policy === policy)) };
  }
  const grants = dnsGrantsFor(policy, context.scope, dns);
  const protocols = new Set(grants.map((g) => g.protocol));
  if (protocols.size !== 1) return { grants: [] };
  // Another policy may give some of these pods the other protocol: the labels cannot say which.
  const missing = DNS_PROTOCOLS.find((p) => !protocols.has(p))!;
  if (dnsGrantsOverlapping(policy, context.scope, dns).some((g) => g.protocol === missing)) return { grants: [] };
  return { grants: grants.filter((g) => g.policy === policy) };
}

export const dnsProtocolMissing: Rule = {
  meta: {
    code: 'NP202',
    name: 'dns-protocol-missing',
    description: 'DNS is allowed on UDP but not TCP port 53, or on TCP but not UDP.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  // Judged per workload where the workspace has them, as NP201.
  dependsOn: 'workspace',
  // An edit re-judges only the policies whose pods it may concern.
  reach: sharedPodsReach,
  check(context) {
    const dns = dnsRecognition(context.settings);
    for (const policy of context.policies) {
      if (!policy.isolates('Egress')) continue;
      const { grants, workloads } = oneProtocolGrants(policy, context, dns);
      const reported = new Set<string>();
      for (const grant of grants) {
        // Only port entries can be pointed at and fixed (a rule without ports allows both protocols).
        if (typeof grant.portIndex !== 'number') continue;
        const allowed = grant.protocol;
        const missing = DNS_PROTOCOLS.find((p) => p !== allowed)!;
        const portsPath: FieldPath = ['spec', 'egress', grant.ruleIndex, 'ports'];
        const field: FieldPath = [...portsPath, grant.portIndex];
        const span = policy.valueSpan(field);
        const key = `${grant.ruleIndex}:${grant.portIndex}`;
        if (!span || reported.has(key)) continue;
        reported.add(key);
        const portIndex = grant.portIndex;
        const target = grant.target;
        const who = workloads && workloads.length > 0 ? l10n.t(' for {0}', describeWorkloads(workloads)) : '';
        context.report({
          policy,
          span,
          field,
          message: l10n.t('DNS is allowed on {0} but not on {1} port {2}{3}: {4}.', allowed, missing, grant.target.port, who, WHY[missing]()),
          // Made when asked for: the yaml stringifier and the document's indent style, for each of thousands of findings.
          lazyFixes: () => {
            const fix = addProtocolFix(policy, portsPath, portIndex, missing, target);
            return fix ? [fix] : [];
          },
        });
      }
    }
  },
};
