import * as l10n from '../l10n/t';
import type { NetworkPolicyEgressRule, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { addressInCidr, cidrContains, cidrsOverlap, isWholeAddressSpace, parseCidr } from '../net/cidr';
import { effectiveProtocol } from './defaults';
import type { Labels } from './selector';
import { selectorMatches } from './selector';

export type DnsProtocol = 'UDP' | 'TCP';
export const DNS_PROTOCOLS: readonly DnsProtocol[] = ['UDP', 'TCP'];

/** Which cluster DNS the checks look for: `netpolLens.dns.profile`. */
export type DnsProfile = 'kube-dns' | 'openshift' | 'nodelocal' | 'custom';
export const DNS_PROFILES: readonly DnsProfile[] = ['kube-dns', 'openshift', 'nodelocal', 'custom'];

/** The cluster's DNS pods: where they run, how they are labelled, and the port they listen on. */
export interface DnsTarget {
  readonly profile: DnsProfile;
  /**
   * Set when pods resolve through a node-local address (NodeLocal DNSCache's link-local
   * 169.254.20.10): that host-network listener is reached by ipBlock, not by pod selectors.
   */
  readonly address?: string;
  readonly namespace: string;
  readonly podLabels: Labels;
  readonly port: number;
  /** Container port names of the DNS pods, per protocol (CoreDNS: `dns` on UDP, `dns-tcp` on TCP). */
  readonly portNames: Readonly<Record<DnsProtocol, readonly string[]>>;
}

/** The upstream default: CoreDNS as deployed by kubeadm and cluster/addons/dns/coredns/coredns.yaml.base. */
export const KUBE_DNS: DnsTarget = {
  profile: 'kube-dns',
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'kube-dns' },
  port: 53,
  portNames: { UDP: ['dns'], TCP: ['dns-tcp'] },
};

/**
 * OpenShift's DNS operator: `dns-default` pods in `openshift-dns`, labelled
 * `dns.operator.openshift.io/daemonset-dns: default`, listening on 5353 (the Service maps 53 to 5353,
 * and policies see the port after that translation). openshift/cluster-dns-operator
 * pkg/manifests/assets/dns/daemonset.yaml and service.yaml.
 */
export const OPENSHIFT_DNS: DnsTarget = {
  profile: 'openshift',
  namespace: 'openshift-dns',
  podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' },
  port: 5353,
  portNames: { UDP: ['dns'], TCP: ['dns-tcp'] },
};

/**
 * NodeLocal DNSCache: a host-network cache on every node at 169.254.20.10, port 53
 * (kubernetes cluster/addons/dns/nodelocaldns/README.md suggests an ipBlock rule for it).
 */
export const NODELOCAL_DNS: DnsTarget = { ...KUBE_DNS, profile: 'nodelocal', address: '169.254.20.10' };

export function dnsTargetForProfile(profile: Exclude<DnsProfile, 'custom'>): DnsTarget {
  return profile === 'openshift' ? OPENSHIFT_DNS : profile === 'nodelocal' ? NODELOCAL_DNS : KUBE_DNS;
}

/** Namespaces carry `kubernetes.io/metadata.name` (set by the control plane since v1.22). */
function namespaceLabels(namespace: string): Labels {
  return { 'kubernetes.io/metadata.name': namespace };
}

/** Does this ipBlock let traffic to `address` through: inside `cidr` and in none of its `except` entries? */
export function ipBlockAllows(block: { cidr: string; except?: string[] }, address: string): boolean {
  return addressInCidr(address, block.cidr) && !(block.except ?? []).some((e) => addressInCidr(address, e));
}

/** IPv4 link-local, where node-local DNS caches listen: a block inside it is written for such a cache. */
const LINK_LOCAL = parseCidr('169.254.0.0/16')!;

/**
 * Can this peer be a DNS pod? A peer with only `podSelector` looks in the policy's own namespace; an
 * ipBlock counts only when it spans every address with no exceptions (whether ipBlocks apply to pod
 * addresses at all is up to the network plugin). For a node-local cache, an ipBlock holding its address
 * counts when the cache is the configured profile (`configured`), else only a block inside the
 * link-local range, written for such a cache: `0.0.0.0/0` except the private ranges is no sign of one.
 */
export function peerReachesDns(peer: NetworkPolicyPeer, policyNamespace: string | undefined, dns: DnsTarget, configured = true): boolean {
  // The node-local cache is a host-network listener on a link-local address: only an ipBlock reaches it.
  if (dns.address !== undefined) {
    if (!peer.ipBlock || !ipBlockAllows(peer.ipBlock, dns.address)) return false;
    if (configured) return true;
    const block = parseCidr(peer.ipBlock.cidr);
    return !!block && cidrContains(LINK_LOCAL, block);
  }
  if (peer.ipBlock) return isWholeAddressSpace(peer.ipBlock.cidr) && (peer.ipBlock.except ?? []).length === 0;
  if (peer.namespaceSelector) {
    if (!selectorMatches(peer.namespaceSelector, namespaceLabels(dns.namespace))) return false;
    return !peer.podSelector || selectorMatches(peer.podSelector, dns.podLabels);
  }
  if (peer.podSelector) return policyNamespace === dns.namespace && selectorMatches(peer.podSelector, dns.podLabels);
  return false; // an empty peer is rejected by the API server
}

