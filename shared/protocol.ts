/**
 * The messages the VS Code client and the language server exchange beyond LSP: request and command
 * names and the shapes of their parameters and results. Both sides import this module, so a change is
 * made once and checked on both. It imports nothing: the client bundle takes it whole, and no server
 * code may come with it (eslint.config.mjs enforces both).
 */

/** The custom request behind "NetPol Lens: Show connectivity". */
export const CONNECTIVITY_REQUEST = 'netpolLens/connectivity';

export interface ConnectivityParams {
  /** The document the command was run from (for its folder's settings). */
  readonly uri?: string;
  /** Outside addresses to add as endpoints. */
  readonly ips?: readonly string[];
  /** The endpoint (a key of `matrix.endpoints`) whose connections alone to show. */
  readonly focus?: string;
}

export interface ConnectivityGraph {
  readonly nodes: readonly { id: string; label: string; group: string; external: boolean }[];
  readonly edges: readonly { from: string; to: string; ports: readonly string[] }[];
  readonly ports: readonly string[];
}

/**
 * One character per pair and port (`1` allowed, `0` denied, `-` not governed): whole rows (a source to every
 * endpoint) and whole columns (every endpoint to a destination), `cells[q]` for `ports[q]`.
 */
export interface ConnectivityMatrix {
  readonly endpoints: readonly string[];
  readonly ports: readonly string[];
  readonly rows: readonly { from: number; cells: readonly string[] }[];
  readonly columns: readonly { to: number; cells: readonly string[] }[];
}

export interface ConnectivityResult {
  /** False while the workspace is still being indexed. */
  readonly ready: boolean;
  readonly graph: ConnectivityGraph;
  readonly matrix: ConnectivityMatrix;
  /** Set when the view shows one endpoint's connections: that endpoint. */
  readonly focus?: string;
  /** Set when there are more endpoints than the view shows at once and no `focus` was given: ask again with one. */
  readonly needsFocus?: { readonly limit: number };
}

/** The command a "selects N workloads" code lens runs in the client, with `[title, WorkloadLocation[]]`. */
export const SHOW_WORKLOADS_COMMAND = 'netpolLens.showWorkloads';

export interface WorkloadLocation {
  readonly label: string;
  readonly description: string;
  readonly uri: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
