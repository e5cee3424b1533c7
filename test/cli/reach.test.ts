/** The explain, reach and matrix commands, run as a user runs them: a process, its output and exit code. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const REPO = path.join(__dirname, '..', '..');
const SEED = 'test/fixtures/reach/seed';
const E2E = 'test/fixtures/reach/e2e';
const seed = [`${SEED}/workloads.yaml`, `${SEED}/deny-external-egress.yaml`];

function run(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli/main.ts', ...args], { cwd: REPO, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('netpol-lens reach', () => {
  it('answers in the JSON shape of the issue, with file and line of the allowing rule', () => {
    const r = run('reach', '--from', 'default/restricted-app', '--to', 'kube-system/coredns', '--port', '53/UDP', '--format', 'json', ...seed);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      allowed: true,
      egress: {
        isolated: true,
        allowedBy: [{ policy: 'default/deny-external-egress', rule: 'spec.egress[0]', file: `${SEED}/deny-external-egress.yaml`, line: 13 }],
        isolatedBy: [{ policy: 'default/deny-external-egress', file: `${SEED}/deny-external-egress.yaml`, line: 2 }],
      },
      ingress: { isolated: false, allowedBy: [], isolatedBy: [] },
    });
  });

  it('exits 0 for a denied connection too, and says why in text', () => {
    const r = run('reach', '--from', 'default/restricted-app', '--to', '8.8.8.8', '--port', '53/udp', ...seed);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'default/restricted-app -> 8.8.8.8 on 53/UDP: denied',
        `  egress: default/restricted-app is isolated by default/deny-external-egress (${SEED}/deny-external-egress.yaml:2); no rule allows this: denied`,
        '  ingress: 8.8.8.8 is not a pod of the workspace; no NetworkPolicy applies to it',
        '',
      ].join('\n'),
    );
  });

  it('knows the cluster DNS though the workspace does not hold it, and names it', () => {
    // The restricted app alone (the seed's first document), without CoreDNS.
    const dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-reach-'));
    writeFileSync(path.join(dir, 'app.yaml'), readFileSync(path.join(REPO, SEED, 'workloads.yaml'), 'utf8').split(/^---$/m)[0]!);
    try {
      const r = run('reach', '--from', 'default/restricted-app', '--to', 'kube-system/kube-dns', '--port', '53/UDP', path.join(dir, 'app.yaml'), `${SEED}/deny-external-egress.yaml`);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(
        r.stdout,
        [
          'default/restricted-app -> kube-system/kube-dns on 53/UDP: allowed',
          `  egress: default/restricted-app is isolated by default/deny-external-egress (${SEED}/deny-external-egress.yaml:2); allowed by default/deny-external-egress spec.egress[0] (${SEED}/deny-external-egress.yaml:13)`,
          '  ingress: kube-system/kube-dns is the cluster DNS (kube-dns in kube-system): not in this workspace, present in every cluster; no policy of the workspace selects it: allowed',
          '',
        ].join('\n'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes a Pod address as that Pod', () => {
    const r = run('reach', '--from', '10.1.0.1', '--to', '10.1.0.2', '--port', '80', '--format', 'json', `${E2E}/topology.yaml`, `${E2E}/cidr-except/policies.yaml`);
    assert.equal(r.code, 0, r.stderr);
    const verdict = JSON.parse(r.stdout) as { allowed: boolean; egress: { isolated: boolean } };
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.egress.isolated, true);
  });

  it('exits 2 with a message for an unknown workload, a bad port or a missing option', () => {
    const unknown = run('reach', '--from', 'default/nope', '--to', 'kube-system/coredns', '--port', '53', ...seed);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^netpol-lens: --from default\/nope: no such workload \(known: default\/restricted-app, default\/neighbour, kube-system\/coredns\)/);
    const badPort = run('reach', '--from', 'default/restricted-app', '--to', '8.8.8.8', '--port', '70000', ...seed);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /bad port "70000"/);
    const badProtocol = run('reach', '--from', 'default/restricted-app', '--to', '8.8.8.8', '--port', '53/ICMP', ...seed);
    assert.equal(badProtocol.code, 2);
    assert.match(badProtocol.stderr, /bad protocol in "53\/ICMP"/);
    const missing = run('reach', '--from', 'default/restricted-app', ...seed);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /reach needs --from, --to and --port/);
  });

  it('follows --ipblock-applies-to-pods', () => {
    const args = ['reach', '--from', 'x/a', '--to', 'y/b', '--port', '80', '--format', 'json', `${E2E}/topology.yaml`, `${E2E}/cidr-egress/policies.yaml`];
    assert.equal((JSON.parse(run(...args).stdout) as { allowed: boolean }).allowed, true);
    assert.equal((JSON.parse(run(...args, '--ipblock-applies-to-pods', 'no').stdout) as { allowed: boolean }).allowed, false);
    assert.equal(run(...args, '--ipblock-applies-to-pods', 'maybe').code, 2);
  });
});

describe('reach and matrix with Cilium or Calico policies', () => {
  it('say on stderr that those policies are not part of the answer, and answer as before', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netpol-cilium-'));
    try {
      for (const file of seed) writeFileSync(path.join(dir, path.basename(file)), readFileSync(path.join(REPO, file), 'utf8'));
      const plain = run('reach', '--from', 'default/restricted-app', '--to', '8.8.8.8', '--port', '443/tcp', dir);
      assert.equal(plain.code, 0, plain.stderr);
      assert.equal(plain.stderr, '');
      writeFileSync(
        path.join(dir, 'cnp.yaml'),
        'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: web, namespace: default}\nspec:\n  endpointSelector: {}\n  egressDeny:\n  - toEntities: [world]\n',
      );
      const reach = run('reach', '--from', 'default/restricted-app', '--to', '8.8.8.8', '--port', '443/tcp', dir);
      assert.equal(reach.code, 0, reach.stderr);
      assert.equal(reach.stdout, plain.stdout);
      assert.equal(reach.stderr, `netpol-lens: 1 Cilium policy (${path.join(dir, 'cnp.yaml')}) not part of this answer: reach evaluates Kubernetes NetworkPolicies only\n`);
      const matrix = run('matrix', dir);
      assert.equal(matrix.code, 0, matrix.stderr);
      assert.match(matrix.stderr, /1 Cilium policy .* not part of this answer: matrix evaluates Kubernetes NetworkPolicies only/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('netpol-lens matrix', () => {
  const args = ['matrix', '--ports', '53/UDP,80', '--ips', '8.8.8.8', ...seed];

  it('prints one truth table per port', () => {
    const r = run(...args);
    assert.equal(r.code, 0, r.stderr);
    const w = (s: string) => s.padEnd(22);
    const row = (from: string, cells: string[]) => [w(from), ...cells.map(w)].join(' ').trimEnd();
    const header = [w('-'), w('default/restricted-app'), w('default/neighbour'), w('kube-system/coredns'), w('8.8.8.8')].join(' ').trimEnd();
    assert.equal(
      r.stdout,
      [
        '53/UDP',
        header,
        row('default/restricted-app', ['X', 'X', '.', 'X']),
        row('default/neighbour', ['.', '.', '.', '.']),
        row('kube-system/coredns', ['.', '.', '.', '.']),
        row('8.8.8.8', ['.', '.', '.', ' ']),
        '',
        '80/TCP',
        header,
        row('default/restricted-app', ['X', 'X', 'X', 'X']),
        row('default/neighbour', ['.', '.', '.', '.']),
        row('kube-system/coredns', ['.', '.', '.', '.']),
        row('8.8.8.8', ['.', '.', '.', ' ']),
        '',
      ].join('\n'),
    );
  });

  it('gives JSON with one entry per pair and port, outside-to-outside left out', () => {
    const r = run(...args, '--format', 'json');
    const json = JSON.parse(r.stdout) as { endpoints: string[]; entries: { from: string; to: string; port: number; protocol: string; allowed: boolean }[] };
    assert.deepEqual(json.endpoints, ['default/restricted-app', 'default/neighbour', 'kube-system/coredns', '8.8.8.8']);
    assert.equal(json.entries.length, (4 * 4 - 1) * 2);
    assert.deepEqual(json.entries[0], { from: 'default/restricted-app', to: 'default/restricted-app', port: 53, protocol: 'UDP', allowed: false });
    assert.deepEqual(
      json.entries.filter((e) => e.from === 'default/restricted-app' && e.allowed),
      [{ from: 'default/restricted-app', to: 'kube-system/coredns', port: 53, protocol: 'UDP', allowed: true }],
    );
  });

  it('gives CSV', () => {
    const lines = run(...args, '--format', 'csv').stdout.split('\n');
    assert.equal(lines[0], 'from,to,port,protocol,allowed');
    assert.ok(lines.includes('default/restricted-app,kube-system/coredns,53,UDP,true'));
    assert.ok(lines.includes('default/restricted-app,8.8.8.8,53,UDP,false'));
  });

  it('draws the allowed edges as Graphviz dot and Mermaid, grouped by namespace', () => {
    const dot = run(...args, '--format', 'dot').stdout;
    assert.match(dot, /^digraph connectivity \{\n/);
    assert.match(dot, /subgraph cluster_1 \{\n {4}label="namespace kube-system";\n {4}"kube-system\/coredns" \[label="coredns"\];\n {2}\}/);
    assert.match(dot, /\n {2}"default\/restricted-app" -> "kube-system\/coredns" \[label="53\/UDP"\];\n/);
    assert.doesNotMatch(dot, /"default\/restricted-app" -> "8\.8\.8\.8"/);
    const mermaid = run(...args, '--format', 'mermaid').stdout;
    assert.match(mermaid, /^flowchart LR\n {2}subgraph g0\["namespace default"\]\n {4}n0\["restricted-app"\]\n {4}n1\["neighbour"\]\n {2}end\n/);
    assert.match(mermaid, /\n {2}n0 -->\|"53\/UDP"\| n2\n/);
    assert.doesNotMatch(mermaid, /n0 -->\|[^|]*\| n3/);
  });

  it('probes the ports named in policies and workloads by default', () => {
    const r = run('matrix', '--format', 'json', ...seed);
    const ports = new Set((JSON.parse(r.stdout) as { entries: { port: number; protocol: string }[] }).entries.map((e) => `${e.port}/${e.protocol}`));
    assert.deepEqual([...ports].sort(), ['53/TCP', '53/UDP', '80/TCP', '8080/TCP']);
  });

  it('exits 2 for a bad address or format', () => {
    assert.equal(run('matrix', '--ips', 'nope', ...seed).code, 2);
    assert.equal(run('matrix', '--format', 'svg', ...seed).code, 2);
  });
});

describe('netpol-lens explain', () => {
  it('explains each policy in words and a table', () => {
    const r = run('explain', ...seed);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        `NetworkPolicy default/deny-external-egress (${SEED}/deny-external-egress.yaml:2)`,
        '  selects: pods app=restricted-app in namespace default (1 workload: default/restricted-app)',
        '  policyTypes: Egress',
        '  ingress to pods app=restricted-app in namespace default: not restricted by this policy (policyTypes has no Ingress).',
        '  egress from pods app=restricted-app in namespace default: only to pods k8s-app=kube-dns in namespaces kubernetes.io/metadata.name=kube-system, on 53/UDP and 53/TCP; everything else, including pods in the same namespace, is denied.',
        '  TYPE    RULE            PEERS                                                                        PORTS',
        '  Egress  spec.egress[0]  pods k8s-app=kube-dns in namespaces kubernetes.io/metadata.name=kube-system  53/UDP, 53/TCP',
        '',
      ].join('\n'),
    );
  });

  it('gives JSON', () => {
    const r = run('explain', '--format', 'json', `${E2E}/topology.yaml`, `${E2E}/default-deny-all/policies.yaml`);
    const json = JSON.parse(r.stdout) as { policies: { policy: string; workloads: string[]; policyTypes: string[]; directions: { sentence: string }[] }[] };
    assert.equal(json.policies.length, 1);
    assert.equal(json.policies[0]!.policy, 'x/deny-all');
    assert.deepEqual(json.policies[0]!.workloads, ['x/a', 'x/b', 'x/c']);
    assert.deepEqual(json.policies[0]!.policyTypes, ['Ingress', 'Egress']);
    assert.deepEqual(
      json.policies[0]!.directions.map((d) => d.sentence),
      ['ingress to all pods in namespace x: everything is denied', 'egress from all pods in namespace x: everything is denied'],
    );
  });
});

describe('netpol-lens check on a folder', () => {
  it('runs the workspace rules over the files checked together', () => {
    const r = run('check', 'test/fixtures/rules/NP951/label-typo');
    const lines = r.stdout.split('\n').filter((l) => l.endsWith('  NP951'));
    assert.deepEqual(lines, [
      'test/fixtures/rules/NP951/label-typo/input.yaml:8:12  warning  podSelector app=restricted-ap matches no workload in namespace default: did you mean `restricted-app`? With it the selector matches default/restricted-app  NP951',
    ]);
  });

  it('says nothing of the kind for the one file alone', () => {
    const r = run('check', 'test/fixtures/rules/NP951/label-typo/input.yaml');
    assert.doesNotMatch(r.stdout, / {2}NP951$/m);
    assert.match(r.stdout, / {2}NP201$/m);
  });
});
