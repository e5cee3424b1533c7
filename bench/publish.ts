/**
 * What publishing costs with about 10,000 findings in one file (issue 16): the bytes of each
 * publishDiagnostics and of each pull answer, the time to build and serialize them against the time of
 * the edit they follow, for a client that is pushed to and for one that pulls (textDocument/diagnostic
 * with result ids).
 */
import { analyzeText } from '../server/src/engine';
import { LineIndex } from '../server/src/engine/text/positions';
import { DiagnosticsEncoder, diagnosticsOf } from '../server/src/lsp/diagnosticsEncoder';
import type { Message } from 'vscode-languageserver/node';
import { LspDriver } from './lspDriver';
import type { ServerCommand } from './lspDriver';

export interface PublishFigures {
  readonly policies: number;
  readonly bytes: number;
  readonly findings: number;
  /** In the server's process: findings -> Diagnostics -> the JSON of the notification, median. */
  readonly serializeMs: number;
  /** Bytes of one publishDiagnostics notification's JSON. */
  readonly publishBytes: number;
  /** Pushed: didChange -> publishDiagnostics, median, typing into a port value (every publish is different). */
  readonly pushEditMs: number;
  /** Pushed: the same, typing into a comment (the findings stay the same; each publish is still whole). */
  readonly pushCommentEditMs: number;
  /** Pulled: didChange + textDocument/diagnostic with the last result id -> the answer, median, typing into a port value. */
  readonly pullEditMs: number;
  /** Pulled, typing into a comment: every answer "unchanged". */
  readonly pullCommentEditMs: number;
  readonly pullUnchangedAnswers: number;
  readonly pullCommentEdits: number;
  /** Bytes of a pull answer: a full one, an unchanged one. */
  readonly pullFullBytes: number;
  readonly pullUnchangedBytes: number;
  readonly edits: number;
}

const POLICIES = 5000;

/**
 * 5,000 policies, ten per namespace, each with two findings of its own: egress rules while `policyTypes`
 * lacks `Egress` (NP301) and a port entry given twice (NP702). A comment in each to type into.
 */
