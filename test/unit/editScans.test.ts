/**
 * A keystroke in a large file must not read the whole text (issue #16): the incremental analyser re-parses
 * the pieces an edit touched, and what it knows of the rest (which API groups the text names, its line
 * starts) it keeps. The Cilium and Calico rules, run for the edited piece, each scanned the whole text for
 * their API groups (36 scans of 4.6 MB per keystroke on 5,000 policies) until the analyser told them it
 * names none. These tests count the scans of the whole text while typing into crowded policies.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IncrementalAnalyzer } from '../../server/src/engine/incremental';
import { crowdedEditOffset, crowdedPolicyFile } from '../../bench/generate';
import { countWholeTextScans } from '../support/wholeTextScans';

describe('typing reads none of the whole text', () => {
  it('a keystroke into a port value of 240 crowded policies scans the whole text no time', () => {
    const analyzer = new IncrementalAnalyzer();
    let text = crowdedPolicyFile(240);
    analyzer.analyze(text);
    let at = crowdedEditOffset(text);
    for (const typed of '12a') {
      text = text.slice(0, at) + typed + text.slice(at);
      const change = { start: at, end: at, newLength: 1 };
      const scans = countWholeTextScans(text, () => {
        const analysis = analyzer.analyze(text, {}, change);
        assert.equal(analysis.path.kind, 'incremental');
      });
      assert.deepEqual(Object.fromEntries(scans), {}, `typing ${typed}: scans of the whole text`);
      at++;
    }
  });
});
