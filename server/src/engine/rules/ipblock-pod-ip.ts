import * as l10n from '../l10n/t';
import { cidrContains, isHostCidr, parseCidr, parseCidrFor } from '../net/cidr';
import type { Rule } from './rule';
import { allRulesOf } from './support/policyRules';

export const ipBlockPodIp: Rule = {
  meta: {
    code: 'NP503',
    name: 'ipblock-pod-ip',
    description: 'An ipBlock naming a single address inside the configured pod CIDR: a pod IP, which changes when the pod is replaced.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    const podCidrs = context.settings.podCidrs.map(parseCidr).filter((c) => c !== undefined);
    if (podCidrs.length === 0) return;
    for (const policy of context.policies) {
      for (const rule of allRulesOf(policy)) {
        (rule.peers ?? []).forEach((peer, peerIndex) => {
          const cidr = peer.ipBlock ? parseCidrFor(peer.ipBlock.cidr, context.settings.kubernetesVersion) : undefined;
          if (!cidr || !isHostCidr(cidr)) return;
          const podCidr = podCidrs.find((range) => cidrContains(range, cidr));
          if (!podCidr) return;
          const field = [...rule.peersPath, peerIndex, 'ipBlock', 'cidr'];
          const span = policy.valueSpan(field);
          if (!span) return;
          context.report({
            policy,
            span,
            field,
            message: l10n.t(
              '{0} is a single address in the pod CIDR {1}: a pod IP. Pods get new IPs when they are replaced, and whether ipBlock applies to pod traffic at all depends on the network plugin (ipBlock is meant for addresses outside the cluster). Select the pod by its labels with podSelector (and namespaceSelector).',
              cidr.text,
              podCidr.text,
            ),
          });
        });
      }
    }
  },
};
