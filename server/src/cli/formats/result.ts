import type { Finding } from '../../engine';

/** The findings of one checked file, as every output format sees them. */
export interface FileResult {
  /** The path as given or found (`<stdin>` for standard input). */
  readonly file: string;
  readonly findings: readonly Finding[];
  /** Number of edits `--fix` applied to this file. */
  readonly fixed: number;
}
