/**
 * Pull diagnostics (textDocument/diagnostic) over stdio: a client that announces them and can be asked to
 * pull again gets result ids, "unchanged" answers and refresh requests, and no publishDiagnostics; other
 * clients get publishDiagnostics as before.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentDiagnosticReport, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lspClient';

const fixtures = path.join(__dirname, '..', 'fixtures', 'rules', 'NP201');
const withoutDns = readFileSync(path.join(fixtures, 'seed-without-dns-rule', 'input.yaml'), 'utf8');
const seedTemplate = readFileSync(path.join(fixtures, 'seed-template-is-fine', 'input.yaml'), 'utf8');
const uri = 'file:///workspace/deny-external-egress.yaml';
const QUIET = { NP403: 'off' };
const PULLS = { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } };

function pull(client: LspTestClient, previousResultId?: string): Promise<DocumentDiagnosticReport> {
  return client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', {
    textDocument: { uri },
    ...(previousResultId === undefined ? {} : { previousResultId }),
  });
}

function full(report: DocumentDiagnosticReport): FullDocumentDiagnosticReport {
  if (report.kind !== 'full') assert.fail(`a full report, got ${JSON.stringify(report)}`);
  return report;
}

describe('pull diagnostics, for a client that announces them', () => {
  const client = new LspTestClient();
  let document = TextDocument.create(uri, 'yaml', 1, withoutDns);
  let lastId: string;

  async function change(text: string, offset: number, length: number): Promise<void> {
    const range = { start: document.positionAt(offset), end: document.positionAt(offset + length) };
    document = TextDocument.update(document, [{ range, text }], document.version + 1);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [{ range, text }] });
  }

  before(async () => {
    client.settings = { rules: QUIET };
    client.capabilities = PULLS;
    const result = (await client.initialize()) as { capabilities: { diagnosticProvider?: unknown } };
    assert.deepEqual(result.capabilities.diagnosticProvider, { identifier: 'netpol-lens', interFileDependencies: true, workspaceDiagnostics: false });
  });
  after(() => client.stop());

  it('answers a pull with the findings and a result id', async () => {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: withoutDns } });
    const report = full(await pull(client));
    assert.deepEqual(
      report.items.map((d) => [d.code, d.range, d.message]),
      [['NP201', { start: { line: 9, character: 4 }, end: { line: 9, character: 10 } }, report.items[0]!.message]],
    );
    assert.match(report.items[0]!.message as string, /no rule allows DNS/);
    assert.equal(document.getText(report.items[0]!.range), 'Egress');
    assert.equal(typeof report.resultId, 'string');
    lastId = report.resultId!;
  });

  it('answers "unchanged" with the same id when nothing changed', async () => {
    assert.deepEqual(await pull(client, lastId), { kind: 'unchanged', resultId: lastId });
  });

  it('answers "unchanged" after an edit that changes no finding (a comment at the end)', async () => {
    await change('# a comment\n', document.getText().length, 0);
    assert.deepEqual(await pull(client, lastId), { kind: 'unchanged', resultId: lastId });
  });

  it('answers in full, with a new id, to a client that sends an unknown or no previous id', async () => {
    const unknown = full(await pull(client, 'not-an-id'));
    assert.deepEqual(unknown.items.map((d) => d.code), ['NP201']);
    assert.notEqual(unknown.resultId, lastId);
    const none = full(await pull(client));
    assert.deepEqual(none.items.map((d) => d.code), ['NP201']);
    lastId = none.resultId!;
  });

  it('answers in full when the findings moved (a line added above them)', async () => {
    await change('# first line\n', 0, 0);
    const report = full(await pull(client, lastId));
    assert.notEqual(report.resultId, lastId);
    assert.deepEqual(report.items.map((d) => [d.code, d.range.start.line]), [['NP201', 10]]);
    lastId = report.resultId!;
  });

  it('answers in full, empty, after the fix is typed in', async () => {
    await change(seedTemplate, 0, document.getText().length);
    const report = full(await pull(client, lastId));
    assert.deepEqual(report.items, []);
    assert.notEqual(report.resultId, lastId);
    lastId = report.resultId!;
    assert.deepEqual(await pull(client, lastId), { kind: 'unchanged', resultId: lastId });
  });

  it('asks the client to pull again when the settings change, and the pull has the new severity', async () => {
    await change(withoutDns, 0, document.getText().length);
    lastId = full(await pull(client, lastId)).resultId!;
    const refreshes = client.refreshes;
    client.settings = { rules: { ...QUIET, NP201: 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    for (let waited = 0; client.refreshes === refreshes && waited < 10_000; waited += 20) await sleep(20);
    assert.equal(client.refreshes, refreshes + 1, 'one workspace/diagnostic/refresh');
    const report = full(await pull(client, lastId));
    assert.deepEqual(report.items.map((d) => [d.code, d.severity]), [['NP201', 1]]);
  });

  it('never publishes, not even when a document is closed', async () => {
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    // A round trip after the close: the server has handled it (it answers messages in order).
    full(await pull(client));
    await sleep(200);
    assert.equal(client.publishCount, 0);
  });
});

describe('push diagnostics, for clients that do not pull', () => {
  for (const [name, capabilities] of [
    ['no textDocument.diagnostic', {}],
    ['textDocument.diagnostic without refreshSupport', { textDocument: PULLS.textDocument }],
  ] as const) {
    it(`publishes and offers no diagnosticProvider: ${name}`, async () => {
      const client = new LspTestClient();
      try {
        client.settings = { rules: QUIET };
        client.capabilities = capabilities;
        const result = (await client.initialize()) as { capabilities: { diagnosticProvider?: unknown } };
        assert.equal(result.capabilities.diagnosticProvider, undefined);
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: withoutDns } });
        const published = await client.diagnosticsForVersion(uri, 1);
        assert.deepEqual(published.diagnostics.map((d) => d.code), ['NP201']);
      } finally {
        await client.stop();
      }
    });
  }
});
