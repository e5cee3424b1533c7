import * as l10n from '../l10n/t';
import type { NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import type { DnsTarget } from '../model/dns';
import { dnsTargetForProfile, ipBlockAllows } from '../model/dns';
import { KNOWN_DNS_TARGETS } from '../model/dnsFlavours';
import { selectorMatches } from '../model/selector';
import { parseYamlFile } from '../parse/yamlFile';
import { readManifests } from './manifests';
import type { ContainerPort, FileManifests, WorkloadManifest } from './manifests';
import { NAMESPACE_NAME_LABEL } from './workspace';
import type { Workspace } from './workspace';

/**
 * Endpoints every cluster has though no repository holds them: the cluster DNS of each profile (CoreDNS
 * as kube-dns in kube-system, OpenShift's dns-default in openshift-dns, NodeLocal DNSCache's link-local
 * listener). The targets themselves come from model/dns.ts; this module names them, recognises a peer
 * that designates one, and adds them to a workspace for the connectivity picture.
 */

export interface WellKnownEndpoint {
  readonly target: DnsTarget;
  /** `kube-dns in kube-system`, `the node-local DNS cache at 169.254.20.10` */
  readonly name: string;
  /** The pods' workload name when the DNS runs as pods (none for a node-local listener). */
  readonly workloadName?: string;
}

function workloadNameOf(target: DnsTarget): string {
  return target.profile === 'openshift' ? 'dns-default' : target.profile === 'custom' ? 'cluster-dns' : 'kube-dns';
}

export function wellKnownDns(target: DnsTarget): WellKnownEndpoint {
  if (target.address !== undefined) return { target, name: l10n.t('the node-local DNS cache at {0}', target.address) };
  const workloadName = workloadNameOf(target);
  return { target, name: l10n.t({ message: '{0} in {1}', args: [workloadName, target.namespace], comment: 'the DNS workload in its namespace: kube-dns in kube-system' }), workloadName };
}

/** Where each DNS is present, for hover: every cluster has its own kind of DNS. */
function presence(target: DnsTarget): string {
  if (target.profile === 'openshift') return l10n.t('present in every OpenShift cluster');
  if (target.profile === 'nodelocal') return l10n.t('present on every node where NodeLocal DNSCache is installed');
  if (target.profile === 'custom') return l10n.t('the DNS configured in netpolLens.dns');
  return l10n.t('present in every cluster');
}

/**
 * `the cluster DNS (kube-dns in kube-system): not in this workspace, present in every cluster`; with
 * `held`, the workspace holds those pods itself: `the cluster DNS (kube-dns in kube-system)`.
 */
export function describeWellKnown(target: DnsTarget, held = false): string {
  const name = wellKnownDns(target).name;
  return held ? l10n.t('the cluster DNS ({0})', name) : l10n.t('the cluster DNS ({0}): not in this workspace, {1}', name, presence(target));
}

/**
 * Every cluster DNS that real clusters run (model/dnsFlavours.ts: upstream, the CoreDNS chart, RKE2,
 * Gardener, OpenShift, NodeLocal), and the configured one when it is custom: a peer naming any of them
 * names the cluster DNS, whatever the profile.
 */
export function dnsTargets(configured: DnsTarget): readonly DnsTarget[] {
  return configured.profile === 'custom' ? [configured, ...KNOWN_DNS_TARGETS] : KNOWN_DNS_TARGETS;
}

function designatesNamespace(peer: NetworkPolicyPeer, policyNamespace: string, namespace: string): boolean {
  if (!peer.namespaceSelector) return policyNamespace === namespace;
  const selector = peer.namespaceSelector;
  // `{}` (every namespace) includes the DNS but does not designate it.
  const written = Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length;
  return written > 0 && selectorMatches(selector, { [NAMESPACE_NAME_LABEL]: namespace });
}

/**
 * The cluster DNS this peer designates, if any: a namespaceSelector that names the DNS namespace with a
 * podSelector that the DNS pods match (or none), or an ipBlock narrower than the whole address space that
 * holds the node-local cache's address. Selectors that merely include the DNS among everything (`{}`) do
 * not designate it.
 */
export function dnsDesignatedBy(peer: NetworkPolicyPeer, policyNamespace: string, configured: DnsTarget): DnsTarget | undefined {
  for (const target of dnsTargets(configured)) {
    if (target.address !== undefined) {
      if (peer.ipBlock && !/\/0$/.test(peer.ipBlock.cidr.trim()) && ipBlockAllows(peer.ipBlock, target.address)) return target;
      continue;
    }
    if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) continue;
    if (!designatesNamespace(peer, policyNamespace, target.namespace)) continue;
    if (peer.podSelector && !selectorMatches(peer.podSelector, target.podLabels)) continue;
    const podWritten = peer.podSelector && (Object.keys(peer.podSelector.matchLabels ?? {}).length > 0 || (peer.podSelector.matchExpressions ?? []).length > 0);
    // A bare podSelector names pods of the policy's namespace: it designates the DNS only by its labels.
    if (!peer.namespaceSelector && !podWritten) continue;
    return target;
  }
  return undefined;
}

