/**
 * The server's JSON encoder (lsp/diagnosticsEncoder.ts) writes every message as JSON.stringify does, byte for
 * byte, and writes again only the diagnostics an edit changed or moved to another line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocumentSymbol, Message } from 'vscode-languageserver/node';
import { analyzeText, outlineFile } from '../../server/src/engine';
import type { YamlFile } from '../../server/src/engine';
import type { PolicyView } from '../../server/src/engine/model/policyView';
import { documentSymbolsOf, MAX_OUTLINE_ITEMS, toDocumentSymbol } from '../../server/src/lsp/language';
import type { Finding } from '../../server/src/engine';
import { IncrementalAnalyzer } from '../../server/src/engine/incremental';
import { DiagnosticReports } from '../../server/src/lsp/diagnosticReports';
import { DiagnosticsEncoder, diagnosticsOf } from '../../server/src/lsp/diagnosticsEncoder';
import { crowdedEditOffset, crowdedPolicyFile, policyFile } from '../../bench/generate';

function publish(uri: string, version: number, findings: readonly Finding[]): Message {
  return { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version, diagnostics: diagnosticsOf(uri, findings) } } as Message;
}

/** Encodes `message` and checks the bytes are JSON.stringify's. */
function encodeChecked(encoder: DiagnosticsEncoder, message: Message): Buffer {
  const bytes = encoder.bytes(message);
  assert.equal(bytes.toString('utf8'), JSON.stringify(message));
  return bytes;
}

