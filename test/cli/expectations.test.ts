/** `netpol-lens test`, run as a user runs it: a process, its output and exit code (docs/expectations.md). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const REPO = path.join(__dirname, '..', '..');
const STORY = path.join(REPO, 'test', 'fixtures', 'expectations', 'story');
const HEAD = 'apiVersion: netpol-lens/v1\nkind: ConnectivityExpectations\nexpect:\n';
const made: string[] = [];

function run(cwd: string, ...args: string[]) {
  // The built CLI (npm run test:fast builds it first): tsx cannot be found from a folder outside the repository.
  const result = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'test', ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The story's workloads and policy, with these expectations files beside them (`holds.netpol-test.yaml` dropped). */
function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-test-'));
  made.push(dir);
  cpSync(path.join(STORY, 'workloads.yaml'), path.join(dir, 'workloads.yaml'));
  cpSync(path.join(STORY, 'policy.yaml'), path.join(dir, 'policy.yaml'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('netpol-lens test', () => {
  it('exits 0 when every expectation holds, and lists them', () => {
    const r = run(STORY, '.');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'holds.netpol-test.yaml:4: ok: shop/restricted-app -> kube-system/kube-dns on 53/UDP allowed',
        'holds.netpol-test.yaml:5: ok: shop/restricted-app -> 8.8.8.8 denied',
        'holds.netpol-test.yaml:6: ok: shop/api -> shop/restricted-app allowed',
        '3 expectations: 3 hold, 0 broken',
        '',
      ].join('\n'),
    );
  });

  it('exits 1 for a broken expectation and says which policy isolates and that no rule allows it', () => {
    const dir = workspace({ 'netpol-expectations.yaml': `${HEAD}- {from: shop/restricted-app, to: shop/api, port: 8080, allowed: true}\n` });
    const r = run(dir);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      [
        'netpol-expectations.yaml:4: BROKEN: expected shop/restricted-app -> shop/api to be allowed on 8080/TCP, but shop/restricted-app -> shop/api is denied on 8080/TCP',
        '  egress: shop/restricted-app is isolated by shop/deny-external-egress (policy.yaml:1); no rule allows this: denied',
        '  ingress: shop/api is not isolated for ingress (no policy selects it with Ingress): allowed',
        '1 expectation: 0 hold, 1 broken',
        '',
      ].join('\n'),
    );
  });

  it('names the rule that allows what was expected denied, with its line', () => {
    const dir = workspace({ 'e.yaml': `${HEAD}- {from: shop/restricted-app, to: 10.0.0.0/8, port: 22, allowed: false}\n` });
    const r = run(dir, 'e.yaml', 'workloads.yaml', 'policy.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^e\.yaml:4: BROKEN: expected shop\/restricted-app -> 10\.0\.0\.0\/8 to be denied on 22\/TCP, but shop\/restricted-app -> 10\.0\.0\.0 is allowed on 22\/TCP\n/);
    assert.match(r.stdout, /\n {2}egress: shop\/restricted-app is isolated by shop\/deny-external-egress \(policy\.yaml:1\); allowed by shop\/deny-external-egress spec\.egress\[1\] \(policy\.yaml:25\)\n/);
  });

  it('answers in JSON with the witness and both directions', () => {
    const dir = workspace({ 'e.yaml': `${HEAD}- {from: shop/restricted-app, to: shop/api, port: 8080, allowed: true}\n- {from: shop/restricted-app, to: 8.8.8.8, allowed: false}\n` });
    const r = run(dir, '--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { version: number; summary: unknown; results: Record<string, unknown>[]; problems: unknown[] };
    assert.equal(out.version, 1);
    assert.deepEqual(out.summary, { expectations: 2, hold: 1, broken: 1, unknown: 0, invalid: 0 });
    assert.deepEqual(out.problems, []);
    assert.deepEqual(out.results[1], { file: 'e.yaml', line: 5, from: 'shop/restricted-app', to: '8.8.8.8', port: null, allowed: false, status: 'holds', pairs: 1 });
    assert.deepEqual(out.results[0], {
      file: 'e.yaml',
      line: 4,
      from: 'shop/restricted-app',
      to: 'shop/api',
      port: '8080/TCP',
      allowed: true,
      status: 'broken',
      message: 'expected shop/restricted-app -> shop/api to be allowed on 8080/TCP, but shop/restricted-app -> shop/api is denied on 8080/TCP',
      witness: { from: 'shop/restricted-app', to: 'shop/api', port: '8080/TCP', allowedPorts: 'none' },
      brokenPairs: 1,
      pairs: 1,
      egress: {
        endpoint: 'shop/restricted-app',
        external: false,
        isolated: true,
        allowed: false,
        isolatedBy: [{ policy: 'shop/deny-external-egress', file: 'policy.yaml', line: 1 }],
        allowedBy: [],
      },
      ingress: { endpoint: 'shop/api', external: false, isolated: false, allowed: true, isolatedBy: [], allowedBy: [] },
    });
  });

  it('exits 2 for an endpoint that names no workload, and still checks the others', () => {
    const dir = workspace({ 'e.yaml': `${HEAD}- {from: shop/restricted, to: shop/api, allowed: false}\n- {from: shop/restricted-app, to: shop/api, port: 8080, allowed: true}\n` });
    const r = run(dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /^e\.yaml:4: unknown endpoint: from no workload shop\/restricted in the workspace \(in shop: shop\/restricted-app, shop\/api\)\n/);
    assert.match(r.stdout, /\ne\.yaml:5: BROKEN: /);
    assert.match(r.stdout, /\n2 expectations: 0 hold, 1 broken, 1 with an unknown endpoint\n$/);
  });

  it('exits 2 for an expectations file it cannot read, with line and column, over a broken one', () => {
    const dir = workspace({ 'e.yaml': `${HEAD}- {from: shop/restricted-app, to: shop/api, port: 8080/HTTP, allowed: true}\n- {from: shop/restricted-app, to: shop/api, port: 8080, allowed: true}\n- {from: shop/api}\n` });
    const r = run(dir);
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      'e.yaml:4:51: invalid: expect[0].port: protocol "HTTP" must be TCP, UDP or SCTP',
      'e.yaml:6:3: invalid: expect[2] has no "to"',
      'e.yaml:6:3: invalid: expect[2] has no "allowed": say true or false',
      'e.yaml:5: BROKEN: expected shop/restricted-app -> shop/api to be allowed on 8080/TCP, but shop/restricted-app -> shop/api is denied on 8080/TCP',
    ]);
    assert.match(r.stdout, /\n1 expectation: 0 hold, 1 broken, 3 problems in the files\n$/);
  });

  it('exits 2 with a message when the paths hold no expectations file', () => {
    const dir = workspace({});
    const r = run(dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^netpol-lens: no expectations file found in the current directory \(2 files read; looked for documents with apiVersion: netpol-lens\/v1 and kind: ConnectivityExpectations\)\n$/);
  });

  it('gives in SARIF the findings check gives on the expectations files', () => {
    const dir = workspace({
      'e.yaml': `${HEAD}- {from: shop/restricted-app, to: shop/api, port: 8080, allowed: true}\n- {from: shop/restricted, to: shop/api, allowed: false}\n- {from: shop/api, to: shop/api, port: 0, allowed: true}\n`,
    });
    const r = run(dir, '--format', 'sarif');
    assert.equal(r.code, 2, r.stderr);
    const check = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'check', '--format', 'sarif', '.'], { cwd: dir, encoding: 'utf8' });
    type Sarif = { runs: { results: { ruleId: string; level: string; message: { text: string }; locations: unknown[] }[] }[] };
    const pick = (text: string) => (JSON.parse(text) as Sarif).runs[0]!.results.filter((x) => x.ruleId.startsWith('NP96')).map(({ ruleId, level, message, locations }) => ({ ruleId, level, message, locations }));
    const ours = pick(r.stdout);
    assert.deepEqual(ours.map((x) => x.ruleId), ['NP960', 'NP961', 'NP962']);
    assert.deepEqual(ours, pick(check.stdout));
  });

  it('exits 2 for a bad --format', () => {
    const r = run(STORY, '--format', 'xml');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format must be text, json or sarif, not "xml"/);
  });

  it('never crashes on malformed expectations files', () => {
    const texts = [
      'apiVersion: netpol-lens/v1\nkind: ConnectivityExpectations\n',
      'apiVersion: netpol-lens/v1\nkind: ConnectivityExpectations\nexpect: null\n',
      'apiVersion: netpol-lens/v1\nkind: ConnectivityExpectations\nexpect: [1, "x", [], {from: [], to: {}, allowed: 3, port: {}}]\n',
      'kind: ConnectivityExpectations\nexpect:\n- {from: shop/api, to: 0.0.0.0/0, allowed: false\n',
      'apiVersion: netpol-lens/v1\nkind: ConnectivityExpectations\nexpect: &a\n- *a\n- {from: &b shop/api, to: *b, allowed: true, port: 0-0/TCP}\n',
      'apiVersion: netpol-lens/v1\n',
    ];
    for (const text of texts) {
      const dir = workspace({ 'e.yaml': text });
      const r = run(dir);
      assert.equal(r.code, 2, `${text}\n${r.stdout}${r.stderr}`);
      assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, 'no stack trace');
      assert.match(r.stdout, /invalid: /, text);
    }
  });
});
