/** The seed article's scenario (shared/seed/NOTES.md): what deny-external-egress really allows. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/engine';
import { buildWorkspace, reach } from '../../../server/src/engine/reach';
import type { Workspace } from '../../../server/src/engine/reach';

const ROOT = path.join(__dirname, '..', '..', 'fixtures', 'reach', 'seed');
const read = (name: string) => ({ uri: name, text: readFileSync(path.join(ROOT, name), 'utf8') });

function allowed(ws: Workspace, from: string, to: string, port: number, protocol = 'TCP') {
  const [source] = ws.findEndpoints(from);
  const [destination] = ws.findEndpoints(to);
  assert.ok(source && destination, `${from} and ${to} exist`);
  return reach(ws, source, destination, { port, protocol });
}

describe('seed: deny-external-egress', () => {
  const ws = buildWorkspace([read('workloads.yaml'), read('deny-external-egress.yaml')], DEFAULT_SETTINGS, ['8.8.8.8', '10.1.2.3']);

  it('cannot reach pods of its own namespace (the article says it can)', () => {
    const verdict = allowed(ws, 'default/restricted-app', 'default/neighbour', 80);
    assert.equal(verdict.allowed, false);
    assert.deepEqual(
      verdict.egress.isolatedBy.map((p) => p.key),
      ['default/deny-external-egress'],
    );
    assert.equal(verdict.egress.allowedBy.length, 0);
    assert.equal(verdict.ingress.isolated, false);
  });

  it('reaches kube-dns on 53/UDP and 53/TCP through spec.egress[0]', () => {
    for (const protocol of ['UDP', 'TCP']) {
      const verdict = allowed(ws, 'default/restricted-app', 'kube-system/coredns', 53, protocol);
      assert.equal(verdict.allowed, true, protocol);
      assert.deepEqual(
        verdict.egress.allowedBy.map((r) => `${r.policy.key} ${r.rule.field.join('.')}`),
        ['default/deny-external-egress spec.egress.0'],
      );
    }
    assert.equal(allowed(ws, 'default/restricted-app', 'kube-system/coredns', 53, 'SCTP').allowed, false);
    assert.equal(allowed(ws, 'default/restricted-app', 'kube-system/coredns', 54, 'UDP').allowed, false);
  });

  it('cannot reach 8.8.8.8, not even on 53', () => {
    assert.equal(allowed(ws, 'default/restricted-app', '8.8.8.8', 53, 'UDP').allowed, false);
    assert.equal(allowed(ws, 'default/restricted-app', '8.8.8.8', 443).allowed, false);
    assert.equal(allowed(ws, 'default/restricted-app', '10.1.2.3', 443).allowed, false);
  });

  it('is still reachable from everywhere: it isolates egress only', () => {
    assert.equal(allowed(ws, '8.8.8.8', 'default/restricted-app', 8080).allowed, true);
    assert.equal(allowed(ws, 'default/neighbour', 'default/restricted-app', 8080).allowed, true);
  });

  it('with the private-ranges rule reaches 10.x addresses and pods, but still not 8.8.8.8', () => {
    const open = buildWorkspace([read('workloads.yaml'), read('private-ranges-rule.yaml')], DEFAULT_SETTINGS, ['8.8.8.8', '10.1.2.3']);
    const toTen = allowed(open, 'default/restricted-app', '10.1.2.3', 443);
    assert.equal(toTen.allowed, true);
    assert.deepEqual(
      toTen.egress.allowedBy.map((r) => r.rule.field.join('.')),
      ['spec.egress.1'],
    );
    assert.equal(allowed(open, 'default/restricted-app', 'default/neighbour', 80).allowed, true, 'the neighbour has a 10.x address');
    assert.equal(allowed(open, 'default/restricted-app', '8.8.8.8', 53, 'UDP').allowed, false);
  });

  it('treats ipBlock as outside-only when the setting says the network plugin does', () => {
    const open = buildWorkspace([read('workloads.yaml'), read('private-ranges-rule.yaml')], { ...DEFAULT_SETTINGS, ipBlockAppliesToPods: false }, ['10.1.2.3']);
    assert.equal(allowed(open, 'default/restricted-app', 'default/neighbour', 80).allowed, false);
    assert.equal(allowed(open, 'default/restricted-app', '10.1.2.3', 80).allowed, true);
  });
});
