/**
 * The first analysis split across two threads (engine/incremental/split.ts): the per-document findings of
 * the pieces before a cut, made here, joined with those of the pieces from the cut on, made by another
 * thread (`partFrom`), are exactly the early findings of the whole text, and the whole analysis that
 * follows is the same as without a split, with every early finding in it.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { normalizeSettings } from '../../server/src/engine';
import type { Finding, Settings } from '../../server/src/engine';
import { DEFAULT_SETTINGS } from '../../server/src/engine';
import { cutCandidates } from '../../server/src/engine/parse/documentChunks';
import { cutNear, IncrementalAnalyzer, joinParts, partFrom } from '../../server/src/engine/incremental';
import { crowdedPolicyFile, policyFile } from '../../bench/generate';
import { caseDirs, loadCase } from '../support/fixtures';

const key = (f: Finding) => JSON.stringify([f.code, f.range, f.message, f.severity, f.field ?? null]);

/** Splits the first analysis of `text` at `cut` and compares it with the analysis in one piece. Returns whether the split held. */
function splitAt(text: string, cut: number, settings: Settings = DEFAULT_SETTINGS, label = ''): boolean {
  const plain = new IncrementalAnalyzer().analyzeStaged(text, { settings });
  const plainEarly = plain.early?.();
  const plainWhole = plain.rest();

  const analyzer = new IncrementalAnalyzer();
  const split = analyzer.analyzeSplit(text, { settings }, undefined, { until: cut });
  const other = partFrom(text, cut, settings);
  if (split.part && other) {
    const joined = joinParts([split.part, other], settings);
    // No early step in one piece (no policy, too many documents): nothing, or nothing found, to publish early.
    if (plainEarly) assert.deepStrictEqual(joined, plainEarly, `${label}: joined early findings at ${cut}`);
    else assert.ok(joined === undefined || joined.length === 0, `${label}: early findings where the plain analysis has none`);
  }
  // Without the other part (a cut not kept, or a worker that failed), the early step is the plain one.
  assert.deepStrictEqual(split.early(), plainEarly, `${label}: early findings after the part at ${cut}`);
  const whole = split.rest();
  assert.deepStrictEqual(whole.findings, plainWhole.findings, `${label}: whole analysis at ${cut}`);
  assert.deepStrictEqual(whole.path, plainWhole.path, `${label}: path at ${cut}`);
  const final = new Set(whole.findings.map(key));
  for (const finding of plainEarly ?? []) assert.ok(final.has(key(finding)), `${label}: early ${finding.code} withdrawn`);
  return split.part !== undefined;
}

describe('first analysis split in two: the same early findings, the same whole analysis', () => {
  it('on every rule fixture, at every cut', () => {
    const root = path.join(__dirname, '..', 'fixtures', 'rules');
    let held = 0;
    for (const code of caseDirs(root)) {
      for (const dir of caseDirs(code)) {
        const fixture = loadCase(dir);
        const settings = fixture.expected.settings ? normalizeSettings(fixture.expected.settings).settings : DEFAULT_SETTINGS;
        for (const cut of cutCandidates(fixture.input, 0)) {
          if (cut === 0 || cut >= fixture.input.length) continue;
          if (splitAt(fixture.input, cut, settings, dir)) held++;
        }
      }
    }
    assert.ok(held >= 25, `fixtures with more than one document are split (${held})`);
  });

  it('on crowded and spread generated files, cut near the middle', () => {
    for (const text of [crowdedPolicyFile(120), policyFile(150)]) {
      const cut = cutNear(text, 0.5);
      assert.ok(cut !== undefined && cut > text.length * 0.4 && cut < text.length * 0.6, `a cut near the middle (${cut} of ${text.length})`);
      assert.equal(splitAt(text, cut), true);
    }
  });

  it('with suppression comments on both sides of the cut, and CRLF line ends', () => {
    for (const eol of ['\n', '\r\n']) {
      let text = policyFile(40).replace(/\n/g, eol);
      const cut = cutNear(text, 0.5)!;
      const early = new IncrementalAnalyzer().analyzeStaged(text).early!();
      // A comment silencing the first early finding before the cut and the first one after it.
      const targets = [early.find((f) => f.span[0] < cut)!, early.find((f) => f.span[0] > cut)!];
      assert.ok(targets[0] && targets[1], 'early findings on both sides');
      for (const target of targets.slice().reverse()) {
        const lineStart = text.lastIndexOf('\n', target.span[0]) + 1;
        text = `${text.slice(0, lineStart)}# netpol-lens-disable-next-line ${target.code}${eol}${text.slice(lineStart)}`;
      }
      const at = cutNear(text, 0.5)!;
      const silenced = new IncrementalAnalyzer().analyzeStaged(text).early!();
      assert.equal(silenced.length, early.length - 2, 'both are silenced');
      assert.equal(splitAt(text, at, DEFAULT_SETTINGS, `suppressed ${JSON.stringify(eol)}`), true);
    }
  });

  it('a document broken across the cut: the cut is not kept, the analysis goes on in one piece', () => {
    const base = policyFile(30);
    const cut = cutNear(base, 0.5)!;
    // An unclosed quote before the cut runs on to the next quote after it.
    const text = `${base.slice(0, cut)}  note: "unclosed\n${base.slice(cut)}`;
    const at = cutNear(text, 0.5)!;
    assert.equal(new IncrementalAnalyzer().analyzeSplit(text, {}, undefined, { until: at }).part, undefined);
    splitAt(text, at, DEFAULT_SETTINGS, 'broken');
  });

  it('too many documents in the two parts together: nothing to join', () => {
    const text = policyFile(20);
    const settings = { ...DEFAULT_SETTINGS, limits: { ...DEFAULT_SETTINGS.limits, maxDocuments: 15 } };
    const cut = cutNear(text, 0.5)!;
    const part = new IncrementalAnalyzer().analyzeSplit(text, { settings }, undefined, { until: cut }).part;
    const other = partFrom(text, cut, settings);
    assert.ok(part && other, 'each half alone is under the limit');
    assert.equal(joinParts([part, other], settings), undefined);
  });
});
