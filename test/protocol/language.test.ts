/**
 * The built server over stdio: NP1xx diagnostics with their field, the kubernetesVersion setting,
 * and the completion, hover and document symbol requests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, Diagnostic, DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lspClient';

const uri = 'file:///workspace/api.yaml';
const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector: {}
  ingress:
  - from:
    - ipBlock: {cidr: 10.0.0.1/8}
    ports:
    - port: 8080
      protocol: udp
      
`;

describe('language server: API validation and language features', () => {
  const client = new LspTestClient();
  before(async () => {
    const result = (await client.initialize()) as { capabilities: { completionProvider?: unknown; hoverProvider?: unknown; documentSymbolProvider?: unknown } };
    assert.ok(result.capabilities.completionProvider);
    assert.equal(result.capabilities.hoverProvider, true);
    assert.equal(result.capabilities.documentSymbolProvider, true);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  });
  after(() => client.stop());

  it('publishes the API server errors with their field paths', async () => {
    const { diagnostics } = await client.diagnosticsForVersion(uri, 1);
    assert.deepEqual(
      diagnostics.filter((d: Diagnostic) => String(d.code).startsWith('NP1')).map((d: Diagnostic) => [d.code, d.severity, d.message, d.data as unknown]),
      [
        ['NP103', 1, 'Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length', { field: 'spec.ingress[0].from[0].ipBlock.cidr' }],
        ['NP101', 1, 'Unsupported value: "udp": supported values: "TCP", "UDP", "SCTP"', { field: 'spec.ingress[0].ports[0].protocol' }],
      ],
    );
  });

  it('follows netpolLens.kubernetesVersion: 1.35 only warns about host bits', async () => {
    client.settings = { kubernetesVersion: '1.35' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const { diagnostics } = await client.nextDiagnostics(uri);
    assert.deepEqual(
      diagnostics.filter((d: Diagnostic) => String(d.code).startsWith('NP1')).map((d: Diagnostic) => [d.code, d.severity]),
      [
        ['NP105', 2],
        ['NP101', 1],
      ],
    );
    client.settings = {};
  });

  it('completes keys of a port item that are not there yet', async () => {
    const items = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 13, character: 6 } });
    assert.deepEqual(
      items.map((i) => [i.label, i.insertTextFormat]),
      [['endPort', 2]],
    );
    assert.deepEqual(items[0]!.textEdit, { range: { start: { line: 13, character: 6 }, end: { line: 13, character: 6 } }, newText: 'endPort: $0' });
  });

  it('hovers a port with its defaulted protocol', async () => {
    const result = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 11, character: 7 } });
    assert.deepEqual(result.range, { start: { line: 11, character: 6 }, end: { line: 11, character: 10 } });
    assert.match((result.contents as MarkupContent).value, /^\*\*spec\.ingress\[0\]\.ports\[0\]\.port\*\*/);
  });

  it('lists the policy and its rules as document symbols', async () => {
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.children?.map((c) => c.name)]),
      [['shop/api', ['podSelector', 'ingress']]],
    );
  });
});
