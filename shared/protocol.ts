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
  /** The endpoint (a key of `picture.endpoints`) whose connections alone to show. */
  readonly focus?: string;
}

/** A place in a document: where the client opens a rule. */
export interface DocumentRange {
  readonly start: { line: number; character: number };
  readonly end: { line: number; character: number };
}

/** A rule that allows some pair of the picture. */
export interface ConnectivityRule {
  readonly uri: string;
  readonly range: DocumentRange;
  /** `shop/api spec.egress[0]` */
  readonly title: string;
}

/** An endpoint: a workload, a well-known cluster endpoint (the DNS), or a region of the outside world. */
export interface ConnectivityNode {
  /** The endpoint's key (`ns/name`, or the address an outside region is evaluated at). */
  readonly id: string;
  readonly label: string;
  /** A namespace, or `(outside the cluster)`. */
  readonly group: string;
  readonly kind: 'workload' | 'cluster' | 'external';
  /** A longer description, for a tooltip. */
  readonly title: string;
}

/** An allowed port set: `all`, `TCP 8080`, `TCP 53, UDP 53`, `none`; `ranges` as `[protocol, first, last]`. */
export interface ConnectivityPortSet {
  readonly label: string;
  readonly all: boolean;
  readonly ranges: readonly (readonly [string, number, number])[];
}

/** A row (a source to every endpoint) or a column (every endpoint to a destination): per endpoint, a set (-1: not governed) and the rules allowing it. */
export interface ConnectivityLine {
  readonly sets: readonly number[];
  readonly rules: readonly (readonly number[])[];
}

/** The connectivity picture (server/src/engine/reach/picture.ts), its rules located. */
export interface ConnectivityEdge {
  readonly from: string;
  readonly to: string;
  /** Index in `sets`. */
  readonly set: number;
  /** Indexes in `rules`: the source's egress rules and the destination's ingress rules that allow it. */
  readonly rules: readonly number[];
}

/**
 * The connectivity picture, with its rules as `Rule`: the engine computes it with offsets in files
 * (server/src/engine/reach/picture.ts), the server sends it with document ranges (ConnectivityPicture).
 */
export interface ConnectivityPictureOf<Rule> {
  readonly nodes: readonly ConnectivityNode[];
  readonly edges: readonly ConnectivityEdge[];
  readonly sets: readonly ConnectivityPortSet[];
  readonly rules: readonly Rule[];
  /** Every endpoint's key, in order (rows and columns index it). */
  readonly endpoints: readonly string[];
  readonly rows: readonly (ConnectivityLine & { readonly from: number })[];
  readonly columns: readonly (ConnectivityLine & { readonly to: number })[];
}

export type ConnectivityPicture = ConnectivityPictureOf<ConnectivityRule>;

export interface ConnectivityResult {
  /** False while the workspace is still being indexed. */
  readonly ready: boolean;
  /** How many workloads the workspace holds (the picture adds the cluster DNS and outside regions to them). */
  readonly workloads: number;
  readonly picture: ConnectivityPicture;
  /** The probed ports (`80/TCP`), to filter the picture by. */
  readonly ports: readonly string[];
  /** Set when the view shows one endpoint's connections: that endpoint. */
  readonly focus?: string;
  /** Set when there are more endpoints than the view shows at once and no `focus` was given: ask again with one. */
  readonly needsFocus?: { readonly limit: number };
  /** What the picture leaves out, in words. */
  readonly notes: readonly string[];
}

/** What the connectivity page posts to the extension when an edge or a cell is clicked: the rules that allow it. */
export interface OpenRulesMessage {
  readonly type: 'openRules';
  readonly rules: readonly ConnectivityRule[];
}

/** The command a "selects N workloads" code lens runs in the client, with `[title, WorkloadLocation[]]`. */
export const SHOW_WORKLOADS_COMMAND = 'netpolLens.showWorkloads';

export interface WorkloadLocation {
  readonly label: string;
  readonly description: string;
  readonly uri: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** The custom request behind "NetPol Lens: Show connectivity changes" and the "vs HEAD" code lens. */
export const CHANGES_REQUEST = 'netpolLens/changes';

/** The command of the "vs HEAD" code lens and of the palette, with an optional `ChangesParams`. */
export const SHOW_CHANGES_COMMAND = 'netpolLens.showChanges';

export interface ChangesParams {
  /** The document the command was run from (for its folder's settings). */
  readonly uri?: string;
  /** Only the change of this policy (its document and `ns/name`), all else as it is now: what a code lens counts. */
  readonly policy?: { readonly uri: string; readonly key: string };
}

/** A connection a change adds or removes. */
export interface ChangeItem {
  readonly from: string;
  readonly to: string;
  /** `all`, `TCP 80,443`, `UDP 53; TCP 53` as connlist writes port sets. */
  readonly ports: string;
  /** Why, in words: the rules that allow it now (added), or that allowed it and what stops it now (removed). */
  readonly because: readonly string[];
  /** Where those rules and policies are in the workspace now, to open them. */
  readonly rules: readonly ConnectivityRule[];
}

export interface ChangesResult {
  /** False while the workspace is still being indexed. */
  readonly ready: boolean;
  /** What the workspace is compared with, in words: `HEAD (1a2b3c4)`, `the files as last saved`. */
  readonly against: string;
  /** Set when only one policy's change is shown: its `ns/name`. */
  readonly policy?: string;
  readonly added: readonly ChangeItem[];
  readonly removed: readonly ChangeItem[];
  /** Why a folder is compared with its saved files rather than HEAD, and other things to know. */
  readonly notes: readonly string[];
}
