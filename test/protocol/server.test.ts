/**
 * The built server (dist/server.js) over stdio, as an editor drives it: initialize, didOpen,
 * publishDiagnostics, codeAction, applying the edit, didChange, and a configuration change.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lspClient';

const fixtures = path.join(__dirname, '..', 'fixtures', 'rules', 'NP201');
const withoutDns = readFileSync(path.join(fixtures, 'seed-without-dns-rule', 'input.yaml'), 'utf8');
const seedTemplate = readFileSync(path.join(fixtures, 'seed-template-is-fine', 'input.yaml'), 'utf8');
const uri = 'file:///workspace/deny-external-egress.yaml';
// The seed policy is named deny-external-egress, so NP403 explains (information) that it denies the
// cluster too; that rule has its own fixtures, and these tests follow NP201 through the protocol.
const QUIET = { NP403: 'off' };

describe('language server over stdio', () => {
  const client = new LspTestClient();
  let document = TextDocument.create(uri, 'yaml', 1, withoutDns);
  let diagnostic: Diagnostic;

  before(async () => {
    client.settings = { rules: QUIET };
    const result = (await client.initialize()) as { capabilities: { textDocumentSync: { change: number }; codeActionProvider: unknown } };
    assert.equal(result.capabilities.textDocumentSync.change, 2, 'incremental sync');
    assert.ok(result.capabilities.codeActionProvider);
  });
  after(() => client.stop());

  it('publishes the DNS warning for the seed policy without its DNS rule', async () => {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: withoutDns } });
    const published = await client.diagnosticsForVersion(uri, 1);
    assert.equal(published.diagnostics.length, 1);
    diagnostic = published.diagnostics[0]!;
    assert.equal(diagnostic.code, 'NP201');
    assert.equal(diagnostic.source, 'netpol-lens');
    assert.equal(diagnostic.severity, 2);
    assert.deepEqual(diagnostic.range, { start: { line: 9, character: 4 }, end: { line: 9, character: 10 } });
    assert.equal(document.getText(diagnostic.range), 'Egress');
    assert.equal(diagnostic.codeDescription?.href, 'https://github.com/netpol-lens/netpol-lens/blob/main/docs/rules/NP201.md');
    assert.equal(typeof diagnostic.message, 'string');
    assert.match(diagnostic.message as string, /no rule allows DNS/);
    // The field path is sent for validation findings only (language.test.ts).
    assert.equal(diagnostic.data, undefined);
  });

  it('offers "Add kube-dns egress rule", whose edit gives exactly the seed template', async () => {
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred]),
      [['Add kube-dns egress rule', 'quickfix', true]],
    );
    const edits = actions[0]!.edit!.changes![uri]!;
    const fixed = TextDocument.applyEdits(document, edits);
    assert.equal(fixed, seedTemplate);

    // The editor applies the edit and sends it as an incremental change.
    document = TextDocument.update(document, edits.map((e) => ({ range: e.range, text: e.newText })), 2);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    const published = await client.diagnosticsForVersion(uri, 2);
    assert.deepEqual(published.diagnostics, []);
  });

  it('re-analyses after an incremental change that removes the DNS rule again', async () => {
    const start = document.getText().indexOf('  egress:');
    const range = { start: document.positionAt(start), end: document.positionAt(document.getText().length) };
    document = TextDocument.update(document, [{ range, text: '' }], 3);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range, text: '' }] });
    const published = await client.diagnosticsForVersion(uri, 3);
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['NP201'],
    );
    assert.equal(document.getText(), withoutDns);
  });

  it('applies a configuration change without a restart: NP201 off', async () => {
    client.settings = { rules: { ...QUIET, NP201: 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const published = await client.nextDiagnostics(uri);
    assert.deepEqual(published.diagnostics, []);

    client.settings = { rules: { ...QUIET, NP201: 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const again = await client.nextDiagnostics(uri);
    assert.deepEqual(
      again.diagnostics.map((d) => [d.code, d.severity]),
      [['NP201', 1]],
    );
    client.settings = { rules: QUIET };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.nextDiagnostics(uri);
  });

  it('offers a fix-all source action applying every preferred fix', async () => {
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Fix all NetPol Lens problems', 'source.fixAll.netpol-lens']],
    );
    assert.equal(TextDocument.applyEdits(document, actions[0]!.edit!.changes![uri]!), seedTemplate);
  });

  it('publishes nothing for YAML that is not a NetworkPolicy', async () => {
    const deployment = 'file:///workspace/deployment.yaml';
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  policyTypes:\n  - Egress\n';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: deployment, languageId: 'yaml', version: 1, text } });
    const published = await client.diagnosticsForVersion(deployment, 1);
    assert.deepEqual(published.diagnostics, []);
  });

  it('clears the diagnostics of a closed document', async () => {
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const published = await client.nextDiagnostics(uri);
    assert.deepEqual(published.diagnostics, []);
  });
});

describe('dynamic registration of workspace/didChangeConfiguration', () => {
  async function registrations(workspace: object): Promise<string[]> {
    const client = new LspTestClient();
    const methods: string[] = [];
    client.connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      methods.push(...params.registrations.map((r) => r.method));
      return null;
    });
    try {
      await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace } });
      await client.connection.sendNotification('initialized', {});
      // Any registration is sent while `initialized` is handled, so before these diagnostics.
      const other = 'file:///workspace/other.yaml';
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'yaml', version: 1, text: withoutDns } });
      await client.nextDiagnostics(other);
      return methods;
    } finally {
      await client.stop();
    }
  }

  it('is asked of a client that declares it (VS Code)', async () => {
    assert.deepEqual(await registrations({ configuration: true, didChangeConfiguration: { dynamicRegistration: true } }), ['workspace/didChangeConfiguration']);
  });

  it('is not asked of a client that pulls settings but does not declare it (Emacs eglot)', async () => {
    assert.deepEqual(await registrations({ configuration: true }), []);
  });
});
