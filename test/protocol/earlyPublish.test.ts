/**
 * The first publish of a large document over stdio: its per-document findings come first, then the whole
 * analysis for the same version, which has every one of them (none is withdrawn) and the cross-policy ones;
 * for a client that pulls, the first answer and, after a refresh, the second.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Diagnostic, DocumentDiagnosticReport, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
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

describe('early first answer of a large document, for a client that pulls', () => {
  const client = new LspTestClient();
  before(async () => {
    client.capabilities = { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } };
    await client.initialize();
  });
  after(() => client.stop());

  it('answers the first pull with the per-document findings, asks to pull again, and answers that with all of them', async () => {
    const uri = 'file:///workspace/large.yaml';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: policyFile(300) + NO_DNS } });
    const pull = (previousResultId?: string) =>
      client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) });
    const first = await pull();
    assert.equal(first.kind, 'full');
    const firstItems = (first as FullDocumentDiagnosticReport).items;
    assert.ok(firstItems.length > 0);
    assert.deepEqual(firstItems.filter((d) => !DOCUMENT_CODES.has(String(d.code))), []);
    for (let waited = 0; client.refreshes === 0 && waited < 10_000; waited += 20) await sleep(20);
    assert.equal(client.refreshes, 1, 'the server asks the client to pull again');
    const second = await pull(first.resultId);
    assert.equal(second.kind, 'full');
    const all = new Set((second as FullDocumentDiagnosticReport).items.map(key));
    for (const diagnostic of firstItems) assert.ok(all.has(key(diagnostic)), `${String(diagnostic.code)} was withdrawn`);
    assert.ok((second as FullDocumentDiagnosticReport).items.some((d) => d.code === 'NP201'));
    assert.deepEqual(await pull(second.resultId), { kind: 'unchanged', resultId: second.resultId });
  });
});
