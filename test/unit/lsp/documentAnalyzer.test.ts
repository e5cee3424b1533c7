/**
 * The server's open documents and the workspace index (server/src/lsp): the server tells the index each open
 * document's text (`tellIndex`, on open and on every change; analysing tells it nothing), and the index reads
 * the document's workloads from the latest analysis of that text only when asked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/engine';
import { DocumentAnalyzer } from '../../../server/src/lsp/documentAnalyzer';
import { crowdedEditOffset, crowdedPolicyFile } from '../../../bench/generate';
import { WorkspaceIndex } from '../../../server/src/lsp/workspaceIndex';
import type { TextDocument } from 'vscode-languageserver-textdocument';

const URI = 'file:///work/app.yaml';
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;
const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    metadata:
      labels: {app: ${name}}
`;

async function setUp(text: string) {
  const index = new WorkspaceIndex(() => undefined);
  await index.scan([]);
  const analyzer = new DocumentAnalyzer();
  const document = analyzer.documents.create(URI, 'yaml', 1, text);
  return { index, analyzer, document };
}

/** What the server does on open and on a change (tell the index), then when it validates (analyse). */
function typedAndValidated(analyzer: DocumentAnalyzer, document: TextDocument, index: WorkspaceIndex, settings = DEFAULT_SETTINGS) {
  analyzer.tellIndex(document, index);
  return analyzer.analyze(document, settings, index);
}

/** The open document's workloads as the index reads them: name and the text at its span. */
function workloadsIn(index: WorkspaceIndex): string[] {
  return index.files().flatMap((f) => f.workloads.map((w) => `${w.name} at "${f.file.text.slice(w.span[0], w.span[1])}"`));
}

describe('DocumentAnalyzer tells the workspace index the text of open documents', () => {
  it('reads the workloads of the latest text, at their places after an edit above them', async () => {
    const { index, analyzer, document } = await setUp(`${POLICY}---\n${deployment('web')}`);
    typedAndValidated(analyzer, document, index);
    assert.deepEqual(workloadsIn(index), ['web at "web"']);
    const edited = analyzer.documents.update(document, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# two lines\n# more\n' }], 2);
    const version = index.version;
    typedAndValidated(analyzer, edited, index);
    assert.equal(index.version, version + 1, 'a new text is a change of the workspace');
    assert.deepEqual(workloadsIn(index), ['web at "web"']);
  });

  it('reads the text it was told when a later analysis, of a text not told to it, has reused the parse', async () => {
    const { index, analyzer, document } = await setUp(`${POLICY}---\n${deployment('web')}`);
    typedAndValidated(analyzer, document, index);
    const line = POLICY.split('\n').length + 3; // the Deployment's `name:` line
    const renamed = analyzer.documents.update(document, [{ range: { start: { line, character: 8 }, end: { line, character: 11 } }, text: 'api' }], 2);
    analyzer.analyze(renamed, DEFAULT_SETTINGS, index); // analysing tells the index nothing: it still holds the first text
    assert.deepEqual(workloadsIn(index), ['web at "web"']);
    analyzer.tellIndex(renamed, index);
    assert.deepEqual(workloadsIn(index), ['api at "api"']);
  });

  it('learns a text before any analysis of it, read from the text', async () => {
    const { index, analyzer, document } = await setUp(deployment('web'));
    analyzer.tellIndex(document, index);
    assert.deepEqual(workloadsIn(index), ['web at "web"']);
  });

  it('gives a document the other files as they are now: anew after another file changed, the same after its own edit', async () => {
    const { index, analyzer, document } = await setUp(POLICY);
    const other = analyzer.documents.create('file:///work/other.yaml', 'yaml', 1, deployment('web'));
    typedAndValidated(analyzer, other, index);
    typedAndValidated(analyzer, document, index);
    const names = () => index.othersThan(URI).flatMap((f) => f.workloads.map((w) => w.name));
    assert.deepEqual(names(), ['web']);
    const before = index.othersThan(URI);
    const typed = analyzer.documents.update(document, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# x\n' }], 2);
    typedAndValidated(analyzer, typed, index);
    assert.equal(index.othersThan(URI), before, 'its own keystroke does not gather the other files again');
    const renamed = analyzer.documents.update(other, [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } }, text: 'api' }], 2);
    typedAndValidated(analyzer, renamed, index);
    assert.deepEqual(names(), ['api']);
  });

  it('leaves the index alone when the text is what it has', async () => {
    const { index, analyzer, document } = await setUp(deployment('web'));
    typedAndValidated(analyzer, document, index);
    const version = index.version;
    typedAndValidated(analyzer, document, index, { ...DEFAULT_SETTINGS, defaultNamespace: 'other' });
    assert.equal(index.version, version);
    assert.deepEqual(workloadsIn(index), ['web at "web"']);
  });
});

