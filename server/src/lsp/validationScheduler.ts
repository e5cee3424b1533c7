/**
 * Runs validation per document after a short pause in typing, so a burst of keystrokes costs one
 * publish, and never runs two validations of one document at once. A validation that fails is
 * handed to `onError` (the server logs it); the next one still runs.
 *
 * The pause holds back the publish, not necessarily the analysis: given a `prepare`, an edit's
 * analysis may run as soon as the edit arrives (the server does when the document's last analysis was
 * quick), and the validation at the end of the pause then publishes what was prepared. On a file of
 * 5,000 policies the analysis of a keystroke is 10 to 20 ms that no longer adds to the pause (issue 16).
 */
export class ValidationScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly preparing = new Map<string, NodeJS.Immediate>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly validate: (uri: string) => Promise<void>,
    private readonly onError: (uri: string, error: unknown) => void,
    private readonly delayMs = 30,
    private readonly prepare?: (uri: string) => Promise<void>,
  ) {}

  /** Validates the document after `delayMs` (a change elsewhere: another file, the settings). */
  schedule(uri: string, delayMs = this.delayMs): void {
    this.cancel(uri);
    this.later(uri, delayMs);
  }

  /**
   * The document was edited: validates it after the pause, and prepares it at once (after the messages already
   * read, which may be more of the same burst; never during a validation of the document).
   */
  edited(uri: string): void {
    this.cancel(uri);
    const prepare = this.prepare;
    if (prepare) {
      this.preparing.set(
        uri,
        setImmediate(() => {
          this.preparing.delete(uri);
          const previous = this.running.get(uri) ?? Promise.resolve();
          // A failed preparation is not reported: the validation runs the same analysis again and reports it.
          this.chain(uri, previous.then(() => prepare(uri)).catch(() => undefined));
        }),
      );
    }
    this.later(uri, this.delayMs);
  }

  private later(uri: string, delayMs: number): void {
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        const previous = this.running.get(uri) ?? Promise.resolve();
        this.chain(uri, previous.then(() => this.validate(uri)).catch((error: unknown) => this.onError(uri, error)));
      }, delayMs),
    );
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
    const immediate = this.preparing.get(uri);
    if (immediate) clearImmediate(immediate);
    this.preparing.delete(uri);
  }

  /** Makes `next` the document's last run: the next run starts after it. */
  private chain(uri: string, next: Promise<void>): void {
    this.running.set(uri, next);
    void next.then(() => {
      if (this.running.get(uri) === next) this.running.delete(uri);
    });
  }
}
