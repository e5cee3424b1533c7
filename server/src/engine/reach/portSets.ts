import type { NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { effectiveProtocol } from '../model/defaults';
import type { PolicyType } from '../model/defaults';
import type { PortQuery, RuleRef } from './evaluate';
import { reach } from './evaluate';
import type { CompiledRule, Endpoint, Workspace } from './workspace';

/**
 * The ports a connection may use, as sets rather than probes: per protocol, the ranges of port numbers
 * allowed. `reach`/`computeMatrix` answer for one port at a time; this answers for all of them at once, so
 * that a picture (or `connlist`) can say `TCP 8080` or `all` for a pair instead of counting probed ports.
 */

/** Inclusive port ranges, sorted and disjoint, within 1..65535. */
export type PortRanges = readonly (readonly [number, number])[];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;
const FULL: PortRanges = [[MIN_PORT, MAX_PORT]];

/** The protocols NetworkPolicy ports name (types.go: TCP, UDP, SCTP), in the order they are written out. */
export const PORT_PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];

/**
 * A set of (protocol, port) pairs. `all`: every protocol and port (a rule without `ports`), whatever
 * the protocol; otherwise the ranges per protocol named (a protocol absent has no port).
 */
export interface PortSet {
  readonly all: boolean;
  readonly protocols: ReadonlyMap<string, PortRanges>;
}

export const ALL_PORTS: PortSet = { all: true, protocols: new Map() };
export const NO_PORTS: PortSet = { all: false, protocols: new Map() };

