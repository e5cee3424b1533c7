/**
 * The built server reports which path served each analysis to a client that asks
 * (`initializationOptions.traceAnalysisPath`, the `netpolLens/analysisPath` notification): typing in a
 * large file is served incrementally, end to end through incremental sync.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editOffset, policyFile } from '../../bench/generate';
import { ANALYSIS_PATH_NOTIFICATION } from '../../server/src/lsp/analysisPathLog';
import type { AnalysisPathParams } from '../../server/src/lsp/analysisPathLog';
import { LspTestClient } from '../support/lspClient';

const uri = 'file:///workspace/policies.yaml';

describe('language server: the analysis path, for clients that ask', () => {
  const client = new LspTestClient();
  const paths: AnalysisPathParams[] = [];

  before(async () => {
    client.initializationOptions = { traceAnalysisPath: true };
    client.connection.onNotification(ANALYSIS_PATH_NOTIFICATION, (params: AnalysisPathParams) => {
      paths.push(params);
    });
    await client.initialize();
  });
  after(() => client.stop());

  it('full for the opened file, then incremental for each keystroke', async () => {
    let document = TextDocument.create(uri, 'yaml', 1, policyFile(100));
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: document.getText() } });
    await client.diagnosticsForVersion(uri, 1);
    let offset = editOffset(document.getText());
    for (const character of 'abc') {
      const position = document.positionAt(offset);
      const change = { range: { start: position, end: position }, text: character };
      document = TextDocument.update(document, [change], document.version + 1);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [change] });
      await client.diagnosticsForVersion(uri, document.version);
      offset++;
    }
    // One analysis per version: an edit analysed as soon as it arrived is published from that analysis.
    assert.deepEqual(
      paths.filter((p) => p.uri === uri).map((p) => p.version),
      [1, 2, 3, 4],
    );
    const byVersion = new Map(paths.filter((p) => p.uri === uri).map((p) => [p.version, p]));
    assert.deepEqual(byVersion.get(1) && [byVersion.get(1)!.kind, byVersion.get(1)!.reason], ['full', 'first analysis']);
    for (const version of [2, 3, 4]) {
      const path = byVersion.get(version);
      assert.equal(path?.kind, 'incremental', `version ${version}: ${path?.description ?? 'no path reported'}`);
      assert.match(path.description, /^incremental \(1 of 100 chunks parsed/);
    }
  });
});
