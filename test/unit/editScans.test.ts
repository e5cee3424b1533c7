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

const SCANNING = ['includes', 'indexOf', 'lastIndexOf', 'search', 'match', 'matchAll', 'split', 'replace', 'replaceAll', 'startsWith', 'endsWith'] as const;

/** Runs `body`, counting the string searches and RegExp exec/test over a string of `length` characters (the whole text). */
function countScans(length: number, body: () => void): number {
  let count = 0;
  const stringProto = String.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const regexpProto = RegExp.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const saved: { proto: Record<string, (...args: unknown[]) => unknown>; name: string; original: (...args: unknown[]) => unknown }[] = [];
  for (const name of SCANNING) {
    const original = stringProto[name]!;
    saved.push({ proto: stringProto, name, original });
    stringProto[name] = function (this: string, ...args: unknown[]) {
      if (typeof this === 'string' && this.length === length) count++;
      return original.apply(this, args);
    };
  }
  for (const name of ['exec', 'test']) {
    const original = regexpProto[name]!;
    saved.push({ proto: regexpProto, name, original });
    regexpProto[name] = function (this: RegExp, ...args: unknown[]) {
      if (typeof args[0] === 'string' && args[0].length === length && this.lastIndex === 0) count++;
      return original.apply(this, args);
    };
  }
  try {
    body();
  } finally {
    for (const { proto, name, original } of saved) proto[name] = original;
  }
  return count;
}

describe('typing reads none of the whole text', () => {
  it('a keystroke into a port value of 240 crowded policies scans the whole text no time', () => {
    const analyzer = new IncrementalAnalyzer();
    let text = crowdedPolicyFile(240);
    analyzer.analyze(text);
    let at = crowdedEditOffset(text);
    for (const typed of '12a') {
      text = text.slice(0, at) + typed + text.slice(at);
      const change = { start: at, end: at, newLength: 1 };
      const scans = countScans(text.length, () => {
        const analysis = analyzer.analyze(text, {}, change);
        assert.equal(analysis.path.kind, 'incremental');
      });
      assert.equal(scans, 0, `typing ${typed}: ${scans} scans of the whole text`);
      at++;
    }
  });
});
