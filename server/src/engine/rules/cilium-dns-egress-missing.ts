import * as l10n from '../l10n/t';
import { ciliumPoliciesOf } from '../cilium/model';
import type { CiliumPolicy, CiliumRule } from '../cilium/model';
import { reportOn, workspaceCiliumPolicies } from '../cilium/report';
import { addDnsRuleFix, isolates, mayAllowDns } from '../cilium/semantics';
import type { Rule, RuleContext } from './rule';

/** Could another policy grant DNS to these endpoints? Said generously: it only ever silences the finding. */
function grantsDnsTo(other: CiliumPolicy, policy: CiliumPolicy, rule: CiliumRule, context: RuleContext): boolean {
  return other.rules.some((otherRule) => {
    if (otherRule === rule) return false;
    if (!(otherRule.sections.egress?.items ?? []).some((item) => mayAllowDns(item, context.settings))) return false;
    if (other.clusterwide) return true;
    if ((other.namespace ?? context.settings.defaultNamespace) !== (policy.namespace ?? context.settings.defaultNamespace) && !policy.clusterwide) return false;
    const selector = otherRule.endpointSelector;
    if (!selector || selector.empty || selector.expressions.length > 0) return true;
    const mine = rule.endpointSelector?.labels ?? new Map<string, string>();
    return [...selector.labels].every(([key, value]) => mine.get(key) === value);
  });
}

/** A namespace whose Kubernetes NetworkPolicies may grant DNS too (a NetworkPolicy with Egress rules). */
function networkPolicyMayGrantDns(context: RuleContext, namespace: string | undefined): boolean {
  return context.scope.some((p) => (namespace === undefined || p.namespace === namespace) && (p.object.spec?.egress?.length ?? 0) > 0);
}

export const ciliumDnsEgressMissing: Rule = {
  meta: {
    code: 'CIL202',
    name: 'cilium-dns-egress-missing',
    description: 'A Cilium policy that isolates egress (egress or egressDeny rules) with no rule that lets the pods reach DNS.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    const policies = ciliumPoliciesOf(context.file);
    if (policies.length === 0) return;
    const all = [...policies, ...workspaceCiliumPolicies(context)];
    for (const policy of policies) {
      for (const rule of policy.rules) {
        if (rule.nodeSelector || !isolates(rule, 'egress')) continue;
        // `egress: [{}]` and nothing else: an explicit "deny all egress", DNS included (Cilium's egress-default-deny example).
        const egressItems = rule.sections.egress?.items ?? [];
        if (egressItems.length > 0 && egressItems.every((item) => item.keys.size === 0) && !rule.sections.egressDeny) continue;
        if ((rule.sections.egress?.items ?? []).some((item) => mayAllowDns(item, context.settings))) continue;
        if (all.some((other) => grantsDnsTo(other, policy, rule, context))) continue;
        if (networkPolicyMayGrantDns(context, policy.clusterwide ? undefined : (policy.namespace ?? context.settings.defaultNamespace))) continue;
        const section = rule.sections.egress ?? rule.sections.egressDeny;
        if (!section) continue;
        reportOn(
          context,
          policy,
          section.keyNode,
          section.path,
          l10n.t('these rules put the selected pods in default deny for egress, and no rule lets them reach DNS (port {0} of the {1} DNS pods): every name lookup fails', context.settings.dns.port, context.settings.dns.namespace),
          [rule.sections.egress ? addDnsRuleFix(policy, rule, context.settings, l10n.t("Allow DNS to the cluster DNS pods (through Cilium's DNS proxy)")) : undefined],
        );
      }
    }
  },
};
