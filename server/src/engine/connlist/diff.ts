import * as l10n from '../l10n/t';
import { formatFieldPath } from '../parse/fieldPath';
import type { FileManifests } from '../reach/manifests';
import type { PortRanges, PortSet } from '../reach/portSets';
import { formatPortSet, intersectPortSets, isEmptyPortSet, MAX_PORT, MIN_PORT, NO_PORTS, PORT_PROTOCOLS } from '../reach/portSets';
import type { WorkspaceOptions } from '../reach/workspace';
import type { DnsTarget } from '../model/dns';
import { connectionTable, decidingRules, listConnections } from './connections';
import type { Connection, ConnectionTable, ConnEndpoint } from './connections';
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
  const names = [...new Set([...oldByName.keys(), ...newByName.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const w = names.length;
  // Each side's engine endpoint in each table (-1 where the workload is not there); ranges are the same in both.
  const endpointsIn = (table: ConnectionTable, byName: Map<string, ConnEndpoint>) => [...names.map((name) => byName.get(name)?.endpoint ?? -1), ...table.rangeEndpoints];
  const oldSides = endpointsIn(oldTable, oldByName);
  const newSides = endpointsIn(newTable, newByName);
  const cellOf = (table: ConnectionTable, sides: number[], from: number, to: number): number => {
    if ((from >= w && to >= w) || sides[from]! < 0 || sides[to]! < 0) return -1;
    return table.cells[sides[from]! * table.ws.endpoints.length + sides[to]!]!;
  };
  // Old set ids that are the same set as a new one: most pairs do not change, and are passed over without arithmetic.
  const newIds = new Map(newTable.sets.map((set, id) => [formatPortSet(set), id]));
  const same = oldTable.sets.map((set) => newIds.get(formatPortSet(set)) ?? -2);
  const sets: PortSet[] = [];
  const interned = new Map<string, number>();
  const intern = (set: PortSet) => {
    if (isEmptyPortSet(set)) return -1;
    const key = formatPortSet(set);
    let id = interned.get(key);
    if (id === undefined) interned.set(key, (id = sets.push(set) - 1));
    return id;
  };
  const memo = new Map<number, readonly [number, number]>();
  const change = (from: number, to: number): readonly [number, number] => {
    const before = cellOf(oldTable, oldSides, from, to);
    const after = cellOf(newTable, newSides, from, to);
    if (before >= 0 && same[before] === after) return [-1, -1];
    const key = (before + 1) * (newTable.sets.length + 1) + (after + 1);
    let found = memo.get(key);
    if (!found) {
      const old = before < 0 ? NO_PORTS : oldTable.sets[before]!;
      const now = after < 0 ? NO_PORTS : newTable.sets[after]!;
      memo.set(key, (found = [intern(subtractPortSets(now, old)), intern(subtractPortSets(old, now))]));
    }
    return found;
  };
  // Added connections stand for NEW's endpoints, removed ones for OLD's (a side missing there has no change of that kind).
  const sidesFor = (primary: Map<string, ConnEndpoint>, other: Map<string, ConnEndpoint>) => names.map((name) => primary.get(name) ?? other.get(name)!);
  return {
    old: oldTable,
    new: newTable,
    added: listConnections(sidesFor(newByName, oldByName), newTable, sets, (from, to) => change(from, to)[0]),
    removed: listConnections(sidesFor(oldByName, newByName), oldTable, sets, (from, to) => change(from, to)[1]),
  };
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
  const newTable = connectionTable(newFiles, options, { extraBlocks: oldBlocks, ...dns, previous: oldTable });
  return diffTables(oldTable, newTable);
}

/** `a is (was) not isolated for egress (ingress)`. */
function notIsolatedText(end: string, direction: 'egress' | 'ingress', kind: 'added' | 'removed'): string {
  if (kind === 'added') return direction === 'egress' ? l10n.t('{0} is not isolated for egress', end) : l10n.t('{0} is not isolated for ingress', end);
  return direction === 'egress' ? l10n.t('{0} was not isolated for egress', end) : l10n.t('{0} was not isolated for ingress', end);
}

/** Why the change: the rules that now allow an added connection, or that allowed a removed one and what stops it now. */
export function changeReasons(diff: ConnectivityDiff, change: Connection, kind: 'added' | 'removed'): string[] {
  const table = kind === 'added' ? diff.new : diff.old;
  const answer = decidingRules(table, change.fromEndpoint, change.toEndpoint);
  const out: string[] = [];
  const describe = (direction: 'egress' | 'ingress', end: string) => {
    const verdict = answer[direction];
    if (!verdict.isolated) {
      if (!table.ws.endpoints[direction === 'egress' ? change.fromEndpoint : change.toEndpoint]!.external) out.push(notIsolatedText(end, direction, kind));
      return;
    }
    for (const r of verdict.rules) if (!isEmptyPortSet(intersectPortSets(r.ports, change.ports))) out.push(kind === 'added' ? l10n.t('allowed by {0} {1}', r.policy.key, formatFieldPath(r.rule.field)) : l10n.t('was allowed by {0} {1}', r.policy.key, formatFieldPath(r.rule.field)));
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
    if (from === undefined || to === undefined) out.push(l10n.t('{0} is gone', from === undefined ? change.from : change.to));
    else {
      const now = decidingRules(diff.new, from, to);
      for (const direction of ['egress', 'ingress'] as const) {
        const verdict = now[direction];
        const denied = subtractPortSets(change.ports, verdict.ports);
        if (!verdict.isolated || isEmptyPortSet(denied)) continue;
        const end = direction === 'egress' ? change.from : change.to;
        const by = [...new Set(diff.new.ws.policiesFor(direction === 'egress' ? from : to, direction === 'egress' ? 'Egress' : 'Ingress').map((p) => p.key))].join(', ');
        const isolated = direction === 'egress' ? l10n.t('{0} egress isolated by {1}', end, by) : l10n.t('{0} ingress isolated by {1}', end, by);
        out.push(portsText(denied) === 'all' ? l10n.t('{0}; no rule allows it', isolated) : l10n.t('{0}; no rule allows {1}', isolated, portsText(denied)));
      }
    }
  }
  return out;
}

/** `+ a => b : TCP 80` and `- a => b : all`, added first. */
export function diffText(diff: ConnectivityDiff): string {
  if (diff.added.length === 0 && diff.removed.length === 0) return `${l10n.t('no change in connectivity')}\n`;
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
  const title = l10n.t('**Connectivity changes**: {0} added, {1} removed', diff.added.length, diff.removed.length);
  if (diff.added.length === 0 && diff.removed.length === 0) return `${l10n.t('**Connectivity changes**: none.')}\n`;
  const row = (kind: 'added' | 'removed', c: Connection) =>
    `| ${kind === 'added' ? l10n.t('➕ added') : l10n.t('➖ removed')} | ${mdCell(c.from)} | ${mdCell(c.to)} | ${mdCell(portsText(c.ports))} | ${mdCell(changeReasons(diff, c, kind).join('; '))} |`;
  return [title, '', l10n.t('| Change | From | To | Ports | Because |'), '| --- | --- | --- | --- | --- |', ...diff.added.map((c) => row('added', c)), ...diff.removed.map((c) => row('removed', c)), ''].join('\n');
}
