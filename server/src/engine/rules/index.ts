import { calicoInternalApi } from './calico-internal-api';
import { calicoLogOnlyRuleIsolates } from './calico-log-only-rule-isolates';
import { calicoPortsWithoutProtocol } from './calico-ports-without-protocol';
import { ciliumInvalidValue } from './cilium-invalid-value';
import { ciliumRequired } from './cilium-required';
import { ciliumUnknownField } from './cilium-unknown-field';
import { ciliumUnsupportedValue } from './cilium-unsupported-value';
import { ciliumWrongType } from './cilium-wrong-type';
import { ciliumAllowAllEntity } from './cilium-allow-all-entity';
import { ciliumCidrForPods } from './cilium-cidr-for-pods';
import { ciliumDenyExternalDeniesCluster } from './cilium-deny-external-denies-cluster';
import { ciliumDenyShadowsAllow } from './cilium-deny-shadows-allow';
import { ciliumDnsEgressMissing } from './cilium-dns-egress-missing';
import { ciliumDnsProtocolSingle } from './cilium-dns-protocol-single';
import { ciliumFqdnWithoutDnsProxy } from './cilium-fqdn-without-dns-proxy';
import { ciliumNamespaceInEndpointSelector } from './cilium-namespace-in-endpoint-selector';
import { ciliumNodeSelectorInNamespacedPolicy } from './cilium-node-selector-in-namespaced-policy';
import { ciliumRuleSplitByDash } from './cilium-rule-split-by-dash';
import { allowAllHole } from './allow-all-hole';
import { andOrPeerSplit } from './and-or-peer-split';
import { denyExternalDeniesCluster } from './deny-external-denies-cluster';
import { analysisLimited } from './analysis-limited';
import { dnsEgressMissing } from './dns-egress-missing';
import { dnsPodLabelInNamespaceSelector } from './dns-pod-label-in-namespace-selector';
import { dnsPodSelectorWithoutNamespaceSelector } from './dns-pod-selector-without-namespace-selector';
import { dnsProtocolMissing } from './dns-protocol-missing';
import { dnsServicePortInsteadOfPodPort } from './dns-service-port-instead-of-pod-port';
import { emptyEgressNotIsolating } from './empty-egress-not-isolating';
import { emptyNamespaceSelector } from './empty-namespace-selector';
import { emptyPodSelector } from './empty-pod-selector';
import { emptyRule } from './empty-rule';
import { expectationBroken } from './expectation-broken';
import { expectationEndpointUnknown } from './expectation-endpoint-unknown';
import { expectationInvalid } from './expectation-invalid';
import { duplicatePort } from './duplicate-port';
import { duplicatePolicyName } from './duplicate-policy-name';
import { egressRulesIgnored } from './egress-rules-ignored';
import { fileTooLarge } from './file-too-large';
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
import { wrongApiVersion } from './wrong-api-version';
import { wrongType } from './wrong-type';
import { ipBlockExceptOverlap } from './ipblock-except-overlap';
import { ipBlockPodIp } from './ipblock-pod-ip';
import { ipBlockRedundant } from './ipblock-redundant';
import { missingNamespace } from './missing-namespace';
import { namedPortToIpBlock } from './named-port-to-ipblock';
import { nullSelector } from './null-selector';
import { portProtocolImplicit } from './port-protocol-implicit';
import { redundantPeer } from './redundant-peer';
import { redundantRule } from './redundant-rule';
import { peerSelectsNothing } from './peer-selects-nothing';
import { oneSidedAllow } from './one-sided-allow';
import { policyReopened } from './policy-reopened';
import { policySelectsNoWorkload } from './policy-selects-no-workload';
import type { Rule } from './rule';
import { ruleSplitByDash } from './rule-split-by-dash';
import { systemNamespaceByNameLabel } from './system-namespace-by-name-label';
import { templatedYamlSkipped } from './templated-yaml-skipped';
import { otherClusterNetworkPolicyApi } from './other-cluster-network-policy-api';
import { adminNetworkPolicyMigration } from './admin-network-policy-migration';
import { cnpTemplateSkipped } from './cnp-template-skipped';
import { cnpUnknownField } from './cnp-unknown-field';
import { cnpWrongType } from './cnp-wrong-type';
import { cnpRequiredField } from './cnp-required-field';
import { cnpInvalidValue } from './cnp-invalid-value';
import { cnpPortRangeOrder } from './cnp-port-range-order';
import { cnpNetworksEverythingHitsPods } from './cnp-networks-everything-hits-pods';
import { cnpDomainNamesOutsideAccept } from './cnp-domain-names-outside-accept';
import { cnpSameTierAndPriority } from './cnp-same-tier-and-priority';
import { cnpAdminDenyCatchesDns } from './cnp-admin-deny-catches-dns';
import { cnpBaselineShadowedByAdmin } from './cnp-baseline-shadowed-by-admin';
import { cnpDomainNamesWithoutDns } from './cnp-domain-names-without-dns';
import { cnpDnsPeerLabel } from './cnp-dns-peer-label';
import { cnpInvalidCidr } from './cnp-invalid-cidr';
import { cnpNamedPortPeer } from './cnp-named-port-peer';

