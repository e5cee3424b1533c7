/**
 * `isOneEditApart` answers in one pass what `editDistance(a, b) === 1` answers with a table: the same
 * answer on every pair of short strings over a small alphabet (where insertions, deletions, replacements
 * and swaps of neighbours all occur), and on the label typos the workspace rules look for.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, isOneEditApart } from '../../server/src/engine/text/editDistance';

function allStrings(alphabet: string, maxLength: number): string[] {
  const out = [''];
  for (let start = 0; out[out.length - 1]!.length < maxLength; ) {
    const end = out.length;
    for (let i = start; i < end; i++) for (const c of alphabet) out.push(out[i]! + c);
    start = end;
  }
  return out;
}

describe('isOneEditApart', () => {
  it('is editDistance(a, b) === 1 on every pair of strings of up to 4 characters of "abc"', () => {
    const strings = allStrings('abc', 4);
    let ones = 0;
    for (const a of strings) {
      for (const b of strings) {
        const expected = editDistance(a, b) === 1;
        if (expected) ones++;
        assert.equal(isOneEditApart(a, b), expected, `${JSON.stringify(a)} ${JSON.stringify(b)}`);
      }
    }
    assert.ok(ones > 1000, `${ones} pairs one edit apart`);
  });

  it('finds label slips and nothing else', () => {
    assert.equal(isOneEditApart('cart', 'carts'), true);
    assert.equal(isOneEditApart('carts', 'cart'), true);
    assert.equal(isOneEditApart('frontend', 'fronetnd'), true);
    assert.equal(isOneEditApart('frontend', 'frontend'), false);
    assert.equal(isOneEditApart('frontend', 'backend'), false);
    assert.equal(isOneEditApart('web', 'bew'), false);
    assert.equal(isOneEditApart('payments', 'paymnets-'), false);
  });
});
