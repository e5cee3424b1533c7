import type { Matrix, PortQuery } from './evaluate';
import { UNKNOWN_CELL } from './evaluate';

/** `80/TCP`, one per probed port, in their order. */
export function portLabels(queries: readonly PortQuery[]): string[] {
  return queries.map((q) => `${q.port}/${q.protocol}`);
}

function governed(matrix: Matrix, from: number, to: number): boolean {
  return !(matrix.endpoints[from]!.external && matrix.endpoints[to]!.external);
}

/*
 * The tabular renderings, as pieces of text to write one after another (cli/output.ts). The output grows with
 * the square of the endpoints times the ports (300 MB of JSON for 500 workloads and 12 ports): made as one
 * string, or as an array of entries first, it takes gigabytes of memory.
 */

/**
 * The issue's JSON, `{"endpoints":[...],"entries":[{"from","to","port","protocol","allowed"}, ...]}` with
 * an entry per pair and port (pairs of two outside addresses left out), and a line break; a row of sources
 * at a time.
 */
export function* matrixJsonChunks(matrix: Matrix): Generator<string> {
  const n = matrix.endpoints.length;
  const keys = matrix.endpoints.map((e) => JSON.stringify(e.key));
  const tails = matrix.queries.map((q) => `,"port":${JSON.stringify(q.port)},"protocol":${JSON.stringify(q.protocol)},"allowed":`);
  yield `{"endpoints":[${keys.join(',')}],"entries":[`;
  let separator = '';
  for (let from = 0; from < n; from++) {
    let row = '';
    for (let to = 0; to < n; to++) {
      if (!governed(matrix, from, to)) continue;
      const head = `{"from":${keys[from]!},"to":${keys[to]!}`;
      for (let qi = 0; qi < tails.length; qi++) {
        row += `${separator}${head}${tails[qi]!}${cellJson(matrix.allowed[qi]![from * n + to]!)}}`;
        separator = ',';
      }
    }
    yield row;
  }
  yield ']}\n';
}

/** `true`, `false`, or `null` for a connection the workspace cannot decide (UNKNOWN_CELL). */
function cellJson(cell: number): string {
  return cell === 1 ? 'true' : cell === UNKNOWN_CELL ? 'null' : 'false';
}

