/**
 * The first publish of a large document over stdio: its per-document findings come first, then the whole
 * analysis for the same version, which has every one of them (none is withdrawn) and the cross-policy ones.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { policyFile } from '../../bench/generate';
import { RULES } from '../../server/src/engine';
import { EARLY_FINDINGS_SIZE } from '../../server/src/lsp/documentAnalyzer';
import { LspTestClient } from '../support/lspClient';

const DOCUMENT_CODES = new Set(RULES.filter((rule) => rule.dependsOn === 'document').map((rule) => rule.meta.code));
const NO_DNS = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: no-dns
  namespace: elsewhere
spec:
  podSelector: {}
  policyTypes: [Egress]
`;
const key = (d: Diagnostic) => JSON.stringify([d.code, d.range, d.message, d.severity]);

describe('early first publish of a large document', () => {
  const client = new LspTestClient();
  before(() => client.initialize());
  after(() => client.stop());

  it('publishes the per-document findings first, then all of them for the same version', async () => {
    const uri = 'file:///workspace/large.yaml';
    const text = policyFile(300) + NO_DNS;
    assert.ok(text.length >= EARLY_FINDINGS_SIZE);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const first = await client.nextDiagnostics(uri, 60_000);
    const second = await client.nextDiagnostics(uri, 60_000);
    assert.equal(first.version, 1);
    assert.equal(second.version, 1);
    assert.ok(first.diagnostics.length > 0);
    assert.deepEqual(first.diagnostics.filter((d) => !DOCUMENT_CODES.has(String(d.code))), [], 'only per-document findings come first');
    const all = new Set(second.diagnostics.map(key));
    for (const diagnostic of first.diagnostics) assert.ok(all.has(key(diagnostic)), `${String(diagnostic.code)} was withdrawn`);
    assert.ok(second.diagnostics.some((d) => d.code === 'NP201'), 'the cross-policy NP201 comes with the whole analysis');
    assert.equal(second.diagnostics.length, first.diagnostics.length + second.diagnostics.filter((d) => !DOCUMENT_CODES.has(String(d.code))).length);
  });

  it('publishes a small document once, whole', async () => {
    const uri = 'file:///workspace/small.yaml';
    const text = policyFile(3) + NO_DNS;
    assert.ok(text.length < EARLY_FINDINGS_SIZE);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const first = await client.nextDiagnostics(uri);
    assert.ok(first.diagnostics.some((d) => d.code === 'NP201'));
    // A change after it: the next publish is of version 2, none of version 1 came between.
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}# end\n` }] });
    assert.equal((await client.nextDiagnostics(uri)).version, 2);
  });
});
