/**
 * A bare LSP client for protocol tests: spawns the built server (`dist/server.js --stdio`) and talks
 * JSON-RPC to it through vscode-jsonrpc, as an editor would, but free to misbehave.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';

export const ROOT = path.join(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');

/** `npm test` builds first; a protocol test run on its own builds the bundle if it is missing. */
export function ensureBuilt(): void {
  if (existsSync(SERVER)) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { code?: string | number; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
}

export class TestClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly diagnostics: PublishedDiagnostics[] = [];
  readonly logs: string[] = [];
  stderr = '';
  /** What workspace/configuration answers, per requested item. */
  configuration: unknown = {};
  readonly exited: Promise<number | null>;

  constructor() {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      this.diagnostics.push(params);
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.configuration));
    this.connection.onRequest('client/registerCapability', () => null);
    // A closed pipe after the server exits is part of some tests, not a failure of the harness.
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
    });
    await this.connection.sendNotification('initialized', {});
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** The next diagnostics published for `uri` at `version` (or any version when omitted). */
  async diagnosticsFor(uri: string, version?: number, timeoutMs = 20_000): Promise<PublishedDiagnostics> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = [...this.diagnostics].reverse().find((d) => d.uri === uri && (version === undefined || d.version === version));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no diagnostics for ${uri} version ${version} (stderr: ${this.stderr})`);
  }

  async stop(): Promise<number | null> {
    if (this.process.exitCode === null) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        this.process.kill();
      }
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }
}
