/**
 * Drives a language server over stdio as an editor does (initialize, didOpen, incremental didChange),
 * timing each publishDiagnostics, and reads the server process's peak memory from /proc.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export interface ServerCommand {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** What the server gets for workspace/configuration, per section. */
  readonly configuration: (section: string | undefined) => unknown;
  readonly initializationOptions?: unknown;
  /** A workspace folder to open (a file: URI), or none. */
  readonly folder?: string;
  /** Announce pull diagnostics (`textDocument.diagnostic` with refresh support): the server is then pulled, not heard. */
  readonly pull?: boolean;
}

interface Waiter {
  readonly uri: string;
  readonly minVersion: number | undefined;
  readonly resolve: (params: PublishDiagnosticsParams) => void;
  readonly reject: (error: Error) => void;
}

export class LspDriver {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly connection: MessageConnection;
  private waiters: Waiter[] = [];
  private progressEnded: (() => void) | undefined;
  /** Resolves when the server ends a work-done progress (NetPol Lens: the workspace index is built). */
  readonly progressEnd = new Promise<void>((resolve) => (this.progressEnded = resolve));
  private stderr = '';
  /** Resolves once the server process has exited and its stdin, stdout and stderr are closed. */
  private readonly closed: Promise<void>;
  /**
   * NetPol Lens only, with `initializationOptions.traceAnalysisPath`: which path served each analysis
   * (`netpolLens/analysisPath`), as `incremental` or `full: <reason>`, by document version.
   */
  readonly analysisPaths = new Map<number, string>();
  /** The last publishDiagnostics received (its size is measured after the timing, not inside it). */
  lastPublished: PublishDiagnosticsParams | undefined;

  constructor(private readonly server: ServerCommand) {
    this.process = spawn(server.command, [...server.args], { stdio: 'pipe' });
    // The child's `close` waits for its stdout and stderr, not for its stdin, which Node closes when it exits.
    const closed = (emitter: NodeJS.EventEmitter) => new Promise<void>((resolve) => emitter.once('close', () => resolve()));
    this.closed = Promise.all([closed(this.process), closed(this.process.stdin)]).then(() => undefined);
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    // A server that dies (a V8 CHECK, an out-of-memory) fails the wait at once instead of at its timeout.
    this.process.on('exit', (code, signal) => {
      const waiting = this.waiters;
      this.waiters = [];
      for (const w of waiting) w.reject(new Error(`${server.name}: exited (code ${code}, signal ${signal}) waiting for diagnostics of ${w.uri}; stderr: ${this.stderr}`));
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const index = this.waiters.findIndex(
        (w) => w.uri === params.uri && (w.minVersion === undefined || params.version === undefined || params.version >= w.minVersion),
      );
      this.lastPublished = params;
      if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(params);
    });
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => server.configuration(item.section)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('telemetry/event', () => undefined);
    this.connection.onNotification('netpolLens/analysisPath', (params: { version: number; kind: string; reason?: string; detail?: string }) => {
      this.analysisPaths.set(params.version, params.kind === 'full' ? `full: ${params.reason ?? '?'}${params.detail ? ` (${params.detail})` : ''}` : params.kind);
    });
    this.connection.onRequest('workspace/workspaceFolders', () => null);
    this.connection.onNotification('$/progress', (params: { value?: { kind?: string } }) => {
      if (params.value?.kind === 'end') this.progressEnded?.();
    });
    this.connection.listen();
  }

  get pid(): number {
    return this.process.pid!;
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: this.server.folder ?? null,
      workspaceFolders: this.server.folder ? [{ uri: this.server.folder, name: 'workspace' }] : null,
      initializationOptions: this.server.initializationOptions,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, ...(this.server.pull ? { diagnostics: { refreshSupport: true } } : {}) },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          ...(this.server.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  private diagnostics(uri: string, minVersion: number | undefined, timeoutMs: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`${this.server.name}: no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      const done = (params: PublishDiagnosticsParams) => {
        clearTimeout(timer);
        resolve(params);
      };
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      this.waiters.push({ uri, minVersion, resolve: done, reject: fail });
    });
  }

  /** didOpen -> the first publishDiagnostics: milliseconds, and how many diagnostics. */
  async open(uri: string, text: string, timeoutMs = 600_000): Promise<{ ms: number; diagnostics: number }> {
    const published = this.diagnostics(uri, 1, timeoutMs);
    const start = performance.now();
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const params = await published;
    return { ms: performance.now() - start, diagnostics: params.diagnostics.length };
  }

  /** One incremental didChange (an insertion at a position) -> the publishDiagnostics after it. */
  async change(uri: string, version: number, line: number, character: number, inserted: string, timeoutMs = 600_000): Promise<number> {
    const published = this.diagnostics(uri, version, timeoutMs);
    const start = performance.now();
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: inserted }],
    });
    await published;
    return performance.now() - start;
  }

  /** didOpen, without waiting for anything (a pulling client pulls after it). */
  async openOnly(uri: string, text: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  /** An incremental didChange (an insertion), without waiting for anything: a pulling client pulls after it. */
  async insert(uri: string, version: number, line: number, character: number, inserted: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: inserted }],
    });
  }

  /** textDocument/diagnostic: the answer, and milliseconds to it. */
  async pull(uri: string, previousResultId?: string): Promise<{ ms: number; report: { kind: string; resultId?: string; items?: unknown[] } }> {
    const start = performance.now();
    const report = await this.connection.sendRequest<{ kind: string; resultId?: string; items?: unknown[] }>('textDocument/diagnostic', {
      textDocument: { uri },
      ...(previousResultId === undefined ? {} : { previousResultId }),
    });
    return { ms: performance.now() - start, report };
  }

  /** A request about a document (`textDocument/codeLens`, `textDocument/documentSymbol`): milliseconds to its answer. */
  async request(method: string, uri: string): Promise<number> {
    const start = performance.now();
    await this.connection.sendRequest(method, { textDocument: { uri } });
    return performance.now() - start;
  }

  /** Peak resident memory of the server process (VmHWM), in MB. */
  peakRssMb(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
      return match ? Number(match[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Ends the server as an editor does (shutdown, exit) and resolves once its process has exited and its pipes
   * are closed (`close`), so that nothing of it keeps the benchmark's process alive: killed after 3 s without
   * an answer to shutdown and 3 s more without exiting.
   */
  async stop(): Promise<void> {
    let answered: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => (answered = setTimeout(resolve, 3000)))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    } finally {
      clearTimeout(answered);
    }
    const kill = setTimeout(() => this.process.kill('SIGKILL'), 3000);
    // A process of the server's own that holds its pipes would keep them open after it: let go of them.
    const letGo = setTimeout(() => [this.process.stdin, this.process.stdout, this.process.stderr].forEach((stream) => stream.destroy()), 6000);
    await this.closed;
    clearTimeout(kill);
    clearTimeout(letGo);
    this.connection.dispose();
  }
}
