/**
 * The issue-5 catalogue as a whole: preferred fixes compose (fix-all reaches a fixed point in one run and
 * a second run changes nothing), suppression comments silence every rule at its findings, judgements
 * that span policies use `otherPolicies`, and no rule fails on any prefix of any fixture.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixText } from '../../server/src/cli/fix';
import { analyzeText, findPolicies, normalizeSettings, parseYamlFile, RULES } from '../../server/src/engine';
import { readManifests } from '../../server/src/engine/reach';
import { caseDirs, FIXTURES, loadCase } from '../support/fixtures';

const fixAllDir = path.join(FIXTURES, 'fix-all');
const allCases = RULES.flatMap((rule) => caseDirs(path.join(FIXTURES, 'rules', rule.meta.code)).map((dir) => ({ code: rule.meta.code, fixture: loadCase(dir) })));

describe('fix-all over the catalogue', () => {
  const input = readFileSync(path.join(fixAllDir, 'input.yaml'), 'utf8');
  const expected = readFileSync(path.join(fixAllDir, 'expected.yaml'), 'utf8');

  it('applies every preferred fix, composed, to the text a careful engineer would write', () => {
    const { text, analysis } = fixText(input, {});
    assert.equal(text, expected);
    assert.deepEqual(
      analysis.findings.filter((f) => f.fixes.some((fix) => fix.isPreferred)).map((f) => f.code),
      [],
      'no preferred fix is left over',
    );
    // What is left is explanation only.
    assert.deepEqual([...new Set(analysis.findings.map((f) => `${f.code} ${f.severity}`))], ['NP601 hint']);
  });

  it('a second run changes nothing', () => {
    const once = fixText(input, {});
    const twice = fixText(once.text, {});
    assert.equal(twice.fixed, 0);
    assert.equal(twice.text, once.text);
  });

  it('every fixture is at a fixed point after fix-all', () => {
    for (const { fixture } of allCases) {
      const { settings } = normalizeSettings(fixture.expected.settings);
      const once = fixText(fixture.input, { settings });
      const twice = fixText(once.text, { settings });
      assert.equal(twice.fixed, 0, fixture.dir);
      assert.equal(twice.text, once.text, fixture.dir);
    }
  });
});

describe('suppression comments silence each rule at its own findings (NP2xx-NP9xx)', () => {
  for (const { code, fixture } of allCases) {
    // NP0xx, NP1xx and the workspace rules (NP95x) have suppression tests of their own.
    if (fixture.expected.diagnostics.length === 0 || code < 'NP200' || code >= 'NP950') continue;
    it(`${code} ${fixture.name}`, () => {
      const { settings } = normalizeSettings(fixture.expected.settings);
      const findings = analyzeText(fixture.input, { settings }).findings.filter((f) => f.code === code);
      assert.ok(findings.length > 0);
      // Insert `# netpol-lens-disable-next-line CODE` above each finding's first line, bottom-up.
      const lines = fixture.input.split('\n');
      const targets = [...new Set(findings.map((f) => f.range.start.line))].sort((a, b) => b - a);
      for (const line of targets) {
        const indent = /^[ \t]*/.exec(lines[line]!)![0];
        lines.splice(line, 0, `${indent}# netpol-lens-disable-next-line ${code}`);
      }
      const silenced = analyzeText(lines.join('\n'), { settings }).findings.filter((f) => f.code === code);
      assert.deepEqual(silenced, []);
    });
  }
});

describe('judged across files with otherPolicies', () => {
  const deny = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-external-egress
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
  - Egress
`;
  const allow = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns-and-namespace
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
  - to:
    - podSelector: {}
`;
  const codes = (text: string, others: string[] = []) =>
    analyzeText(text, { otherPolicies: others.flatMap((t) => findPolicies(parseYamlFile(t))) }).findings.map((f) => f.code);

  it('a default-deny alone: no DNS (NP201) and the cluster denied (NP403)', () => {
    assert.deepEqual(codes(deny), ['NP403', 'NP601', 'NP201']);
  });
  it('beside an allow policy in another file: neither', () => {
    assert.deepEqual(codes(deny, [allow]), ['NP601']);
  });
  it('the same namespace/name in another file of the same folder is a duplicate (NP902), in an alternative folder not', () => {
    const inWorkspace = (others: Record<string, string>) => {
      const files = Object.entries(others).map(([uri, text]) => readManifests(uri, parseYamlFile(text)));
      const options = { otherPolicies: files.flatMap((f) => f.policies), workspace: { uri: 'deploy/deny.yaml', files } };
      return analyzeText(deny, options).findings.map((f) => f.code);
    };
    const copy = deny.replace('podSelector: {}', 'podSelector: {matchLabels: {app: web}}');
    assert.ok(inWorkspace({ 'deploy/copy.yaml': copy }).includes('NP902'));
    assert.ok(!inWorkspace({ 'examples/copy.yaml': copy }).includes('NP902'));
    assert.ok(!inWorkspace({ 'deploy/allow.yaml': allow }).includes('NP902'));
    // Without the workspace, which files are applied together is unknown.
    assert.ok(!codes(deny, [copy]).includes('NP902'));
  });
});

describe('robustness', () => {
  it('no rule fails on any line prefix of any fixture', () => {
    for (const { fixture } of allCases) {
      const lines = fixture.input.split('\n');
      for (let n = 1; n <= lines.length; n++) {
        const text = lines.slice(0, n).join('\n');
        const analysis = analyzeText(text);
        assert.deepEqual(analysis.internalErrors, [], `${fixture.dir} first ${n} lines`);
      }
    }
  });
});
