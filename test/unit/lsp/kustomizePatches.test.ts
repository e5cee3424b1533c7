/**
 * Whether an open document is a Kustomize patch is read from disk when it is first analysed and again
 * after a watched kustomization changed: not on every keystroke (lsp/documentAnalyzer.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/engine';
import type { AnalysisPath } from '../../../server/src/engine/incremental';
import { DocumentAnalyzer } from '../../../server/src/lsp/documentAnalyzer';
import { policyFile } from '../../../bench/generate';

describe('DocumentAnalyzer and Kustomize patches', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'netpol-kustomize-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('asks when the document is opened and after a watched kustomization changed, not per edit', () => {
    const kustomization = path.join(dir, 'kustomization.yaml');
    const patch = path.join(dir, 'np-patch.yaml');
    writeFileSync(kustomization, 'patches:\n- path: np-patch.yaml\n');
    const paths: AnalysisPath[] = [];
    const analyzer = new DocumentAnalyzer({ onPath: (_uri, _version, p) => paths.push(p) });
    const uri = pathToFileURL(patch).href;
    let document = analyzer.documents.create(uri, 'yaml', 1, policyFile(3));
    const typed = () => {
      const position = { line: 0, character: 0 };
      document = analyzer.documents.update(document, [{ range: { start: position, end: position }, text: '#' }], document.version + 1);
      analyzer.analyze(document, DEFAULT_SETTINGS);
    };
    analyzer.analyze(document, DEFAULT_SETTINGS);
    assert.deepEqual(paths.at(-1), { kind: 'full', reason: 'notices present', detail: 'Kustomize patch' });

    // The kustomization no longer lists it, and no watcher event came: what was read stands.
    writeFileSync(kustomization, 'patches: []\n');
    typed();
    assert.deepEqual(paths.at(-1), { kind: 'full', reason: 'notices present', detail: 'Kustomize patch' });

    // The watcher's event for it: read again, and the same version is analysed again.
    assert.equal(analyzer.watched([{ uri: pathToFileURL(kustomization).href }]), true);
    assert.equal(analyzer.watched([{ uri: uri }]), false, 'a change of another file is no kustomization change');
    analyzer.analyze(document, DEFAULT_SETTINGS);
    assert.deepEqual(paths.at(-1), { kind: 'full', reason: 'previous analysis was full' });
    typed();
    assert.equal(paths.at(-1)?.kind, 'incremental');
  });
});