/** Which cluster DNS targets the workspace's policies designate in some peer. */
export function designatedDnsTargets(ws: Workspace, configured: DnsTarget): DnsTarget[] {
  const found = new Set<DnsTarget>();
  for (const policy of ws.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers) {
        const target = dnsDesignatedBy(peer.peer, policy.namespace, configured);
        if (target) found.add(target);
      }
    }
  }
  return [...found];
}

/** Does the workspace hold the DNS pods itself (a workload in their namespace with their labels)? */
function heldBy(ws: Workspace, target: DnsTarget): boolean {
  return (ws.namespaces.get(target.namespace)?.workloads ?? []).some((id) => selectorMatches({ matchLabels: target.podLabels }, ws.endpoints[id]!.labels));
}

/** The URI of the made-up file that holds the well-known workloads. */
export const WELL_KNOWN_URI = 'netpol-lens:well-known';

function dnsPorts(target: DnsTarget): ContainerPort[] {
  return [
    ...target.portNames.UDP.map((name) => ({ name, port: target.port, protocol: 'UDP' })),
    ...target.portNames.TCP.map((name) => ({ name, port: target.port, protocol: 'TCP' })),
  ];
}

export interface WellKnownAdditions {
  /** A file of workloads standing for the DNS pods the workspace does not hold. */
  readonly file?: FileManifests;
  /** Addresses of host-network listeners (the node-local cache), to add as outside endpoints. */
  readonly addresses: readonly string[];
  /** What to call each added endpoint, by its key (`kube-system/kube-dns`, `169.254.20.10`). */
  readonly names: ReadonlyMap<string, WellKnownEndpoint>;
}

/**
 * The cluster DNS endpoints to draw beside the workspace: the configured profile's, and any other profile's
 * that a policy designates, unless the workspace holds those pods itself.
 */
export function wellKnownAdditions(ws: Workspace, configured: DnsTarget): WellKnownAdditions {
  const chosen = configured.profile === 'custom' ? configured : dnsTargetForProfile(configured.profile);
  const targets = [chosen, ...designatedDnsTargets(ws, configured).filter((t) => t !== chosen)];
  const yaml = parseYamlFile('');
  const workloads: WorkloadManifest[] = [];
  const addresses: string[] = [];
  const names = new Map<string, WellKnownEndpoint>();
  for (const target of targets) {
    const endpoint = wellKnownDns(target);
    if (target.address !== undefined) {
      addresses.push(target.address);
      names.set(target.address, endpoint);
      continue;
    }
    if (heldBy(ws, target)) continue;
    const name = endpoint.workloadName!;
    // The CoreDNS flavours all stand in kube-system as kube-dns: one endpoint for them.
    if (names.has(`${target.namespace}/${name}`)) continue;
    workloads.push({ kind: 'Deployment', name, namespace: target.namespace, labels: target.podLabels, ports: dnsPorts(target), podIPs: [], uri: WELL_KNOWN_URI, file: yaml, span: [0, 0] });
    names.set(`${target.namespace}/${name}`, endpoint);
  }
  // An empty file's manifests, whatever else a file may hold, with the made-up workloads in it.
  const file = workloads.length > 0 ? { ...readManifests(WELL_KNOWN_URI, yaml), workloads } : undefined;
  return { ...(file ? { file } : {}), addresses, names };
}

/** The API server's secure port (kube-apiserver `--secure-port`, 6443 by default; kubeadm keeps it). */
export const API_SERVER_PORT = 6443;

/**
 * Is it evident that a rule's ipBlock peer is the API server: one address (a /32 or /128 with no
 * exceptions) and a rule that allows TCP 6443? Policies see the API server at its own address and port
 * (after the `kubernetes` Service's translation), so an egress rule to the control plane looks like this.
 * 443 alone is every HTTPS server: not evidence.
 */
export function apiServerEvident(peer: NetworkPolicyPeer, ports: readonly NetworkPolicyPort[]): boolean {
  const block = peer.ipBlock;
  if (!block || (block.except ?? []).length > 0 || !/\/(32|128)$/.test(block.cidr.trim())) return false;
  return ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && typeof p.port === 'number' && p.port <= API_SERVER_PORT && API_SERVER_PORT <= (p.endPort ?? p.port));
}

/** The addresses the workspace's policies evidently reach the API server at (`apiServerEvident`), as written. */
export function apiServerAddresses(ws: Workspace): Set<string> {
  const out = new Set<string>();
  for (const policy of ws.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers) if (apiServerEvident(peer.peer, rule.ports)) out.add(peer.peer.ipBlock!.cidr.trim().replace(/\/(32|128)$/, ''));
    }
  }
  return out;
}
