/**
 * The rules' case files (test/fixtures/rules/<CODE>/cases.yaml): each case is a sentence of the rule's
 * docs page, marked there with `<!-- case: name -->`, so that every "does not fire when" promise has a
 * test and every case a promise. See docs/testing.md, "Rule cases".
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits, normalizeSettings, RULES } from '../../server/src/engine';
import { analyzeCase, docBullets, loadRuleCases, parseRuleCases } from '../support/ruleCases';

const root = path.join(__dirname, '..', '..');


for (const rule of RULES) {
  const { code, name } = rule.meta;
  const caseFile = loadRuleCases(code);
  describe(`${code} ${name}: cases`, () => {
    it('has a case file and a docs page whose every bullet names its cases', () => {
      assert.ok(caseFile, `missing test/fixtures/rules/${code}/cases.yaml`);
      const page = readFileSync(path.join(root, 'docs', 'rules', `${code}.md`), 'utf8');
      const bullets = docBullets(page);
      assert.ok(bullets.some((b) => b.section === 'quiet'), `docs/rules/${code}.md has no bullet under "## When it does not fire"`);
      const byName = new Map(caseFile.cases.map((c) => [c.name, c]));
      const promised = new Set<string>();
      for (const bullet of bullets) {
        assert.ok(bullet.cases.length > 0, `docs/rules/${code}.md: this bullet has no <!-- case: name --> marker: ${bullet.line}`);
        for (const name of bullet.cases) {
          const c = byName.get(name);
          assert.ok(c, `docs/rules/${code}.md names case "${name}", which cases.yaml lacks`);
          const fires = bullet.section === 'fires';
          assert.equal(c.fires, fires, `case "${name}" is under "${fires ? 'When it fires' : 'When it does not fire'}" but says fires: ${c.fires}`);
          promised.add(name);
        }
      }
      const unpromised = caseFile.cases.map((c) => c.name).filter((n) => !promised.has(n));
      assert.deepEqual(unpromised, [], 'every case is a sentence of the docs page');
    });

    for (const c of caseFile?.cases ?? []) {
      it(`${c.fires ? 'fires' : 'stays quiet'}: ${c.name}`, () => {
        const { settings, problems } = normalizeSettings({ ...caseFile!.settings, ...c.settings });
        assert.deepEqual(problems, [], 'the case settings are valid');
        // With `files`, the folder `netpol-lens check` would see; only the findings in the case's own text count.
        const analyses = analyzeCase(c, settings);
        for (const other of analyses) assert.deepEqual(other.internalErrors, [], 'no rule failed');
        const analysis = analyses[0]!;
        const findings = analysis.findings.filter((f) => f.code === code);
        const seen = findings.map((f) => ({ severity: f.severity, text: c.yaml.slice(f.span[0], f.span[1]), message: f.message }));
        if (!c.fires) {
          assert.deepEqual(seen, [], `${code} must stay quiet`);
          return;
        }
        assert.ok(findings.length > 0, `${code} must fire`);
        if (c.findings) {
          assert.equal(seen.length, c.findings.length, `${code} findings: ${JSON.stringify(seen, null, 2)}`);
          c.findings.forEach((want, i) => {
            const got = seen[i]!;
            const picked = Object.fromEntries(Object.keys(want).map((k) => [k, got[k as keyof typeof got]]));
            assert.deepEqual(picked, want, `finding ${i + 1}`);
          });
        }
        if (c.fixes) assert.deepEqual(findings[0]!.fixes.map((f) => f.title), c.fixes, 'the fixes offered');
        if (c.fixed !== undefined) {
          const fix = findings[0]!.fixes.find((f) => f.isPreferred) ?? findings[0]!.fixes[0];
          assert.ok(fix, 'the first finding offers a fix');
          assert.equal(applyEdits(c.yaml, fix.offsetEdits), c.fixed);
        }
      });
    }
  });
}

describe('rule cases: the registry', () => {
  it('every case file belongs to a rule', () => {
    const codes = new Set(RULES.map((r) => r.meta.code));
    const dirs = readdirSync(path.join(root, 'test', 'fixtures', 'rules')).filter((d) => existsSync(path.join(root, 'test', 'fixtures', 'rules', d, 'cases.yaml')));
    for (const dir of dirs) assert.ok(codes.has(dir), `test/fixtures/rules/${dir}/cases.yaml belongs to no rule`);
    for (const rule of RULES) if (existsSync(path.join(root, 'test', 'fixtures', 'rules', rule.meta.code, 'cases.yaml'))) assert.ok(loadRuleCases(rule.meta.code));
  });
});

describe('rule cases: a workspace for a case', () => {
  const deployment = (name: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: main, image: example}]}\n`;
  const yaml = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n';
  const np201 = (files?: Record<string, string>) => {
    const analyses = analyzeCase({ name: 'deny', fires: true, yaml, ...(files ? { files } : {}) }, normalizeSettings({}).settings);
    return analyses[0]!.findings.filter((f) => f.code === 'NP201').map((f) => f.message);
  };

  it('analyses the case with the workloads of its `files`, and alone without them', () => {
    assert.match(np201({ 'shop/workloads.yaml': deployment('web') })[0]!, /no policy selecting Deployment web allows DNS/);
    assert.match(np201()[0]!, /no rule allows DNS/);
  });

  it('counts the policies of the other files (a DNS grant there silences the case)', () => {
    const allowAll = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: all, namespace: shop}\nspec:\n  podSelector: {}\n  egress: [{}]\n';
    assert.deepEqual(np201({ 'allow.yaml': allowAll }), []);
  });
});

describe('rule cases: the shape of a case file', () => {
  const file = (entry: string) => `cases:\n  - name: c\n    fires: false\n    yaml: "kind: NetworkPolicy"\n${entry}`;
  const problem = (entry: string) => {
    try {
      parseRuleCases('NP201', 'cases.yaml', file(entry));
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('takes files and path, and rejects what would make a case test something else', () => {
    assert.equal(problem('    path: deploy/policy.yaml\n    files: {base/kustomization.yaml: "resources: []"}\n'), undefined);
    assert.equal(problem('    file: {a.yaml: x}\n'), 'cases.yaml: case 1 (c): unknown key "file"');
    assert.equal(problem('    path: deploy/policy.yaml\n'), 'cases.yaml: case 1 (c): "path" needs "files"');
    assert.equal(problem('    path: ../policy.yaml\n    files: {a.yaml: x}\n'), 'cases.yaml: case 1 (c): "path" must be relative, without . or ..');
    assert.equal(problem('    files: {../a.yaml: x}\n'), 'cases.yaml: case 1 (c): "files" path "../a.yaml" must be relative, without . or ..');
    assert.equal(problem('    files: {a.yaml: [x]}\n'), 'cases.yaml: case 1 (c): "files" entry "a.yaml" must be a text');
    assert.equal(problem('    files: {}\n'), 'cases.yaml: case 1 (c): "files" must map paths to texts');
    assert.equal(problem('    files: {policy.yaml: x}\n'), 'cases.yaml: case 1 (c): "files" must not hold the case\'s own path "policy.yaml"');
  });
});
