/**
 * What the server says about the path that served each analysis (engine/incremental/analysisPath.ts): a
 * fallback to the whole analysis is logged (the output channel), an error with its stack the first
 * time it is seen; and, for clients that ask (`initializationOptions.traceAnalysisPath`: tests and the
 * bench), every path as a `netpolLens/analysisPath` notification.
 */
import type { AnalysisPath } from '../engine/incremental';
import { describePath } from '../engine/incremental';

/** The notification sent to clients that ask for it. */
export const ANALYSIS_PATH_NOTIFICATION = 'netpolLens/analysisPath';

/** Its parameters: the path without the error object (not JSON), with `description` as the log writes it. */
export interface AnalysisPathParams {
  readonly uri: string;
  readonly version: number;
  readonly kind: AnalysisPath['kind'];
  /** For a full analysis: why. */
  readonly reason?: string;
  readonly detail?: string;
  readonly description: string;
}

export interface LogSink {
  log(message: string): void;
  error(message: string): void;
}

/** Full analyses that need no word: there was nothing to start from, or the reason was logged already. */
const ORDINARY = new Set<string>(['first analysis', 'previous analysis was full']);

export class AnalysisPathLog {
  /** Per document, the last fallback logged: one line when the reason changes, not one per keystroke. */
  private readonly lastLogged = new Map<string, string>();
  /** Errors whose stack was written: the stack once, a line each time after. */
  private readonly stacksWritten = new Set<string>();
  /** Set by the server when the client asked for the notification. */
  notify: ((params: AnalysisPathParams) => void) | undefined;

  constructor(private readonly sink: LogSink) {}

  /** For DocumentAnalyzer's `onPath`. */
  readonly heard = (uri: string, version: number, path: AnalysisPath): void => {
    const description = describePath(path);
    this.notify?.({
      uri,
      version,
      kind: path.kind,
      ...(path.kind === 'full' ? { reason: path.reason, ...(path.detail ? { detail: path.detail } : {}) } : {}),
      description,
    });
    if (path.kind === 'incremental') {
      this.lastLogged.delete(uri);
      return;
    }
    if (path.reason === 'error') {
      const key = path.detail ?? '';
      const stack = path.error instanceof Error && path.error.stack && !this.stacksWritten.has(key) ? `\n${path.error.stack}` : '';
      if (stack) this.stacksWritten.add(key);
      this.sink.error(`Incremental analysis of ${uri} (version ${version}) failed; analysed in full instead: ${path.detail ?? 'unknown error'}${stack}`);
      this.lastLogged.set(uri, description);
      return;
    }
    if (ORDINARY.has(path.reason) || this.lastLogged.get(uri) === description) return;
    this.lastLogged.set(uri, description);
    this.sink.log(`${uri} (version ${version}) analysed ${description}`);
  };

  forget(uri: string): void {
    this.lastLogged.delete(uri);
  }
}
