/** `netpol-lens diff` as CI runs it (the built dist/cli.js): paths and git refs of a temporary repository, outputs and exit codes. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const REPO = path.join(__dirname, '..', '..');
const SEED = path.join(REPO, 'test/fixtures/reach/seed');

function run(args: readonly string[], cwd = REPO) {
  const result = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The seed's change: the article's second rule (egress to the private ranges) added to deny-external-egress. */
const ADDED = [
  '+ default/restricted-app => default/neighbour : all',
  '+ default/restricted-app => 10.0.0.0/8 : all',
  '+ default/restricted-app => 172.16.0.0/12 : all',
  '+ default/restricted-app => 192.168.0.0/16 : all',
  '',
].join('\n');

describe('netpol-lens diff', () => {
  let repo = '';
  before(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'netpol-lens-diff-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    mkdirSync(path.join(repo, 'deploy'));
    copyFileSync(path.join(SEED, 'workloads.yaml'), path.join(repo, 'deploy', 'workloads.yaml'));
    copyFileSync(path.join(SEED, 'deny-external-egress.yaml'), path.join(repo, 'deploy', 'policy.yaml'));
    writeFileSync(path.join(repo, 'README.md'), 'not YAML\n');
    writeFileSync(path.join(repo, 'deploy', 'broken.yaml'), 'kind: ConfigMap\ndata:\n\t- tab\n');
    git('add', '.');
    git('commit', '-qm', 'deny external egress');
    copyFileSync(path.join(SEED, 'private-ranges-rule.yaml'), path.join(repo, 'deploy', 'policy.yaml'));
    git('commit', '-qam', 'keep in-cluster traffic');
    // The working tree goes back to the first version: `.` differs from HEAD.
    copyFileSync(path.join(SEED, 'deny-external-egress.yaml'), path.join(repo, 'deploy', 'policy.yaml'));
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('compares two commits: the private-ranges rule opens the neighbour and the private ranges', () => {
    const r = run(['diff', 'git:HEAD~1', 'git:HEAD'], repo);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, ADDED);
  });

  it('compares a subfolder of a commit with the working tree, and the converse', () => {
    const r = run(['diff', 'git:HEAD:deploy', 'deploy'], repo);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, ADDED.replace(/^\+/gm, '-'));
    assert.equal(run(['diff', '.', 'git:HEAD'], repo).stdout, ADDED);
  });

  it('names files of a git tree as git:REF:PATH in its notes, not by the temporary folder', () => {
    const r = run(['diff', 'git:HEAD~1', 'git:HEAD'], repo);
    assert.match(r.stderr, /^netpol-lens: git:HEAD~1:deploy\/broken\.yaml:3:1: YAML syntax error/m);
    assert.doesNotMatch(r.stderr, /netpol-lens-git-/);
  });

  it('--fail-on: 1 when that kind of change exists, 0 otherwise', () => {
    assert.equal(run(['diff', '--fail-on', 'added', 'git:HEAD~1', 'git:HEAD'], repo).code, 1);
    assert.equal(run(['diff', '--fail-on', 'any', 'git:HEAD~1', 'git:HEAD'], repo).code, 1);
    assert.equal(run(['diff', '--fail-on', 'removed', 'git:HEAD~1', 'git:HEAD'], repo).code, 0);
    assert.equal(run(['diff', '--fail-on', 'any', 'git:HEAD~1', '.'], repo).code, 0);
  });

  it('JSON: connlist-shaped items per pair', () => {
    const r = run(['diff', '--format', 'json', 'git:HEAD~1', 'git:HEAD'], repo);
    const out = JSON.parse(r.stdout) as { version: number; added: unknown[]; removed: unknown[] };
    assert.equal(out.version, 1);
    assert.deepEqual(out.removed, []);
    assert.deepEqual(out.added[1], { from: 'default/restricted-app', to: '10.0.0.0/8', ports: 'all' });
  });

  it('Markdown names the rule behind each change, and why the neighbour is reachable', () => {
    const r = run(['diff', '--format', 'md', 'git:HEAD~1', 'git:HEAD'], repo);
    assert.equal(
      r.stdout,
      [
        '**Connectivity changes**: 4 added, 0 removed',
        '',
        '| Change | From | To | Ports | Because |',
        '| --- | --- | --- | --- | --- |',
        '| ➕ added | default/restricted-app | default/neighbour | all | allowed by default/deny-external-egress spec.egress[1]; default/neighbour is not isolated for ingress |',
        '| ➕ added | default/restricted-app | 10.0.0.0/8 | all | allowed by default/deny-external-egress spec.egress[1] |',
        '| ➕ added | default/restricted-app | 172.16.0.0/12 | all | allowed by default/deny-external-egress spec.egress[1] |',
        '| ➕ added | default/restricted-app | 192.168.0.0/16 | all | allowed by default/deny-external-egress spec.egress[1] |',
        '',
      ].join('\n'),
    );
    const removed = run(['diff', '--format', 'md', 'git:HEAD', 'git:HEAD~1'], repo);
    assert.match(removed.stdout, /\| ➖ removed \| default\/restricted-app \| 10\.0\.0\.0\/8 \| all \| was allowed by default\/deny-external-egress spec\.egress\[1\]; default\/restricted-app egress isolated by default\/deny-external-egress; no rule allows it \|/);
  });

  it('CSV: one line per change', () => {
    const r = run(['diff', '--format', 'csv', 'git:HEAD~1', 'git:HEAD'], repo);
    assert.equal(r.stdout.split('\n')[0], 'change,from,to,ports');
    assert.equal(r.stdout.split('\n')[2], 'added,default/restricted-app,10.0.0.0/8,all');
  });

  it('exits 2 for a bad ref, a path outside the tree, a missing path, one argument, and outside a repository', () => {
    assert.match(run(['diff', 'git:nope', '.'], repo).stderr, /git:nope: no such commit/);
    assert.equal(run(['diff', 'git:HEAD:../x', '.'], repo).code, 2);
    assert.equal(run(['diff', 'git:HEAD:missing', '.'], repo).code, 2);
    assert.equal(run(['diff', '.'], repo).code, 2);
    assert.equal(run(['diff', '--format', 'dot', '.', '.'], repo).code, 2);
    const outside = mkdtempSync(path.join(tmpdir(), 'netpol-lens-nogit-'));
    try {
      assert.equal(run(['diff', 'git:HEAD', '.'], outside).code, 2);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
