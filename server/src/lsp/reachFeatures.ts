import * as l10n from '../engine/l10n/t';
import { CompletionItemKind } from 'vscode-languageserver';
import type { CodeLens, CompletionItem } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Settings } from '../engine';
import { defaultPortQueries, Workspace } from '../engine/reach';
import { addressString, parseAddress } from '../engine/net/cidr';
import { externalRegions } from '../engine/reach/externalRegions';
import { connectivityPicture } from '../engine/reach/picture';
import type { EndpointNames } from '../engine/reach/picture';
import { apiServerAddresses, wellKnownAdditions } from '../engine/reach/wellKnown';
import { labelCompletions, reachHover, reachLenses } from '../engine/reach/editor';
import type { ReachHoverPart } from '../engine/reach/editor';
import { portLabels } from '../engine/reach/render';
import type { WorkspaceIndex } from './workspaceIndex';
import { SHOW_WORKLOADS_COMMAND } from '../../../shared/protocol';
import type { ConnectivityParams, ConnectivityResult, WorkloadLocation } from '../../../shared/protocol';

/** Hover parts from the reach engine; the server joins them with other providers' parts. */
export function reachHoverParts(document: TextDocument, analysis: Analysis, index: WorkspaceIndex, settings: Settings, position: { line: number; character: number }): ReachHoverPart[] {
  const workspace = index.ready ? index.workspace(settings) : undefined;
  const offset = analysis.file.lines.offsetAt(position);
  if (document.getText() !== analysis.file.text) return [];
  // The index holds this document's latest analysed text (the caller made sure), so its policies are this text's.
  return reachHover(workspace, workspace ? workspace.viewsIn(document.uri) : analysis.policies, offset, settings.defaultNamespace, settings.dns);
}

export function reachCodeLenses(document: TextDocument, index: WorkspaceIndex, settings: Settings): CodeLens[] {
  if (!index.ready) return [];
  const workspace = index.workspace(settings);
  const views = workspace.viewsIn(document.uri);
  const files = new Map(workspace.files.map((f) => [f.uri, f]));
  return reachLenses(workspace, views).map((lens) => {
    const file = views[0]!.file;
    const range = file.lines.range(lens.span[0], lens.span[0]);
    if (!lens.workloads) return { range, command: { title: lens.title, command: '' } };
    const locations: WorkloadLocation[] = lens.workloads.map((w) => {
      const owner = files.get(w.uri);
      const at = owner ? owner.file.lines.range(w.span[0], w.span[1]) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { label: w.key, description: w.kind, uri: w.uri, range: at };
    });
    return { range, command: { title: lens.title, command: SHOW_WORKLOADS_COMMAND, arguments: [lens.title, locations] } };
  });
}

export function reachCompletions(document: TextDocument, index: WorkspaceIndex, settings: Settings, position: { line: number; character: number }): CompletionItem[] {
  if (!index.ready) return [];
  const workspace = index.workspace(settings);
  return labelCompletions(workspace, document.getText(), document.offsetAt(position)).map((c) => ({
    label: c.label,
    kind: c.kind === 'property' ? CompletionItemKind.Property : CompletionItemKind.Value,
    detail: c.detail,
    sortText: c.sortText,
    textEdit: { range: { start: document.positionAt(c.replace[0]), end: document.positionAt(c.replace[1]) }, newText: c.insertText },
  }));
}

/**
 * The connectivity view shows every pair up to this many endpoints; past it, one endpoint's connections at
 * a time (the whole matrix of a 2,000-file workspace is 1,273 endpoints, 19 million cells on 12 ports).
 */
export const CONNECTIVITY_LIMIT = 150;

/** The workspace with the endpoints the picture adds: the cluster DNS, the outside regions that ipBlocks and ClusterNetworkPolicy networks cut, and `ips`. */
export function pictureWorkspace(base: Workspace, settings: Settings, ips: readonly string[]): { workspace: Workspace; names: EndpointNames; notes: string[] } {
  const additions = wellKnownAdditions(base, settings.dns);
  const { regions, dropped } = externalRegions(base);
  const addresses = new Map<string, string>();
  for (const text of [...ips, ...additions.addresses, ...regions.map((r) => r.address)]) {
    const address = parseAddress(text);
    if (address && !addresses.has(addressString(address))) addresses.set(addressString(address), text);
  }
  const files = additions.file ? [...base.files, additions.file] : base.files;
  const workspace = new Workspace(files, { ...base.options, externalAddresses: [...addresses.values()] });
  const cluster = new Map([...additions.names].map(([key, endpoint]) => [key, endpoint.name]));
  const apiServer = apiServerAddresses(base);
  const external = new Map(regions.map((r) => [r.address, apiServer.has(r.address) && r.name === `${r.address}/32` ? l10n.t('the API server ({0}, TCP 6443)', r.address) : r.name]));
  const notes = dropped > 0 ? [l10n.t("{0} more ranges cut by the policies' ipBlocks are not drawn", dropped)] : [];
  return { workspace, names: { cluster, external }, notes };
}

/**
 * The workspace's connectivity picture for the client's view: all of it up to CONNECTIVITY_LIMIT
 * endpoints, else the connections of `params.focus` (the endpoints' keys are in `picture.endpoints`).
 */
export async function connectivity(index: WorkspaceIndex, settings: Settings, params: ConnectivityParams | undefined): Promise<ConnectivityResult> {
  await index.whenReady();
  const base = index.workspace(settings);
  const ips = (params?.ips ?? []).filter((ip) => typeof ip === 'string');
  const { workspace, names, notes } = pictureWorkspace(base, settings, ips);
  const ports = portLabels(defaultPortQueries(workspace));
  const focus = workspace.endpoints.findIndex((e) => e.key === params?.focus);
  const common = { ready: index.ready, workloads: base.workloadCount, ports, notes };
  if (workspace.endpoints.length > CONNECTIVITY_LIMIT && focus < 0) {
    // Only the endpoints to pick from: no pair is computed for an answer that shows none of them.
    const picture = { nodes: [], edges: [], sets: [], rules: [], endpoints: workspace.endpoints.map((e) => e.key), rows: [], columns: [] };
    return { ...common, picture, needsFocus: { limit: CONNECTIVITY_LIMIT } };
  }
  const picture = connectivityPicture(workspace, names, workspace.endpoints.length > CONNECTIVITY_LIMIT ? focus : undefined);
  const files = new Map(workspace.files.map((f) => [f.uri, f.file]));
  const rules = picture.rules.map((r) => {
    const file = files.get(r.uri);
    const range = file ? file.lines.range(r.span[0], r.span[1]) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { uri: r.uri, range, title: r.title };
  });
  const focused = workspace.endpoints.length > CONNECTIVITY_LIMIT ? { focus: workspace.endpoints[focus]!.key } : {};
  return { ...common, picture: { ...picture, rules }, ...focused };
}