/** One table per port, `.` allowed, `X` denied and `?` unknown, sources down and destinations across (the e2e suite's layout). */
export function* matrixTextChunks(matrix: Matrix): Generator<string> {
  const n = matrix.endpoints.length;
  const keys = matrix.endpoints.map((e) => e.key);
  const width = Math.max(1, ...keys.map((k) => k.length));
  const header = ['-'.padEnd(width), ...keys.map((k) => k.padEnd(width))].join(' ').trimEnd();
  if (matrix.queries.length === 0) yield '\n';
  const labels = portLabels(matrix.queries);
  for (let qi = 0; qi < labels.length; qi++) {
    yield `${qi > 0 ? '\n' : ''}${labels[qi]!}\n${header}\n`;
    for (let from = 0; from < n; from++) {
      const cells = keys.map((_, to) => (governed(matrix, from, to) ? (['X', '.', '?'][matrix.allowed[qi]![from * n + to]!] ?? 'X') : ' ').padEnd(width));
      yield `${[keys[from]!.padEnd(width), ...cells].join(' ').trimEnd()}\n`;
    }
  }
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `from,to,port,protocol,allowed`: a row per pair and port, as in the JSON. */
export function* matrixCsvChunks(matrix: Matrix): Generator<string> {
  const n = matrix.endpoints.length;
  const fields = matrix.endpoints.map((e) => csvField(e.key));
  const tails = matrix.queries.map((q) => `,${q.port},${q.protocol},`);
  yield 'from,to,port,protocol,allowed\n';
  for (let from = 0; from < n; from++) {
    let rows = '';
    for (let to = 0; to < n; to++) {
      if (!governed(matrix, from, to)) continue;
      for (let qi = 0; qi < tails.length; qi++) rows += `${fields[from]!},${fields[to]!}${tails[qi]!}${['false', 'true', 'unknown'][matrix.allowed[qi]![from * n + to]!] ?? 'false'}\n`;
    }
    yield rows;
  }
}

/** Workloads grouped by namespace, outside addresses apart, and one edge per allowed pair with its ports. */
export interface Graph {
  readonly nodes: readonly { id: string; label: string; group: string; external: boolean }[];
  readonly edges: readonly { from: string; to: string; ports: readonly string[] }[];
  readonly ports: readonly string[];
}

export const OUTSIDE_GROUP = '(outside the cluster)';

/**
 * The allowed edges of the matrix. A workload's connections to itself are left out of the picture.
 * With `focus` (an endpoint's index), only its own edges, and only the endpoints they join.
 */
export function matrixGraph(matrix: Matrix, focus?: number): Graph {
  const n = matrix.endpoints.length;
  const labels = portLabels(matrix.queries);
  const edges: { from: string; to: string; ports: string[] }[] = [];
  const joined = new Set<number>(focus === undefined ? [] : [focus]);
  const pair = (from: number, to: number) => {
    if (from === to || !governed(matrix, from, to)) return;
    const ports = labels.filter((_, qi) => matrix.allowed[qi]![from * n + to] === 1);
    if (ports.length === 0) return;
    edges.push({ from: matrix.endpoints[from]!.key, to: matrix.endpoints[to]!.key, ports });
    joined.add(from).add(to);
  };
  for (let from = 0; from < n; from++) {
    if (focus === undefined) for (let to = 0; to < n; to++) pair(from, to);
    else if (from === focus) for (let to = 0; to < n; to++) pair(from, to);
    else pair(from, focus);
  }
  const nodes = matrix.endpoints
    .filter((e, index) => focus === undefined || joined.has(index))
    .map((e) => ({
      id: e.key,
      label: e.external ? e.key : (e.workload ? `${e.workload.name}` : e.key),
      group: e.external ? OUTSIDE_GROUP : (e.namespace ?? ''),
      external: e.external,
    }));
  return { nodes, edges, ports: labels };
}

function groups(graph: Graph): Map<string, Graph['nodes'][number][]> {
  const out = new Map<string, Graph['nodes'][number][]>();
  for (const node of graph.nodes) (out.get(node.group) ?? out.set(node.group, []).get(node.group)!).push(node);
  return out;
}

function edgeLabel(ports: readonly string[], all: readonly string[]): string {
  return ports.length === all.length && all.length > 1 ? 'all probed ports' : ports.join(', ');
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Graphviz: one cluster per namespace. */
export function matrixDot(matrix: Matrix): string {
  const graph = matrixGraph(matrix);
  const lines = ['digraph connectivity {', '  rankdir=LR;', '  node [shape=box, style=rounded];'];
  let i = 0;
  for (const [group, nodes] of groups(graph)) {
    lines.push(`  subgraph cluster_${i++} {`, `    label=${dotString(group === OUTSIDE_GROUP ? group : `namespace ${group}`)};`);
    for (const node of nodes) lines.push(`    ${dotString(node.id)} [label=${dotString(node.label)}${node.external ? ', shape=ellipse' : ''}];`);
    lines.push('  }');
  }
  for (const edge of graph.edges) lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [label=${dotString(edgeLabel(edge.ports, graph.ports))}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function mermaidText(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

/** Mermaid flowchart: one subgraph per namespace. Node ids are generated: workload keys hold `/`. */
export function matrixMermaid(matrix: Matrix): string {
  const graph = matrixGraph(matrix);
  const ids = new Map(graph.nodes.map((node, index) => [node.id, `n${index}`]));
  const lines = ['flowchart LR'];
  let i = 0;
  for (const [group, nodes] of groups(graph)) {
    lines.push(`  subgraph g${i++}[${mermaidText(group === OUTSIDE_GROUP ? group : `namespace ${group}`)}]`);
    for (const node of nodes) lines.push(`    ${ids.get(node.id)!}${node.external ? '((' : '['}${mermaidText(node.label)}${node.external ? '))' : ']'}`);
    lines.push('  end');
  }
  for (const edge of graph.edges) lines.push(`  ${ids.get(edge.from)!} -->|${mermaidText(edgeLabel(edge.ports, graph.ports))}| ${ids.get(edge.to)!}`);
  return `${lines.join('\n')}\n`;
}
