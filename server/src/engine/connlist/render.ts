import * as l10n from '../l10n/t';
import type { PortSet } from '../reach/portSets';
import { MAX_PORT, MIN_PORT, PORT_PROTOCOLS } from '../reach/portSets';
import { OUTSIDE_GROUP } from '../reach/render';
import type { Connection, ConnEndpoint } from './connections';

/** The outputs of `connlist`: text, JSON, CSV, Markdown, Graphviz dot and Mermaid, from one list of connections. */

export type PortRangeJson = { readonly protocol: string; readonly from: number; readonly to: number };

function isAll(set: PortSet): boolean {
  if (set.all) return true;
  if (set.protocols.size !== PORT_PROTOCOLS.length) return false;
  return PORT_PROTOCOLS.every((p) => {
    const ranges = set.protocols.get(p);
    return ranges?.length === 1 && ranges[0]![0] === MIN_PORT && ranges[0]![1] === MAX_PORT;
  });
}

function protocolOrder(set: PortSet): string[] {
  const known = PORT_PROTOCOLS.filter((p) => set.protocols.has(p));
  return [...known, ...[...set.protocols.keys()].filter((p) => !PORT_PROTOCOLS.includes(p)).sort()];
}

/** `all`, or per protocol its ranges: `TCP 80,443,8000-8080; UDP 53`. */
export function portsText(set: PortSet): string {
  if (isAll(set)) return 'all';
  if (set.protocols.size === 0) return 'none';
  return protocolOrder(set)
    .map((p) => `${p} ${set.protocols.get(p)!.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',')}`)
    .join('; ');
}

/** `"all"`, or `[{"protocol":"TCP","from":80,"to":80}, ...]`. */
export function portsJson(set: PortSet): 'all' | PortRangeJson[] {
  if (isAll(set)) return 'all';
  return protocolOrder(set).flatMap((protocol) => set.protocols.get(protocol)!.map(([from, to]) => ({ protocol, from, to })));
}

export type EndpointInfo = Omit<ConnEndpoint, 'endpoint' | 'members'>;

export function connectionsJson(list: readonly Connection[], endpoints: readonly EndpointInfo[]): string {
  const body = {
    version: 1,
    connections: list.map((c) => ({ from: c.from, to: c.to, ports: portsJson(c.ports) })),
    endpoints,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export function connectionsText(list: readonly Connection[]): string {
  if (list.length === 0) return `${l10n.t('no connection is allowed')}\n`;
  return list.map((c) => `${c.from} => ${c.to} : ${portsText(c.ports)}\n`).join('');
}

export function csvField(text: string): string {
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function connectionsCsv(list: readonly Connection[]): string {
  return ['from,to,ports\n', ...list.map((c) => `${csvField(c.from)},${csvField(c.to)},${csvField(portsText(c.ports))}\n`)].join('');
}

/** A Markdown table cell: pipes and line breaks would end the cell. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function connectionsMarkdown(list: readonly Connection[]): string {
  if (list.length === 0) return `${l10n.t('No connection is allowed.')}\n`;
  const rows = list.map((c) => `| ${mdCell(c.from)} | ${mdCell(c.to)} | ${mdCell(portsText(c.ports))} |`);
  return [l10n.t('| From | To | Ports |'), '| --- | --- | --- |', ...rows, ''].join('\n');
}

interface Node {
  readonly id: string;
  readonly label: string;
  readonly group: string;
  readonly external: boolean;
}

function graphNodes(list: readonly Connection[], endpoints: readonly EndpointInfo[]): Map<string, Node[]> {
  const byName = new Map(endpoints.map((e) => [e.name, e]));
  const groups = new Map<string, Node[]>();
  const seen = new Set<string>();
  for (const c of list) {
    for (const name of [c.from, c.to]) {
      if (seen.has(name)) continue;
      seen.add(name);
      const info = byName.get(name);
      const external = !info || info.kind === 'IPRange';
      const group = external ? OUTSIDE_GROUP : (info.namespace ?? '');
      const label = external || info.namespace === undefined ? name : name.slice(info.namespace.length + 1);
      (groups.get(group) ?? groups.set(group, []).get(group)!).push({ id: name, label, group, external });
    }
  }
  return groups;
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Graphviz: one cluster per namespace, the outside ranges apart, an edge per connection labelled with its ports. */
export function connectionsDot(list: readonly Connection[], endpoints: readonly EndpointInfo[]): string {
  const lines = ['digraph connlist {', '  rankdir=LR;', '  node [shape=box, style=rounded];'];
  let i = 0;
  for (const [group, nodes] of graphNodes(list, endpoints)) {
    lines.push(`  subgraph cluster_${i++} {`, `    label=${dotString(group === OUTSIDE_GROUP ? group : `namespace ${group}`)};`);
    for (const node of nodes) lines.push(`    ${dotString(node.id)} [label=${dotString(node.label)}${node.external ? ', shape=ellipse' : ''}];`);
    lines.push('  }');
  }
  for (const c of list) lines.push(`  ${dotString(c.from)} -> ${dotString(c.to)} [label=${dotString(portsText(c.ports))}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function mermaidText(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

/** Mermaid flowchart: one subgraph per namespace; node ids are generated (names hold `/` and `.`). */
export function connectionsMermaid(list: readonly Connection[], endpoints: readonly EndpointInfo[]): string {
  const groups = graphNodes(list, endpoints);
  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  let i = 0;
  for (const [group, nodes] of groups) {
    lines.push(`  subgraph g${i++}[${mermaidText(group === OUTSIDE_GROUP ? group : `namespace ${group}`)}]`);
    for (const node of nodes) {
      const id = `n${ids.size}`;
      ids.set(node.id, id);
      lines.push(`    ${id}${node.external ? '((' : '['}${mermaidText(node.label)}${node.external ? '))' : ']'}`);
    }
    lines.push('  end');
  }
  for (const c of list) lines.push(`  ${ids.get(c.from)!} -->|${mermaidText(portsText(c.ports))}| ${ids.get(c.to)!}`);
  return `${lines.join('\n')}\n`;
}