export function portAllowsDns(port: NetworkPolicyPort, protocol: DnsProtocol, dns: DnsTarget): boolean {
  if (effectiveProtocol(port) !== protocol) return false;
  if (port.port === undefined) return true;
  if (typeof port.port === 'string') return dns.portNames[protocol].includes(port.port);
  return port.port <= dns.port && dns.port <= (port.endPort ?? port.port);
}

export function ruleReachesDns(rule: NetworkPolicyEgressRule, policyNamespace: string | undefined, dns: DnsTarget, configured = true): boolean {
  const peers = rule.to ?? [];
  return peers.length === 0 || peers.some((peer) => peerReachesDns(peer, policyNamespace, dns, configured));
}

/** The DNS protocols an egress rule allows to the DNS pods, with the index of the port entry that allows each. */
export function dnsProtocolsOfRule(
  rule: NetworkPolicyEgressRule,
  policyNamespace: string | undefined,
  dns: DnsTarget,
  configured = true,
): Map<DnsProtocol, number | 'all-ports'> {
  const allowed = new Map<DnsProtocol, number | 'all-ports'>();
  if (!ruleReachesDns(rule, policyNamespace, dns, configured)) return allowed;
  const ports = rule.ports ?? [];
  for (const protocol of DNS_PROTOCOLS) {
    if (ports.length === 0) allowed.set(protocol, 'all-ports');
    else {
      const index = ports.findIndex((port) => portAllowsDns(port, protocol, dns));
      if (index >= 0) allowed.set(protocol, index);
    }
  }
  return allowed;
}

/** What counts as reaching the cluster DNS. */
export interface DnsRecognition {
  /** The DNS servers whose grants count, the configured one first (see dnsFlavours.ts). */
  readonly targets: readonly DnsTarget[];
  /**
   * Where ipBlocks match pod addresses (`netpolLens.ipBlockAppliesToPods`): the ranges pod addresses are
   * in (`netpolLens.cluster.podCidrs`, else the private ranges), the DNS pods' among them.
   */
  readonly podRanges?: readonly string[];
}

/**
 * Does the rule reach pods by address: its ipBlocks together hold every pod range, or one of them
 * reaches into the pod ranges on `port` named outright (a rule written for DNS on the pod network)?
 */
function ipBlocksReachPods(rule: NetworkPolicyEgressRule, podRanges: readonly string[], port: number): boolean {
  const blocks = (rule.to ?? []).flatMap((peer) => (peer.ipBlock ? [peer.ipBlock] : []));
  if (blocks.length === 0) return false;
  const parsed = blocks.flatMap((b) => {
    const cidr = parseCidr(b.cidr);
    return cidr ? [{ cidr, except: (b.except ?? []).map(parseCidr).filter((e) => e !== undefined) }] : [];
  });
  const ranges = podRanges.map(parseCidr).filter((r) => r !== undefined);
  const holds = ranges.every((range) => parsed.some((b) => cidrContains(b.cidr, range) && !b.except.some((e) => cidrsOverlap(e, range))));
  if (holds && ranges.length > 0) return true;
  const namesPort = (rule.ports ?? []).some((p) => p.port === port);
  return namesPort && parsed.some((b) => ranges.some((range) => cidrsOverlap(b.cidr, range) && !b.except.some((e) => cidrContains(e, b.cidr.prefix >= range.prefix ? b.cidr : range))));
}

/**
 * The DNS protocols an egress rule allows to any recognised DNS server, with the port entry that
 * allows each and the server (the configured one where several do).
 */
export function dnsProtocolsOfRuleToAny(
  rule: NetworkPolicyEgressRule,
  policyNamespace: string | undefined,
  dns: DnsRecognition,
): Map<DnsProtocol, { portIndex: number | 'all-ports'; target: DnsTarget }> {
  const allowed = new Map<DnsProtocol, { portIndex: number | 'all-ports'; target: DnsTarget }>();
  dns.targets.forEach((target, i) => {
    let found = dnsProtocolsOfRule(rule, policyNamespace, target, i === 0);
    if (found.size === 0 && target.address === undefined && dns.podRanges && ipBlocksReachPods(rule, dns.podRanges, target.port)) {
      found = dnsProtocolsOfRule({ ...(rule.ports ? { ports: rule.ports } : {}) }, policyNamespace, target, i === 0);
    }
    for (const [protocol, portIndex] of found) if (!allowed.has(protocol)) allowed.set(protocol, { portIndex, target });
  });
  return allowed;
}

/** `k8s-app=kube-dns in namespace kube-system on port 53`, for messages. */
export function describeDnsTarget(dns: DnsTarget): string {
  if (dns.address !== undefined) return l10n.t('the node-local DNS cache at {0} on port {1}', dns.address, dns.port);
  const labels = Object.entries(dns.podLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return l10n.t('pods {0} in namespace {1} on port {2}', labels, dns.namespace, dns.port);
}
