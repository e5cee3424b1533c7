/** connlist and diff as a user runs them: a process, its output (whole, against golden files) and exit code. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const REPO = path.join(__dirname, '..', '..');
const SHOP = 'test/fixtures/connlist/shop';
const SEED = 'test/fixtures/reach/seed';
const UPDATE = process.env.UPDATE_FIXTURES === '1';

function run(args: readonly string[], cwd = REPO) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'server/src/cli/main.ts'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The output against `test/fixtures/connlist/<file>` (written with UPDATE_FIXTURES=1: review the diff). */
function golden(file: string, output: string): void {
  const at = path.join(REPO, 'test/fixtures/connlist', file);
  if (UPDATE || !existsSync(at)) writeFileSync(at, output);
  assert.equal(output, readFileSync(at, 'utf8'));
}

describe('netpol-lens connlist', () => {
  for (const format of ['text', 'json', 'csv', 'md', 'dot', 'mermaid']) {
    it(`prints the shop as ${format}`, () => {
      const r = run(['connlist', '--format', format, SHOP]);
      assert.equal(r.code, 0, r.stderr);
      golden(`shop/expected.${format === 'text' ? 'txt' : format}`, r.stdout);
    });
  }

  it('groups the Pods of one owner, keeps apart Pods that behave differently, and carries kind and file', () => {
    const r = run(['connlist', '--format', 'json', SHOP]);
    const out = JSON.parse(r.stdout) as { version: number; connections: { from: string; to: string; ports: unknown }[]; endpoints: { name: string; kind: string; file?: string }[] };
    assert.equal(out.version, 1);
    const byName = new Map(out.endpoints.map((e) => [e.name, e]));
    assert.deepEqual(byName.get('shop/api'), { name: 'shop/api', kind: 'Deployment', namespace: 'shop', file: `${SHOP}/workloads.yaml` });
    assert.equal(byName.get('shop/worker-1')?.kind, 'Pod');
    assert.equal(byName.get('shop/worker'), undefined, 'the Job pods differ: no shop/worker');
    assert.deepEqual(byName.get('10.2.0.0-10.255.255.255'), { name: '10.2.0.0-10.255.255.255', kind: 'IPRange' });
    assert.deepEqual(
      out.connections.find((c) => c.from === 'shop/api' && c.to === '2001:db8::/32'),
      { from: 'shop/api', to: '2001:db8::/32', ports: [{ protocol: 'UDP', from: 53, to: 53 }] },
    );
    assert.ok(!out.connections.some((c) => c.from === c.to), 'no self-pair');
    assert.ok(!out.connections.some((c) => c.from === 'shop/api' && c.to === 'shop/worker-2'), 'no empty pair');
  });

  it('resolves named ports against the destination containers', () => {
    const r = run(['connlist', '--focus', 'shop/frontend', '--direction', 'ingress', SHOP]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      ['kube-system/kube-dns => shop/frontend : TCP 8080,9090', 'ops/debug => shop/frontend : TCP 8080,9090', '0.0.0.0/0 => shop/frontend : TCP 8080', ''].join('\n'),
    );
  });

  it('--focus with --direction egress: only what the workload opens', () => {
    const r = run(['connlist', '--focus', 'shop/api', '--direction', 'egress', SEED, SHOP]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.split('\n').filter(Boolean).every((line) => line.startsWith('shop/api => ')), r.stdout);
  });

  it('tells the seed story: the restricted app reaches only the cluster DNS, on UDP and TCP 53', () => {
    const r = run(['connlist', '--focus', 'default/restricted-app', '--direction', 'egress', `${SEED}/workloads.yaml`, `${SEED}/deny-external-egress.yaml`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'default/restricted-app => kube-system/coredns : TCP 53; UDP 53\n');
  });

  it('--exposure names the policy and rule that open each workload wide', () => {
    const r = run(['connlist', '--exposure', SHOP]);
    assert.equal(r.code, 0, r.stderr);
    golden('shop/expected-exposure.txt', r.stdout);
    const json = JSON.parse(run(['connlist', '--exposure', '--format', 'json', SHOP]).stdout) as { exposures: { workload: string; kind: string; policy?: string; rule?: string }[] };
    assert.deepEqual(
      json.exposures.filter((e) => e.workload === 'shop/db'),
      [{ workload: 'shop/db', direction: 'ingress', kind: 'labelled-pods', peer: 'pods role=backup in every namespace', ports: [{ protocol: 'TCP', from: 5432, to: 5432 }], policy: 'shop/db', rule: 'spec.ingress[0]', file: `${SHOP}/policies.yaml` }],
    );
  });

  it('exits 2 for a bad format, an unknown workload, --direction alone, and no workloads', () => {
    assert.equal(run(['connlist', '--format', 'xml', SHOP]).code, 2);
    assert.match(run(['connlist', '--focus', 'shop/nope', SHOP]).stderr, /--focus shop\/nope: no such workload/);
    assert.match(run(['connlist', '--direction', 'egress', SHOP]).stderr, /--direction needs --focus/);
    assert.equal(run(['connlist', '--exposure', '--format', 'dot', SHOP]).code, 2);
    assert.match(run(['connlist', `${SHOP}/policies.yaml`]).stderr, /no workloads found/);
  });
});
