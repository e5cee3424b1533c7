/** A minimal LSP client over stdio for protocol tests: spawns the built server like an editor does. */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

export class LspTestClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcessWithoutNullStreams;
  /** What the server will answer for workspace/configuration (section netpolLens). */
  settings: unknown = {};
  /** Sent in `initialize` (for example `{ traceAnalysisPath: true }`). */
  initializationOptions: unknown = undefined;
  /** Sent in `initialize` as the client's display language (`zh-cn`), when set. */
  locale: string | undefined = undefined;
  /** Client capabilities added to the default ones (push diagnostics, code action literals), per section. */
  capabilities: { workspace?: object; textDocument?: object } = {};
  /** How many `workspace/diagnostic/refresh` requests the server sent. */
  refreshes = 0;
  /** Every publishDiagnostics received, taken or not. */
  publishCount = 0;
  private readonly published: PublishDiagnosticsParams[] = [];
  private waiters: { uri: string; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  stderr = '';

  constructor() {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.publishCount++;
      const index = this.waiters.findIndex((w) => w.uri === params.uri);
      if (index >= 0) {
        const [waiter] = this.waiters.splice(index, 1);
        waiter!.resolve(params);
      } else {
        this.published.push(params);
      }
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'netpolLens' ? this.settings : null)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      return null;
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      initializationOptions: this.initializationOptions,
      ...(this.locale !== undefined ? { locale: this.locale } : {}),
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, ...this.capabilities.workspace },
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
          ...this.capabilities.textDocument,
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** The next publishDiagnostics for `uri` (one already received and not yet taken comes first). */
  nextDiagnostics(uri: string, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const index = this.published.findIndex((p) => p.uri === uri);
    if (index >= 0) return Promise.resolve(this.published.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({
        uri,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Publications for `uri` until one for `version` arrives (the server may publish an older version first). */
  async diagnosticsForVersion(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    for (;;) {
      const params = await this.nextDiagnostics(uri);
      if (params.version === undefined || params.version >= version) return params;
    }
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // the server may already be gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.process.kill('SIGKILL');
          resolve();
        }, 2000);
        this.process.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