describe('DocumentAnalyzer.earlyFindings: a large document first analysed in two steps', () => {
  const policy = (i: number) => POLICY.replace('name: deny-all', `name: deny-all-${i}\n  namespace: ns-${i}`);
  const large = Array.from({ length: 700 }, (_, i) => policy(i)).join('---\n');

  it('gives the per-document findings, and the next analyze (any request) finishes with them all', async () => {
    const { index, analyzer, document } = await setUp(large);
    assert.ok(large.length >= 100_000);
    const paths: string[] = [];
    const traced = new DocumentAnalyzer({ onPath: (_uri, version, path) => paths.push(`${version} ${path.kind}`) });
    const doc = traced.documents.create(URI, 'yaml', 1, large);
    const early = traced.earlyFindings(doc, DEFAULT_SETTINGS, index);
    assert.ok(early && early.length === 700, 'NP601 on each podSelector: {}');
    assert.deepEqual(paths, [], 'not finished yet');
    assert.equal(traced.earlyFindings(doc, DEFAULT_SETTINGS, index), undefined, 'once per document');
    const whole = traced.analyze(doc, DEFAULT_SETTINGS, index);
    assert.deepEqual(paths, ['1 full']);
    assert.deepEqual(whole.findings, analyzer.analyze(document, DEFAULT_SETTINGS, index).findings);
    assert.equal(traced.earlyFindings(doc, DEFAULT_SETTINGS, index), undefined, 'not after a whole analysis');
  });

  it('gives nothing for a small document', async () => {
    const { index, analyzer, document } = await setUp(POLICY);
    assert.equal(analyzer.earlyFindings(document, DEFAULT_SETTINGS, index), undefined);
  });
});

describe('DocumentAnalyzer.earlyFindings after the first analysis', () => {
  it('reads none of the text when a large document is edited (the server asks before every publish)', async () => {
    const text = crowdedPolicyFile(300);
    const index = new WorkspaceIndex(() => undefined);
    await index.scan([]);
    const analyzer = new DocumentAnalyzer();
    let document = analyzer.documents.create(URI, 'yaml', 1, text);
    assert.ok(analyzer.earlyFindings(document, DEFAULT_SETTINGS, index), 'the first open is staged');
    analyzer.analyze(document, DEFAULT_SETTINGS, index);
    const at = document.positionAt(crowdedEditOffset(text));
    for (let typed = 0; typed < 3; typed++) {
      document = analyzer.documents.update(document, [{ range: { start: { line: at.line, character: at.character + typed }, end: { line: at.line, character: at.character + typed } }, text: '1' }], 2 + typed);
      const now = document.getText();
      // Staging again would cut the text into pieces, reading it line by line (charCodeAt).
      const reads = countCharReads(now, () => assert.equal(analyzer.earlyFindings(document, DEFAULT_SETTINGS, index), undefined));
      assert.ok(reads < 1_000, `typing: ${reads} characters of the whole text read`);
      assert.equal(analyzer.analyze(document, DEFAULT_SETTINGS, index).path.kind, 'incremental');
    }
  });
});

/** How many `charCodeAt` reads `body` makes on strings as long as `text`. */
function countCharReads(text: string, body: () => void): number {
  const proto = String.prototype as unknown as { charCodeAt: (this: string, at: number) => number };
  const original = proto.charCodeAt;
  let reads = 0;
  proto.charCodeAt = function (this: string, at: number) {
    if (this.length === text.length) reads++;
    return original.call(this, at);
  };
  try {
    body();
  } finally {
    proto.charCodeAt = original;
  }
  return reads;
}

describe('DocumentAnalyzer.quick: whether an edit is analysed as soon as it arrives', () => {
  it('is false before any analysis and after a staged first one, then follows the last analysis', async () => {
    const policy = (i: number) => POLICY.replace('name: deny-all', `name: deny-all-${i}\n  namespace: ns-${i}`);
    const large = Array.from({ length: 700 }, (_, i) => policy(i)).join('---\n');
    const { index, analyzer } = await setUp(POLICY);
    let document = analyzer.documents.create(URI, 'yaml', 1, large);
    assert.equal(analyzer.quick(URI, Infinity), false, 'never analysed');
    assert.ok(analyzer.earlyFindings(document, DEFAULT_SETTINGS, index));
    analyzer.analyze(document, DEFAULT_SETTINGS, index);
    assert.equal(analyzer.quick(URI, Infinity), false, 'a staged first analysis is not measured');
    document = analyzer.documents.update(document, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '# c\n' }], 2);
    analyzer.analyze(document, DEFAULT_SETTINGS, index);
    assert.equal(analyzer.quick(URI, Infinity), true, 'the edit was measured');
    assert.equal(analyzer.quick(URI, -1), false, 'and it took some time');
    assert.equal(analyzer.quick('file:///work/other.yaml', Infinity), false, 'another document');
    analyzer.documents.create(URI, 'yaml', 3, POLICY);
    assert.equal(analyzer.quick(URI, Infinity), false, 'opened again');
  });
});
