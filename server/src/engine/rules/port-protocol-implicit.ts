import * as l10n from '../l10n/t';
import { isMap } from 'yaml';
import type { NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { detectIndentStyle } from '../fixes/indentStyle';
import { appendToBlockMap, appendToFlowMap, appendToSeq } from '../fixes/yamlEdits';
import { effectiveProtocol } from '../model/defaults';
import { ruleReachesDns } from '../model/dns';
import type { PolicyView } from '../model/policyView';
import type { FieldPath } from '../parse/fieldPath';
import { asSeq } from '../parse/yamlFile';
import type { FixProposal, Rule } from './rule';
import { allRulesOf } from './support/policyRules';

const DNS_PORT = 53;

function covers(port: NetworkPolicyPort, number: number, protocol: string): boolean {
  if (effectiveProtocol(port) !== protocol) return false;
  if (port.port === undefined) return true;
  return typeof port.port === 'number' && port.port <= number && number <= (port.endPort ?? port.port);
}

function writeProtocolFix(policy: PolicyView, entryPath: FieldPath, protocol: string, preferred: boolean): FixProposal | undefined {
  const entry = policy.node(entryPath);
  if (!isMap(entry)) return undefined;
  const style = detectIndentStyle(policy.file, policy.source.document);
  const edit = entry.flow ? appendToFlowMap(policy.file, entry, 'protocol', protocol) : appendToBlockMap(policy.file, entry, 'protocol', protocol, style);
  return { title: l10n.t('Write protocol: {0}', protocol), isPreferred: preferred, edits: [edit] };
}

function addUdpEntryFix(policy: PolicyView, portsPath: FieldPath, port: number): FixProposal | undefined {
  const seq = asSeq(policy.source.document, policy.node(portsPath));
  if (!seq) return undefined;
  const edit = appendToSeq(policy.file, seq, { port, protocol: 'UDP' }, detectIndentStyle(policy.file, policy.source.document));
  return { title: l10n.t('Allow port {0} over UDP too', port), isPreferred: true, edits: [edit] };
}

export const portProtocolImplicit: Rule = {
  meta: {
    code: 'NP701',
    name: 'port-protocol-implicit',
    description: 'A port without protocol (TCP only) where UDP was likely meant: port 53, or a port that appears with UDP elsewhere in the policy.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      const rules = allRulesOf(policy);
      const udpElsewhere = new Set<number>();
      for (const rule of rules) for (const p of rule.ports ?? []) if (p.protocol === 'UDP' && typeof p.port === 'number') udpElsewhere.add(p.port);
      for (const rule of rules) {
        const ports = rule.ports ?? [];
        // DNS rules to the cluster DNS pods are NP202's to judge.
        const dnsRule = rule.direction === 'egress' && ruleReachesDns({ to: rule.peers ? [...rule.peers] : undefined }, policy.namespace, context.settings.dns);
        ports.forEach((port, index) => {
          if (port.protocol !== undefined || typeof port.port !== 'number' || port.endPort !== undefined) return;
          const number = port.port;
          if (ports.some((other) => covers(other, number, 'UDP'))) return; // a deliberate TCP + UDP pair
          const isDns = number === DNS_PORT;
          if (isDns ? dnsRule && number === context.settings.dns.port : !udpElsewhere.has(number)) return;
          const entryPath: FieldPath = [...rule.portsPath, index];
          const field: FieldPath = [...entryPath, 'port'];
          const span = policy.valueSpan(field);
          if (!span) return;
          const fixes = isDns
            ? [addUdpEntryFix(policy, rule.portsPath, number), writeProtocolFix(policy, entryPath, 'TCP', false)]
            : [writeProtocolFix(policy, entryPath, 'TCP', true), writeProtocolFix(policy, entryPath, 'UDP', false)];
          context.report({
            policy,
            span,
            field,
            message: isDns
              ? l10n.t('Port 53 without protocol is TCP only: DNS queries go over UDP first, so lookups through this rule fail. Allow UDP too.')
              : l10n.t('Port {0} without protocol is TCP only, and this policy allows {0} over UDP elsewhere: say which protocol this entry means.', number),
            fixes: fixes.filter((f): f is FixProposal => f !== undefined),
          });
        });
      }
    }
  },
};
