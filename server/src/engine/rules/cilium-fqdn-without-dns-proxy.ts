import * as l10n from '../l10n/t';
import { ciliumPoliciesOf } from '../cilium/model';
import { reportOn, workspaceCiliumPolicies } from '../cilium/report';
import { addDnsRuleFix, egressItems, hasDnsProxyRule } from '../cilium/semantics';
import type { Rule } from './rule';

/**
 * `toFQDNs` learns its addresses from the DNS answers that Cilium's DNS proxy sees: without an egress rule
 * that sends DNS through the proxy (`toPorts` on 53 with `rules.dns`), the names never resolve to an
 * allowed address (Cilium docs, security/dns.rst and policy/language.rst "DNS based").
 */
export const ciliumFqdnWithoutDnsProxy: Rule = {
  meta: {
    code: 'CIL201',
    name: 'cilium-fqdn-without-dns-proxy',
    description: '`toFQDNs` with no egress rule sending DNS through Cilium\'s DNS proxy: the names never get an allowed address.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    const policies = ciliumPoliciesOf(context.file);
    if (policies.length === 0) return;
    // Any proxied DNS rule of the file or the workspace might apply to these endpoints: then say nothing.
    if (egressItems([...policies, ...workspaceCiliumPolicies(context)]).some(hasDnsProxyRule)) return;
    for (const policy of policies) {
      for (const rule of policy.rules) {
        const item = rule.sections.egress?.items.find((i) => i.fqdns.length > 0);
        if (!item) continue;
        reportOn(
          context,
          policy,
          item.keyNodes.get('toFQDNs'),
          [...item.path, 'toFQDNs'],
          l10n.t("toFQDNs never allows anything here: no egress rule sends DNS through Cilium's DNS proxy (toPorts on port 53 with `rules: dns`), so Cilium never learns the addresses of these names"),
          [addDnsRuleFix(policy, rule, context.settings, l10n.t("Add a DNS rule through Cilium's DNS proxy"))],
        );
      }
    }
  },
};
