/** The one search for redundant list items that NP501, NP502, NP702, NP801 and NP802 share. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findRedundantItems } from '../../server/src/engine/rules/support/redundantItems';

type Range = [number, number];
const covers = (outer: Range, inner: Range) => outer[0] <= inner[0] && inner[1] <= outer[1];
const found = (items: Range[], extra: Partial<Parameters<typeof findRedundantItems<Range>>[1]> = {}) =>
  findRedundantItems(items, { covers, ...extra }).map((r) => [r.index, r.coverIndex, r.same]);

describe('findRedundantItems', () => {
  it('reports the later of two identical items as the repeat', () => {
    assert.deepEqual(found([[1, 5], [1, 5]]), [[1, 0, true]]);
  });

  it('reports the narrower of two nested items, wherever it stands', () => {
    assert.deepEqual(found([[2, 3], [1, 5]]), [[0, 1, false]]);
    assert.deepEqual(found([[1, 5], [2, 3]]), [[1, 0, false]]);
  });

  it('counts a shared end point as inside (containment, not overlap)', () => {
    assert.deepEqual(found([[1, 5], [5, 5], [1, 1]]), [[1, 0, false], [2, 0, false]]);
    assert.deepEqual(found([[1, 5], [4, 6]]), [], 'overlapping is not redundant');
  });

  it('names as the cover an item that stays, never one already found redundant', () => {
    assert.deepEqual(found([[1, 2], [0, 9], [1, 1]]), [[0, 1, false], [2, 1, false]]);
  });

  it('reports each of three identical items but the first, naming the first', () => {
    assert.deepEqual(found([[1, 5], [1, 5], [1, 5]]), [[1, 0, true], [2, 0, true]]);
  });

  it('leaves out items that are not judged, and covers that may not cover', () => {
    assert.deepEqual(found([[0, 9], [1, 2]], { mayCover: (_, k) => k !== 0 }), []);
    assert.deepEqual(found([[0, 9], [1, 2]], { judged: (_, k) => k !== 1 }), []);
  });

  it('takes a narrower notion of "same" than covering each other', () => {
    // Mutually covering but not the same: the earlier one is reported as covered by the later one.
    assert.deepEqual(found([[1, 5], [1, 5]], { same: () => false }), [[0, 1, false]]);
  });
});
