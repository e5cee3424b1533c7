import { formatFieldPath } from '../parse/fieldPath';
import type { FileManifests } from '../reach/manifests';
import type { PortRanges, PortSet } from '../reach/portSets';
import { intersectPortSets, isEmptyPortSet, MAX_PORT, MIN_PORT, NO_PORTS, PORT_PROTOCOLS } from '../reach/portSets';
import type { WorkspaceOptions } from '../reach/workspace';
import type { DnsTarget } from '../model/dns';
import { connectionTable, decidingRules, mergeRanges } from './connections';
import type { Connection, ConnectionTable, ConnEndpoint, RawConnection, Side } from './connections';
import { csvField, mdCell, portsJson, portsText } from './render';

/**
 * What a change does to who can talk to whom: both workspaces' connection sets on the same address ranges
 * (cut at the ipBlocks of both), compared pair by pair. `added` is what NEW allows and OLD did not (per pair,
 * the difference of the port sets), `removed` the converse.
 */

function subtractRanges(a: PortRanges, b: PortRanges): [number, number][] {
  const out: [number, number][] = [];
  for (const [lo, hi] of a) {
    let at = lo;
    for (const [blo, bhi] of b) {
      if (bhi < at || blo > hi) continue;
      if (blo > at) out.push([at, blo - 1]);
      at = Math.max(at, bhi + 1);
      if (at > hi) break;
    }
    if (at <= hi) out.push([at, hi]);
  }
  return out;
}

function explicit(set: PortSet): ReadonlyMap<string, PortRanges> {
  return set.all ? new Map(PORT_PROTOCOLS.map((p) => [p, [[MIN_PORT, MAX_PORT]] as PortRanges])) : set.protocols;
}

/** The (protocol, port) pairs of `a` that are not in `b`. */
export function subtractPortSets(a: PortSet, b: PortSet): PortSet {
  if (b.all) return NO_PORTS;
  const protocols = new Map<string, PortRanges>();
  for (const [protocol, ranges] of explicit(a)) {
    const left = subtractRanges(ranges, b.protocols.get(protocol) ?? []);
    if (left.length > 0) protocols.set(protocol, left);
  }
  return { all: false, protocols };
}

/** The `cidr` and `except` texts of every NetworkPolicy's ipBlocks in the files, read without compiling. */
export function fileBlockTexts(files: readonly FileManifests[]): string[] {
  const texts = new Set<string>();
  for (const file of files) {
    for (const view of file.policies) {
      const spec = view.object.spec;
      for (const rule of [...(spec?.ingress ?? []), ...(spec?.egress ?? [])]) {
        const peers = [...(('from' in rule ? rule.from : undefined) ?? []), ...(('to' in rule ? rule.to : undefined) ?? [])];
        for (const peer of peers) {
          if (typeof peer?.ipBlock?.cidr !== 'string') continue;
          texts.add(peer.ipBlock.cidr);
          for (const e of peer.ipBlock.except ?? []) if (typeof e === 'string') texts.add(e);
        }
      }
    }
  }
  return [...texts];
}

export interface ConnectivityDiff {
  readonly old: ConnectionTable;
  readonly new: ConnectionTable;
  /** Connections of NEW's table (its endpoints stand for them). */
  readonly added: readonly Connection[];
  /** Connections of OLD's table. */
  readonly removed: readonly Connection[];
}

/** A diff of two already built tables on the same ranges (`diffWorkspaces` builds them so). */
export function diffTables(oldTable: ConnectionTable, newTable: ConnectionTable): ConnectivityDiff {
  const oldByName = new Map(oldTable.workloads.map((w) => [w.name, w]));
  const newByName = new Map(newTable.workloads.map((w) => [w.name, w]));
  const names = [...new Set([...oldByName.keys(), ...newByName.keys()])];
  const rangeCount = newTable.ranges.length;
  const cell = (table: ConnectionTable, from: number | undefined, to: number | undefined): PortSet => {
    if (from === undefined || to === undefined) return NO_PORTS;
    const id = table.cells[from * table.ws.endpoints.length + to]!;
    return id < 0 ? NO_PORTS : table.sets[id]!;
  };
  const added: RawConnection[] = [];
  const removed: RawConnection[] = [];
  const compare = (oldFrom: number | undefined, oldTo: number | undefined, newFrom: number | undefined, newTo: number | undefined, sides: (table: 'old' | 'new') => [Side, Side] | undefined) => {
    const before = cell(oldTable, oldFrom, oldTo);
    const after = cell(newTable, newFrom, newTo);
    const plus = subtractPortSets(after, before);
    const minus = subtractPortSets(before, after);
    if (!isEmptyPortSet(plus)) {
      const [from, to] = sides('new')!;
      added.push({ from, to, ports: plus });
    }
    if (!isEmptyPortSet(minus)) {
      const [from, to] = sides('old')!;
      removed.push({ from, to, ports: minus });
    }
  };
  const side = (table: 'old' | 'new', name: string): Side => ({ workload: (table === 'old' ? oldByName : newByName).get(name)! });
  for (const from of names) {
    const o = oldByName.get(from);
    const n = newByName.get(from);
    for (const to of names) {
      if (to === from) continue;
      compare(o?.endpoint, oldByName.get(to)?.endpoint, n?.endpoint, newByName.get(to)?.endpoint, (t) => [side(t, from), side(t, to)]);
    }
    for (let r = 0; r < rangeCount; r++) {
      const oldRange = oldTable.rangeEndpoints[r];
      const newRange = newTable.rangeEndpoints[r];
      compare(o?.endpoint, oldRange, n?.endpoint, newRange, (t) => [side(t, from), { range: r }]);
      compare(oldRange, o?.endpoint, newRange, n?.endpoint, (t) => [{ range: r }, side(t, from)]);
    }
  }
  return { old: oldTable, new: newTable, added: mergeRanges(added, newTable), removed: mergeRanges(removed, oldTable) };
}

