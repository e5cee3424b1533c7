import { dnsEgressMissing } from './dns-egress-missing';
import { dnsProtocolMissing } from './dns-protocol-missing';
import { egressRulesIgnored } from './egress-rules-ignored';
import { ingressRulesIgnored } from './ingress-rules-ignored';
import { peerSelectsNothing } from './peer-selects-nothing';
import { policyReopened } from './policy-reopened';
import { policySelectsNoWorkload } from './policy-selects-no-workload';
import type { Rule } from './rule';

/** Every rule, in code order. Adding a rule: a file in this folder, a line here, a page in docs/rules/. */
export const RULES: readonly Rule[] = [dnsEgressMissing, dnsProtocolMissing, egressRulesIgnored, ingressRulesIgnored, policySelectsNoWorkload, peerSelectsNothing, policyReopened];

export function findRule(codeOrName: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.code === codeOrName || rule.meta.name === codeOrName);
}
