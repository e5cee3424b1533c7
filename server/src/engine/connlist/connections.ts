import type { DnsTarget } from '../model/dns';
import type { FileManifests } from '../reach/manifests';
import type { PairPorts, PortSet } from '../reach/portSets';
import { ALL_PORTS, formatPortSet, isEmptyPortSet, pairPorts } from '../reach/portSets';
import { wellKnownAdditions } from '../reach/wellKnown';
import { Workspace } from '../reach/workspace';
import type { CompiledPolicy, Endpoint, WorkspaceOptions } from '../reach/workspace';
import { addressRanges, rangeAddress, rangeText } from './addressRanges';
import { ipBlockTexts } from '../reach/externalRegions';
import type { AddressRange } from './addressRanges';

/**
 * Every allowed connection of a workspace as a set per (source, destination): the port sets come from
 * `pairPorts`, the one evaluator (so they agree with `reach` and `matrix` at every port), computed once
 * per pair of endpoints. Pods of one controller are one workload; the outside world is cut into ranges at
 * the ipBlock boundaries (addressRanges.ts).
 */

/** A workload (its pods), or a range of addresses outside the workspace's pods. */
export interface ConnEndpoint {
  /** `ns/name` (as `matrix` names it), or `10.0.0.0/8` / `10.2.0.0-10.255.255.255` */
  readonly name: string;
  /** `Deployment`, `Pod`..., or `IPRange` */
  readonly kind: string;
  readonly namespace?: string;
  /** The file that defines it; none for a range, or for the cluster DNS that no file of the workspace holds. */
  readonly file?: string;
  /** The engine's endpoint standing for it (one of its pods, the range's first address). */
  readonly endpoint: number;
  /** The engine's endpoints it stands for (the pods of one owner): all behave as `endpoint` does. */
  readonly members: readonly number[];
}

export interface ConnectionTable {
  readonly ws: Workspace;
  /** The workloads, pods of one owner grouped, in name order. */
  readonly workloads: readonly ConnEndpoint[];
  /** The outside ranges, in address order; `rangeEndpoints[i]` is the engine's endpoint of `ranges[i]`. */
  readonly ranges: readonly AddressRange[];
  readonly rangeEndpoints: readonly number[];
  /** The distinct port sets; `sets[cell(from, to)]`. */
  readonly sets: readonly PortSet[];
  /** Index into `sets` of the connections from engine endpoint `a` to `b`: `cells[a * n + b]`; -1 when not computed. */
  readonly cells: Int32Array;
  /** What the cells depend on, for a later table to reuse them (`TableOptions.previous`). */
  readonly inputs: TableInputs;
}

/**
 * A pair's ports depend only on the endpoints and namespaces (labels, ports, addresses), the policies that
 * isolate the source for egress and the destination for ingress (their namespaces and specs), and the
 * options. `shape` stands for the first, per endpoint `egress`/`ingress` for the second.
 */
interface TableInputs {
  readonly shape: string;
  readonly egress: readonly string[];
  readonly ingress: readonly string[];
}

function tableInputs(ws: Workspace, options: WorkspaceOptions): TableInputs {
  const policyText = new Map<CompiledPolicy, string>();
  const textOf = (p: CompiledPolicy) => policyText.get(p) ?? policyText.set(p, JSON.stringify([p.namespace, p.view.object.spec ?? null])).get(p)!;
  const shape = JSON.stringify([
    options.ipBlockAppliesToPods,
    ws.endpoints.map((e) => [e.key, e.external, e.namespace ?? null, e.labels, e.ports, e.addresses.map((a) => `${a.family}:${a.value}`)]),
    [...ws.namespaces.values()].map((ns) => [ns.name, ns.labels]),
    // ClusterNetworkPolicies may govern any pair: a change to one changes the shape.
    ws.clusterPolicies.map((p) => p.model),
  ]);
  const side = (type: 'Egress' | 'Ingress') => ws.endpoints.map((e) => ws.policiesFor(e.id, type).map(textOf).sort().join('\n'));
  return { shape, egress: side('Egress'), ingress: side('Ingress') };
}

export interface TableOptions {
  /** ipBlock texts of another workspace to cut the ranges at too (diff: both sides on the same ranges). */
  readonly extraBlocks?: readonly string[];
  /** The cluster DNS to stand in for when the workspace does not hold it (as `reach` and the view do). */
  readonly dns?: DnsTarget;
  /**
   * A table of another version of the workspace on the same ranges (diff): where the endpoints and
   * namespaces are the same, the pairs whose isolating policies did not change are taken from it.
   */
  readonly previous?: ConnectionTable;
}

