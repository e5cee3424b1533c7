/**
 * One code-server session of an e2e file: the packaged extension installed, a fresh workspace made by
 * the file's `prepare`, and the workbench open on it in Chromium; closed with the logs kept beside the
 * screenshots. Each test file names its session (its folder under test-results/e2e/ and the cache).
 */
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { CodeServer } from './codeServer';
import { e2ePaths, REPO, RESULTS_DIR, runDir } from './paths';
import { Workbench } from './workbench';

export const VSIX = path.join(REPO, 'dist', 'netpol-lens.vsix');

export interface Session {
  readonly server: CodeServer;
  readonly workbench: Workbench;
  /** The workspace folder the workbench has open. */
  readonly workspace: string;
}

export interface SessionOptions {
  /** Fills the (empty) workspace folder before the workbench opens it. */
  readonly prepare: (workspace: string) => void;
  /** User settings and extra code-server arguments (`--locale zh-cn`). */
  readonly settings?: Record<string, unknown>;
  readonly args?: readonly string[];
}

/** Where a session's screenshots and logs go. */
export function shotsOf(name: string): string {
  return path.join(RESULTS_DIR, name);
}

export async function openSession(name: string, options: SessionOptions): Promise<Session> {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
  const paths = e2ePaths();
  const dir = runDir(paths.cache, name);
  const shots = shotsOf(name);
  rmSync(shots, { recursive: true, force: true });
  const server = await CodeServer.start(paths, dir, { extensions: [VSIX], settings: options.settings, args: options.args });
  try {
    const workspace = path.join(dir, 'workspace');
    rmSync(workspace, { recursive: true, force: true });
    options.prepare(workspace);
    const workbench = await Workbench.open(paths, dir, server.url, workspace, shots);
    return { server, workbench, workspace };
  } catch (error) {
    await closeSession(name, { server });
    throw error;
  }
}

/** Closes what opened (either may be missing when opening failed) and keeps the server's logs. */
export async function closeSession(name: string, parts: { server?: CodeServer; workbench?: Workbench }): Promise<void> {
  await parts.workbench?.close();
  await parts.server?.stop();
  parts.server?.keepLogs(path.join(shotsOf(name), 'logs'));
}