describe('diagnostics encoder', () => {
  it('writes publishes, pull answers and other messages as JSON.stringify does', () => {
    const encoder = new DiagnosticsEncoder();
    // The findings of the spread shape (with fields), one with related locations, one with quotes and non-ASCII text.
    const found = analyzeText(policyFile(200)).findings;
    const sample = found[0]!;
    const findings = [
      ...found,
      { ...sample, related: [{ uri: 'file:///b.yaml', range: sample.range, message: 'the other one' }] },
      { ...sample, message: 'é “quoted” "x" \\ \u2028 \u0001', field: undefined },
      // A validation finding: its diagnostic carries the field path (data.field).
      { ...sample, code: 'NP101', message: 'Unsupported value: "udp": supported values: "TCP", "UDP", "SCTP"', field: 'spec.egress[0].ports[0].protocol' },
    ];
    assert.ok(found.length > 50 && found.some((f) => f.field), found.map((f) => f.code).join(' '));
    assert.deepEqual(diagnosticsOf('file:///c.yaml', findings).filter((d) => d.data !== undefined).map((d) => d.data as unknown), [{ field: 'spec.egress[0].ports[0].protocol' }]);
    encodeChecked(encoder, publish('file:///a.yaml', 1, findings));
    encodeChecked(encoder, publish('file:///a.yaml', 2, findings.slice(7)));
    // Runs shared with the array before, at its start, at its end, both, or the whole array.
    encodeChecked(encoder, publish('file:///a.yaml', 3, [...findings.slice(7, 30), findings[0]!, ...findings.slice(30)]));
    encodeChecked(encoder, publish('file:///a.yaml', 4, [...findings.slice(7, 30), ...findings.slice(31, 40)]));
    encodeChecked(encoder, publish('file:///a.yaml', 5, [...findings.slice(7, 30), ...findings.slice(31, 40), findings[5]!]));
    encodeChecked(encoder, publish('file:///a.yaml', 6, [findings[5]!, ...findings.slice(7, 30), ...findings.slice(31, 40), findings[5]!]));
    encodeChecked(encoder, publish('file:///a.yaml', 7, [findings[5]!, ...findings.slice(7, 30), ...findings.slice(31, 40), findings[5]!]));
    assert.equal(encoder.writtenAnew, 0);
    encodeChecked(encoder, publish('file:///a.yaml', 8, findings.slice(7, 8)));
    encodeChecked(encoder, publish('file:///a.yaml', 9, []));
    encodeChecked(encoder, publish('file:///a.yaml', 10, findings.slice(7, 8)));
    encodeChecked(encoder, publish('file:///b.yaml', 1, []));
    const reports = new DiagnosticReports();
    encodeChecked(encoder, { jsonrpc: '2.0', id: 4, result: reports.report('file:///a.yaml', findings, undefined) } as Message);
    encodeChecked(encoder, { jsonrpc: '2.0', id: 5, result: { items: findings.slice(0, 3) } } as Message);
    encodeChecked(encoder, { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'x' } } as Message);
  });

  it("writes a document's diagnostics over the memory of its message before last, and only that one", () => {
    const encoder = new DiagnosticsEncoder();
    const findings = analyzeText(policyFile(100)).findings;
    assert.ok(findings.length > 20);
    const first = encodeChecked(encoder, publish('file:///a.yaml', 1, findings));
    const other = encodeChecked(encoder, publish('file:///b.yaml', 1, findings));
    const second = encodeChecked(encoder, publish('file:///a.yaml', 2, findings.slice(1)));
    assert.notEqual(second.buffer, first.buffer);
    // The first is written out by then (vscode-jsonrpc encodes a message once the one before it is written).
    const third = encodeChecked(encoder, publish('file:///a.yaml', 3, [findings[3]!, ...findings.slice(2)]));
    assert.equal(third.buffer, first.buffer);
    assert.notEqual(third.buffer, other.buffer);
    const fourth = encodeChecked(encoder, publish('file:///a.yaml', 4, findings.slice(5)));
    assert.equal(fourth.buffer, second.buffer);
    // A message longer than the memory there: written in memory of its own.
    const fifth = encodeChecked(encoder, publish('file:///a.yaml', 5, [...findings, ...findings]));
    assert.notEqual(fifth.buffer, third.buffer);
    assert.equal(other.toString('utf8'), JSON.stringify(publish('file:///b.yaml', 1, findings)));
  });

  it('writes a diagnostic again when its message stays but its severity, code or range change', () => {
    const encoder = new DiagnosticsEncoder();
    const findings = analyzeText(policyFile(20)).findings;
    encodeChecked(encoder, publish('file:///a.yaml', 1, findings));
    const changed = findings.map((f, i) =>
      i % 3 === 0 ? { ...f, severity: 'error' as const } : i % 3 === 1 ? { ...f, code: 'NP999' } : { ...f, range: { ...f.range, end: { ...f.range.end, character: f.range.end.character + 1 } } },
    );
    encodeChecked(encoder, publish('file:///a.yaml', 2, changed));
    assert.equal(encoder.writtenAnew, changed.length);
  });

  it('after typing in a crowded file, publishes the findings of the other policies as the same objects (shown), not moved copies', () => {
    const analyzer = new IncrementalAnalyzer();
    let text = crowdedPolicyFile(300);
    const first = analyzer.analyze(text);
    let previous = new Set(diagnosticsOf('file:///s.yaml', first.findings));
    let shown: ReadonlySet<unknown> = new Set(first.findings);
    let at = crowdedEditOffset(text);
    for (const typed of '12') {
      text = text.slice(0, at) + typed + text.slice(at);
      const analysis = analyzer.analyze(text, {}, { start: at, end: at, newLength: 1 });
      at++;
      // Every finding after the edit moved by a character; as shown, all but the edited policy's are the objects of before.
      assert.ok(analysis.shown, 'findings as shown');
      assert.ok(analysis.shown.filter((f) => !shown.has(f)).length <= 4, `${analysis.shown.filter((f) => !shown.has(f)).length} of ${analysis.shown.length} new`);
      assert.ok(analysis.findings.filter((f) => !shown.has(f)).length > analysis.findings.length / 3, 'the findings are moved');
      const diagnostics = diagnosticsOf('file:///s.yaml', analysis.shown);
      assert.ok(diagnostics.filter((d) => !previous.has(d)).length <= 4);
      assert.deepStrictEqual(diagnostics, diagnosticsOf('file:///t.yaml', analysis.findings), 'the diagnostics of the moved findings');
      previous = new Set(diagnostics);
      shown = new Set(analysis.shown);
    }
  });

  it('after typing in a crowded file, writes again only the diagnostics of the edited policy', () => {
    const encoder = new DiagnosticsEncoder();
    const analyzer = new IncrementalAnalyzer();
    let text = crowdedPolicyFile(300);
    const first = analyzer.analyze(text);
    encodeChecked(encoder, publish('file:///c.yaml', 1, first.findings));
    assert.equal(encoder.writtenAnew, first.findings.length);
    let at = crowdedEditOffset(text);
    let previous = new Set(diagnosticsOf('file:///c.yaml', first.findings));
    for (const [version, typed] of [...'12'].entries()) {
      text = text.slice(0, at) + typed + text.slice(at);
      const analysis = analyzer.analyze(text, {}, { start: at, end: at, newLength: 1 });
      at++;
      // The diagnostics themselves are those made before, but for the edited policy's.
      const diagnostics = diagnosticsOf('file:///c.yaml', analysis.findings);
      assert.ok(diagnostics.filter((d) => !previous.has(d)).length <= 4);
      previous = new Set(diagnostics);
      encodeChecked(encoder, publish('file:///c.yaml', version + 2, analysis.findings));
      // The edited policy's findings (a handful) are new; the 600 others, before and after it, are copied as written.
      assert.ok(encoder.writtenAnew <= 4, `${encoder.writtenAnew} of ${analysis.findings.length} written anew`);
      assert.ok(encoder.copied >= analysis.findings.length - 4, `${encoder.copied} of ${analysis.findings.length} copied`);
    }
    // A line added before the others moves them all: each is written again at its new line.
    text = `${text.slice(0, at)}\n${text.slice(at)}`;
    const moved = analyzer.analyze(text, {}, { start: at, end: at, newLength: 1 });
    encodeChecked(encoder, publish('file:///c.yaml', 9, moved.findings));
    assert.ok(encoder.writtenAnew > moved.findings.length / 3, `${encoder.writtenAnew} of ${moved.findings.length} written anew`);
  });
});

