/**
 * CNP002's fix: every AdminNetworkPolicy/BaselineAdminNetworkPolicy case it rewrites becomes a
 * ClusterNetworkPolicy that passes the CRD's validation (no CNP1xx finding, under either channel).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { analyzeText, applyEdits, normalizeSettings } from '../../../server/src/engine';

const cases = (parse(readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'rules', 'CNP002', 'cases.yaml'), 'utf8')) as { cases: { name: string; fires: boolean; yaml: string }[] }).cases;

describe('CNP002 migration: the result passes CNP1xx', () => {
  for (const channel of ['standard', 'experimental']) {
    for (const c of cases.filter((x) => x.fires)) {
      it(`${c.name} (${channel} channel)`, () => {
        const { settings } = normalizeSettings({ clusterNetworkPolicy: { channel } });
        const finding = analyzeText(c.yaml, { settings }).findings.find((f) => f.code === 'CNP002');
        assert.ok(finding?.fixes[0]);
        const after = applyEdits(c.yaml, finding.fixes[0].offsetEdits);
        const left = analyzeText(after, { settings }).findings.filter((f) => /^CNP(0|1)/.test(f.code));
        assert.deepEqual(left.map((f) => `${f.code} ${f.message}`), []);
      });
    }
  }

  it('no fix where a port cannot be carried over (an unknown protocol), the finding stays', () => {
    const text = cases.find((c) => c.name === 'admin')!.yaml.replace('protocol: TCP', 'protocol: ICMP');
    const finding = analyzeText(text).findings.find((f) => f.code === 'CNP002');
    assert.ok(finding);
    assert.deepEqual(finding.fixes, []);
  });

  it('the channel setting is read and checked', () => {
    assert.equal(normalizeSettings({ clusterNetworkPolicy: { channel: 'experimental' } }).settings.clusterNetworkPolicy.channel, 'experimental');
    assert.equal(normalizeSettings({}).settings.clusterNetworkPolicy.channel, 'standard');
    assert.deepEqual(normalizeSettings({ clusterNetworkPolicy: { channel: 'beta' } }).problems, ['netpolLens.clusterNetworkPolicy.channel: expected one of standard, experimental']);
  });
});
