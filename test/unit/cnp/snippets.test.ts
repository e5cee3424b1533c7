/**
 * The ClusterNetworkPolicy snippets (snippets/clusternetworkpolicy.json), placeholders at their defaults:
 * ClusterNetworkPolicies that raise no finding at all, under either channel, and that say what the
 * README promises (DNS accepted before the external deny, at a higher precedence).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyzeText, normalizeSettings } from '../../../server/src/engine';

const root = path.join(__dirname, '..', '..', '..');
const snippets = JSON.parse(readFileSync(path.join(root, 'snippets', 'clusternetworkpolicy.json'), 'utf8')) as Record<string, { prefix: string[]; body: string[] }>;
const byPrefix = (prefix: string) => Object.values(snippets).find((s) => s.prefix.includes(prefix))!;

/** What VS Code inserts with every placeholder at its default (as test/unit/snippets.test.ts). */
function expand(body: readonly string[]): string {
  let text = body.join('\n');
  let previous;
  do {
    previous = text;
    text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1');
  } while (text !== previous);
  return text.replace(/\$\{\d+\}|\$\d+/g, '') + '\n';
}

describe('ClusterNetworkPolicy snippets', () => {
  for (const prefix of ['netpol-cnp-deny-external-egress', 'netpol-cnp-baseline-default-deny']) {
    for (const channel of ['standard', 'experimental']) {
      it(`${prefix} raises no finding (${channel} channel)`, () => {
        const { settings } = normalizeSettings({ clusterNetworkPolicy: { channel } });
        const analysis = analyzeText(expand(byPrefix(prefix).body), { settings });
        assert.deepEqual(analysis.internalErrors, []);
        assert.deepEqual(analysis.findings.map((f) => `${f.code} ${f.message}`), []);
      });
    }
  }

  it('a misspelt key in the expanded snippet is found: the test can fail', () => {
    const text = expand(byPrefix('netpol-cnp-deny-external-egress').body).replace('action: Deny', 'acton: Deny');
    assert.deepEqual(analyzeText(text).findings.map((f) => f.code), ['CNP101']);
  });

  it('deny-external-egress: DNS accepted by a policy of higher precedence than the external deny', () => {
    const docs = parseAllDocuments(expand(byPrefix('netpol-cnp-deny-external-egress').body)).map((d) => d.toJS() as { spec: { tier: string; priority: number; egress: { action: string; to: { networks?: string[] }[] }[] } });
    assert.equal(docs.length, 2);
    const [dns, deny] = docs;
    assert.ok(dns && deny);
    assert.equal(dns.spec.tier, 'Admin');
    assert.equal(deny.spec.tier, 'Admin');
    assert.ok(dns.spec.priority < deny.spec.priority, 'DNS is evaluated first');
    assert.deepEqual(dns.spec.egress.map((r) => r.action), ['Accept']);
    assert.deepEqual(deny.spec.egress.map((r) => r.action), ['Pass', 'Deny']);
    assert.deepEqual(deny.spec.egress[1]!.to[0]!.networks, ['0.0.0.0/0', '::/0']);
  });

  it('baseline default deny: tier Baseline, kube-system left out', () => {
    const text = expand(byPrefix('netpol-cnp-baseline-default-deny').body);
    assert.match(text, /tier: Baseline/);
    assert.match(text, /operator: NotIn\n {8}values:\n {8}- kube-system/);
  });
});