describe('document symbols after an edit', () => {
  it('are the outline as LSP symbols, those of the policies an edit left alone as before, written as JSON.stringify does', () => {
    const encoder = new DiagnosticsEncoder();
    const analyzer = new IncrementalAnalyzer();
    const expected = (analysis: { file: YamlFile; policies: readonly PolicyView[] }) => outlineFile(analysis.file, analysis.policies).map((s) => toDocumentSymbol(s, analysis.file.lines));
    const answer = (id: number, result: unknown) => ({ jsonrpc: '2.0', id, result }) as Message;
    let text = crowdedPolicyFile(300);
    const first = analyzer.analyze(text);
    let symbols = documentSymbolsOf(first.file, first.policies);
    assert.deepStrictEqual(symbols, expected(first));
    encodeChecked(encoder, answer(1, symbols));
    let at = crowdedEditOffset(text);
    // Typing along a line, then a line break (which moves every policy after it to another line).
    for (const [i, typed] of [...'12\n'].entries()) {
      text = text.slice(0, at) + typed + text.slice(at);
      const analysis = analyzer.analyze(text, {}, { start: at, end: at, newLength: 1 });
      at++;
      const before = new Set(symbols);
      symbols = documentSymbolsOf(analysis.file, analysis.policies);
      assert.deepStrictEqual(symbols, expected(analysis), `after typing ${JSON.stringify(typed)}`);
      const made = symbols.filter((s) => !before.has(s)).length;
      if (typed === '\n') assert.ok(made > symbols.length / 3, `${made} of ${symbols.length} made again after a line break`);
      else assert.ok(made <= 1, `${made} of ${symbols.length} made again`);
      encodeChecked(encoder, answer(2 + i, symbols));
    }
  });
});

describe('document symbols of a large file', () => {
  const items = (symbols: readonly DocumentSymbol[]): number => symbols.reduce((n, s) => n + 1 + items(s.children ?? []), 0);

  it(`give each policy without its children when the outline would have more than ${MAX_OUTLINE_ITEMS} items`, () => {
    const analyzer = new IncrementalAnalyzer();
    const full = (analysis: { file: YamlFile; policies: readonly PolicyView[] }) => outlineFile(analysis.file, analysis.policies).map((s) => toDocumentSymbol(s, analysis.file.lines));
    // 700 crowded policies: 4,900 items, given whole.
    const small = analyzer.analyze(crowdedPolicyFile(700));
    assert.equal(items(full(small)), 4_900);
    assert.deepStrictEqual(documentSymbolsOf(small.file, small.policies), full(small));
    // 800: 5,600 items; each policy alone, as it is in the whole outline.
    let text = crowdedPolicyFile(800);
    let large = new IncrementalAnalyzer().analyze(text);
    const symbols = documentSymbolsOf(large.file, large.policies);
    assert.deepStrictEqual(
      symbols,
      full(large).map(({ children: _children, ...symbol }) => symbol),
    );
    assert.equal(items(symbols), 800);
    // The same objects on the next request (the encoder keeps each one's JSON), and after typing along a line.
    assert.ok(documentSymbolsOf(large.file, large.policies).every((s, i) => s === symbols[i]));
    const analyzer2 = new IncrementalAnalyzer();
    large = analyzer2.analyze(text);
    const before = documentSymbolsOf(large.file, large.policies);
    const at = crowdedEditOffset(text);
    text = `${text.slice(0, at)}1${text.slice(at)}`;
    large = analyzer2.analyze(text, {}, { start: at, end: at, newLength: 1 });
    const after = documentSymbolsOf(large.file, large.policies);
    assert.ok(after.filter((s, i) => s !== before[i]).length <= 1);
    encodeChecked(new DiagnosticsEncoder(), { jsonrpc: '2.0', id: 1, result: after } as Message);
  });

  it('do the same in a file with a ClusterNetworkPolicy (outlined with the policies, not kept per policy)', () => {
    const cnp = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: isolate-namespaces
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces: {}
  ingress:
    - action: Deny
      from:
        - namespaces: {}
`;
    for (const count of [700, 800]) {
      const analysis = new IncrementalAnalyzer().analyze(`${cnp}---\n${crowdedPolicyFile(count)}`);
      const whole = outlineFile(analysis.file, analysis.policies).map((s) => toDocumentSymbol(s, analysis.file.lines));
      assert.equal(whole[0]!.name, 'ClusterNetworkPolicy isolate-namespaces');
      const symbols = documentSymbolsOf(analysis.file, analysis.policies);
      assert.equal(items(whole) > MAX_OUTLINE_ITEMS, count === 800, `${count}: ${items(whole)} items`);
      if (items(whole) <= MAX_OUTLINE_ITEMS) assert.deepStrictEqual(symbols, whole, `${count}`);
      else assert.deepStrictEqual(symbols, whole.map(({ children: _children, ...symbol }) => symbol), `${count}`);
    }
  });
});
