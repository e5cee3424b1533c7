/**
 * Lazy code actions over stdio: a client that resolves code actions (`resolveSupport` for `edit`, and
 * `dataSupport`) gets quick fixes and fix-all without edits, each edit made on `codeAction/resolve`;
 * a client that does not gets the edits at once.
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
const QUIET = { NP403: 'off' };
const RESOLVES = {
  textDocument: {
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } },
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
    },
  },
};

function quickFixRequest(diagnostic: Diagnostic) {
  return { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } };
}
const fixAllRequest = { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } };

function applied(action: CodeAction, text = withoutDns): string {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits, `an edit of ${uri}: ${JSON.stringify(action)}`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
}

describe('code actions resolved on request, for a client that resolves them', () => {
  const client = new LspTestClient();
  let diagnostic: Diagnostic;

  before(async () => {
    client.settings = { rules: QUIET };
    client.capabilities = RESOLVES;
    const result = (await client.initialize()) as { capabilities: { codeActionProvider: { resolveProvider?: boolean } } };
    assert.equal(result.capabilities.codeActionProvider.resolveProvider, true);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: withoutDns } });
    const published = await client.diagnosticsForVersion(uri, 1);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['NP201']);
    diagnostic = published.diagnostics[0]!;
  });
  after(() => client.stop());

  it('lists the quick fix without its edit, and resolves it to exactly the seed template', async () => {
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', quickFixRequest(diagnostic));
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred, a.edit]),
      [['Add kube-dns egress rule', 'quickfix', true, undefined]],
    );
    assert.ok(actions[0]!.data, 'the action carries data to resolve it');
    const resolved = await client.connection.sendRequest<CodeAction>('codeAction/resolve', actions[0]);
    assert.equal(resolved.title, 'Add kube-dns egress rule');
    assert.deepEqual(resolved.diagnostics, [diagnostic]);
    assert.equal(applied(resolved), seedTemplate);
  });

  it('lists fix-all without its edit, and resolves it to exactly the seed template', async () => {
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', fixAllRequest);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.edit]),
      [['Fix all NetPol Lens problems', 'source.fixAll.netpol-lens', undefined]],
    );
    const resolved = await client.connection.sendRequest<CodeAction>('codeAction/resolve', actions[0]);
    assert.equal(applied(resolved), seedTemplate);
  });

  it('resolves a quick fix whose finding is gone to the action without an edit', async () => {
    const [action] = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', quickFixRequest(diagnostic));
    // The fix is typed in by hand before the action is chosen.
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: seedTemplate }] });
    assert.deepEqual((await client.diagnosticsForVersion(uri, 2)).diagnostics, []);
    const resolved = await client.connection.sendRequest<CodeAction>('codeAction/resolve', action);
    assert.equal(resolved.edit, undefined);
    assert.equal(resolved.title, 'Add kube-dns egress rule');
    // And fix-all, with nothing left to fix, is not listed.
    assert.deepEqual(await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', fixAllRequest), []);
  });

  it('returns an action it did not list as it came, and keeps answering', async () => {
    for (const data of [undefined, null, 42, { uri }, { uri, code: 'NP201', fix: 0 }, { uri: 'file:///not-open.yaml', fixAll: true }]) {
      const action = { title: 'someone else', kind: 'quickfix', ...(data === undefined ? {} : { data }) };
      assert.deepEqual(await client.connection.sendRequest<CodeAction>('codeAction/resolve', action), action);
    }
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: withoutDns }] });
    assert.deepEqual((await client.diagnosticsForVersion(uri, 3)).diagnostics.map((d) => d.code), ['NP201']);
  });
});

describe('code actions with their edits, for a client that does not resolve them', () => {
  for (const [name, capabilities] of [
    ['no resolveSupport', {}],
    ['resolveSupport without dataSupport', { textDocument: { codeAction: { ...RESOLVES.textDocument.codeAction, dataSupport: false } } }],
    ['resolveSupport for another property', { textDocument: { codeAction: { ...RESOLVES.textDocument.codeAction, resolveSupport: { properties: ['command'] } } } }],
  ] as const) {
    it(`sends the edits at once: ${name}`, async () => {
      const client = new LspTestClient();
      try {
        client.settings = { rules: QUIET };
        client.capabilities = capabilities;
        const result = (await client.initialize()) as { capabilities: { codeActionProvider: { resolveProvider?: boolean } } };
        assert.equal(result.capabilities.codeActionProvider.resolveProvider, false);
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: withoutDns } });
        const [diagnostic] = (await client.diagnosticsForVersion(uri, 1)).diagnostics;
        const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', quickFixRequest(diagnostic!));
        assert.equal(actions.length, 1);
        assert.equal(actions[0]!.data, undefined);
        assert.equal(applied(actions[0]!), seedTemplate);
        const [fixAll] = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', fixAllRequest);
        assert.equal(applied(fixAll!), seedTemplate);
      } finally {
        await client.stop();
      }
    });
  }
});
