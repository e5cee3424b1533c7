import * as l10n from '../l10n/t';
import { dnsRecognition } from '../model/dnsFlavours';
import { DNS_SERVICE_PORT, findServicePortEntriesAny } from '../model/dnsPeers';
import type { FieldPath } from '../parse/fieldPath';
import type { Rule } from './rule';

export const dnsServicePortInsteadOfPodPort: Rule = {
  meta: {
    code: 'NP206',
    name: 'dns-service-port-instead-of-pod-port',
    description: "A DNS rule opens the Service's port 53 while the DNS pods listen on another port (OpenShift: 5353), which is what policies see.",
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    const recognised = dnsRecognition(context.settings);
    for (const policy of context.policies) {
      for (const { ruleIndex, portIndex, target: dns } of findServicePortEntriesAny(policy, recognised)) {
        const field: FieldPath = ['spec', 'egress', ruleIndex, 'ports', portIndex, 'port'];
        const span = policy.valueSpan(field);
        if (!span) continue;
        context.report({
          policy,
          span,
          field,
          message: l10n.t(
            "The DNS pods in namespace {0} listen on {1}; {2} is only the Service's port, and NetworkPolicy matches the port after the Service has translated it. This entry never matches DNS traffic.",
            dns.namespace,
            dns.port,
            DNS_SERVICE_PORT,
          ),
          fixes: [{ title: l10n.t("Use the DNS pods' port {0}", dns.port), isPreferred: true, edits: [{ start: span[0], end: span[1], newText: String(dns.port) }] }],
        });
      }
    }
  },
};
