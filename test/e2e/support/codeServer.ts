/**
 * code-server (a real VS Code, served to a browser) for one test suite: its config, user data,
 * extensions, temp and XDG folders all live in the suite's run folder, it listens on 127.0.0.1 only,
 * without auth, and it runs in its own process group so stopping it stops its extension hosts and
 * language servers too.
 */
import { execFile } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { E2ePaths } from './paths';
import { sandboxEnv } from './paths';
import { groupMembers, spawnGroupLeader, stopGroup } from './processGroup';
import type { GroupLeader } from './processGroup';
import { waitFor } from './wait';

const run = promisify(execFile);

/** User settings that keep the workbench quiet and predictable: no tours, no network, no auto-save. */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 200,
  // Suggestions open only on Ctrl+Space, so the snippet step decides when the widget shows.
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'files.autoSave': 'off',
  // The workspace sits inside this repository's checkout: keep the git extension from scanning it.
  'git.enabled': false,
  'window.restoreWindows': 'none',
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export class CodeServer {
  private constructor(
    readonly url: string,
    readonly dir: string,
    private readonly leader: GroupLeader,
  ) {}

  /** The code-server log, for failure messages. */
  log(): string {
    const file = path.join(this.dir, 'code-server.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /**
   * Installs `extensions` (.vsix files) into a fresh folder under `dir`, then starts code-server on
   * `workspace`. `env` reaches the extension host, which code-server forks with its own environment;
   * `settings` are added to the user settings, `args` to code-server's (`--locale zh-cn`).
   */
  static async start(
    paths: E2ePaths,
    dir: string,
    options: { extensions: readonly string[]; env?: Record<string, string>; settings?: Record<string, unknown>; args?: readonly string[] },
  ): Promise<CodeServer> {
    await killLeftover(dir);
    rmSync(dir, { recursive: true, force: true });
    // No extension gallery (code-server's default is open-vsx.org): nothing leaves 127.0.0.1.
    const env = { ...process.env, ...sandboxEnv(dir), EXTENSIONS_GALLERY: '{}', ...options.env };
    const userData = path.join(dir, 'user-data');
    mkdirSync(path.join(userData, 'User'), { recursive: true });
    writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...options.settings }, null, 2));
    const port = await freePort();
    const config = path.join(dir, 'config.yaml');
    writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const common = [paths.codeServer, '--config', config, '--user-data-dir', userData, '--extensions-dir', path.join(dir, 'extensions')];

    for (const vsix of options.extensions) {
      await run(paths.node24, [...common, '--install-extension', vsix], { env, timeout: 60_000 });
    }

    const logFd = openSync(path.join(dir, 'code-server.log'), 'w');
    const leader = spawnGroupLeader(
      paths.node24,
      [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
        '--disable-workspace-trust', '--reconnection-grace-time', '10', ...(options.args ?? [])],
      { env, stdio: ['ignore', logFd, logFd] },
    );
    closeSync(logFd);
    writeFileSync(path.join(dir, 'code-server.pgid'), String(leader.pid));
    const server = new CodeServer(`http://127.0.0.1:${port}`, dir, leader);
    let exited: string | undefined;
    void leader.exited.then((code) => (exited = code));
    try {
      await waitFor(
        'code-server to answer /healthz',
        async () => {
          if (exited !== undefined) throw new Error(`code-server exited (${exited}):\n${server.log()}`);
          const response = await fetch(`${server.url}/healthz`).catch(() => undefined);
          return response?.ok;
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      );
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  async stop(): Promise<void> {
    await this.leader.stop();
  }

  /** Copies code-server's own log and the workbench's logs (extension host, language server) to `target`. */
  keepLogs(target: string): void {
    mkdirSync(target, { recursive: true });
    cpSync(path.join(this.dir, 'code-server.log'), path.join(target, 'code-server.log'));
    const logs = path.join(this.dir, 'user-data', 'logs');
    if (existsSync(logs)) cpSync(logs, path.join(target, 'vscode'), { recursive: true });
  }
}

/** Stops a code-server that an earlier, killed run of this suite left behind in `dir`. */
async function killLeftover(dir: string): Promise<void> {
  const file = path.join(dir, 'code-server.pgid');
  if (!existsSync(file)) return;
  const pgid = Number(readFileSync(file, 'utf8'));
  // Only if that group is still ours: its leader's command line names this folder.
  const mine = groupMembers(pgid).some((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
    } catch {
      return false;
    }
  });
  if (mine) await stopGroup(pgid, 0);
}
