/**
 * The server logs a fallback of the incremental analysis (lsp/analysisPathLog.ts, wired to
 * connection.console in server.ts): an error with its stack the first time, other reasons once per
 * document until the path changes; ordinary edits log nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, RULES } from '../../../server/src/engine';
import type { Rule } from '../../../server/src/engine';
import { IncrementalAnalyzer } from '../../../server/src/engine/incremental';
import { AnalysisPathLog } from '../../../server/src/lsp/analysisPathLog';
import type { AnalysisPathParams } from '../../../server/src/lsp/analysisPathLog';
import { DocumentAnalyzer } from '../../../server/src/lsp/documentAnalyzer';
import { policyFile } from '../../../bench/generate';

const URI = 'file:///work/policies.yaml';

function setUp(rules?: readonly Rule[]) {
  const lines: { level: 'log' | 'error'; message: string }[] = [];
  const log = new AnalysisPathLog({ log: (message) => lines.push({ level: 'log', message }), error: (message) => lines.push({ level: 'error', message }) });
  const notified: AnalysisPathParams[] = [];
  log.notify = (params) => notified.push(params);
  const analyzer = new DocumentAnalyzer({ onPath: log.heard, ...(rules ? { newAnalyzer: () => new IncrementalAnalyzer(rules) } : {}) });
  let document = analyzer.documents.create(URI, 'yaml', 1, policyFile(10));
  const validate = () => analyzer.analyze(document, DEFAULT_SETTINGS);
  /** Types `text` at the end of line `line`, as the editor's incremental sync sends it. */
  const type = (line: number, text: string) => {
    const character = document.getText().split('\n')[line]!.length;
    document = analyzer.documents.update(document, [{ range: { start: { line, character }, end: { line, character } }, text }], document.version + 1);
  };
  return { lines, notified, validate, type, log };
}

describe('the server logs fallbacks of the incremental analysis', () => {
  it('logs nothing for ordinary edits, and notifies each path when asked', () => {
    const { lines, notified, validate, type } = setUp();
    validate();
    for (let i = 0; i < 3; i++) {
      type(5, 'x');
      validate();
    }
    validate(); // the same version again: the kept analysis, no new path
    assert.deepEqual(lines, []);
    assert.deepEqual(
      notified.map((n) => [n.version, n.kind, n.reason]),
      [
        [1, 'full', 'first analysis'],
        [2, 'incremental', undefined],
        [3, 'incremental', undefined],
        [4, 'incremental', undefined],
      ],
    );
    assert.match(notified[1]!.description, /^incremental \(1 of 10 chunks parsed/);
  });

  it('logs an error inside the incremental path with its stack once, then a line per fallback', () => {
    const broken: Rule = { ...RULES.find((rule) => rule.meta.code === 'NP201')!, dependsOn: 'paragraph' as never };
    const { lines, validate, type } = setUp([...RULES.filter((rule) => rule.meta.code !== 'NP201'), broken]);
    validate();
    type(5, 'x');
    validate();
    assert.equal(lines.length, 2);
    for (const line of lines) assert.equal(line.level, 'error');
    assert.match(lines[0]!.message, /^Incremental analysis of file:\/\/\/work\/policies\.yaml \(version 1\) failed; analysed in full instead: Rule NP201 depends on "paragraph"/);
    assert.match(lines[0]!.message, /\n\s+at /, 'the stack, the first time');
    assert.match(lines[1]!.message, /\(version 2\) failed; analysed in full instead: Rule NP201 depends on "paragraph", which no schedule/);
    assert.doesNotMatch(lines[1]!.message, /\n/, 'no stack the second time');
  });

  it('logs another reason once per document until the path changes', () => {
    const { lines, validate, type } = setUp();
    validate();
    type(3, ' {{ .Values.suffix }}');
    validate();
    type(3, 'x');
    validate();
    assert.deepEqual(lines, [{ level: 'log', message: `${URI} (version 2) analysed full: notices present (templates)` }]);
  });
});
