/**
 * Which path served an analysis of the incremental analyser, and why: a fallback to the whole analysis
 * that nobody sees is a fallback nobody fixes, so every result says how it was made.
 */
import type { Analysis, ShownFinding } from '../analyze';

/** Why a version was analysed whole: every chunk parsed again and every rule run. */
export type FullReason =
  /** No version was analysed before this one. */
  | 'first analysis'
  /** The previous version was analysed whole (by one of these reasons): nothing of it was kept. */
  | 'previous analysis was full'
  /** Other settings than for the previous version: everything kept was made with the old ones. */
  | 'settings changed'
  /**
   * The file has a part left out of the analysis or a policy cut short (limits, templates, a Kustomize
   * patch): `analyzeText` reports those (the NP0xx rules), the incremental path does not.
   */
  | 'notices present'
  /** A connectivity expectations file: judged whole against the workspace (NP96x). */
  | 'expectations file'
  /** A file that may hold a ClusterNetworkPolicy or its kin (parse/clusterPolicies.ts): checked whole (CNPxxx). */
  | 'cluster policies'
  /** The incremental path threw: a bug of ours. `error` holds what it threw. */
  | 'error';

export type AnalysisPath =
  | {
      readonly kind: 'incremental';
      /** How many chunks (see parse/documentChunks.ts) were parsed again, of how many. */
      readonly reparsed: number;
      readonly chunks: number;
      /** How many rule runs were made again (a run: some rules over one chunk, or one rule over one namespace). */
      readonly rerun: number;
    }
  | {
      readonly kind: 'full';
      readonly reason: FullReason;
      /** What exactly: which notice, which error message. */
      readonly detail?: string;
      readonly error?: unknown;
    };

/** An analysis by the incremental analyser, with the path that served it. */
export interface IncrementalAnalysis extends Analysis {
  readonly path: AnalysisPath;
  /**
   * `findings` as a diagnostic shows them (the same order, codes, messages, ranges, fields and related
   * locations), without making a moved copy of each finding of a piece that moved along its lines (typing
   * moves every piece after the edit); their spans and fixes may be those of an earlier version: `findings`
   * has them right. Absent when the analysis was made whole (`findings` then).
   */
  readonly shown?: readonly ShownFinding[];
}

/** One line for a log: `incremental (1 of 60 chunks parsed, 2 runs made again)` or `full: notices present (templates)`. */
export function describePath(path: AnalysisPath): string {
  if (path.kind === 'incremental') return `incremental (${path.reparsed} of ${path.chunks} chunks parsed, ${path.rerun} runs made again)`;
  return `full: ${path.reason}${path.detail ? ` (${path.detail})` : ''}`;
}
