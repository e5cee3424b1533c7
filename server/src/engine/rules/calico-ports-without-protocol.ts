import * as l10n from '../l10n/t';
import { foreignObjectsOf } from '../cilium/model';
import { calicoPolicy } from '../cilium/calico';
import { reportOn } from '../cilium/report';
import type { Rule } from './rule';

const PORT_PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP', 'UDPLITE', '6', '17', '132', '136']);

/**
 * Ports only exist for TCP, UDP, SCTP and UDPLite: Calico's validator rejects a rule with `ports` or
 * `notPorts` whose `protocol` is missing or has no ports (ICMP), "rules that specify ports must set
 * protocol to TCP or UDP or SCTP" (projectcalico/calico libcalico-go/lib/validator/v3/validator.go,
 * validateRule).
 */
export const calicoPortsWithoutProtocol: Rule = {
  meta: {
    code: 'CAL203',
    name: 'calico-ports-without-protocol',
    description: 'Ports on a Calico rule whose `protocol` is missing or has no ports (ICMP): Calico rejects the rule.',
    defaultSeverity: 'error',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    for (const object of foreignObjectsOf(context.file).calico) {
      const policy = calicoPolicy(object);
      if (!policy) continue;
      for (const rule of policy.rules) {
        if (rule.portKeys.length === 0) continue;
        if (rule.protocol !== undefined && PORT_PROTOCOLS.has(rule.protocol.toUpperCase())) continue;
        const key = rule.portKeys[0]!;
        const why = rule.protocol === undefined ? l10n.t('this rule has no protocol') : l10n.t('protocol {0} has no ports', String(rule.protocol));
        reportOn(context, object, key.node, key.path, l10n.t('ports need protocol TCP, UDP, SCTP or UDPLite, and {0}: Calico rejects the policy ("rules that specify ports must set protocol to TCP or UDP or SCTP")', why));
      }
    }
  },
};