/** Every rule, in code order. Adding a rule: a file in this folder, a line here, a page in docs/rules/. */
export const RULES: readonly Rule[] = [
  // NP0xx: limits and templates (docs/robustness.md).
  analysisLimited,
  fileTooLarge,
  templatedYamlSkipped,
  // NP1xx: the API server's validation (docs/validation.md).
  invalidProtocol,
  invalidPort,
  invalidCidr,
  exceptOutsideCidr,
  cidrWarning,
  invalidPeer,
  invalidPolicyTypes,
  wrongApiVersion,
  invalidLabelSelector,
  invalidMetadata,
  unknownField,
  wrongType,
  duplicateKey,
  dnsEgressMissing,
  dnsProtocolMissing,
  dnsPodLabelInNamespaceSelector,
  systemNamespaceByNameLabel,
  dnsPodSelectorWithoutNamespaceSelector,
  dnsServicePortInsteadOfPodPort,
  egressRulesIgnored,
  ingressRulesIgnored,
  emptyEgressNotIsolating,
  andOrPeerSplit,
  ruleSplitByDash,
  denyExternalDeniesCluster,
  allowAllHole,
  ipBlockRedundant,
  ipBlockExceptOverlap,
  ipBlockPodIp,
  namedPortToIpBlock,
  emptyPodSelector,
  emptyNamespaceSelector,
  emptyRule,
  nullSelector,
  portProtocolImplicit,
  duplicatePort,
  redundantRule,
  redundantPeer,
  missingNamespace,
  duplicatePolicyName,
  // NP95x: the workspace (docs/reachability.md).
  policySelectsNoWorkload,
  peerSelectsNothing,
  policyReopened,
  oneSidedAllow,
  // NP96x: connectivity expectations files (docs/expectations.md).
  expectationBroken,
  expectationEndpointUnknown,
  expectationInvalid,
  // CNP0xx-CNP1xx: ClusterNetworkPolicy and its kin (docs/cluster-network-policy.md).
  otherClusterNetworkPolicyApi,
  adminNetworkPolicyMigration,
  cnpTemplateSkipped,
  cnpUnknownField,
  cnpWrongType,
  cnpRequiredField,
  cnpInvalidValue,
  cnpPortRangeOrder,
  cnpInvalidCidr,
  cnpNamedPortPeer,
  // CNP2xx: ClusterNetworkPolicy pitfalls (docs/cluster-network-policy.md, "Reachability").
  cnpNetworksEverythingHitsPods,
  cnpDomainNamesOutsideAccept,
  cnpDomainNamesWithoutDns,
  cnpSameTierAndPriority,
  cnpAdminDenyCatchesDns,
  cnpBaselineShadowedByAdmin,
  cnpDnsPeerLabel,
  // CIL1xx: Cilium policies as the API server validates them against the CRD (docs/cilium.md).
  ciliumUnknownField,
  ciliumWrongType,
  ciliumUnsupportedValue,
  ciliumRequired,
  ciliumInvalidValue,
  // CIL2xx: Cilium policies' pitfalls (docs/cilium.md).
  ciliumFqdnWithoutDnsProxy,
  ciliumDnsEgressMissing,
  ciliumDnsProtocolSingle,
  ciliumAllowAllEntity,
  ciliumNamespaceInEndpointSelector,
  ciliumNodeSelectorInNamespacedPolicy,
  ciliumRuleSplitByDash,
  ciliumCidrForPods,
  ciliumDenyExternalDeniesCluster,
  ciliumDenyShadowsAllow,
  // CAL2xx: Calico (docs/cilium.md, "Calico").
  calicoInternalApi,
  calicoLogOnlyRuleIsolates,
  calicoPortsWithoutProtocol,
];

export function findRule(codeOrName: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.code === codeOrName || rule.meta.name === codeOrName);
}
