/**
 * Runs validation per document after a short pause in typing, so a burst of keystrokes costs one
 * analysis, and never runs two validations of one document at once. A validation that fails is
 * handed to `onError` (the server logs it); the next one still runs.
 */
export class ValidationScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly validate: (uri: string) => Promise<void>,
    private readonly onError: (uri: string, error: unknown) => void,
    private readonly delayMs = 30,
  ) {}

  schedule(uri: string, delayMs = this.delayMs): void {
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        const previous = this.running.get(uri) ?? Promise.resolve();
        const next = previous.then(() => this.validate(uri)).catch((error: unknown) => this.onError(uri, error));
        this.running.set(uri, next);
        void next.then(() => {
          if (this.running.get(uri) === next) this.running.delete(uri);
        });
      }, delayMs),
    );
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }
}
