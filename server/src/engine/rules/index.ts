import { analysisLimited } from './analysis-limited';
import { dnsEgressMissing } from './dns-egress-missing';
import { dnsProtocolMissing } from './dns-protocol-missing';
import { egressRulesIgnored } from './egress-rules-ignored';
import { fileTooLarge } from './file-too-large';
import { ingressRulesIgnored } from './ingress-rules-ignored';
import type { Rule } from './rule';
import { templatedYamlSkipped } from './templated-yaml-skipped';

/** Every rule, in code order. Adding a rule: a file in this folder, a line here, a page in docs/rules/. */
export const RULES: readonly Rule[] = [
  analysisLimited,
  fileTooLarge,
  templatedYamlSkipped,
  dnsEgressMissing,
  dnsProtocolMissing,
  egressRulesIgnored,
  ingressRulesIgnored,
];

export function findRule(codeOrName: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.code === codeOrName || rule.meta.name === codeOrName);
}