/** The name and kind a pod's controller gives it: a ReplicaSet made by a Deployment stands for the Deployment. */
function ownerOf(e: Endpoint): { name: string; kind: string } | undefined {
  const w = e.workload;
  if (!w || w.kind !== 'Pod' || !w.owner) return undefined;
  const hash = w.labels['pod-template-hash'];
  if (w.owner.kind === 'ReplicaSet' && hash && w.owner.name.endsWith(`-${hash}`)) {
    return { name: `${e.namespace}/${w.owner.name.slice(0, -hash.length - 1)}`, kind: 'Deployment' };
  }
  return { name: `${e.namespace}/${w.owner.name}`, kind: w.owner.kind };
}

function sameLine(cells: Int32Array, n: number, a: number, b: number): boolean {
  for (let i = 0; i < n; i++) {
    if (i === a || i === b) continue;
    if (cells[a * n + i] !== cells[b * n + i] || cells[i * n + a] !== cells[i * n + b]) return false;
  }
  return cells[a * n + b] === cells[b * n + a] && cells[a * n + a] === cells[b * n + b];
}

/** The workspace of `files` with the outside ranges (and the cluster DNS) as endpoints, and every pair's port set. */
export function connectionTable(files: readonly FileManifests[], options: WorkspaceOptions, tableOptions: TableOptions = {}): ConnectionTable {
  const base = new Workspace(files, { ...options, externalAddresses: [] });
  const ranges = addressRanges([...ipBlockTexts(base), ...(tableOptions.extraBlocks ?? [])]);
  const dnsFile = tableOptions.dns ? wellKnownAdditions(base, tableOptions.dns).file : undefined;
  const ws = new Workspace(dnsFile ? [...files, dnsFile] : files, { ...options, externalAddresses: ranges.map(rangeAddress) });
  const n = ws.endpoints.length;
  const sets: PortSet[] = [];
  const setIds = new Map<string, number>();
  const intern = (set: PortSet) => {
    const key = formatPortSet(set);
    let id = setIds.get(key);
    if (id === undefined) setIds.set(key, (id = sets.push(set) - 1));
    return id;
  };
  const cells = new Int32Array(n * n).fill(-1);
  // Where neither the source is isolated for egress nor the destination for ingress, pairPorts answers every
  // port: asked only for the other pairs (most of a large workspace's pairs are the first kind).
  const all = intern(ALL_PORTS);
  const egressFree = ws.endpoints.map((e) => ws.policiesFor(e.id, 'Egress').length === 0 && ws.clusterPoliciesFor(e.id, 'Egress').length === 0);
  const ingressFree = ws.endpoints.map((e) => ws.policiesFor(e.id, 'Ingress').length === 0 && ws.clusterPoliciesFor(e.id, 'Ingress').length === 0);
  const inputs = tableInputs(ws, options);
  const previous = tableOptions.previous?.inputs.shape === inputs.shape ? tableOptions.previous : undefined;
  const carried = previous ? previous.sets.map(intern) : [];
  for (let a = 0; a < n; a++) {
    const sameEgress = previous !== undefined && previous.inputs.egress[a] === inputs.egress[a];
    for (let b = 0; b < n; b++) {
      if (ws.endpoints[a]!.external && ws.endpoints[b]!.external) continue;
      if (sameEgress && previous.inputs.ingress[b] === inputs.ingress[b]) cells[a * n + b] = carried[previous.cells[a * n + b]!]!;
      else cells[a * n + b] = egressFree[a] && ingressFree[b] ? all : intern(pairPorts(ws, ws.endpoints[a]!, ws.endpoints[b]!).ports);
    }
  }
  // Pods of one owner are one workload when they behave alike; pods that differ stay themselves.
  const groups = new Map<string, { kind: string; members: Endpoint[] }>();
  for (const e of ws.workloads()) {
    const owner = ownerOf(e) ?? { name: e.key, kind: e.workload!.kind };
    const group = groups.get(owner.name);
    if (group) group.members.push(e);
    else groups.set(owner.name, { kind: owner.kind, members: [e] });
  }
  const workloads: ConnEndpoint[] = [];
  const describe = (name: string, kind: string, e: Endpoint, members: readonly Endpoint[]): ConnEndpoint => ({
    name,
    kind,
    ...(e.namespace !== undefined ? { namespace: e.namespace } : {}),
    ...(e.workload && e.workload.uri !== dnsFile?.uri ? { file: e.workload.uri } : {}),
    endpoint: e.id,
    members: members.map((m) => m.id),
  });
  for (const [name, { kind, members }] of groups) {
    const first = members[0]!;
    if (members.every((m) => sameLine(cells, n, first.id, m.id))) workloads.push(describe(name, members.length === 1 ? first.workload!.kind : kind, first, members));
    else for (const m of members) workloads.push(describe(m.key, m.workload!.kind, m, [m]));
  }
  workloads.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const rangeEndpoints = ranges.map((_, i) => ws.workloadCount + i);
  return { ws, workloads, ranges, rangeEndpoints, sets, cells, inputs };
}

