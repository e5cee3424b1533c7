import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { Decoder } from '../model/decode';

/**
 * A `policy.networking.k8s.io/v1alpha2` ClusterNetworkPolicy as reachability needs it
 * (kubernetes-sigs/network-policy-api apis/v1alpha2/clusternetworkpolicy_types.go). Decoding is tolerant:
 * what cannot be read is left out (and said so in `skipped`), nothing throws. Validation of the object
 * against the CRD is not done here.
 */

export const CNP_API_GROUP = 'policy.networking.k8s.io';
export const CNP_API_VERSION = `${CNP_API_GROUP}/v1alpha2`;

export type CnpTier = 'Admin' | 'Baseline';
export type CnpAction = 'Accept' | 'Deny' | 'Pass';
export type CnpDirection = 'Ingress' | 'Egress';

/** `pods`: namespaces AND pods (NamespacedPod). */
export interface CnpNamespacedPod {
  readonly namespaceSelector: LabelSelector;
  readonly podSelector: LabelSelector;
}

/** Exactly one of the fields is set (the CRD's CEL rule); a subject with none is not readable. */
export interface CnpSubject {
  readonly namespaces?: LabelSelector;
  readonly pods?: CnpNamespacedPod;
}

export interface CnpPeer {
  readonly index: number;
  readonly namespaces?: LabelSelector;
  readonly pods?: CnpNamespacedPod;
  /** Egress only. */
  readonly nodes?: LabelSelector;
  readonly networks?: readonly string[];
  readonly domainNames?: readonly string[];
}

/**
 * One `protocols` entry: a protocol with an optional port number or range, or a destination named port
 * (which matches TCP, UDP or SCTP container ports of that name).
 */
export interface CnpProtocol {
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  /** Inclusive; absent: every port of the protocol. */
  readonly ports?: readonly [number, number];
  readonly namedPort?: string;
}

export interface CnpRule {
  readonly direction: CnpDirection;
  readonly index: number;
  readonly name?: string;
  readonly action: CnpAction;
  readonly peers: readonly CnpPeer[];
  /** Absent (or empty): all traffic, whatever the protocol. */
  readonly protocols?: readonly CnpProtocol[];
}

export interface ClusterNetworkPolicyModel {
  readonly name: string;
  readonly tier: CnpTier;
  readonly priority: number;
  readonly subject: CnpSubject;
  readonly ingress: readonly CnpRule[];
  readonly egress: readonly CnpRule[];
  /** What was left out, as field paths with the reason (`spec.egress[2]: action "Allow" is not Accept, Deny or Pass`). */
  readonly skipped: readonly string[];
}

export function isClusterNetworkPolicy(apiVersion: string | undefined, kind: string | undefined): boolean {
  return apiVersion === CNP_API_VERSION && kind === 'ClusterNetworkPolicy';
}

const ACTIONS: readonly string[] = ['Accept', 'Deny', 'Pass'];
const TIERS: readonly string[] = ['Admin', 'Baseline'];

function namespacedPod(d: Decoder, node: unknown): CnpNamespacedPod | undefined {
  const map = d.map(node);
  if (!map) return undefined;
  // podSelector is required; namespaceSelector is optional and selects all namespaces when empty.
  const podSelector = d.selector(d.field(map, 'podSelector'));
  if (!podSelector) return undefined;
  return { namespaceSelector: d.selector(d.field(map, 'namespaceSelector')) ?? {}, podSelector };
}

function stringList(d: Decoder, node: unknown): string[] | undefined {
  const items = d.seq(node);
  if (!items) return undefined;
  return items.map((item) => d.string(item)).filter((s): s is string => s !== undefined);
}

function peer(d: Decoder, node: unknown, index: number, direction: CnpDirection): CnpPeer | undefined {
  const map = d.map(node);
  if (!map) return undefined;
  const namespaces = d.selector(d.field(map, 'namespaces'));
  const pods = namespacedPod(d, d.field(map, 'pods'));
  const out: { -readonly [K in keyof CnpPeer]: CnpPeer[K] } = { index };
  if (namespaces) out.namespaces = namespaces;
  if (pods) out.pods = pods;
  if (direction === 'Egress') {
    const nodes = d.selector(d.field(map, 'nodes'));
    const networks = stringList(d, d.field(map, 'networks'));
    const domainNames = stringList(d, d.field(map, 'domainNames'));
    if (nodes) out.nodes = nodes;
    if (networks) out.networks = networks;
    if (domainNames) out.domainNames = domainNames;
  }
  return Object.keys(out).length > 1 ? out : undefined;
}

