/**
 * Real-world Cilium policies (test/fixtures/realworld-cilium/README.md): the correct ones stay free of
 * warnings and errors, and every finding on the flagged ones is the one recorded here, judged.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText } from '../../server/src/engine';

const root = path.join(__dirname, '..', 'fixtures', 'realworld-cilium');

/** Findings below warning that the correct policies may have, by file. */
const ALLOWED_INFORMATION: Readonly<Record<string, readonly string[]>> = {
  // Cilium's own example allows DNS on UDP only (CIL203 says so, as information).
  'kubedns-policy.yaml': ['CIL203'],
};

/** Every finding (code, severity) on the flagged policies; the README gives each one's verdict. */
const FLAGGED: Readonly<Record<string, readonly string[]>> = {
  'l4-port-range.yaml': ['CIL202 warning'],
  'cidr-l4-combined.yaml': ['CIL202 warning'],
  'icmp.yaml': ['CIL202 warning'],
  'wildcard-from-endpoints.yaml': ['CIL101 error'],
  'and-statement.yaml': ['CIL103 error', 'CIL103 error'],
  // A miss: metadata.description is rejected by strict decoding, and metadata is not checked.
  'cross-cluster-policy.yaml': [],
};

function analyse(file: string) {
  const text = readFileSync(file, 'utf8');
  assert.match(text.split('\n')[0]!, /^# Source: \S+\/\S+ /, `${file} names its source on its first line`);
  return analyzeText(text);
}

describe('real-world Cilium policies', () => {
  const correct = readdirSync(path.join(root, 'correct')).filter((f) => f.endsWith('.yaml'));

  it('has at least 15 correct policies, each recognised as a Cilium policy', () => {
    assert.ok(correct.length >= 15, `${correct.length} correct files`);
  });

  for (const name of correct) {
    it(`${name}: no warning, no error`, () => {
      const analysis = analyse(path.join(root, 'correct', name));
      assert.deepEqual(analysis.internalErrors, []);
      const seen = analysis.findings.map((f) => f.code);
      const loud = analysis.findings.filter((f) => f.severity === 'warning' || f.severity === 'error').map((f) => `${f.code} ${f.message}`);
      assert.deepEqual(loud, []);
      assert.deepEqual(seen, [...(ALLOWED_INFORMATION[name] ?? [])]);
    });
  }

  for (const name of readdirSync(path.join(root, 'flagged')).filter((f) => f.endsWith('.yaml'))) {
    it(`${name}: exactly the recorded findings`, () => {
      const analysis = analyse(path.join(root, 'flagged', name));
      assert.deepEqual(analysis.internalErrors, []);
      assert.ok(FLAGGED[name], `${name} has its findings recorded`);
      assert.deepEqual(
        analysis.findings.map((f) => `${f.code} ${f.severity}`),
        FLAGGED[name],
      );
    });
  }
});