function normalize(ranges: readonly (readonly [number, number])[]): PortRanges {
  const sorted = ranges
    .map(([a, b]) => [Math.max(MIN_PORT, a), Math.min(MAX_PORT, b)] as const)
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function intersectRanges(a: PortRanges, b: PortRanges): PortRanges {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

function make(protocols: Map<string, PortRanges>): PortSet {
  for (const [protocol, ranges] of [...protocols]) if (ranges.length === 0) protocols.delete(protocol);
  return { all: false, protocols };
}

export function unionPortSets(a: PortSet, b: PortSet): PortSet {
  if (a.all || b.all) return ALL_PORTS;
  const protocols = new Map<string, PortRanges>(a.protocols);
  for (const [protocol, ranges] of b.protocols) protocols.set(protocol, normalize([...(protocols.get(protocol) ?? []), ...ranges]));
  return make(protocols);
}

export function intersectPortSets(a: PortSet, b: PortSet): PortSet {
  if (a.all) return b;
  if (b.all) return a;
  const protocols = new Map<string, PortRanges>();
  for (const [protocol, ranges] of a.protocols) {
    const other = b.protocols.get(protocol);
    if (other) protocols.set(protocol, intersectRanges(ranges, other));
  }
  return make(protocols);
}

export function isEmptyPortSet(set: PortSet): boolean {
  return !set.all && set.protocols.size === 0;
}

export function portSetHas(set: PortSet, query: PortQuery): boolean {
  if (set.all) return true;
  return (set.protocols.get(query.protocol) ?? []).some(([a, b]) => a <= query.port && query.port <= b);
}

/**
 * The ports one `ports` entry admits on this destination. A named port is the destination's container
 * ports of that name and protocol; it names nothing on an address outside the workspace's pods.
 */
export function portEntrySet(entry: NetworkPolicyPort, destination: Endpoint): PortSet {
  const protocol = effectiveProtocol(entry);
  if (entry.port === undefined) return make(new Map([[protocol, FULL]]));
  if (typeof entry.port === 'number') {
    // An endPort below port is rejected by the API server; it admits nothing here.
    const end = entry.endPort ?? entry.port;
    return make(new Map([[protocol, normalize([[entry.port, end]])]]));
  }
  const named = destination.ports.filter((p) => p.name === entry.port && p.protocol === protocol).map((p) => [p.port, p.port] as const);
  return make(new Map([[protocol, normalize(named)]]));
}

/** The ports a rule admits on this destination: every port without `ports`, else the union of its entries. */
export function rulePortSet(rule: CompiledRule, destination: Endpoint): PortSet {
  if (rule.ports.length === 0) return ALL_PORTS;
  return rule.ports.reduce<PortSet>((set, entry) => unionPortSets(set, portEntrySet(entry, destination)), NO_PORTS);
}

/** One direction of a pair: whether a policy isolates that end, and the rules that admit the other end, with their ports. */
export interface DirectionPorts {
  readonly isolated: boolean;
  readonly ports: PortSet;
  /** The isolating policies' rules that admit the peer on some port, and the ports each admits. */
  readonly rules: readonly (RuleRef & { readonly ports: PortSet })[];
}

export interface PairPorts {
  /** The ports on which `source` may open connections to `destination`: both ends' sets intersected. */
  readonly ports: PortSet;
  /** Ports on which the answer depends on what the workspace cannot tell (ClusterNetworkPolicy peers); not in `ports`. */
  readonly unknown?: PortSet;
  readonly egress: DirectionPorts;
  readonly ingress: DirectionPorts;
}

function directionPorts(ws: Workspace, selected: Endpoint, peer: Endpoint, destination: Endpoint, direction: PolicyType): DirectionPorts {
  const isolatedBy = ws.policiesFor(selected.id, direction);
  if (isolatedBy.length === 0) return { isolated: false, ports: ALL_PORTS, rules: [] };
  let ports = NO_PORTS;
  const rules: (RuleRef & { ports: PortSet })[] = [];
  for (const policy of isolatedBy) {
    for (const rule of direction === 'Ingress' ? policy.ingress : policy.egress) {
      if (!rule.peerSet.has(peer.id)) continue;
      const admitted = rulePortSet(rule, destination);
      if (isEmptyPortSet(admitted)) continue;
      rules.push({ policy, rule, ports: admitted });
      ports = unionPortSets(ports, admitted);
    }
  }
  return { isolated: true, ports, rules };
}

/**
 * The ports on which `source` may connect to `destination`, with the rules on each side that allow them.
 * Two addresses outside the workspace's pods are not governed by any policy: the answer is empty for them.
 * At every port, `portSetHas(pairPorts(...).ports, q)` is `reach(ws, source, destination, q).allowed`.
 */
export function pairPorts(ws: Workspace, source: Endpoint, destination: Endpoint): PairPorts {
  const egress = directionPorts(ws, source, destination, destination, 'Egress');
  const ingress = directionPorts(ws, destination, source, destination, 'Ingress');
  if (source.external && destination.external) return { ports: NO_PORTS, egress, ingress };
  if (ws.clusterPoliciesFor(source.id, 'Egress').length > 0 || ws.clusterPoliciesFor(destination.id, 'Ingress').length > 0) {
    return { ...tieredPorts(ws, source, destination), egress, ingress };
  }
  return { ports: intersectPortSets(egress.ports, ingress.ports), egress, ingress };
}

/** A protocol no port entry names: what a rule without ports or protocols admits beside TCP, UDP and SCTP. */
const OTHER_PROTOCOL: PortQuery = { port: 0, protocol: 'ICMP' };

/**
 * The ports of a pair that ClusterNetworkPolicies govern, by asking `reach` once per stretch of ports over
 * which no rule of either end changes its mind: the stretches are cut at every port number, range end and
 * resolved named port of the rules that could apply.
 */
function tieredPorts(ws: Workspace, source: Endpoint, destination: Endpoint): { ports: PortSet; unknown: PortSet } {
  const cuts = new Map<string, Set<number>>(PORT_PROTOCOLS.map((p) => [p, new Set([MIN_PORT])]));
  const cut = (protocol: string, from: number, to: number) => {
    cuts.get(protocol)?.add(from);
    if (to + 1 <= MAX_PORT) cuts.get(protocol)?.add(to + 1);
  };
  const npPolicies = [...ws.policiesFor(source.id, 'Egress'), ...ws.policiesFor(destination.id, 'Ingress')];
  for (const policy of npPolicies) {
    for (const rule of [...policy.egress, ...policy.ingress]) {
      for (const entry of rule.ports) {
        const set = portEntrySet(entry, destination);
        for (const [protocol, ranges] of set.protocols) for (const [a, b] of ranges) cut(protocol, a, b);
      }
    }
  }
  for (const policy of [...ws.clusterPoliciesFor(source.id, 'Egress'), ...ws.clusterPoliciesFor(destination.id, 'Ingress')]) {
    for (const rule of [...policy.egress, ...policy.ingress]) {
      for (const entry of rule.rule.protocols ?? []) {
        if (entry.namedPort !== undefined) {
          for (const p of destination.ports) if (p.name === entry.namedPort) cut(p.protocol, p.port, p.port);
        } else if (entry.protocol) {
          const [a, b] = entry.ports ?? [MIN_PORT, MAX_PORT];
          cut(entry.protocol, a, b);
        }
      }
    }
  }
  const allowed = new Map<string, [number, number][]>();
  const unknown = new Map<string, [number, number][]>();
  for (const [protocol, points] of cuts) {
    const starts = [...points].filter((p) => p >= MIN_PORT && p <= MAX_PORT).sort((a, b) => a - b);
    starts.forEach((start, k) => {
      const end = (starts[k + 1] ?? MAX_PORT + 1) - 1;
      const verdict = reach(ws, source, destination, { port: start, protocol });
      const into = verdict.unknown ? unknown : verdict.allowed ? allowed : undefined;
      if (into) (into.get(protocol) ?? into.set(protocol, []).get(protocol)!).push([start, end]);
    });
  }
  const toSet = (map: Map<string, [number, number][]>) => make(new Map([...map].map(([p, r]) => [p, normalize(r)])));
  const ports = toSet(allowed);
  const other = reach(ws, source, destination, OTHER_PROTOCOL);
  const whole = PORT_PROTOCOLS.every((p) => formatRanges(ports.protocols.get(p) ?? []) === 'all ports');
  return { ports: whole && other.allowed ? ALL_PORTS : ports, unknown: toSet(unknown) };
}

function formatRanges(ranges: PortRanges): string {
  if (ranges.length === 1 && ranges[0]![0] === MIN_PORT && ranges[0]![1] === MAX_PORT) return 'all ports';
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(', ');
}

/**
 * `all` (every protocol and port), `TCP 8080`, `UDP 53, TCP 53`... written protocol by protocol
 * (TCP, UDP, SCTP, then any other); `none` for the empty set.
 */
export function formatPortSet(set: PortSet): string {
  if (set.all) return 'all';
  if (set.protocols.size === 0) return 'none';
  const known = PORT_PROTOCOLS.filter((p) => set.protocols.has(p));
  if (known.length === PORT_PROTOCOLS.length && set.protocols.size === known.length && known.every((p) => formatRanges(set.protocols.get(p)!) === 'all ports')) return 'all';
  const order = [...known, ...[...set.protocols.keys()].filter((p) => !PORT_PROTOCOLS.includes(p)).sort()];
  return order.map((p) => `${p} ${formatRanges(set.protocols.get(p)!)}`).join(', ');
}
