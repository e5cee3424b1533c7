import { CompletionItemKind } from 'vscode-languageserver';
import type { CodeLens, CompletionItem } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Settings } from '../engine';
import { computeMatrix, defaultPortQueries, Workspace } from '../engine/reach';
import { labelCompletions, reachHover, reachLenses } from '../engine/reach/editor';
import type { ReachHoverPart } from '../engine/reach/editor';
import { matrixGraph, matrixView, portLabels } from '../engine/reach/render';
import type { WorkspaceIndex } from './workspaceIndex';

import { SHOW_WORKLOADS_COMMAND } from '../../../shared/protocol';
import type { ConnectivityParams, ConnectivityResult, WorkloadLocation } from '../../../shared/protocol';

/** Hover parts from the reach engine; the server joins them with other providers' parts. */
export function reachHoverParts(document: TextDocument, analysis: Analysis, index: WorkspaceIndex, settings: Settings, position: { line: number; character: number }): ReachHoverPart[] {
  const workspace = index.ready ? index.workspace(settings) : undefined;
  const offset = analysis.file.lines.offsetAt(position);
  if (document.getText() !== analysis.file.text) return [];
  // The index holds this document's latest analysed text (the caller made sure), so its policies are this text's.
  return reachHover(workspace, workspace ? workspace.viewsIn(document.uri) : analysis.policies, offset, settings.defaultNamespace);
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

/**
 * The workspace's matrix and graph, for the client's connectivity view: all of it up to CONNECTIVITY_LIMIT
 * endpoints, else the connections of `params.focus` (the endpoints' keys are in `matrix.endpoints`).
 */
export async function connectivity(index: WorkspaceIndex, settings: Settings, params: ConnectivityParams | undefined): Promise<ConnectivityResult> {
  await index.whenReady();
  const base = index.workspace(settings);
  const ips = (params?.ips ?? []).filter((ip) => typeof ip === 'string');
  const workspace = ips.length > 0 ? new Workspace(base.files, { ...base.options, externalAddresses: ips }) : base;
  const queries = defaultPortQueries(workspace);
  const focus = workspace.endpoints.findIndex((e) => e.key === params?.focus);
  if (workspace.endpoints.length > CONNECTIVITY_LIMIT && focus < 0) {
    // Only the endpoints to pick from: no matrix is computed for an answer that shows none of it.
    const ports = portLabels(queries);
    const endpoints = workspace.endpoints.map((e) => e.key);
    return { ready: index.ready, graph: { nodes: [], edges: [], ports }, matrix: { endpoints, ports, rows: [], columns: [] }, needsFocus: { limit: CONNECTIVITY_LIMIT } };
  }
  const matrix = computeMatrix(workspace, queries);
  if (matrix.endpoints.length <= CONNECTIVITY_LIMIT) return { ready: index.ready, graph: matrixGraph(matrix), matrix: matrixView(matrix) };
  return { ready: index.ready, graph: matrixGraph(matrix, focus), matrix: matrixView(matrix, focus), focus: matrix.endpoints[focus]!.key };
}
