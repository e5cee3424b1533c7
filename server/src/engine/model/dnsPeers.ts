import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import type { DnsRecognition, DnsTarget } from './dns';
import { portAllowsDns, ruleReachesDns } from './dns';
import { effectiveProtocol } from './defaults';
import type { PolicyView } from './policyView';
import { isEmptySelector, selectorMatches } from './selector';

/**
 * Egress peers written for the cluster DNS pods that can never match them: the DNS pods' own label
 * used as a namespace label (NP203), or a podSelector for them without a namespaceSelector, which only
 * looks in the policy's own namespace (NP205).
 */
export type DnsPeerMistake =
  | { readonly kind: 'pod-label-in-namespace-selector'; readonly ruleIndex: number; readonly peerIndex: number; readonly labelKey: string }
  | { readonly kind: 'pod-selector-without-namespace-selector'; readonly ruleIndex: number; readonly peerIndex: number };

/** Does this selector ask for one of the DNS pods' labels, with their value? */
export function dnsPodLabelKeyIn(selector: LabelSelector | undefined, dns: DnsTarget): string | undefined {
  if (!selector) return undefined;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (dns.podLabels[key] === value) return key;
  return undefined;
}

/** A podSelector that names the DNS pods by one of their labels and matches them. */
export function selectsDnsPods(selector: LabelSelector | undefined, dns: DnsTarget): boolean {
  return !!selector && !isEmptySelector(selector) && selectorMatches(selector, dns.podLabels) && dnsPodLabelKeyIn(selector, dns) !== undefined;
}

function peerMistake(peer: NetworkPolicyPeer, policy: PolicyView, dns: DnsTarget, ruleIndex: number, peerIndex: number): DnsPeerMistake | undefined {
  if (peer.ipBlock) return undefined;
  const labelKey = dnsPodLabelKeyIn(peer.namespaceSelector, dns);
  if (labelKey !== undefined) return { kind: 'pod-label-in-namespace-selector', ruleIndex, peerIndex, labelKey };
  if (!peer.namespaceSelector && selectsDnsPods(peer.podSelector, dns) && policy.namespace !== dns.namespace)
    return { kind: 'pod-selector-without-namespace-selector', ruleIndex, peerIndex };
  return undefined;
}

export function findDnsPeerMistakes(policy: PolicyView, dns: DnsTarget): DnsPeerMistake[] {
  const found: DnsPeerMistake[] = [];
  (policy.object.spec?.egress ?? []).forEach((rule, ruleIndex) =>
    (rule.to ?? []).forEach((peer, peerIndex) => {
      const mistake = peerMistake(peer, policy, dns, ruleIndex, peerIndex);
      if (mistake) found.push(mistake);
    }),
  );
  return found;
}

/** The namespaceSelector that names the DNS namespace by the label the control plane sets on every namespace. */
export function dnsNamespaceSelector(dns: DnsTarget): LabelSelector {
  return { matchLabels: { 'kubernetes.io/metadata.name': dns.namespace } };
}

/** The port the DNS Service exposes; on OpenShift the pods listen elsewhere (5353) and policies see that. */
export const DNS_SERVICE_PORT = 53;

/**
 * Port entries of egress rules to the DNS pods that name the Service's port 53 while the pods listen on
 * another one (OpenShift's 5353): NetworkPolicy sees the port after the Service's translation, so the
 * entry never matches DNS (NP206).
 */
export function findServicePortEntries(policy: PolicyView, dns: DnsTarget): { ruleIndex: number; portIndex: number }[] {
  if (dns.address !== undefined || dns.port === DNS_SERVICE_PORT) return [];
  const found: { ruleIndex: number; portIndex: number }[] = [];
  (policy.object.spec?.egress ?? []).forEach((rule, ruleIndex) => {
    if (!ruleReachesDns(rule, policy.namespace, dns)) return;
    const ports = rule.ports ?? [];
    ports.forEach((port, portIndex) => {
      if (port.port !== DNS_SERVICE_PORT || port.endPort !== undefined) return;
      const protocol = effectiveProtocol(port);
      if (protocol !== 'UDP' && protocol !== 'TCP') return; // SCTP 53 is not DNS
      // Already open on the pods' port for this protocol: the 53 entry is merely extra.
      if (ports.some((other) => portAllowsDns(other, protocol, dns))) return;
      found.push({ ruleIndex, portIndex });
    });
  });
  return found;
}

/**
 * NP206's entries for every recognised DNS whose pods listen elsewhere than 53 (OpenShift's 5353,
 * Gardener's 8053), not only the profile's: a rule for those pods on 53 is wrong on any cluster that
 * has them. A rule that also reaches a DNS listening on 53 (the kube-dns pods, every destination) is
 * not judged for a flavour other than the configured one: on such a cluster its 53 is right.
 */
export function findServicePortEntriesAny(policy: PolicyView, dns: DnsRecognition): { ruleIndex: number; portIndex: number; target: DnsTarget }[] {
  const found: { ruleIndex: number; portIndex: number; target: DnsTarget }[] = [];
  const seen = new Set<string>();
  const on53 = dns.targets.filter((t) => t.address === undefined && t.port === DNS_SERVICE_PORT);
  dns.targets.forEach((target, i) => {
    for (const entry of findServicePortEntries(policy, target)) {
      const rule = policy.object.spec?.egress?.[entry.ruleIndex];
      if (i > 0 && rule && on53.some((t) => ruleReachesDns(rule, policy.namespace, t))) continue;
      const key = `${entry.ruleIndex}:${entry.portIndex}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ ...entry, target });
    }
  });
  return found;
}
