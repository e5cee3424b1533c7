import * as l10n from '../l10n/t';
import { ciliumPoliciesOf } from '../cilium/model';
import { reportOn } from '../cilium/report';
import { exactPorts } from '../cilium/semantics';
import { replaceScalar } from './support/apiValidation';
import type { Rule } from './rule';

/**
 * DNS allowed on one protocol only: answers too large for UDP are retried over TCP, and a UDP-only rule
 * drops them. Cilium's DNS examples (examples/policies/l3/fqdn/fqdn.yaml) use `protocol: ANY`.
 */
export const ciliumDnsProtocolSingle: Rule = {
  meta: {
    code: 'CIL203',
    name: 'cilium-dns-protocol-single',
    description: 'DNS (port 53) allowed on UDP but not TCP, or the reverse, where Cilium\'s examples use `protocol: ANY`.',
    defaultSeverity: 'information',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of ciliumPoliciesOf(context.file)) {
      for (const rule of policy.rules) {
        const items = rule.sections.egress?.items ?? [];
        const entries = items.flatMap((item) => exactPorts(item, 53).map((e) => ({ item, ...e })));
        if (entries.length === 0) continue;
        const protocols = new Set(entries.map((e) => (e.protocol ?? 'ANY').toUpperCase()));
        if (protocols.has('ANY') || (protocols.has('TCP') && protocols.has('UDP'))) continue;
        for (const entry of entries) {
          const port = entry.rule.ports.find((p) => p.port !== undefined && Number(p.port) === 53 && p.protocol === entry.protocol);
          if (!port?.protocolNode || !port.protocol || !['UDP', 'TCP'].includes(port.protocol)) continue;
          const other = port.protocol === 'UDP' ? 'TCP' : 'UDP';
          const span = port.protocolNode.range;
          reportOn(
            context,
            policy,
            port.protocolNode,
            [...port.path, 'protocol'],
            l10n.t("DNS is allowed on {0} only: answers too large for UDP are retried over TCP, and those fail ({1} port 53 is not allowed); Cilium's examples use protocol ANY", String(port.protocol), other),
            span ? [{ title: l10n.t('Allow DNS on any protocol (protocol: ANY)'), isPreferred: true, edits: [replaceScalar(policy.file.text, [span[0], span[1]], 'ANY')] }] : [],
          );
        }
      }
    }
  },
};
