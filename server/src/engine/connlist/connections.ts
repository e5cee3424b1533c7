import type { DnsTarget } from '../model/dns';
import type { FileManifests } from '../reach/manifests';
import type { PairPorts, PortSet } from '../reach/portSets';
import { formatPortSet, isEmptyPortSet, pairPorts } from '../reach/portSets';
import { wellKnownAdditions } from '../reach/wellKnown';
import { Workspace } from '../reach/workspace';
import type { Endpoint, WorkspaceOptions } from '../reach/workspace';
import { addressRanges, ipBlockTexts, rangeAddress, rangeText } from './addressRanges';
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
}

export interface TableOptions {
  /** ipBlock texts of another workspace to cut the ranges at too (diff: both sides on the same ranges). */
  readonly extraBlocks?: readonly string[];
  /** The cluster DNS to stand in for when the workspace does not hold it (as `reach` and the view do). */
  readonly dns?: DnsTarget;
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
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (ws.endpoints[a]!.external && ws.endpoints[b]!.external) continue;
      cells[a * n + b] = intern(pairPorts(ws, ws.endpoints[a]!, ws.endpoints[b]!).ports);
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
  return { ws, workloads, ranges, rangeEndpoints, sets, cells };
}

/** One side of a connection before ranges are merged: a workload, or a range by its index. */
export type Side = { readonly workload: ConnEndpoint } | { readonly range: number };

/** An allowed (or, in a diff, changed) set of connections from one endpoint to another. */
export interface Connection {
  readonly from: string;
  readonly to: string;
  readonly ports: PortSet;
  /** The engine's endpoints standing for each side, to ask `pairPorts` which rules decide. */
  readonly fromEndpoint: number;
  readonly toEndpoint: number;
}

export interface RawConnection {
  readonly from: Side;
  readonly to: Side;
  readonly ports: PortSet;
}

/** The pairs of the table with a nonempty port set, self-pairs left out, ranges not yet merged. */
export function rawConnections(table: ConnectionTable): RawConnection[] {
  const n = table.ws.endpoints.length;
  const sides: { side: Side; endpoint: number }[] = [
    ...table.workloads.map((w) => ({ side: { workload: w }, endpoint: w.endpoint })),
    ...table.rangeEndpoints.map((endpoint, range) => ({ side: { range }, endpoint })),
  ];
  const out: RawConnection[] = [];
  for (const from of sides) {
    for (const to of sides) {
      if (from === to) continue;
      const id = table.cells[from.endpoint * n + to.endpoint]!;
      if (id < 0 || isEmptyPortSet(table.sets[id]!)) continue;
      out.push({ from: from.side, to: to.side, ports: table.sets[id]! });
    }
  }
  return out;
}

/** The workload side's name, or undefined for a range. */
function workloadName(side: Side): string | undefined {
  return 'workload' in side ? side.workload.name : undefined;
}

/**
 * Merges, for each workload and direction, the ranges next to each other that have the same port set,
 * and names every side; sorted by source then destination (workloads by name, then ranges by address).
 */
export function mergeRanges(raw: readonly RawConnection[], table: Pick<ConnectionTable, 'ranges' | 'rangeEndpoints'>): Connection[] {
  const runs = new Map<string, { fixed: Side; outward: boolean; ports: PortSet; indexes: number[] }>();
  const out: { connection: Connection; order: [string, string] }[] = [];
  const orderOf = (side: Side) => ('workload' in side ? `0${side.workload.name}` : `1${String(side.range).padStart(8, '0')}`);
  for (const c of raw) {
    const external = 'range' in c.to ? c.to : 'range' in c.from ? c.from : undefined;
    if (!external || !('range' in external)) {
      const from = c.from as { workload: ConnEndpoint };
      const to = c.to as { workload: ConnEndpoint };
      out.push({ connection: { from: from.workload.name, to: to.workload.name, ports: c.ports, fromEndpoint: from.workload.endpoint, toEndpoint: to.workload.endpoint }, order: [orderOf(c.from), orderOf(c.to)] });
      continue;
    }
    const outward = 'range' in c.to;
    const fixed = outward ? c.from : c.to;
    const key = `${outward ? '>' : '<'}${workloadName(fixed)}\u0000${formatPortSet(c.ports)}`;
    const run = runs.get(key) ?? runs.set(key, { fixed, outward, ports: c.ports, indexes: [] }).get(key)!;
    run.indexes.push(external.range);
  }
  for (const run of runs.values()) {
    const indexes = [...run.indexes].sort((a, b) => a - b);
    let i = 0;
    while (i < indexes.length) {
      let j = i;
      while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1 && table.ranges[indexes[j + 1]!]!.family === table.ranges[indexes[j]!]!.family) j++;
      const first = table.ranges[indexes[i]!]!;
      const last = table.ranges[indexes[j]!]!;
      const name = rangeText({ family: first.family, start: first.start, end: last.end });
      const fixed = (run.fixed as { workload: ConnEndpoint }).workload;
      const rangeEndpoint = table.rangeEndpoints[indexes[i]!]!;
      const rangeSide: Side = { range: indexes[i]! };
      out.push({
        connection: run.outward
          ? { from: fixed.name, to: name, ports: run.ports, fromEndpoint: fixed.endpoint, toEndpoint: rangeEndpoint }
          : { from: name, to: fixed.name, ports: run.ports, fromEndpoint: rangeEndpoint, toEndpoint: fixed.endpoint },
        order: run.outward ? [orderOf(run.fixed), orderOf(rangeSide)] : [orderOf(rangeSide), orderOf(run.fixed)],
      });
      i = j + 1;
    }
  }
  out.sort((x, y) => (x.order[0] < y.order[0] ? -1 : x.order[0] > y.order[0] ? 1 : x.order[1] < y.order[1] ? -1 : x.order[1] > y.order[1] ? 1 : 0));
  return out.map((o) => o.connection);
}

/** Every allowed connection of the table, ranges merged: what `connlist` prints. */
export function connections(table: ConnectionTable): Connection[] {
  return mergeRanges(rawConnections(table), table);
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