export interface DiffOptions {
  readonly dns?: DnsTarget;
}

/** Both workspaces' tables, cut at the ipBlocks of both, and what changed. */
export function diffWorkspaces(oldFiles: readonly FileManifests[], newFiles: readonly FileManifests[], options: WorkspaceOptions, diffOptions: DiffOptions = {}): ConnectivityDiff {
  const oldBlocks = fileBlockTexts(oldFiles);
  const newBlocks = fileBlockTexts(newFiles);
  const dns = diffOptions.dns ? { dns: diffOptions.dns } : {};
  const oldTable = connectionTable(oldFiles, options, { extraBlocks: newBlocks, ...dns });
  const newTable = connectionTable(newFiles, options, { extraBlocks: oldBlocks, ...dns });
  return diffTables(oldTable, newTable);
}

/** Why the change: the rules that now allow an added connection, or that allowed a removed one and what stops it now. */
export function changeReasons(diff: ConnectivityDiff, change: Connection, kind: 'added' | 'removed'): string[] {
  const table = kind === 'added' ? diff.new : diff.old;
  const answer = decidingRules(table, change.fromEndpoint, change.toEndpoint);
  const out: string[] = [];
  const describe = (direction: 'egress' | 'ingress', end: string) => {
    const verdict = answer[direction];
    if (!verdict.isolated) {
      if (!table.ws.endpoints[direction === 'egress' ? change.fromEndpoint : change.toEndpoint]!.external) out.push(`${end} ${kind === 'added' ? 'is' : 'was'} not isolated for ${direction}`);
      return;
    }
    for (const r of verdict.rules) if (!isEmptyPortSet(intersectPortSets(r.ports, change.ports))) out.push(`${kind === 'added' ? 'allowed by' : 'was allowed by'} ${r.policy.key} ${formatFieldPath(r.rule.field)}`);
  };
  describe('egress', change.from);
  describe('ingress', change.to);
  if (kind === 'removed') {
    // What stops it in NEW: the isolating policies of the ends whose rules no longer cover these ports.
    const newEnd = (name: string, endpoint: number): number | undefined => {
      if (diff.old.ws.endpoints[endpoint]!.external) return diff.new.rangeEndpoints[diff.old.rangeEndpoints.indexOf(endpoint)];
      return diff.new.workloads.find((w: ConnEndpoint) => w.name === name)?.endpoint;
    };
    const from = newEnd(change.from, change.fromEndpoint);
    const to = newEnd(change.to, change.toEndpoint);
    if (from === undefined || to === undefined) out.push(`${from === undefined ? change.from : change.to} is gone`);
    else {
      const now = decidingRules(diff.new, from, to);
      for (const direction of ['egress', 'ingress'] as const) {
        const verdict = now[direction];
        const denied = subtractPortSets(change.ports, verdict.ports);
        if (!verdict.isolated || isEmptyPortSet(denied)) continue;
        const end = direction === 'egress' ? change.from : change.to;
        const by = [...new Set(diff.new.ws.policiesFor(direction === 'egress' ? from : to, direction === 'egress' ? 'Egress' : 'Ingress').map((p) => p.key))].join(', ');
        out.push(`${end} ${direction} isolated by ${by}; no rule allows ${portsText(denied)}`);
      }
    }
  }
  return out;
}

/** `+ a => b : TCP 80` and `- a => b : all`, added first. */
export function diffText(diff: ConnectivityDiff): string {
  if (diff.added.length === 0 && diff.removed.length === 0) return 'no change in connectivity\n';
  return [...diff.added.map((c) => `+ ${c.from} => ${c.to} : ${portsText(c.ports)}\n`), ...diff.removed.map((c) => `- ${c.from} => ${c.to} : ${portsText(c.ports)}\n`)].join('');
}

export function diffJson(diff: ConnectivityDiff): string {
  const items = (list: readonly Connection[]) => list.map((c) => ({ from: c.from, to: c.to, ports: portsJson(c.ports) }));
  return `${JSON.stringify({ version: 1, added: items(diff.added), removed: items(diff.removed) }, null, 2)}\n`;
}

export function diffCsv(diff: ConnectivityDiff): string {
  const row = (change: string, c: Connection) => `${change},${csvField(c.from)},${csvField(c.to)},${csvField(portsText(c.ports))}\n`;
  return ['change,from,to,ports\n', ...diff.added.map((c) => row('added', c)), ...diff.removed.map((c) => row('removed', c))].join('');
}

/** A table for a pull-request comment, with the policies and rules behind each change. */
export function diffMarkdown(diff: ConnectivityDiff): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const title = `**Connectivity changes**: ${count(diff.added.length, 'connection set')} added, ${diff.removed.length} removed`;
  if (diff.added.length === 0 && diff.removed.length === 0) return '**Connectivity changes**: none.\n';
  const row = (kind: 'added' | 'removed', c: Connection) =>
    `| ${kind === 'added' ? '➕ added' : '➖ removed'} | ${mdCell(c.from)} | ${mdCell(c.to)} | ${mdCell(portsText(c.ports))} | ${mdCell(changeReasons(diff, c, kind).join('; '))} |`;
  return [title, '', '| Change | From | To | Ports | Because |', '| --- | --- | --- | --- | --- |', ...diff.added.map((c) => row('added', c)), ...diff.removed.map((c) => row('removed', c)), ''].join('\n');
}
