/**
 * The built server over stdio on a workspace folder with a connectivity expectations file: a broken
 * expectation is a diagnostic on its line with related information on the deciding policy, an unknown
 * endpoint its own warning, and an edit of the policy in another open document judges the file again.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lspClient';

const STORY = path.join(__dirname, '..', 'fixtures', 'expectations', 'story');

const EXPECTATIONS = `apiVersion: netpol-lens/v1
kind: ConnectivityExpectations
expect:
- from: shop/restricted-app
  to: shop/api
  port: 8080
  allowed: true
- {from: shop/restricted, to: shop/api, allowed: false}
`;

const OPENING_RULE = `  - to:
    - podSelector:
        matchLabels:
          app: api
    ports:
    - port: 8080
`;

describe('language server: connectivity expectations', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'netpol-lens-expect-'));
  copyFileSync(path.join(STORY, 'workloads.yaml'), path.join(folder, 'workloads.yaml'));
  const policyText = readFileSync(path.join(STORY, 'policy.yaml'), 'utf8');
  writeFileSync(path.join(folder, 'policy.yaml'), policyText);
  writeFileSync(path.join(folder, 'netpol-expectations.yaml'), EXPECTATIONS);
  const uri = pathToFileURL(path.join(folder, 'netpol-expectations.yaml')).href;
  const policyUri = pathToFileURL(path.join(folder, 'policy.yaml')).href;
  const client = new LspTestClient();

  before(async () => {
    client.connection.onRequest('window/workDoneProgress/create', () => null);
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }],
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } } },
    });
    await client.connection.sendNotification('initialized', {});
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: EXPECTATIONS } });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: policyUri, languageId: 'yaml', version: 1, text: policyText } });
  });
  after(async () => {
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  async function diagnosticsUntil(predicate: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    for (;;) {
      const published = await client.nextDiagnostics(uri);
      if (predicate(published)) return published;
    }
  }
  let published: PublishDiagnosticsParams;
  const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code).sort();

  it('shows a broken expectation on its allowed value, with the isolating policy as related information', async () => {
    // The first publication may come before the index has read the folder: the one with the workspace rules.
    published = await diagnosticsUntil((p) => p.diagnostics.length === 2);
    const broken = published.diagnostics.find((d) => d.code === 'NP960')!;
    assert.deepEqual(broken.range, { start: { line: 6, character: 11 }, end: { line: 6, character: 15 } });
    assert.equal(broken.severity, 1);
    assert.equal(
      broken.message,
      'Expected shop/restricted-app -> shop/api to be allowed on 8080/TCP, but shop/restricted-app -> shop/api is denied on 8080/TCP. ' +
        'egress: shop/restricted-app is isolated by shop/deny-external-egress; no rule allows this: denied. ' +
        'ingress: shop/api is not isolated for ingress (no policy selects it with Ingress): allowed',
    );
    assert.deepEqual(broken.relatedInformation, [
      {
        location: { uri: policyUri, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 28 } } },
        message: 'shop/deny-external-egress isolates shop/restricted-app for egress; none of its rules allows this',
      },
    ]);
    assert.equal((broken.codeDescription as { href: string }).href.endsWith('/docs/rules/NP960.md'), true);
  });

  it('reports an endpoint that names no workload as its own warning, not as broken', () => {
    const unknown = published.diagnostics.find((d) => d.code === 'NP961')!;
    assert.equal(unknown.severity, 2);
    assert.deepEqual(unknown.range, { start: { line: 7, character: 9 }, end: { line: 7, character: 24 } });
    assert.match(unknown.message as string, /^expect\[1\]\.from: no workload shop\/restricted in the workspace/);
  });

  it('explains a broken expectation, and one naming no workload, on hover', async () => {
    const hover = async (line: number) => (await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 4 } })) as { contents: { value: string }; range: unknown } | null;
    const broken = (await hover(4))!;
    assert.equal(
      broken.contents.value,
      '**Expectation broken** (NP960): expected shop/restricted-app -> shop/api to be allowed on 8080/TCP, but shop/restricted-app -> shop/api is denied on 8080/TCP.\n\n' +
        '- egress: shop/restricted-app is isolated by shop/deny-external-egress; no rule allows this: denied\n' +
        '- ingress: shop/api is not isolated for ingress (no policy selects it with Ingress): allowed',
    );
    // The whole item, from its `from` key to its `allowed` value.
    assert.deepEqual(broken.range, { start: { line: 3, character: 2 }, end: { line: 6, character: 15 } });
    const unknown = (await hover(7))!;
    assert.match(unknown.contents.value, /^\*\*Expectation not checked\*\* \(NP961\): expect\[1\]\.from: no workload shop\/restricted in the workspace/);
    assert.equal(await hover(1), null);
  });

  it('judges the expectations again when the policy is edited in another document, and again when the edit is undone', async () => {
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: policyUri, version: 2 }, contentChanges: [{ text: policyText + OPENING_RULE }] });
    const opened = await diagnosticsUntil((p) => !codes(p).includes('NP960'));
    assert.deepEqual(codes(opened), ['NP961']);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: policyUri, version: 3 }, contentChanges: [{ text: policyText }] });
    const closed = await diagnosticsUntil((p) => codes(p).includes('NP960'));
    assert.deepEqual(codes(closed), ['NP960', 'NP961']);
  });

  it('judges the expectations again as the expectations file itself is typed in', async () => {
    const edited = EXPECTATIONS.replace('  allowed: true', '  allowed: false').replace('shop/restricted,', 'shop/restricted-app,');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    const published = await client.diagnosticsForVersion(uri, 2);
    assert.equal(published.version, 2);
    assert.deepEqual(published.diagnostics, []);
    // A kept expectation says so on hover, with what decides it.
    const hover = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 4 } });
    assert.equal(
      (hover.contents as { value: string }).value,
      '**Expectation holds**: shop/restricted-app -> shop/api on 8080/TCP is denied (1 pair of endpoints).\n\n' +
        'For shop/restricted-app -> shop/api on 8080/TCP:\n\n' +
        '- egress: shop/restricted-app is isolated by shop/deny-external-egress; no rule allows this: denied\n' +
        '- ingress: shop/api is not isolated for ingress (no policy selects it with Ingress): allowed',
    );
  });
});
