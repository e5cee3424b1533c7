/**
 * A second, independent LSP client: Debian's Neovim (0.7, headless) runs test/e2e/neovim/lsp-check.lua
 * against `node dist/server.js --stdio`, the same server the VS Code extension bundles.
 * Needs `npm run build` and Neovim (scripts/e2e/setup.sh installs it).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { Finding } from '../../server/src/engine';
import { e2ePaths, REPO, runDir, sandboxEnv } from './support/paths';
import { spawnGroupLeader } from './support/processGroup';
import { serverView } from './support/serverLogic';
import type { GroupLeader } from './support/processGroup';
import { within } from './support/wait';

const SERVER = path.join(REPO, 'dist', 'server.js');
const FIXTURES = path.join(__dirname, 'fixtures');
const LSP_CHECK = path.join(__dirname, 'neovim', 'lsp-check.lua');

/** vim.diagnostic.severity of each of the engine's severities. */
const VIM_SEVERITY: Record<Finding['severity'], number> = { error: 1, warning: 2, information: 3, hint: 4 };

interface NeovimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  source: string;
  code: string;
  message: string;
}

interface NeovimResult {
  error?: string;
  diagnosticsArrived?: boolean;
  diagnostics?: NeovimDiagnostic[];
  actions?: string[];
  resolved?: boolean;
  clearedAfterFix?: boolean;
}

describe('NetPol Lens server in Neovim (vim.lsp, headless)', { timeout: 60_000 }, () => {
  let nvim: GroupLeader | undefined;

  afterEach(async () => {
    await nvim?.stop();
    nvim = undefined;
  });

  /** Runs lsp-check.lua on a fresh copy of the seed policy without its DNS rule. */
  async function runNeovim(name: string, env: Record<string, string> = {}): Promise<{ result: NeovimResult; file: string }> {
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run npm run build first`);
    const paths = e2ePaths();
    const dir = runDir(paths.cache, `neovim-${name}`);
    rmSync(dir, { recursive: true, force: true });
    const sandbox = sandboxEnv(dir);
    const file = path.join(dir, 'workspace', 'dns-missing.yaml');
    cpSync(path.join(FIXTURES, 'workspace', 'dns-missing.yaml'), file);
    const out = path.join(dir, 'result.json');
    nvim = spawnGroupLeader(paths.nvim, ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${LSP_CHECK}`], {
      env: {
        ...process.env,
        ...sandbox,
        ...env,
        NETPOL_FILE: file,
        NETPOL_OUT: out,
        NETPOL_SERVER_CMD: JSON.stringify([process.execPath, SERVER, '--stdio']),
        NETPOL_FIX_CODE: 'NP201',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    assert.equal(await within('nvim to finish lsp-check.lua', nvim.exited, 40_000), '0', 'nvim exited cleanly');
    const result = JSON.parse(readFileSync(out, 'utf8')) as NeovimResult;
    assert.equal(result.error, undefined, `lsp-check.lua failed: ${result.error}`);
    return { result, file };
  }

  /** The server's findings on the fixture in Neovim's root folder, as vim.diagnostic.get() should hold them. */
  async function expectedDiagnostics(file: string, netpolLens?: unknown): Promise<NeovimDiagnostic[]> {
    const text = readFileSync(path.join(FIXTURES, 'workspace', 'dns-missing.yaml'), 'utf8');
    const { findings } = await serverView(path.dirname(file), path.basename(file), { text, netpolLens });
    return sorted(
      findings.map((f) => ({
        lnum: f.range.start.line,
        col: f.range.start.character,
        end_lnum: f.range.end.line,
        end_col: f.range.end.character,
        severity: VIM_SEVERITY[f.severity],
        source: 'netpol-lens',
        code: f.code,
        message: f.message,
      })),
    );
  }

  function sorted(diagnostics: NeovimDiagnostic[] = []): NeovimDiagnostic[] {
    return [...diagnostics].sort((a, b) => a.lnum - b.lnum || a.col - b.col || a.code.localeCompare(b.code));
  }

  it('delivers NP201 to vim.diagnostic.get(), and its quick fix through textDocument/codeAction', async () => {
    const { result, file } = await runNeovim('default');
    const expected = await expectedDiagnostics(file);
    assert.ok(expected.some((d) => d.code === 'NP201' && d.severity === VIM_SEVERITY.warning), 'the server reports NP201 on the fixture');
    assert.equal(result.diagnosticsArrived, true, 'diagnostics arrived in vim.diagnostic.get()');
    assert.deepEqual(sorted(result.diagnostics), expected);
    assert.deepEqual(result.actions, ['Add kube-dns egress rule']);
    assert.equal(result.resolved, true, 'Neovim 0.7 resolves code actions: the edit came from codeAction/resolve');
    assert.equal(result.clearedAfterFix, true, 'NP201 went away after the fix');
    assert.equal(readFileSync(file, 'utf8'), readFileSync(path.join(FIXTURES, 'expected', 'dns-missing.fixed.yaml'), 'utf8'));
  });

  it('takes netpolLens settings pushed with workspace/didChangeConfiguration', async () => {
    const netpolLens = { rules: { NP201: 'error' } };
    const { result, file } = await runNeovim('settings', {
      NETPOL_SETTINGS: JSON.stringify({ netpolLens }),
      NETPOL_WAIT_SEVERITY: String(VIM_SEVERITY.error),
    });
    assert.equal(result.diagnosticsArrived, true, 'an error-severity diagnostic arrived');
    assert.deepEqual(sorted(result.diagnostics), await expectedDiagnostics(file, netpolLens));
    assert.ok(result.diagnostics?.some((d) => d.code === 'NP201' && d.severity === VIM_SEVERITY.error));
  });
});
