import { dnsEgressMissing } from './dns-egress-missing';
import { dnsProtocolMissing } from './dns-protocol-missing';
import { egressRulesIgnored } from './egress-rules-ignored';
import { ingressRulesIgnored } from './ingress-rules-ignored';
import { cidrWarning } from './cidr-warning';
import { exceptOutsideCidr } from './except-outside-cidr';
import { invalidCidr } from './invalid-cidr';
import { invalidLabelSelector } from './invalid-label-selector';
import { invalidMetadata } from './invalid-metadata';
import { invalidPeer } from './invalid-peer';
import { invalidPolicyTypes } from './invalid-policy-types';
import { invalidPort } from './invalid-port';
import { invalidProtocol } from './invalid-protocol';
import { duplicateKey } from './duplicate-key';
import { unknownField } from './unknown-field';
import { wrongType } from './wrong-type';
import { peerSelectsNothing } from './peer-selects-nothing';
import { policyReopened } from './policy-reopened';
import { policySelectsNoWorkload } from './policy-selects-no-workload';
import type { Rule } from './rule';

/** Every rule, in code order. Adding a rule: a file in this folder, a line here, a page in docs/rules/. */
export const RULES: readonly Rule[] = [
  // NP1xx: the API server's validation (docs/validation.md).
  invalidProtocol,
  invalidPort,
  invalidCidr,
  exceptOutsideCidr,
  cidrWarning,
  invalidPeer,
  invalidPolicyTypes,
  invalidLabelSelector,
  invalidMetadata,
  unknownField,
  wrongType,
  duplicateKey,
  dnsEgressMissing,
  dnsProtocolMissing,
  egressRulesIgnored,
  ingressRulesIgnored,
  // NP95x: the workspace (docs/reachability.md).
  policySelectsNoWorkload,
  peerSelectsNothing,
  policyReopened,
];

export function findRule(codeOrName: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.code === codeOrName || rule.meta.name === codeOrName);
}
