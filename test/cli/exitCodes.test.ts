/**
 * The built CLI's exit codes where two of them compete, and what it prints by default: 0 nothing wrong,
 * 1 problems, 2 usage or I/O errors (which win: a run that could not read every path has not checked the
 * workspace it was given). Hints are left out unless asked for.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, input: '', encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n';
/** `protocol: udp`: an API-server error (NP101), nothing else. */
const WITH_ERROR = `${HEAD}  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports:\n    - port: 80\n      protocol: udp\n`;
/** A default deny: only NP601's hint on `podSelector: {}`. */
const DEFAULT_DENY = `${HEAD}  podSelector: {}\n  policyTypes: [Ingress]\n`;

describe('netpol-lens exit codes and defaults', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-exit-'));
    writeFileSync(path.join(dir, 'error.yaml'), WITH_ERROR);
    writeFileSync(path.join(dir, 'deny.yaml'), DEFAULT_DENY);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('with no command: the usage, and exit 2', () => {
    const { code, stdout } = run([], dir);
    assert.equal(code, 2);
    assert.match(stdout, /^Usage: netpol-lens <command>/);
  });

  it('--help asked for: exit 0', () => {
    assert.equal(run(['--help'], dir).code, 0);
  });

  it('an error finding alone: exit 1', () => {
    const { code, stdout } = run(['check', 'error.yaml'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /^error\.yaml:11:17 {2}error {2}.*NP101$/m);
  });

  it('an error finding and a path that cannot be read: exit 2, the findings still printed', () => {
    const { code, stdout, stderr } = run(['check', 'missing.yaml', 'error.yaml'], dir);
    assert.equal(code, 2);
    assert.equal(stderr, 'netpol-lens: missing.yaml: no such file or directory\n');
    assert.match(stdout, /NP101/);
  });

  it('an error finding and a bad --max-warnings: exit 2 before anything is checked', () => {
    const { code, stdout } = run(['check', '--max-warnings', 'many', 'error.yaml'], dir);
    assert.equal(code, 2);
    assert.equal(stdout, '');
  });

  it('hints are not printed by default, in any format', () => {
    assert.equal(run(['check', 'deny.yaml'], dir).stdout, 'No problems in 1 file.\n');
    const json = JSON.parse(run(['check', '--format', 'json', 'deny.yaml'], dir).stdout) as unknown;
    assert.doesNotMatch(JSON.stringify(json), /NP601/);
    assert.doesNotMatch(run(['check', '--format', 'sarif', 'deny.yaml'], dir).stdout, /"ruleId":\s*"NP601"/);
  });

  it('--hints prints them, and they do not change the exit code', () => {
    const { code, stdout } = run(['check', '--hints', 'deny.yaml'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /^deny\.yaml:7:16 {2}hint {2}podSelector \{\} selects every pod in namespace shop.*NP601$/m);
  });
});
