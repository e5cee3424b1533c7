/**
 * The staged analysis behind the early first publish (IncrementalAnalyzer.analyzeStaged): the early
 * findings are those of the per-document rules, each of them in the whole analysis that follows, so a
 * client never sees a finding appear and then be withdrawn.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { normalizeSettings, RULES } from '../../server/src/engine';
import type { AnalyzeOptions, Finding } from '../../server/src/engine';
import { IncrementalAnalyzer } from '../../server/src/engine/incremental';
import { policyFile } from '../../bench/generate';
import { caseDirs, loadCase } from '../support/fixtures';

const DOCUMENT_CODES = new Set(RULES.filter((rule) => rule.dependsOn === 'document').map((rule) => rule.meta.code));
const key = (f: Finding) => JSON.stringify([f.code, f.range, f.message, f.severity, f.field ?? null]);

/** Stages the analysis of `text` and checks what the early step gives against the whole. */
function staged(text: string, options: AnalyzeOptions = {}, analyzer = new IncrementalAnalyzer(), change?: { start: number; end: number; newLength: number }) {
  const { early, rest } = analyzer.analyzeStaged(text, options, change);
  const earlyFindings = early?.() ?? [];
  const whole = rest();
  const final = new Set(whole.findings.map(key));
  for (const finding of earlyFindings) {
    assert.ok(DOCUMENT_CODES.has(finding.code), `${finding.code} is published early but depends on more than its document`);
    assert.ok(final.has(key(finding)), `early ${finding.code} at ${JSON.stringify(finding.range)} is withdrawn by the whole analysis`);
  }
  // Every per-document finding of the whole analysis was published early (none held back for no reason).
  if (early) {
    const earlyKeys = new Set(earlyFindings.map(key));
    for (const finding of whole.findings) if (DOCUMENT_CODES.has(finding.code)) assert.ok(earlyKeys.has(key(finding)), `${finding.code} waited for the whole analysis`);
  }
  return { early: earlyFindings, staged: early !== undefined, whole };
}

describe('staged analysis: the early findings are never withdrawn', () => {
  it('on every rule fixture, with its settings', () => {
    const root = path.join(__dirname, '..', 'fixtures', 'rules');
    let stagedCount = 0;
    for (const code of caseDirs(root)) {
      for (const dir of caseDirs(code)) {
        const fixture = loadCase(dir);
        const settings = fixture.expected.settings ? normalizeSettings(fixture.expected.settings).settings : undefined;
        const { whole, staged: wasStaged } = staged(fixture.input, settings ? { settings } : {});
        // The same findings as an analysis in one step.
        assert.deepStrictEqual(whole.findings, new IncrementalAnalyzer().analyze(fixture.input, settings ? { settings } : {}).findings, dir);
        if (wasStaged) stagedCount++;
      }
    }
    assert.ok(stagedCount > 100, `most fixtures go the incremental way (${stagedCount})`);
  });

  it('on 300 generated policies: early per-document findings, cross-policy ones only in the whole', () => {
    // And a policy isolating egress with no DNS rule: NP201, judged against the namespace's other policies.
    const text = `${policyFile(300)}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: no-dns
  namespace: elsewhere
spec:
  podSelector: {}
  policyTypes: [Egress]
`;
    const { early, whole, staged: wasStaged } = staged(text);
    assert.equal(wasStaged, true);
    assert.ok(early.length > 0);
    const later = whole.findings.filter((f) => !DOCUMENT_CODES.has(f.code));
    assert.ok(later.some((f) => f.code === 'NP201'), 'the file has cross-policy findings, which wait for the whole analysis');
    assert.equal(early.length + later.length, whole.findings.length);
  });

  it('leaves out a suppressed finding early, as the whole analysis does', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
  - ports:
    # netpol-lens-disable-next-line NP101
    - protocol: udp
    - protocol: icmp
`;
    const { early } = staged(text);
    assert.deepEqual(
      early.filter((f) => f.code === 'NP101').map((f) => f.range.start.line),
      [11],
    );
  });

  it('after edits (an early step on an edited version)', () => {
    const analyzer = new IncrementalAnalyzer();
    let text = policyFile(100);
    staged(text, {}, analyzer);
    for (const [pattern, inserted] of [
      ['protocol: TCP', 'protocol: udp'],
      ['port: 53', 'port: 99999'],
      ['namespace: team-0002', 'namespace: team-0003'],
    ] as const) {
      const start = text.indexOf(pattern);
      text = text.slice(0, start) + inserted + text.slice(start + pattern.length);
      const { staged: wasStaged } = staged(text, {}, analyzer, { start, end: start + pattern.length, newLength: inserted.length });
      assert.equal(wasStaged, true);
    }
  });
});
