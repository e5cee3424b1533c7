import * as l10n from '../l10n/t';
import type { Rule } from './rule';
import { rulesOf } from './support/policyRules';

export const namedPortToIpBlock: Rule = {
  meta: {
    code: 'NP504',
    name: 'named-port-to-ipblock',
    description: 'A named port in an egress rule whose peers are only ipBlocks: the name resolves on destination pods, which an address has none of.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const rule of rulesOf(policy, 'egress')) {
        const peers = rule.peers ?? [];
        if (peers.length === 0 || !peers.every((peer) => peer.ipBlock)) continue;
        (rule.ports ?? []).forEach((port, portIndex) => {
          if (typeof port.port !== 'string') return;
          const field = [...rule.portsPath, portIndex, 'port'];
          const span = policy.valueSpan(field);
          if (!span) return;
          context.report({
            policy,
            span,
            field,
            message: l10n.t(
              "The port name \"{0}\" is looked up in the destination pod's container ports, and this rule's peers are only ipBlocks: an external address has no pod and no port names, so this entry matches no traffic there. Write the port number.",
              String(port.port),
            ),
          });
        });
      }
    }
  },
};
