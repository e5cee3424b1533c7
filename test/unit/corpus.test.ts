/**
 * The catalogue over real-world policies (test/fixtures/corpus): the correct ones get no warning or error,
 * only the explanations listed; the flagged ones get exactly the findings listed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { analyzeText } from '../../server/src/engine';
import { FIXTURES } from '../support/fixtures';

const root = path.join(FIXTURES, 'corpus');
const expected = parse(readFileSync(path.join(root, 'expected.yaml'), 'utf8')) as Record<string, string[]>;

function findings(file: string): string[] {
  return analyzeText(readFileSync(path.join(root, file), 'utf8')).findings.map((f) => `${f.code} line ${f.range.start.line + 1} ${f.severity}`);
}

describe('corpus of real-world policies', () => {
  const files = ['correct', 'flagged'].flatMap((group) => readdirSync(path.join(root, group)).sort().map((f) => `${group}/${f}`));

  it('every file has its expectation, and every expectation its file', () => {
    assert.deepEqual(Object.keys(expected).sort(), [...files].sort());
  });

  for (const file of files) {
    it(file, () => {
      const actual = findings(file);
      assert.deepEqual(actual, expected[file]);
      if (file.startsWith('correct/')) {
        assert.deepEqual(
          actual.filter((f) => !f.endsWith(' information') && !f.endsWith(' hint')),
          [],
          'a correct policy gets explanations only',
        );
      }
    });
  }

  it('every file names its origin in its first line', () => {
    for (const file of files) assert.match(readFileSync(path.join(root, file), 'utf8'), /^# Origin: /, file);
  });
});