export function publishFile(count = POLICIES): string {
  const documents: string[] = [];
  for (let i = 0; i < count; i++) {
    const port = 8000 + (i % 100);
    documents.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: app-${i}
  namespace: team-${String(Math.floor(i / 10)).padStart(4, '0')}
spec:
  # owner: team
  podSelector:
    matchLabels:
      app: app-${i}
  policyTypes:
  - Ingress
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: client-${i % 50}
    ports:
    - port: ${port}
      protocol: TCP
    - port: ${port}
      protocol: TCP
  egress:
  - to:
    - ipBlock:
        cidr: 10.${i % 200}.0.0/16
    ports:
    - port: 443
      protocol: TCP
`);
  }
  return documents.join('---\n');
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Where to type in the middle policy: after its first port number, and after its comment. */
function editPoints(text: string): { port: { line: number; character: number }; comment: { line: number; character: number } } {
  const lines = new LineIndex(text);
  const middle = text.indexOf(`name: app-${Math.floor(POLICIES / 2)}\n`);
  const port = text.indexOf('- port: ', middle) + '- port: '.length + 4;
  const comment = text.indexOf('# owner: team', middle) + '# owner: team'.length;
  return { port: lines.positionAt(port), comment: lines.positionAt(comment) };
}

export async function runPublishBench(server: ServerCommand, edits: number, log: (message: string) => void): Promise<PublishFigures> {
  const text = publishFile();
  const { port, comment } = editPoints(text);
  const uri = 'file:///bench/publish.yaml';

  // In-process: what the server does to publish, apart from writing to the pipe: its diagnostics and its
  // encoder (lsp/diagnosticsEncoder.ts), which writes again only what changed since the document's last
  // publish. The first publish encodes everything; the figure is that of publishing the same findings again.
  const analysis = analyzeText(text);
  const encoder = new DiagnosticsEncoder();
  const serialize = () =>
    encoder.bytes({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version: 2, diagnostics: diagnosticsOf(uri, analysis.findings) } } as Message);
  let start = performance.now();
  const publishBytes = serialize().length;
  const firstMs = performance.now() - start;
  const serializeTimes: number[] = [];
  for (let i = 0; i < 7; i++) {
    start = performance.now();
    serialize();
    serializeTimes.push(performance.now() - start);
  }
  log(`publish: ${analysis.findings.length} findings, ${(publishBytes / 1e6).toFixed(2)} MB per publish, serialized in ${median(serializeTimes).toFixed(1)} ms (the first time ${firstMs.toFixed(1)} ms)`);

  // Pushed.
  const pushed = new LspDriver(server);
  let pushEditMs: number;
  let pushCommentEditMs: number;
  try {
    await pushed.initialize();
    await pushed.open(uri, text);
    const times: number[] = [];
    const commentTimes: number[] = [];
    let version = 2;
    for (let i = 0; i < edits; i++) times.push(await pushed.change(uri, version++, port.line, port.character + i, '1'));
    for (let i = 0; i < edits; i++) commentTimes.push(await pushed.change(uri, version++, comment.line, comment.character + i, 'x'));
    pushEditMs = median(times);
    pushCommentEditMs = median(commentTimes);
  } finally {
    await pushed.stop();
  }

  // Pulled.
  const pulled = new LspDriver({ ...server, pull: true });
  let pullEditMs: number;
  let pullCommentEditMs: number;
  let pullUnchangedAnswers = 0;
  let pullFullBytes = 0;
  let pullUnchangedBytes = 0;
  try {
    await pulled.initialize();
    let resultId: string | undefined;
    const open = await pulledOpen(pulled, uri, text);
    resultId = open.resultId;
    const times: number[] = [];
    const commentTimes: number[] = [];
    let version = 2;
    for (let i = 0; i < edits; i++) {
      const start = performance.now();
      await pulled.insert(uri, version++, port.line, port.character + i, '1');
      const { report } = await pulled.pull(uri, resultId);
      times.push(performance.now() - start);
      resultId = report.resultId;
      if (i === 0) pullFullBytes = Buffer.byteLength(JSON.stringify(report));
    }
    for (let i = 0; i < edits; i++) {
      const start = performance.now();
      await pulled.insert(uri, version++, comment.line, comment.character + i, 'x');
      const { report } = await pulled.pull(uri, resultId);
      commentTimes.push(performance.now() - start);
      if (report.kind === 'unchanged') {
        pullUnchangedAnswers++;
        pullUnchangedBytes = Buffer.byteLength(JSON.stringify(report));
      }
      resultId = report.resultId;
    }
    pullEditMs = median(times);
    pullCommentEditMs = median(commentTimes);
  } finally {
    await pulled.stop();
  }
  const figures: PublishFigures = {
    policies: POLICIES,
    bytes: text.length,
    findings: analysis.findings.length,
    serializeMs: median(serializeTimes),
    publishBytes,
    pushEditMs,
    pushCommentEditMs,
    pullEditMs,
    pullCommentEditMs,
    pullUnchangedAnswers,
    pullCommentEdits: edits,
    pullFullBytes,
    pullUnchangedBytes,
    edits,
  };
  log(
    `publish: pushed edit ${pushEditMs.toFixed(1)} ms (comment ${pushCommentEditMs.toFixed(1)} ms); pulled edit ${pullEditMs.toFixed(1)} ms (comment ${pullCommentEditMs.toFixed(1)} ms, ${pullUnchangedAnswers}/${edits} unchanged)`,
  );
  return figures;
}

/** didOpen then the first pull: what a pulling client does on open. */
async function pulledOpen(driver: LspDriver, uri: string, text: string): Promise<{ ms: number; resultId: string | undefined }> {
  const start = performance.now();
  await driver.openOnly(uri, text);
  const { report } = await driver.pull(uri);
  return { ms: performance.now() - start, resultId: report.resultId };
}

function mb(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${bytes} bytes`;
}

export function formatPublish(figures: PublishFigures): string {
  const share = (figures.serializeMs / figures.pushEditMs) * 100;
  return `${figures.policies.toLocaleString('en-US')} policies (${(figures.bytes / 1e6).toFixed(2)} MB), ${figures.findings.toLocaleString('en-US')} findings; medians over ${figures.edits} edits of each kind.

| | pushed (publishDiagnostics) | pulled (textDocument/diagnostic) |
|---|---:|---:|
| bytes per message | ${mb(figures.publishBytes)} | ${mb(figures.pullFullBytes)} full, ${mb(figures.pullUnchangedBytes)} unchanged |
| digits typed into a port value (findings change) | ${figures.pushEditMs.toFixed(0)} ms | ${figures.pullEditMs.toFixed(0)} ms |
| letters typed into a comment (findings the same) | ${figures.pushCommentEditMs.toFixed(0)} ms | ${figures.pullCommentEditMs.toFixed(0)} ms (${figures.pullUnchangedAnswers} of ${figures.pullCommentEdits} answers unchanged) |

Building and serializing one publish in the server's process: ${figures.serializeMs.toFixed(1)} ms, ${share.toFixed(0)}% of the pushed edit's ${figures.pushEditMs.toFixed(0)} ms (the client's parse of the same JSON comes on top).
`;
}
