/** A short, deterministic slice of `npm run fuzz`: a few hundred mutants, same invariants. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzz } from '../fuzz/fuzz';

describe('fuzz (bounded)', () => {
  it('finds nothing in 300 mutants of the fixtures and the corpus', () => {
    const result = fuzz({ seed: 20261126, iterations: 300 });
    assert.equal(result.inputs, 300);
    assert.deepEqual(result.failures, []);
  });
});