/** An allowed (or, in a diff, changed) set of connections from one endpoint to another. */
export interface Connection {
  readonly from: string;
  readonly to: string;
  readonly ports: PortSet;
  /** The engine's endpoints standing for each side, to ask `pairPorts` which rules decide. */
  readonly fromEndpoint: number;
  readonly toEndpoint: number;
}

/**
 * The connections of a table of sides: `workloads` (sorted by name) then the ranges, `cell(from, to)` the
 * index in `sets` of the ports between two sides (by index: a workload's, or `workloads.length` plus a
 * range's), -1 for none. Self-pairs are left out; for each workload and direction, ranges next to each
 * other with the same set are merged into one. Sorted by source then destination (workloads by name,
 * then ranges by address).
 */
export function listConnections(
  workloads: readonly ConnEndpoint[],
  table: Pick<ConnectionTable, 'ranges' | 'rangeEndpoints'>,
  sets: readonly PortSet[],
  cell: (from: number, to: number) => number,
): Connection[] {
  const w = workloads.length;
  const { ranges, rangeEndpoints } = table;
  const r = ranges.length;
  const out: Connection[] = [];
  const inward: { key: number; connection: Connection }[] = [];
  /** Runs of ranges with the same set, as [first, last, set]. */
  const runs = (at: (range: number) => number): [number, number, number][] => {
    const found: [number, number, number][] = [];
    let i = 0;
    while (i < r) {
      const id = at(i);
      let j = i;
      while (j + 1 < r && ranges[j + 1]!.family === ranges[i]!.family && at(j + 1) === id) j++;
      if (id >= 0) found.push([i, j, id]);
      i = j + 1;
    }
    return found;
  };
  const rangeName = (i: number, j: number) => rangeText({ family: ranges[i]!.family, start: ranges[i]!.start, end: ranges[j]!.end });
  for (let a = 0; a < w; a++) {
    const from = workloads[a]!;
    for (let b = 0; b < w; b++) {
      if (a === b) continue;
      const id = cell(a, b);
      if (id >= 0) out.push({ from: from.name, to: workloads[b]!.name, ports: sets[id]!, fromEndpoint: from.endpoint, toEndpoint: workloads[b]!.endpoint });
    }
    for (const [i, j, id] of runs((range) => cell(a, w + range))) {
      out.push({ from: from.name, to: rangeName(i, j), ports: sets[id]!, fromEndpoint: from.endpoint, toEndpoint: rangeEndpoints[i]! });
    }
    for (const [i, j, id] of runs((range) => cell(w + range, a))) {
      inward.push({ key: i * w + a, connection: { from: rangeName(i, j), to: from.name, ports: sets[id]!, fromEndpoint: rangeEndpoints[i]!, toEndpoint: from.endpoint } });
    }
  }
  inward.sort((x, y) => x.key - y.key);
  for (const { connection } of inward) out.push(connection);
  return out;
}

/** Every allowed connection of the table, ranges merged: what `connlist` prints. */
export function connections(table: ConnectionTable): Connection[] {
  const n = table.ws.endpoints.length;
  const w = table.workloads.length;
  const sides = [...table.workloads.map((x) => x.endpoint), ...table.rangeEndpoints];
  const empty = table.sets.map(isEmptyPortSet);
  return listConnections(table.workloads, table, table.sets, (from, to) => {
    // Two ranges: never asked (listConnections pairs a workload with a range at most).
    if (from >= w && to >= w) return -1;
    const id = table.cells[sides[from]! * n + sides[to]!]!;
    return id < 0 || empty[id] ? -1 : id;
  });
}

/** The rules on both ends that decide a connection (from `pairPorts`): for the markdown of a diff and for exposure. */
export function decidingRules(table: ConnectionTable, fromEndpoint: number, toEndpoint: number): PairPorts {
  return pairPorts(table.ws, table.ws.endpoints[fromEndpoint]!, table.ws.endpoints[toEndpoint]!);
}

/** The endpoints a list of connections names, with kind and file (ranges as `IPRange`). */
export function endpointsOf(table: ConnectionTable, list: readonly Connection[]): Omit<ConnEndpoint, 'endpoint' | 'members'>[] {
  const byName = new Map(table.workloads.map((w) => [w.name, w]));
  const names = new Set<string>();
  for (const c of list) names.add(c.from).add(c.to);
  return [...names].sort().map((name) => {
    const w = byName.get(name);
    if (!w) return { name, kind: 'IPRange' };
    return { name: w.name, kind: w.kind, ...(w.namespace !== undefined ? { namespace: w.namespace } : {}), ...(w.file !== undefined ? { file: w.file } : {}) };
  });
}