function portOf(d: Decoder, node: unknown): readonly [number, number] | 'all' | undefined {
  const protocolMap = d.map(node);
  if (protocolMap === undefined) return undefined;
  const destination = d.field(protocolMap, 'destinationPort');
  if (destination === undefined || destination === null) return 'all';
  const map = d.map(destination);
  if (!map) return undefined;
  const number = d.integer(d.field(map, 'number'));
  if (number !== undefined) return [number, number];
  const range = d.map(d.field(map, 'range'));
  const start = range ? d.integer(d.field(range, 'start')) : undefined;
  const end = range ? d.integer(d.field(range, 'end')) : undefined;
  return start !== undefined && end !== undefined ? [start, end] : undefined;
}

function protocol(d: Decoder, node: unknown): CnpProtocol | undefined {
  const map = d.map(node);
  if (!map) return undefined;
  const named = d.string(d.field(map, 'destinationNamedPort'));
  if (named !== undefined) return { namedPort: named };
  for (const [key, name] of [['tcp', 'TCP'], ['udp', 'UDP'], ['sctp', 'SCTP']] as const) {
    const value = d.field(map, key);
    if (value === undefined) continue;
    const ports = portOf(d, value);
    if (ports === undefined) return undefined;
    return ports === 'all' ? { protocol: name } : { protocol: name, ports };
  }
  return undefined;
}

function rules(d: Decoder, spec: unknown, direction: CnpDirection, skipped: string[]): CnpRule[] {
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const items = d.seq(d.field(spec, key)) ?? [];
  const out: CnpRule[] = [];
  items.forEach((node, index) => {
    const where = `spec.${key}[${index}]`;
    const map = d.map(node);
    if (!map) {
      skipped.push(`${where}: not a mapping`);
      return;
    }
    const action = d.string(d.field(map, 'action'));
    if (action === undefined || !ACTIONS.includes(action)) {
      skipped.push(`${where}: action ${action === undefined ? 'missing' : `"${action}" is not Accept, Deny or Pass`}`);
      return;
    }
    const peerNodes = d.seq(d.field(map, direction === 'Ingress' ? 'from' : 'to')) ?? [];
    const peers: CnpPeer[] = [];
    peerNodes.forEach((peerNode, peerIndex) => {
      const read = peer(d, peerNode, peerIndex, direction);
      if (read) peers.push(read);
      else skipped.push(`${where}.${direction === 'Ingress' ? 'from' : 'to'}[${peerIndex}]: no peer field that can be read`);
    });
    const protocolNodes = d.seq(d.field(map, 'protocols'));
    let protocols: CnpProtocol[] | undefined;
    if (protocolNodes && protocolNodes.length > 0) {
      protocols = [];
      protocolNodes.forEach((protocolNode, protocolIndex) => {
        const read = protocol(d, protocolNode);
        if (read) protocols!.push(read);
        else skipped.push(`${where}.protocols[${protocolIndex}]: cannot be read`);
      });
    }
    const name = d.string(d.field(map, 'name'));
    out.push({ direction, index, ...(name !== undefined ? { name } : {}), action: action as CnpAction, peers, ...(protocols ? { protocols } : {}) });
  });
  return out;
}

/**
 * The model of a ClusterNetworkPolicy object node, or undefined when the parts reachability cannot do
 * without (a name, a tier, a priority, a subject) are missing or unreadable. Rules, peers and protocol
 * entries that cannot be read are left out and listed in `skipped`.
 */
export function decodeClusterNetworkPolicy(d: Decoder, node: unknown): ClusterNetworkPolicyModel | undefined {
  const map = d.map(node);
  if (!map) return undefined;
  const name = d.string(d.field(d.field(map, 'metadata'), 'name'));
  const spec = d.map(d.field(map, 'spec'));
  if (name === undefined || !spec) return undefined;
  const tier = d.string(d.field(spec, 'tier'));
  const priority = d.integer(d.field(spec, 'priority'));
  const subjectMap = d.map(d.field(spec, 'subject'));
  if (tier === undefined || !TIERS.includes(tier) || priority === undefined || !subjectMap) return undefined;
  const namespaces = d.selector(d.field(subjectMap, 'namespaces'));
  const pods = namespacedPod(d, d.field(subjectMap, 'pods'));
  if (!namespaces && !pods) return undefined;
  const skipped: string[] = [];
  const subject: CnpSubject = namespaces ? { namespaces } : { pods: pods! };
  return {
    name,
    tier: tier as CnpTier,
    priority,
    subject,
    ingress: rules(d, spec, 'Ingress', skipped),
    egress: rules(d, spec, 'Egress', skipped),
    skipped,
  };
}
