import type { NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { effectiveProtocol } from '../model/defaults';
import type { PolicyType } from '../model/defaults';
import type { CompiledPolicy, CompiledRule, Endpoint, Workspace } from './workspace';
import { tieredVerdict } from '../cnp/evaluate';
import type { TieredVerdict } from '../cnp/evaluate';

/** A connection's destination port: a number and a protocol (TCP, UDP or SCTP). */
export interface PortQuery {
  readonly port: number;
  readonly protocol: string;
}

/**
 * Does a rule's port entry admit this port on this destination? A named port is resolved against the
 * destination pod's container ports (name and protocol must both match); it never matches an address
 * outside the workspace's pods, which has no container ports to name.
 */
export function portEntryMatches(entry: NetworkPolicyPort, query: PortQuery, destination: Endpoint): boolean {
  if (effectiveProtocol(entry) !== query.protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'number') {
    return entry.endPort !== undefined ? entry.port <= query.port && query.port <= entry.endPort : entry.port === query.port;
  }
  return destination.ports.some((p) => p.name === entry.port && p.protocol === query.protocol && p.port === query.port);
}

export function rulePortsMatch(rule: CompiledRule, query: PortQuery, destination: Endpoint): boolean {
  return rule.ports.length === 0 || rule.ports.some((entry) => portEntryMatches(entry, query, destination));
}

export interface RuleRef {
  readonly policy: CompiledPolicy;
  readonly rule: CompiledRule;
}

export interface DirectionVerdict {
  /** Some policy selects this end with this direction in its effective policyTypes. */
  readonly isolated: boolean;
  readonly isolatedBy: readonly CompiledPolicy[];
  /** The rules that admit the connection (empty when not isolated). */
  readonly allowedBy: readonly RuleRef[];
  /** False also when `unknown`. */
  readonly allowed: boolean;
  /** The answer depends on what the workspace cannot tell (ClusterNetworkPolicy `nodes`, `domainNames`, same priority). */
  readonly unknown: boolean;
  /** The ClusterNetworkPolicy tiers' account, when some ClusterNetworkPolicy's subject holds this end. */
  readonly tiers?: TieredVerdict;
}

export interface ReachVerdict {
  /** False also when `unknown`. */
  readonly allowed: boolean;
  readonly unknown: boolean;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
}

function verdict(ws: Workspace, selected: Endpoint, peer: Endpoint, destination: Endpoint, direction: PolicyType, query: PortQuery): DirectionVerdict {
  const isolatedBy = ws.policiesFor(selected.id, direction);
  const allowedBy: RuleRef[] = [];
  for (const policy of isolatedBy) {
    for (const rule of direction === 'Ingress' ? policy.ingress : policy.egress) {
      if (rule.peerSet.has(peer.id) && rulePortsMatch(rule, query, destination)) allowedBy.push({ policy, rule });
    }
  }
  const isolated = isolatedBy.length > 0;
  const networkPolicyAllows = !isolated || allowedBy.length > 0;
  const cluster = ws.clusterPoliciesFor(selected.id, direction);
  if (cluster.length === 0) return { isolated, isolatedBy, allowedBy, allowed: networkPolicyAllows, unknown: false };
  const tiers = tieredVerdict(cluster, direction, peer, destination, query, isolated ? networkPolicyAllows : undefined);
  return { isolated, isolatedBy, allowedBy, allowed: tiers.allowed === true, unknown: tiers.allowed === undefined, tiers };
}

/**
 * Is a connection from `source` to `destination` on this port allowed? Both ends must agree: the
 * source's egress (when some policy isolates it for egress) and the destination's ingress. Policies
 * add up: a direction is allowed when any rule of any policy isolating that end admits it.
 * ClusterNetworkPolicies come before (Admin tier) and after (Baseline tier) them, end by end
 * (cnp/evaluate.ts). Unknown when one end is unknown and the other does not deny.
 */
export function reach(ws: Workspace, source: Endpoint, destination: Endpoint, query: PortQuery): ReachVerdict {
  const egress = verdict(ws, source, destination, destination, 'Egress', query);
  const ingress = verdict(ws, destination, source, destination, 'Ingress', query);
  const denied = (!egress.allowed && !egress.unknown) || (!ingress.allowed && !ingress.unknown);
  const unknown = !denied && (egress.unknown || ingress.unknown);
  return { allowed: egress.allowed && ingress.allowed, unknown, egress, ingress };
}

/** A matrix cell that the workspace cannot decide (ClusterNetworkPolicy peers it cannot know). */
export const UNKNOWN_CELL = 2;

/**
 * The truth table for the given ports: `allowed[q][from * n + to]`, 1 allowed, 0 denied, `UNKNOWN_CELL`
 * unknown. Pairs of two outside addresses are not governed and stay 0.
 */
export interface Matrix {
  readonly endpoints: readonly Endpoint[];
  readonly queries: readonly PortQuery[];
  readonly allowed: readonly Uint8Array[];
}

/**
 * The whole truth table, rule by rule rather than pair by pair: each rule marks the peers it admits for
 * each pod its policy selects. Cost per port: O(n²) to combine the two directions plus, per policy,
 * |selected pods| x |peers admitted by its rules|.
 */
export function computeMatrix(ws: Workspace, queries: readonly PortQuery[]): Matrix {
  const n = ws.endpoints.length;
  const external = Uint8Array.from(ws.endpoints, (e) => (e.external ? 1 : 0));
  const allowed = queries.map((query) => {
    const egressIsolated = new Uint8Array(n);
    const ingressIsolated = new Uint8Array(n);
    const egressOk = new Uint8Array(n * n);
    const ingressOk = new Uint8Array(n * n);
    for (const policy of ws.policies) {
      if (policy.policyTypes.includes('Egress')) {
        // Each rule's admitted destinations on this port, worked out once for all the pods it applies to.
        const admitted = policy.egress.map((rule) => [...rule.peerSet].filter((dst) => rulePortsMatch(rule, query, ws.endpoints[dst]!)));
        for (const src of policy.selected) {
          egressIsolated[src] = 1;
          const row = src * n;
          for (const dsts of admitted) for (const dst of dsts) egressOk[row + dst] = 1;
        }
      }
      if (policy.policyTypes.includes('Ingress')) {
        const sources = policy.ingress.map((rule) => [...rule.peerSet]);
        for (const dst of policy.selected) {
          ingressIsolated[dst] = 1;
          policy.ingress.forEach((rule, r) => {
            if (!rulePortsMatch(rule, query, ws.endpoints[dst]!)) return;
            for (const src of sources[r]!) ingressOk[src * n + dst] = 1;
          });
        }
      }
    }
    const out = new Uint8Array(n * n);
    for (let src = 0; src < n; src++) {
      const srcExternal = external[src] === 1;
      const srcFree = egressIsolated[src] === 0;
      for (let dst = 0; dst < n; dst++) {
        if (srcExternal && external[dst] === 1) continue;
        const i = src * n + dst;
        out[i] = (srcFree || egressOk[i] === 1) && (ingressIsolated[dst] === 0 || ingressOk[i] === 1) ? 1 : 0;
      }
    }
    if (ws.clusterPolicies.length > 0) tieredCells(ws, query, out, egressIsolated, ingressIsolated, egressOk, ingressOk);
    return out;
  });
  return { endpoints: ws.endpoints, queries, allowed };
}

/** Overwrites the cells of pairs where a ClusterNetworkPolicy's subject holds the source (egress) or the destination (ingress). */
function tieredCells(ws: Workspace, query: PortQuery, out: Uint8Array, egressIsolated: Uint8Array, ingressIsolated: Uint8Array, egressOk: Uint8Array, ingressOk: Uint8Array): void {
  const n = ws.endpoints.length;
  const side = (subject: Endpoint, peer: Endpoint, destination: Endpoint, direction: PolicyType, isolated: boolean, ok: boolean): boolean | undefined => {
    const cluster = ws.clusterPoliciesFor(subject.id, direction);
    if (cluster.length === 0) return !isolated || ok;
    return tieredVerdict(cluster, direction, peer, destination, query, isolated ? ok : undefined).allowed;
  };
  for (let src = 0; src < n; src++) {
    const source = ws.endpoints[src]!;
    const egressCluster = ws.clusterPoliciesFor(src, 'Egress').length > 0;
    for (let dst = 0; dst < n; dst++) {
      const destination = ws.endpoints[dst]!;
      if (source.external && destination.external) continue;
      if (!egressCluster && ws.clusterPoliciesFor(dst, 'Ingress').length === 0) continue;
      const i = src * n + dst;
      const egress = side(source, destination, destination, 'Egress', egressIsolated[src] === 1, egressOk[i] === 1);
      if (egress === false) {
        out[i] = 0;
        continue;
      }
      const ingress = side(destination, source, destination, 'Ingress', ingressIsolated[dst] === 1, ingressOk[i] === 1);
      out[i] = ingress === false ? 0 : egress === undefined || ingress === undefined ? UNKNOWN_CELL : 1;
    }
  }
}

/** Ports worth probing: every number in the policies' port entries and every container port. */
export function defaultPortQueries(ws: Workspace): PortQuery[] {
  const seen = new Map<string, PortQuery>();
  const add = (port: number, protocol: string) => {
    if (port >= 1 && port <= 65535) seen.set(`${port}/${protocol}`, { port, protocol });
  };
  for (const policy of ws.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const entry of rule.ports) {
        if (typeof entry.port === 'number') {
          add(entry.port, effectiveProtocol(entry));
          if (entry.endPort !== undefined) add(entry.endPort, effectiveProtocol(entry));
        }
      }
    }
  }
  for (const endpoint of ws.endpoints) for (const p of endpoint.ports) add(p.port, p.protocol);
  for (const policy of ws.clusterPolicies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const entry of rule.rule.protocols ?? []) {
        if (entry.protocol && entry.ports) {
          add(entry.ports[0], entry.protocol);
          add(entry.ports[1], entry.protocol);
        }
      }
    }
  }
  const queries = [...seen.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
  return queries.length > 0 ? queries : [{ port: 80, protocol: 'TCP' }];
}
