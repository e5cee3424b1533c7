import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, normalizeSettings } from '../../server/src/engine';

const policy = (comment: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
spec:
  podSelector: {}
  policyTypes:
${comment}
  - Egress
`;

// NP601 explains the policy's `podSelector: {}` (a hint); these tests follow NP201.
const { settings } = normalizeSettings({ rules: { NP601: 'off' } });
const codes = (text: string) => analyzeText(text, { settings }).findings.map((f) => f.code);

describe('suppression comments', () => {
  it('reports the finding when there is no directive', () => {
    assert.deepEqual(codes(policy('  # a plain comment')), ['NP201']);
  });
  it('disable-next-line with the code silences that rule on the next line', () => {
    assert.deepEqual(codes(policy('  # netpol-lens-disable-next-line NP201')), []);
  });
  it('accepts the rule name and lists separated by commas', () => {
    assert.deepEqual(codes(policy('  # netpol-lens-disable-next-line NP301, dns-egress-missing')), []);
  });
  it('disable-next-line without rules silences every rule', () => {
    assert.deepEqual(codes(policy('  # netpol-lens-disable-next-line')), []);
  });
  it('leaves other rules reported', () => {
    assert.deepEqual(codes(policy('  # netpol-lens-disable-next-line NP202')), ['NP201']);
  });
  it('disable-line works at the end of the line itself', () => {
    const text = policy('').replace('  - Egress', '  - Egress # netpol-lens-disable-line NP201').replace('\n\n', '\n');
    assert.deepEqual(codes(text), []);
  });
  it('a directive inside a string value is not a comment', () => {
    // In an annotation value, which may hold any text (a name with `#` is itself invalid: NP120).
    const text = policy('').replace('name: deny', 'name: deny\n  annotations: {note: "x#netpol-lens-disable-next-line"}').replace('\n\n', '\n');
    assert.deepEqual(codes(text), ['NP201']);
  });
});
