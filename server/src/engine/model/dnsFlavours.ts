import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import type { Settings } from '../config/settings';
import type { DnsRecognition, DnsTarget } from './dns';
import { PRIVATE_RANGES } from '../net/cidr';
import { KUBE_DNS, NODELOCAL_DNS, OPENSHIFT_DNS, peerReachesDns } from './dns';
import type { PolicyView } from './policyView';
import { rulePeers } from './rulePeers';

/**
 * The cluster DNS deployments that real clusters run, whatever `netpolLens.dns.profile` names: an egress
 * rule that reaches any of them is a DNS grant. The profile only chooses the rule the NP201 fix inserts
 * (docs/dns-profiles.md lists the sources).
 */

/** The CoreDNS Helm chart (coredns/helm `charts/coredns/templates/_helpers.tpl`): its own labels and port names. */
export const COREDNS_CHART_DNS: DnsTarget = {
  profile: 'kube-dns',
  namespace: 'kube-system',
  podLabels: {
    'k8s-app': 'coredns',
    'app.kubernetes.io/name': 'coredns',
    'kubernetes.io/name': 'CoreDNS',
    'kubernetes.io/cluster-service': 'true',
  },
  port: 53,
  portNames: { UDP: ['udp-53'], TCP: ['tcp-53'] },
};

/**
 * RKE2's `rke2-coredns`, the CoreDNS chart with `k8sAppLabelOverride: kube-dns` (k3s ships the
 * kubeadm-style manifest, labelled `k8s-app: kube-dns`, which KUBE_DNS already describes).
 */
export const RKE2_COREDNS_DNS: DnsTarget = {
  profile: 'kube-dns',
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'kube-dns', 'app.kubernetes.io/name': 'rke2-coredns', 'kubernetes.io/name': 'CoreDNS' },
  port: 53,
  portNames: { UDP: ['udp-53'], TCP: ['tcp-53'] },
};

/** Gardener shoots: CoreDNS labelled `k8s-app: kube-dns` listening on 8053 behind the Service's 53. */
export const GARDENER_COREDNS_DNS: DnsTarget = {
  profile: 'kube-dns',
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'kube-dns' },
  port: 8053,
  portNames: { UDP: [], TCP: [] },
};

/** Every cluster DNS deployment this module knows, upstream's first. */
export const KNOWN_DNS_TARGETS: readonly DnsTarget[] = [KUBE_DNS, COREDNS_CHART_DNS, RKE2_COREDNS_DNS, GARDENER_COREDNS_DNS, OPENSHIFT_DNS, NODELOCAL_DNS];

/**
 * The DNS servers whose grants count: the configured one first (its fix and messages), then, under the
 * `kube-dns` (default) and `openshift` profiles, every known flavour: a project's policies may be written
 * for any cluster. The `nodelocal` and `custom` profiles are the user's word that pods resolve
 * somewhere else (the node-local cache's link-local address, which selector rules for the CoreDNS pods
 * do not reach per the nodelocaldns README; or DNS pods of their own): then only that place counts.
 */
export function recognisedDnsTargets(configured: DnsTarget): readonly DnsTarget[] {
  if (configured.profile === 'nodelocal' || configured.profile === 'custom') return [configured];
  return [configured, ...KNOWN_DNS_TARGETS.filter((t) => t !== configured)];
}

/** What counts as reaching DNS under these settings. */
export function dnsRecognition(settings: Settings): DnsRecognition {
  const targets = recognisedDnsTargets(settings.dns);
  if (!settings.ipBlockAppliesToPods) return { targets };
  return { targets, podRanges: settings.podCidrs.length > 0 ? settings.podCidrs : PRIVATE_RANGES };
}

const NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Does this peer show an OpenShift cluster: a namespace named `openshift-*`, a namespace label of
 * OpenShift's network policy groups (`network.openshift.io/policy-group`,
 * `policy-group.network.openshift.io/...`), or the OpenShift DNS pods' label?
 */
function showsOpenShift(peer: NetworkPolicyPeer): boolean {
  const ns = peer.namespaceSelector;
  const names = [ns?.matchLabels?.[NAME_LABEL], ...(ns?.matchExpressions ?? []).filter((e) => e.key === NAME_LABEL && e.operator === 'In').flatMap((e) => e.values ?? [])];
  if (names.some((n) => n !== undefined && n.startsWith('openshift-'))) return true;
  const keys = (selector: LabelSelector | undefined) => [...Object.keys(selector?.matchLabels ?? {}), ...(selector?.matchExpressions ?? []).map((e) => e.key)];
  if (keys(ns).some((k) => k.startsWith('network.openshift.io/') || k.startsWith('policy-group.network.openshift.io/'))) return true;
  return keys(peer.podSelector).some((k) => k.startsWith('dns.operator.openshift.io/'));
}

/**
 * The DNS the NP201 fix should add: the configured profile, except that under the default `kube-dns`
 * the policies themselves may show the cluster's flavour: OpenShift peers (see showsOpenShift), or an
 * ipBlock for the node-local cache's address.
 */
export function dnsTargetForFix(configured: DnsTarget, scope: readonly PolicyView[]): DnsTarget {
  if (configured.profile !== 'kube-dns') return configured;
  let nodeLocal = false;
  for (const policy of scope) {
    for (const direction of ['ingress', 'egress'] as const) {
      for (const rule of policy.object.spec?.[direction] ?? []) {
        const peers: readonly NetworkPolicyPeer[] = rulePeers(rule) ?? [];
        for (const peer of peers) {
          if (showsOpenShift(peer)) return OPENSHIFT_DNS;
          if (direction === 'egress' && peerReachesDns(peer, policy.namespace, NODELOCAL_DNS, false)) nodeLocal = true;
        }
      }
    }
  }
  return nodeLocal ? NODELOCAL_DNS : configured;
}
