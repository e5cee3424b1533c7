import * as l10n from '../l10n/t';
import type { ConnectivityEdge, ConnectivityLine, ConnectivityNode, ConnectivityPictureOf, ConnectivityPortSet } from '../../../../shared/protocol';
import { formatFieldPath } from '../parse/fieldPath';
import { nodeSpan } from '../parse/yamlFile';
import type { PortSet } from './portSets';
import { OUTSIDE_GROUP } from './render';
import { formatPortSet, isEmptyPortSet, pairPorts } from './portSets';
import type { CompiledPolicy, CompiledRule, Endpoint, Workspace } from './workspace';

/**
 * The connectivity picture: every endpoint (workloads, well-known cluster endpoints, regions of the outside
 * world), the allowed port set of each pair, and the rules that allow it, as plain data for the view.
 */

export type NodeKind = ConnectivityNode['kind'];
export type PictureNode = ConnectivityNode;
export type PicturePortSet = ConnectivityPortSet;
export type PictureEdge = ConnectivityEdge;
export type PictureLine = ConnectivityLine;

/** A rule that allows an edge, where it is in its file; the server turns `span` into a document range. */
export interface PictureRule {
  readonly uri: string;
  /** Offsets of the rule's node in its file. */
  readonly span: readonly [number, number];
  /** `shop/api spec.egress[0]` */
  readonly title: string;
}

/** The connectivity picture of a workspace: the shape the server sends (shared/protocol.ts), with offsets. */
export type Picture = ConnectivityPictureOf<PictureRule>;

/** What to call endpoints the workspace does not hold itself (well-known ones, outside regions), by key. */
export interface EndpointNames {
  readonly cluster: ReadonlyMap<string, string>;
  readonly external: ReadonlyMap<string, string>;
}

function node(e: Endpoint, names: EndpointNames): PictureNode {
  const cluster = names.cluster.get(e.key);
  const external = names.external.get(e.key);
  if (e.external) {
    const label = cluster ?? external ?? e.key;
    return { id: e.key, label, group: OUTSIDE_GROUP, kind: cluster ? 'cluster' : 'external', title: label === e.key ? e.key : l10n.t('{0} (probed at {1})', label, e.key) };
  }
  if (cluster) return { id: e.key, label: cluster, group: e.namespace ?? '', kind: 'cluster', title: l10n.t('{0}: not in this workspace, present in the cluster', cluster) };
  return { id: e.key, label: e.workload?.name ?? e.key, group: e.namespace ?? '', kind: 'workload', title: `${e.workload?.kind ?? 'workload'} ${e.key}` };
}

function portSetData(set: PortSet): PicturePortSet {
  const ranges: [string, number, number][] = [];
  for (const [protocol, list] of set.protocols) for (const [a, b] of list) ranges.push([protocol, a, b]);
  return { label: formatPortSet(set), all: set.all, ranges };
}

/**
 * The picture of the workspace, or with `focus` (an endpoint's index) of that endpoint's connections only:
 * its row and column, and the nodes its edges join. Self-connections are in the matrix, not drawn.
 */
export function connectivityPicture(ws: Workspace, names: EndpointNames, focus?: number): Picture {
  const n = ws.endpoints.length;
  const sets: PicturePortSet[] = [];
  const setIndex = new Map<string, number>();
  const rules: PictureRule[] = [];
  const ruleIndex = new Map<CompiledRule, number>();
  const intern = (set: PortSet) => {
    const data = portSetData(set);
    let i = setIndex.get(data.label);
    if (i === undefined) setIndex.set(data.label, (i = sets.push(data) - 1));
    return i;
  };
  const ruleOf = (policy: CompiledPolicy, rule: CompiledRule) => {
    let i = ruleIndex.get(rule);
    if (i === undefined) {
      const span = nodeSpan(policy.view.node(rule.field)) ?? nodeSpan(policy.view.source.node) ?? [0, 0];
      ruleIndex.set(rule, (i = rules.push({ uri: policy.uri, span, title: `${policy.key} ${formatFieldPath(rule.field)}` }) - 1));
    }
    return i;
  };
  const edges: PictureEdge[] = [];
  const joined = new Set<number>(focus === undefined ? [] : [focus]);
  const cell = (from: number, to: number): { set: number; rules: number[] } => {
    const source = ws.endpoints[from]!;
    const destination = ws.endpoints[to]!;
    if (source.external && destination.external) return { set: -1, rules: [] };
    const answer = pairPorts(ws, source, destination);
    const used = isEmptyPortSet(answer.ports) ? [] : [...answer.egress.rules, ...answer.ingress.rules].map((r) => ruleOf(r.policy, r.rule));
    const set = intern(answer.ports);
    if (from !== to && !isEmptyPortSet(answer.ports)) {
      edges.push({ from: source.key, to: destination.key, set, rules: used });
      joined.add(from).add(to);
    }
    return { set, rules: used };
  };
  const line = (at: (i: number) => { set: number; rules: number[] }): PictureLine => {
    const out = { sets: [] as number[], rules: [] as number[][] };
    for (let i = 0; i < n; i++) {
      const c = at(i);
      out.sets.push(c.set);
      out.rules.push(c.rules);
    }
    return out;
  };
  const rows = focus === undefined ? ws.endpoints.map((_, from) => ({ from, ...line((to) => cell(from, to)) })) : [{ from: focus, ...line((to) => cell(focus, to)) }];
  // The focused endpoint's column: its own cell is already in its row (and its edge drawn).
  const columns = focus === undefined ? [] : [{ to: focus, ...line((from) => (from === focus ? { set: rows[0]!.sets[focus]!, rules: [...rows[0]!.rules[focus]!] } : cell(from, focus))) }];
  const nodes = ws.endpoints.filter((_, i) => focus === undefined || joined.has(i)).map((e) => node(e, names));
  return { nodes, edges, sets, rules, endpoints: ws.endpoints.map((e) => e.key), rows, columns };
}
