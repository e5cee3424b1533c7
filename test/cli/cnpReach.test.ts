/** reach and matrix with ClusterNetworkPolicies (test/fixtures/reach/cnp-tiers): the tier and rule that decided, and unknown. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const REPO = path.join(__dirname, '..', '..');
const TIERS = 'test/fixtures/reach/cnp-tiers';

function run(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli/main.ts', ...args], { cwd: REPO, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const DOMAINS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: app
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: allow-listed-domains
spec:
  tier: Admin
  priority: 5
  subject:
    namespaces: {}
  egress:
    - action: Accept
      to:
        - domainNames:
            - api.example.com
    - action: Deny
      to:
        - networks:
            - 0.0.0.0/0
`;

describe('netpol-lens reach with ClusterNetworkPolicies', () => {
  it('names the Admin-tier rule that denies, with its file and line', () => {
    const r = run('reach', '--from', 'blog/blog', '--to', 'shop/db', '--port', '5432', TIERS);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'blog/blog -> shop/db on 5432/TCP: denied',
        '  egress: blog/blog: allowed, through the tiers (Admin, NetworkPolicy, Baseline)',
        '    no tier decided: the default (allowed)',
        '  ingress: shop/db: denied, through the tiers (Admin, NetworkPolicy, Baseline)',
        `    decided in the Admin tier by ClusterNetworkPolicy shop-db-closed (Admin tier, priority 20) spec.ingress[0] "others" Deny (${TIERS}/admin.yaml:58)`,
        '',
      ].join('\n'),
    );
  });

  it('says which Pass handed on to the NetworkPolicy that decided, in JSON', () => {
    const r = run('reach', '--from', 'shop/web', '--to', 'shop/db', '--port', '5432', '--format', 'json', TIERS);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { allowed: boolean; ingress: { tiers: unknown; allowedBy: { policy: string }[] } };
    assert.equal(out.allowed, true);
    assert.deepEqual(out.ingress.tiers, {
      decidedBy: { tier: 'NetworkPolicy' },
      passedBy: [{ policy: 'cluster-guardrails', tier: 'Admin', priority: 10, rule: 'spec.ingress[0]', name: 'shop-db-only-from-shop', action: 'Pass', file: `${TIERS}/admin.yaml`, line: 35 }],
      undecidable: [],
      samePriority: [],
    });
    assert.deepEqual(out.ingress.allowedBy.map((a) => a.policy), ['shop/db-from-web']);
  });

  it('a Baseline Deny catches the cluster DNS of a namespace with no NetworkPolicy', () => {
    const r = run('reach', '--from', 'shop/web', '--to', 'kube-system/kube-dns', '--port', '53/UDP', TIERS);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^shop\/web -> kube-system\/kube-dns on 53\/UDP: denied\n/);
    assert.match(r.stdout, /decided in the Admin tier by ClusterNetworkPolicy cluster-guardrails \(Admin tier, priority 10\) spec\.egress\[0\] "dns" Accept/);
    assert.match(r.stdout, /decided in the Baseline tier by ClusterNetworkPolicy default-isolation \(Baseline tier, priority 100\) spec\.ingress\[1\] "others" Deny/);
  });

  it('domainNames make the answer unknown for an outside address, never a guess; reach and matrix say so', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netpol-cnp-'));
    try {
      writeFileSync(path.join(dir, 'p.yaml'), DOMAINS);
      const r = run('reach', '--from', 'shop/app', '--to', '203.0.113.7', '--port', '443', path.join(dir, 'p.yaml'));
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.equal(lines[0], 'shop/app -> 203.0.113.7 on 443/TCP: unknown');
      assert.match(lines[2]!, /^ {4}unless a rule below matches, decided in the Admin tier by ClusterNetworkPolicy allow-listed-domains .* spec\.egress\[1\] Deny/);
      assert.match(lines[3]!, /^ {4}unknown: whether ClusterNetworkPolicy allow-listed-domains .* spec\.egress\[0\] Accept .* matches/);
      const json = JSON.parse(run('reach', '--from', 'shop/app', '--to', '203.0.113.7', '--port', '443', '--format', 'json', path.join(dir, 'p.yaml')).stdout) as { allowed: unknown };
      assert.equal(json.allowed, null);
      const m = run('matrix', '--ports', '443/TCP', '--ips', '203.0.113.7', path.join(dir, 'p.yaml'));
      assert.equal(m.code, 0, m.stderr);
      // The pod's own traffic falls in 0.0.0.0/0 too: denied (the networks pitfall).
      assert.equal(m.stdout, ['443/TCP', '-           shop/app    203.0.113.7', 'shop/app    X           ?', '203.0.113.7 .', ''].join('\n'));
      const csv = run('matrix', '--ports', '443/TCP', '--ips', '203.0.113.7', '--format', 'csv', path.join(dir, 'p.yaml'));
      assert.match(csv.stdout, /^shop\/app,203\.0\.113\.7,443,TCP,unknown$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('connlist lists what the tiers allow: the Admin Deny to 8.8.8.8, the Pass to the shop NetworkPolicy, the Baseline isolation', () => {
    const r = run('connlist', TIERS);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.includes('shop/web => shop/db : TCP 5432'), r.stdout);
    assert.ok(lines.includes('blog/blog => shop/web : all'), r.stdout);
    assert.ok(lines.includes('shop/web => 0.0.0.0-8.8.8.7 : all') && lines.includes('shop/web => 8.8.8.9-255.255.255.255 : all'), r.stdout);
    // Denied: another team to the shop's database (Admin), the shop to the blog and to DNS (Baseline), anyone to 8.8.8.8 (Admin).
    for (const absent of [/^blog\/blog => shop\/db/, /^shop\/web => blog\/blog/, /^shop\/web => kube-system\/kube-dns/, /=> 8\.8\.8\.8 /]) {
      assert.ok(!lines.some((l) => absent.test(l)), `${absent} in\n${r.stdout}`);
    }
  });
});
