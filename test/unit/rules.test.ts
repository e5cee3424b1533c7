/**
 * Every rule's fixtures: test/fixtures/rules/<CODE>/<case>/ holds input.yaml, expected.yaml (the rule's
 * diagnostics: code, severity, exact range and the text under it, field, message, fixes) and, for each
 * fix, the whole text after applying it. A case with no diagnostics is a near-miss that must stay quiet.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, applyEdits, normalizeSettings, RULES } from '../../server/src/engine';
import { actualFor, caseDirs, FIXTURES, loadCase, readAfter, updateFixture } from '../support/fixtures';
import { analyzeCase, loadRuleCases } from '../support/ruleCases';

const update = process.env.UPDATE_FIXTURES === '1';

for (const rule of RULES) {
  const { code, name } = rule.meta;
  describe(`${code} ${name}`, () => {
    const dirs = caseDirs(path.join(FIXTURES, 'rules', code));
    it('has fixtures that trigger it and near-misses that must not', () => {
      const cases = dirs.map(loadCase);
      assert.ok(cases.some((c) => c.expected.diagnostics.length > 0), `no fixture under test/fixtures/rules/${code} triggers ${code}`);
      assert.ok(cases.some((c) => c.expected.diagnostics.length === 0), `no near-miss fixture under test/fixtures/rules/${code}`);
    });
    it(`meta.fixable (${rule.meta.fixable}) matches what its fixtures and cases show`, () => {
      // Every finding of the rule over its fixtures (with their workspaces) and its cases: which offer a fix.
      const codes = new Set([code]);
      const caseFile = loadRuleCases(code);
      const withFix = [
        ...dirs.map(loadCase).filter((c) => actualFor(c, codes).diagnostics.some((d) => (d.fixes?.length ?? 0) > 0)).map((c) => c.input),
        ...(caseFile?.cases ?? [])
          .filter((c) => {
            const { settings } = normalizeSettings({ ...caseFile!.settings, ...c.settings });
            return analyzeCase(c, settings)[0]!.findings.some((f) => f.code === code && f.fixes.length > 0);
          })
          .map((c) => c.yaml),
      ];
      if (rule.meta.fixable) assert.ok(withFix.length > 0, `${code} says fixable: true, but no fixture or case of it shows a fix`);
      else assert.equal(withFix.length, 0, `${code} says fixable: false, but offers a fix on:\n${withFix[0]}`);
    });
    for (const dir of dirs) {
      it(path.basename(dir), () => {
        const fixture = loadCase(dir);
        const codes = new Set([code]);
        if (update) updateFixture(fixture, codes);
        const reloaded = update ? loadCase(dir) : fixture;
        const { diagnostics, afterTexts } = actualFor(reloaded, codes);
        assert.deepEqual(diagnostics, reloaded.expected.diagnostics);
        for (const [file, text] of afterTexts) assert.equal(text, readAfter(reloaded, file), `text after fix ${file}`);

        // Applying the preferred fix removes this finding and leaves no new one of this rule behind.
        const { settings } = normalizeSettings(reloaded.expected.settings);
        const before = analyzeText(reloaded.input, { settings }).findings.filter((f) => f.code === code);
        for (const finding of before) {
          const fix = finding.fixes.find((f) => f.isPreferred);
          if (!fix) continue;
          const fixedText = applyEdits(reloaded.input, fix.offsetEdits);
          const after = analyzeText(fixedText, { settings }).findings.filter((f) => f.code === code);
          assert.ok(after.length < before.length, `the preferred fix "${fix.title}" did not remove a ${code} finding`);
        }
      });
    }
  });
}
