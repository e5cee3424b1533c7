/**
 * The extension-host suite (test/vscode/suite, the one `npm run test:vscode` runs in a downloaded VS
 * Code) run inside code-server instead: a test-runner extension (test/vscode/runner) installed next to
 * the packaged NetPol Lens runs it with mocha in code-server's node extension host and writes the
 * results to a file; each of its tests is reported here as a subtest.
 * Needs `scripts/e2e/setup.sh` and `npm run package` first; `npm run test:e2e` does both.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunResults } from '../vscode/runner/extension';
import { CodeServer } from './support/codeServer';
import { e2ePaths, REPO, RESULTS_DIR, runDir } from './support/paths';
import { waitFor } from './support/wait';
import { Workbench } from './support/workbench';

const VSIX = path.join(REPO, 'dist', 'netpol-lens.vsix');
const RUNNER_VSIX = path.join(REPO, 'out', 'netpol-lens-test-runner.vsix');

describe('extension-host suite (test/vscode) inside code-server', { timeout: 240_000 }, () => {
  const shots = path.join(RESULTS_DIR, 'vscode-suite');
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let resultsFile = '';
  let workspace = '';

  before(async () => {
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
    execFileSync(process.execPath, [path.join(REPO, 'scripts', 'e2e', 'build-vscode-runner.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
    const paths = e2ePaths();
    const dir = runDir(paths.cache, 'vscode-suite');
    rmSync(shots, { recursive: true, force: true });
    resultsFile = path.join(dir, 'results.json');
    server = await CodeServer.start(paths, dir, { extensions: [VSIX, RUNNER_VSIX], env: { NETPOL_VSCODE_TEST_RESULTS: resultsFile } });
    // A copy: the suite writes workspace settings, which must not land in the repository.
    workspace = path.join(dir, 'workspace');
    cpSync(path.join(REPO, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
    // The extension host starts when a window connects.
    workbench = await Workbench.open(paths, dir, server.url, workspace, shots);
  });

  after(async () => {
    await workbench?.screenshot('end').catch(() => undefined);
    await workbench?.close();
    await server?.stop();
    server?.keepLogs(path.join(shots, 'logs'));
  });

  it('runs every test of the suite, and each passes', async (t) => {
    await waitFor('the runner extension to write its results', () => existsSync(resultsFile), { timeoutMs: 180_000, intervalMs: 200 });
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as RunResults;
    assert.equal(results.error, undefined, `the suite did not run: ${results.error}`);
    assert.ok(results.tests.length > 0, 'the suite has tests');
    for (const test of results.tests) {
      await t.test(test.title, { skip: test.state === 'pending' }, () => {
        if (test.state === 'failed') assert.fail(test.error);
      });
    }
  });
});
