import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, normalizeSettings } from '../../server/src/engine';

// NP601 explains `podSelector: {}` (a hint); the tests below follow NP201's findings.
const { settings } = normalizeSettings({ rules: { NP601: 'off' } });

const denyEgress = (name: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
spec:
  podSelector: {}
  policyTypes:
  - Egress
`;

describe('analyzeText', () => {
  it('a syntax error in one document leaves the others analysed', () => {
    const text = `${denyEgress('first')}---\nkind: NetworkPolicy\nspec: [unclosed\n---\n${denyEgress('third')}`;
    const findings = analyzeText(text, { settings }).findings;
    assert.deepEqual(
      findings.map((f) => [f.code, f.range.start.line]),
      [
        ['NP201', 7],
        ['NP201', 19],
      ],
    );
  });

  it('finds policies in kind: List and kind: NetworkPolicyList items', () => {
    const item = denyEgress('x').replace(/^/gm, '  ').trimEnd().replace(/^ {2}/, '- ');
    for (const kind of ['List', 'NetworkPolicyList']) {
      const analysis = analyzeText(`apiVersion: v1\nkind: ${kind}\nitems:\n${item}\n`);
      assert.equal(analysis.policies.length, 1, kind);
      assert.deepEqual(analysis.policies[0]!.source.pathInDocument, ['items', 0]);
    }
  });

  it('says nothing about YAML that is not a Kubernetes NetworkPolicy', () => {
    for (const text of [
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  policyTypes: [Egress]\n',
      'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nspec:\n  types: [Egress]\n',
      'image:\n  tag: "1.0"\npolicyTypes: [Egress]\n',
      '# only a comment\n',
      '',
    ]) {
      const analysis = analyzeText(text);
      assert.deepEqual(analysis.findings, [], text);
      assert.equal(analysis.policies.length, 0, text);
    }
  });

  it('says a mistake reached through an alias once, not once per use', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: a, namespace: default}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
  - from: &peers
    - ipBlock: {cidr: 10.0.0.1/8}
  - from: *peers
`;
    const findings = analyzeText(text, { settings }).findings;
    assert.deepEqual(
      findings.map((f) => [f.code, text.slice(f.span[0], f.span[1]), f.message]),
      [
        ['NP103', '10.0.0.1/8', 'Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length'],
        ['NP801', 'from: *peers', 'This ingress rule allows the same as ingress rule 1 of this policy: it adds nothing.'],
      ],
    );
  });

  it('never throws, whatever the text', () => {
    const inputs = ['\u0000\u0001binary\uFFFD', 'kind: NetworkPolicy\nspec: 7\n', 'kind: NetworkPolicy\nspec:\n  egress: "no"\n  policyTypes: {a: b}\n', '{{ .Values.x }}\nkind: NetworkPolicy\n', 'kind: NetworkPolicy\nspec:\n  egress:\n  - to: [{ipBlock: {cidr: [1]}}]\n    ports: [{port: {a: 1}, protocol: 5}]\n  policyTypes: [7, Egress]\n'];
    for (const text of inputs) assert.doesNotThrow(() => analyzeText(text), text);
  });

  it('reports ranges in UTF-16 code units on the right line with CRLF and lone CR endings', () => {
    const text = denyEgress('ünïcödé-😀').replace(/\n/g, '\r\n');
    // (That name is not a valid DNS subdomain: NP120 reports it too; the NP201 range is the one checked.)
    const finding = analyzeText(text, { settings }).findings.find((f) => f.code === 'NP201');
    assert.deepEqual(finding!.range, { start: { line: 7, character: 4 }, end: { line: 7, character: 10 } });
    const oldMac = denyEgress('x').replace(/\n/g, '\r');
    assert.deepEqual(analyzeText(oldMac, { settings }).findings.find((f) => f.code === 'NP201')!.range.start, { line: 7, character: 4 });
  });
});
