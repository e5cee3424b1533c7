/**
 * The server's open documents and the workspace index (server/src/lsp): each analysis of an open document
 * hands its text to the index, which reads the document's workloads from that analysis only when asked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/engine';
import { DocumentAnalyzer } from '../../../server/src/lsp/documentAnalyzer';
import { WorkspaceIndex } from '../../../server/src/lsp/workspaceIndex';

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

/** The open document's workloads as the index reads them: name and the text at its span. */
function workloadsIn(index: WorkspaceIndex): string[] {
  return index.files().flatMap((f) => f.workloads.map((w) => `${w.name} at "${f.file.text.slice(w.span[0], w.span[1])}"`));
}

describe('DocumentAnalyzer hands open documents to the workspace index', () => {
  it('reads the workloads of the latest text, at their places after an edit above them', async () => {
    const { index, analyzer, document } = await setUp(`${POLICY}---\n${deployment('web')}`);
    analyzer.analyze(document, DEFAULT_SETTINGS, index);
    assert.deepEqual(workloadsIn(index), ['web at "web"']);
    const edited = analyzer.documents.update(document, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# two lines\n# more\n' }], 2);
    const version = index.version;
    analyzer.analyze(edited, DEFAULT_SETTINGS, index);
    assert.equal(index.version, version + 1, 'a new text is a change of the workspace');
    assert.deepEqual(workloadsIn(index), ['web at "web"']);
  });

  it('reads the text it was handed when a later analysis, not handed to it, has reused the parse', async () => {
    const { index, analyzer, document } = await setUp(`${POLICY}---\n${deployment('web')}`);
    analyzer.analyze(document, DEFAULT_SETTINGS, index);
    const line = POLICY.split('\n').length + 3; // the Deployment's `name:` line
    const renamed = analyzer.documents.update(document, [{ range: { start: { line, character: 8 }, end: { line, character: 11 } }, text: 'api' }], 2);
    analyzer.analyze(renamed, DEFAULT_SETTINGS); // without the index: it still holds the first text
    assert.deepEqual(workloadsIn(index), ['web at "web"']);
    analyzer.analyze(renamed, DEFAULT_SETTINGS, index);
    assert.deepEqual(workloadsIn(index), ['api at "api"']);
  });

  it('gives a document the other files as they are now: anew after another file changed, the same after its own edit', async () => {
    const { index, analyzer, document } = await setUp(POLICY);
    const other = analyzer.documents.create('file:///work/other.yaml', 'yaml', 1, deployment('web'));
    analyzer.analyze(other, DEFAULT_SETTINGS, index);
    analyzer.analyze(document, DEFAULT_SETTINGS, index);
    const names = () => index.othersThan(URI).flatMap((f) => f.workloads.map((w) => w.name));
    assert.deepEqual(names(), ['web']);
    const before = index.othersThan(URI);
    const typed = analyzer.documents.update(document, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# x\n' }], 2);
    analyzer.analyze(typed, DEFAULT_SETTINGS, index);
    assert.equal(index.othersThan(URI), before, 'its own keystroke does not gather the other files again');
    const renamed = analyzer.documents.update(other, [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } }, text: 'api' }], 2);
    analyzer.analyze(renamed, DEFAULT_SETTINGS, index);
    assert.deepEqual(names(), ['api']);
  });

  it('leaves the index alone when the text is what it has', async () => {
    const { index, analyzer, document } = await setUp(deployment('web'));
    analyzer.analyze(document, DEFAULT_SETTINGS, index);
    const version = index.version;
    analyzer.analyze(document, { ...DEFAULT_SETTINGS, defaultNamespace: 'other' }, index);
    assert.equal(index.version, version);
    assert.deepEqual(workloadsIn(index), ['web at "web"']);
  });
});
