/**
 * The worker thread that makes half of a large file's first per-document findings (issue #16: the
 * machine's second core; engine/incremental/split.ts says what is split and why the result is the same).
 * One worker, started when the server starts so that the first file opened does not wait for it to load;
 * after each request it is ended, which gives its memory back, and the next request starts another. Anything that goes wrong (no worker script, a
 * crash, an error inside) gives `undefined`, logged: the first analysis is then made on one thread.
 */
import { Worker } from 'node:worker_threads';
import type { Settings } from '../engine';
import type { PartFindings } from '../engine/incremental';
import type { Locale } from '../engine/l10n/locale';

export interface PartRequest {
  readonly id: number;
  readonly text: string;
  readonly from: number;
  readonly settings: Settings;
  readonly locale: Locale;
}

export type PartResponse = { readonly id: number; readonly part: PartFindings | undefined } | { readonly id: number; readonly error: string };

/** After this many failures to start or run, no worker is started again. */
const MAX_FAILURES = 3;

export class FirstOpenWorker {
  private worker: Worker | undefined;
  private failures = 0;
  private nextId = 1;
  private readonly pending = new Map<number, (part: PartFindings | undefined) => void>();
  private disposed = false;

  /**
   * @param script the bundled worker (dist/firstOpenWorker.js)
   * @param log where failures are told (the server's output channel)
   */
  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Starts the worker ahead of need (it is ended after its first request). */
  warm(): void {
    this.workerNow();
  }

  /** The per-document findings of the pieces of `text` from the cut `from` on, made on the worker. */
  part(text: string, from: number, settings: Settings, locale: Locale): Promise<PartFindings | undefined> {
    const worker = this.workerNow();
    if (!worker) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      try {
        worker.postMessage({ id, text, from, settings, locale } satisfies PartRequest);
      } catch (error) {
        this.pending.delete(id);
        this.failed(`could not be asked: ${error instanceof Error ? error.message : String(error)}`);
        resolve(undefined);
      }
    });
  }

  dispose(): void {
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = undefined;
    this.settle(undefined);
  }

  private workerNow(): Worker | undefined {
    if (this.worker || this.disposed || this.failures >= MAX_FAILURES) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(this.script);
    } catch (error) {
      this.failed(`could not start: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    // An idle worker does not keep the server running.
    worker.unref();
    worker.on('message', (response: PartResponse) => {
      const resolve = this.pending.get(response.id);
      this.pending.delete(response.id);
      if ('error' in response) this.failed(`failed: ${response.error}`);
      resolve?.('error' in response ? undefined : response.part);
      // Its heap holds the garbage of half a file: ended, it gives that back while this thread makes the whole
      // analysis (its peak); the next large file opened starts another.
      if (this.pending.size === 0 && this.worker === worker) this.end();
    });
    worker.on('error', (error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failed(`stopped: ${error.stack ?? error.message}`);
      this.settle(undefined);
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.settle(undefined);
    });
    this.worker = worker;
    return worker;
  }

  private end(): void {
    const old = this.worker;
    this.worker = undefined;
    void old?.terminate();
  }

  private settle(part: PartFindings | undefined): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of waiting) resolve(part);
  }

  private failed(what: string): void {
    this.failures++;
    this.log(`The first-open worker ${what}; large files are analysed on one thread${this.failures >= MAX_FAILURES ? ' from now on' : ' meanwhile'}.`);
  }
}
