/**
 * The language server under misuse: each test does something an editor should not (or a hostile file
 * does), then checks that the answer is an empty result or a proper LSP error, and that the server
 * still answers afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { ensureBuilt, TestClient } from '../support/misuseClient';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes:
  - Egress
`;

/** The policy under a name of its own per document: open documents form one workspace, and NP902 reports shared names. */
const named = (uri: string) => POLICY.replace('name: deny', `name: ${uri.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`);

const codesOf = (published: { diagnostics: { code?: string | number }[] }) => published.diagnostics.map((d) => d.code);

async function codeActions(client: TestClient, uri: string, line = 0) {
  return client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    context: { diagnostics: [] },
  });
}

/** The server is alive and analysing: a fresh document gets its diagnostics. */
async function assertAlive(client: TestClient, name: string): Promise<void> {
  const uri = `file:///alive/${name}.yaml`;
  await client.open(uri, named(uri));
  assert.deepEqual(codesOf(await client.diagnosticsFor(uri, 1)), ['NP201']);
}

describe('language server under misuse', { timeout: 120_000 }, () => {
  let client: TestClient;
  before(async () => {
    ensureBuilt();
    client = new TestClient();
    // Every setting of the wrong type: the server must fall back to the defaults, field by field.
    client.configuration = { enable: 'yes', rules: 5, dns: [], limits: { maxFileSize: 'huge', aliasBudget: -1 } };
    await client.initialize();
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('answers code actions for a document it never saw with an empty list', async () => {
    assert.deepEqual(await codeActions(client, 'file:///never/opened.yaml'), []);
  });

  it('answers the connectivity changes request and a lens resolve with garbage in them, and keeps running', async () => {
    for (const params of [null, { uri: 5, policy: 'x' }, { policy: { uri: 1, key: [] } }, { policy: { uri: 'file:///never/opened.yaml', key: '/x' } }]) {
      const answer = await client.connection.sendRequest<{ added: unknown[]; removed: unknown[]; notes: string[] }>('netpolLens/changes', params);
      assert.deepEqual([answer.added, answer.removed], [[], []]);
    }
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    for (const data of [undefined, 7, { netpolChanges: null }, { netpolChanges: { uri: 3, id: {} } }, { netpolChanges: { uri: 'file:///never/opened.yaml', id: '/x', version: 0, label: 'HEAD' } }]) {
      const lens = await client.connection.sendRequest<{ range: unknown }>('codeLens/resolve', { range, data });
      assert.deepEqual(lens.range, range);
    }
    await assertAlive(client, 'after-changes-garbage');
  });

  it('answers a method it does not implement with MethodNotFound and keeps running', async () => {
    await assert.rejects(
      client.connection.sendRequest('textDocument/linkedEditingRange', { textDocument: { uri: 'file:///x.yaml' }, position: { line: 0, character: 0 } }),
      (error: unknown) => error instanceof ResponseError && error.code === -32601,
    );
    await assertAlive(client, 'after-unknown-method');
  });

  it('answers a malformed request with an error, not a crash', async () => {
    await assert.rejects(client.connection.sendRequest('textDocument/codeAction', null), ResponseError);
    await assertAlive(client, 'after-malformed-request');
  });

  it('ignores didChange before didOpen', async () => {
    const uri = 'file:///early/change.yaml';
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: named(uri) }],
    });
    await client.open(uri, named(uri), 3);
    assert.deepEqual(codesOf(await client.diagnosticsFor(uri, 3)), ['NP201']);
  });

  it('takes positions far outside the document', async () => {
    const uri = 'file:///positions/out-of-range.yaml';
    await client.open(uri, named(uri));
    await client.diagnosticsFor(uri, 1);
    assert.ok(Array.isArray(await codeActions(client, uri, 100_000)));
    // An incremental change whose range lies past the end is clamped to the end, as in VS Code.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 999, character: 5 }, end: { line: 1_000, character: 0 } }, text: '# appended\n' }],
    });
    const published = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(codesOf(published), ['NP201']);
  });

  it('publishes the last version after rapid edits with cancelled requests', async () => {
    const uri = 'file:///rapid/edits.yaml';
    await client.open(uri, '');
    const pending: Promise<unknown>[] = [];
    let version = 1;
    for (let i = 1; i <= POLICY.length; i++) {
      version++;
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text: POLICY.slice(0, i) }],
      });
      if (i % 10 === 0) {
        // vscode-jsonrpc sends $/cancelRequest when the token fires.
        const tokenSource = new CancellationTokenSource();
        const request = client.connection
          .sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }, tokenSource.token)
          .catch((error: unknown) => error);
        tokenSource.cancel();
        pending.push(request);
      }
    }
    const answers = await Promise.all(pending);
    // Each answer is either a result or the RequestCancelled error (-32800): never another error.
    for (const answer of answers) assert.ok(Array.isArray(answer) || (answer instanceof ResponseError && answer.code === -32800), String(answer));
    assert.deepEqual(codesOf(await client.diagnosticsFor(uri, version)), ['NP201']);
  });

  it('falls back to the defaults for settings of the wrong type, and says which', async () => {
    await assertAlive(client, 'malformed-settings');
    const warnings = client.logs.filter((line) => line.startsWith('Ignoring a setting'));
    for (const setting of ['netpolLens.enable', 'netpolLens.rules', 'netpolLens.dns', 'netpolLens.limits.maxFileSize', 'netpolLens.limits.aliasBudget']) {
      assert.ok(
        warnings.some((w) => w.includes(`${setting}:`)),
        `no warning for ${setting} in ${JSON.stringify(warnings)}`,
      );
    }
  });

  it('reports an alias bomb with NP001 instead of hanging', async () => {
    const uri = 'file:///hostile/laughs.yaml';
    // Twenty rules of twenty peers of twenty expressions of twenty values, all through aliases.
    const list = (name: string) => `[${Array(20).fill(`*${name}`).join(', ')}]`;
    const text = `${POLICY.replace('  - Egress\n', '  - Ingress\n')}  x-v: &v lol
  x-e: &e {key: a, operator: In, values: ${list('v')}}
  x-p: &p {podSelector: {matchExpressions: ${list('e')}}}
  x-r: &r {from: ${list('p')}}
  ingress: ${list('r')}
`;
    await client.open(uri, text);
    assert.deepEqual(codesOf(await client.diagnosticsFor(uri, 1)), ['NP001']);
  });

  it('reports a 10 MB file with NP002 on its first line', async () => {
    const uri = 'file:///hostile/huge.yaml';
    const text = POLICY + `  egress:\n${'  - to:\n    - ipBlock: {cidr: 10.0.0.0/8}\n'.repeat(250_000)}`;
    assert.ok(text.length > 10_000_000);
    await client.open(uri, text);
    const published = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(codesOf(published), ['NP002']);
    assert.deepEqual(published.diagnostics[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 32 } });
    await assertAlive(client, 'after-huge-file');
  });

  it('clears diagnostics when a document is closed, and ignores closing it twice', async () => {
    const uri = 'file:///close/twice.yaml';
    await client.open(uri, named(uri));
    await client.diagnosticsFor(uri, 1);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const published = () => client.diagnostics.filter((d) => d.uri === uri);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && published().length < 2) await new Promise((r) => setTimeout(r, 20));
    await assertAlive(client, 'after-double-close');
    // One publication when opened, one empty one on close; the second close is ignored (the server
    // answered another document in between, so nothing was still on its way).
    assert.deepEqual(published().slice(1), [{ uri, diagnostics: [] }]);
  });

  it('keeps stderr free of crashes', () => {
    assert.doesNotMatch(client.stderr, /Error|Unhandled/);
  });
});

describe('language server whose client goes away', { timeout: 60_000 }, () => {
  it('exits when its input closes without shutdown, instead of lingering', async () => {
    ensureBuilt();
    const client = new TestClient();
    await client.initialize();
    await client.open('file:///x.yaml', POLICY);
    await client.diagnosticsFor('file:///x.yaml', 1);
    client.process.stdin!.end();
    // vscode-languageserver exits with 1 when the stream ends before a shutdown request.
    assert.equal(await client.exited, 1);
    client.connection.dispose();
  });

  it('exits with 0 after shutdown and exit', async () => {
    const client = new TestClient();
    await client.initialize();
    assert.equal(await client.stop(), 0);
  });
});
