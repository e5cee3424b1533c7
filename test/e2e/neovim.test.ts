/**
 * A second, independent LSP client: Debian's Neovim (0.7, headless) runs test/e2e/neovim/lsp-check.lua
 * against `node dist/server.js --stdio`, the same server the VS Code extension bundles.
 * Needs `npm run build` and Neovim (scripts/e2e/setup.sh installs it).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/engine';
import { e2ePaths, REPO, runDir, sandboxEnv } from './support/paths';
import { spawnGroupLeader } from './support/processGroup';
import type { GroupLeader } from './support/processGroup';
import { within } from './support/wait';

const SERVER = path.join(REPO, 'dist', 'server.js');
const FIXTURES = path.join(__dirname, 'fixtures');

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
  clearedAfterFix?: boolean;
}

describe('NetPol Lens server in Neovim (vim.lsp, headless)', { timeout: 60_000 }, () => {
  let nvim: GroupLeader | undefined;

  after(async () => {
    await nvim?.stop();
  });

  it('delivers NP201 to vim.diagnostic.get() and its fix through textDocument/codeAction', async () => {
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run npm run build first`);
    const paths = e2ePaths();
    const dir = runDir(paths.cache, 'neovim');
    rmSync(dir, { recursive: true, force: true });
    const env = sandboxEnv(dir);
    for (const folder of Object.values(env)) mkdirSync(folder, { recursive: true, mode: 0o700 });
    const file = path.join(dir, 'workspace', 'dns-missing.yaml');
    cpSync(path.join(FIXTURES, 'workspace', 'dns-missing.yaml'), file);
    const out = path.join(dir, 'result.json');

    const [expected] = analyzeText(readFileSync(file, 'utf8')).findings;
    assert.ok(expected, 'the engine reports a finding for the fixture');

    nvim = spawnGroupLeader(paths.nvim, ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${path.join(__dirname, 'neovim', 'lsp-check.lua')}`], {
      env: {
        ...process.env,
        ...env,
        NETPOL_FILE: file,
        NETPOL_OUT: out,
        NETPOL_SERVER_CMD: JSON.stringify([process.execPath, SERVER, '--stdio']),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exit = await within('nvim to finish lsp-check.lua', nvim.exited, 40_000);
    assert.equal(exit, '0', 'nvim exited cleanly');
    const result = JSON.parse(readFileSync(out, 'utf8')) as NeovimResult;
    assert.equal(result.error, undefined, `lsp-check.lua failed: ${result.error}`);
    assert.equal(result.diagnosticsArrived, true, 'diagnostics arrived in vim.diagnostic.get()');

    const { start, end } = expected.range;
    assert.deepEqual(result.diagnostics, [
      {
        lnum: start.line,
        col: start.character,
        end_lnum: end.line,
        end_col: end.character,
        severity: 2, // vim.diagnostic.severity.WARN
        source: 'netpol-lens',
        code: 'NP201',
        message: expected.message,
      },
    ]);
    assert.deepEqual(result.actions, ['Add kube-dns egress rule']);
    assert.equal(result.clearedAfterFix, true, 'the diagnostic went away after the fix');
    assert.equal(readFileSync(file, 'utf8'), readFileSync(path.join(FIXTURES, 'expected', 'dns-missing.fixed.yaml'), 'utf8'));
  });
});
