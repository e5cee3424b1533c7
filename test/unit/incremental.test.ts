/**
 * The incremental analyser (what the language server runs on every edit) gives exactly what
 * `analyzeText` gives on the same text: the same findings (code, message, range, span, field, fixes),
 * the same policies, the same parsed documents and the same outline, after any sequence of edits.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, normalizeSettings } from '../../server/src/engine';
import type { Analysis, AnalyzeOptions, ShownFinding } from '../../server/src/engine';
import { composeChanges, describePath, IncrementalAnalyzer } from '../../server/src/engine/incremental';
import type { IncrementalAnalysis, TextChange } from '../../server/src/engine/incremental';
import { parseChunks } from '../../server/src/engine/parse/documentChunks';
import { parseYamlFile } from '../../server/src/engine/parse/yamlFile';
import { outline } from '../../server/src/engine/language/symbols';
import { readManifests } from '../../server/src/engine/reach';
import { crowdedPolicyFile, policyFile, random } from '../../bench/generate';
import { readFileSync } from 'node:fs';
import { caseDirs, FIXTURES, loadCase } from '../support/fixtures';
import { documentSignature } from '../support/yamlSignature';

function comparable(analysis: Analysis) {
  return {
    findings: analysis.findings,
    internalErrors: analysis.internalErrors.map((e) => [e.rule, String(e.error)]),
    policies: analysis.policies.map((p) => ({
      object: p.object,
      types: [...p.policyTypes],
      documentIndex: p.source.documentIndex,
      path: p.source.pathInDocument,
      range: p.source.node.range,
      sameDocument: p.source.document === analysis.file.documents[p.source.documentIndex],
      sameFile: p.file === analysis.file,
    })),
    documents: analysis.file.documents.map(documentSignature),
    // The outline is kept per policy view and moved with it (language/symbols.ts).
    outline: outline(analysis.policies),
    lines: Array.from({ length: analysis.file.lines.lineCount }, (_, line) => analysis.file.lines.offsetAt({ line, character: 0 })),
    eol: analysis.file.lines.eol,
  };
}

function assertSame(incremental: IncrementalAnalysis, text: string, options: AnalyzeOptions, message: string): void {
  // A throw inside the incremental path falls back to analyzeText, whose findings are right: only the path tells.
  assert.notEqual(incremental.path.kind === 'full' && incremental.path.reason, 'error', `${message}: the incremental path threw: ${describePath(incremental.path)}`);
  assert.equal(incremental.file.text, text);
  const whole = analyzeText(text, options);
  assert.deepStrictEqual(comparable(incremental), comparable(whole), message);
  // What is published (IncrementalAnalysis.shown): the findings but for their spans and fixes.
  if (incremental.path.kind === 'incremental') assert.ok(incremental.shown, `${message}: no findings as shown`);
  if (incremental.shown) assert.deepStrictEqual(incremental.shown.map(asShown), whole.findings.map(asShown), `${message}: as shown`);
}

function asShown(finding: ShownFinding): ShownFinding {
  const { code, rule, severity, message, range, field, related } = finding;
  return { code, rule, severity, message, range, ...(field !== undefined ? { field } : {}), ...(related !== undefined ? { related } : {}) };
}

const fixtureTexts = caseDirs(path.join(FIXTURES, 'rules')).flatMap((ruleDir) => caseDirs(ruleDir).map((dir) => ({ name: path.relative(FIXTURES, dir), fixture: loadCase(dir) })));

/** Pieces of text that edits insert: YAML structure, quotes, markers, comments, line breaks. */
const SNIPPETS = ['x', ' ', '\n', '\r\n', '---\n', '\n---\n', '...\n', '"', "'", '[', ']', '{', '}', ':', '- ', '#', '  ', 'Egress', 'namespace: b\n', '\t', 'kind: NetworkPolicy\n', '# netpol-lens-disable-next-line\n', '%YAML 1.1\n', 'UDP', '53'];

function randomEdit(rand: () => number, text: string): { start: number; end: number; newText: string } {
  const start = Math.floor(rand() * (text.length + 1));
  const roll = rand();
  if (roll < 0.15) {
    // Paste a slice of the text elsewhere (moves documents around).
    const from = Math.floor(rand() * text.length);
    return { start, end: start, newText: text.slice(from, from + Math.floor(rand() * 200)) };
  }
  const end = roll < 0.5 ? start : Math.min(text.length, start + Math.floor(rand() * (roll < 0.9 ? 4 : 120)));
  return { start, end, newText: roll < 0.75 ? SNIPPETS[Math.floor(rand() * SNIPPETS.length)]! : '' };
}

describe('incremental analysis equals analyzeText', () => {
  it('parses a file piece by piece into exactly the documents of a whole parse', () => {
    const text = policyFile(60);
    const chunks = parseChunks(text);
    assert.equal(chunks.length, 60, 'one piece per document in a clean file');
    assert.deepStrictEqual(chunks.flatMap((c) => c.documents).map(documentSignature), parseYamlFile(text).documents.map(documentSignature));
  });

  it('parses random YAML-like texts (broken ones too) piece by piece exactly as a whole parse', () => {
    // Lines that end documents early, reach across `---`, or leave the parser in an odd state.
    const lines = ['---', '--- # c', '---x', '--- a: 1', '...', '... # e', '# comment', '', '  ', 'a: 1', 'b:', '  c: |', '    text', '  d: >-',
      '  - x', '- y', '"quoted', 'q: "open', '  still"', '[1,', '2]', '{a: 1', '}', '%YAML 1.1', '%TAG !e! tag:e.com,2000:', 'k: &a {x: 1}',
      'm: *a', '<<: *a', '\t- tab', 'key: !e!foo bar', '? complex', ': value', 'x: y # c', '  ---', '----', '-- -', 'dup: 1', 'dup: 2',
      '\uFEFFa: bom', 'z: [a, b', ']', "s: 'single", "  line'", 'kind: NetworkPolicy', "e: 'it''s'", 'f: "a\\"b"', 'g: "\\\\"'];
    const breaks = ['\n', '\r\n', '\r'];
    // Half the texts mostly well formed, so that they are cut; the others mostly broken.
    const clean = ['---', '---', '--- # c', '# comment', '', 'a: 1', 'x: y # c', "e: 'it''s'", 'kind: NetworkPolicy', 'k: &a {x: 1}'];
    let pieces = 0;
    const texts = 1500;
    for (let seed = 0; seed < texts; seed++) {
      const rand = random(seed);
      const pool = seed % 2 === 0 ? clean : lines;
      let text = '';
      for (let i = 1 + Math.floor(rand() * 14); i > 0; i--) {
        const from = rand() < 0.9 ? pool : lines;
        text += from[Math.floor(rand() * from.length)]! + (rand() < 0.85 ? '\n' : breaks[Math.floor(rand() * 3)]!);
      }
      const chunks = parseChunks(text);
      pieces += chunks.length;
      assert.deepStrictEqual(
        chunks.flatMap((c) => c.documents).map(documentSignature),
        parseYamlFile(text).documents.map(documentSignature),
        JSON.stringify(text),
      );
    }
    assert.ok(pieces > texts * 1.3, `texts were cut into pieces (${pieces} for ${texts} texts)`);
  });

  for (const { name, fixture } of fixtureTexts) {
    it(`on fixture ${name}, and after random edits to it`, () => {
      const options = { settings: normalizeSettings(fixture.expected.settings).settings };
      const analyzer = new IncrementalAnalyzer();
      let text = fixture.input;
      assertSame(analyzer.analyze(text, options), text, options, 'first analysis');
      const rand = random(name.length * 7919 + text.length);
      for (let i = 0; i < 12; i++) {
        const edit = randomEdit(rand, text);
        const next = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
        const change = { start: edit.start, end: edit.end, newLength: edit.newText.length };
        // Half the time as the server does (it knows the change), half from comparing the texts.
        const analysis = i % 2 === 0 ? analyzer.analyze(next, options, change) : analyzer.analyze(next, options);
        assertSame(analysis, next, options, `after edit ${i} ${JSON.stringify(edit)}`);
        text = next;
      }
    });
  }

  // Fixes made when first read (Report.lazyFixes, NP202's in this file): the server reads them only for a code
  // action, maybe many edits after the finding was found and moved. Read late, or partly at one version and the
  // rest later, they must be what a fresh analysis of the text gives (made in the text of the moment, then moved
  // back to where the finding was found: IncrementalAnalyzer.lazyFixesOf).
  it('gives lazy fixes read edits later the same as a fresh analysis', () => {
    const fixes = (findings: readonly { code: string; span: readonly number[]; fixes: unknown }[]) =>
      findings.map((f) => ({ code: f.code, span: f.span, fixes: f.fixes }));
    let lazyRead = 0;
    let ignoredRead = 0;
    for (let seed = 0; seed < 8; seed++) {
      const rand = random(700 + seed);
      // The other shape has NP301's findings (rules a policy's policyTypes leave out), whose fixes are lazy too.
      let text = seed >= 6 ? policyFile(120, seed) : crowdedPolicyFile(24, seed % 2 === 0 ? undefined : 3);
      const analyzer = new IncrementalAnalyzer();
      let analysis = analyzer.analyze(text, {});
      for (let i = 0; i < 10; i++) {
        // Mostly edits that keep the findings and move them (lines added or removed above, characters typed
        // before them on their line), some random ones.
        const roll = rand();
        const at = Math.floor(rand() * text.length);
        const lineStart = text.lastIndexOf('\n', at) + 1;
        const edit =
          roll < 0.3 ? { start: lineStart, end: lineStart, newText: '# note\n' }
          : roll < 0.5 ? { start: lineStart, end: text.indexOf('\n', lineStart) + 1 || text.length, newText: text.startsWith('#', lineStart) ? '' : text.slice(lineStart, text.indexOf('\n', lineStart) + 1) }
          : roll < 0.75 ? { start: at, end: at, newText: text[at] === ' ' ? ' ' : '' }
          : randomEdit(rand, text);
        text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
        analysis = analyzer.analyze(text, {}, { start: edit.start, end: edit.end, newLength: edit.newText.length });
        // Sometimes read some of them now: the rest are read later.
        if (rand() < 0.3) for (const finding of analysis.findings) if (rand() < 0.3) void finding.fixes;
      }
      const expected = analyzeText(text, {});
      lazyRead += analysis.findings.filter((f) => f.code === 'NP202' && f.fixes.length > 0).length;
      ignoredRead += analysis.findings.filter((f) => (f.code === 'NP301' || f.code === 'NP302') && f.fixes.length > 0).length;
      assert.deepStrictEqual(fixes(analysis.findings), fixes(expected.findings), `seed ${seed}`);
    }
    assert.ok(lazyRead > 100, `NP202 fixes read: ${lazyRead}`);
    assert.ok(ignoredRead > 10, `NP301 and NP302 fixes read: ${ignoredRead}`);
  });

  it('on a file of many policies in shared namespaces, through random edits', () => {
    const options = {};
    // Multi-document fixtures and generated policies together: DNS coverage across documents.
    let text = [policyFile(40), ...fixtureTexts.slice(0, 12).map((f) => f.fixture.input)].join('\n---\n');
    const analyzer = new IncrementalAnalyzer();
    assertSame(analyzer.analyze(text, options), text, options, 'first analysis');
    const rand = random(42);
    for (let i = 0; i < 80; i++) {
      const edit = randomEdit(rand, text);
      const next = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
      const analysis = analyzer.analyze(next, options, { start: edit.start, end: edit.end, newLength: edit.newText.length });
      assertSame(analysis, next, options, `after edit ${i} ${JSON.stringify(edit)}`);
      text = next;
    }
  });

  it('on crowded namespaces (re-judging only the policies an edit concerns), through random edits', () => {
    const options = {};
    // Two tenants of the crowded shape with a default deny, an allow-DNS for all pods and app policies
    // of the spread shape among them: selectors that overlap, cover and exclude each other.
    const spread = policyFile(20).replaceAll('team-0000', 'tenant-00').replaceAll('team-0001', 'tenant-01');
    let text = [crowdedPolicyFile(34), spread, crowdedPolicyFile(17, 5)].join('---\n');
    const analyzer = new IncrementalAnalyzer();
    assertSame(analyzer.analyze(text, options), text, options, 'first analysis');
    const rand = random(16);
    for (let i = 0; i < 80; i++) {
      // Half the edits in selector and port values, where cross-policy findings change.
      const values = [...text.matchAll(/(?:app|port|protocol|k8s-app): [\w-]+/g)];
      const value = values[Math.floor(rand() * values.length)]!;
      const at = value.index + value[0].length;
      const roll = rand();
      const edit = roll < 0.3 ? { start: at, end: at, newText: 'x' } : roll < 0.5 ? { start: at - 1, end: at, newText: '' } : randomEdit(rand, text);
      const next = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
      const analysis = analyzer.analyze(next, options, { start: edit.start, end: edit.end, newLength: edit.newText.length });
      assertSame(analysis, next, options, `after edit ${i} ${JSON.stringify(edit)}`);
      text = next;
    }
  });

  it('through edits that move policies between namespaces, retype selectors and remove documents', () => {
    // Namespace team-0000 has its DNS allowance (policy 1); in team-0001 it is removed below.
    let text = policyFile(30);
    const analyzer = new IncrementalAnalyzer();
    assertSame(analyzer.analyze(text, {}), text, {}, 'first analysis');
    const replace = (pattern: RegExp, replacement: string, label: string) => {
      const match = pattern.exec(text);
      assert.ok(match, `no ${pattern.source} in the text`);
      const start = match.index;
      const end = start + match[0].length;
      const next = text.slice(0, start) + replacement + text.slice(end);
      assertSame(analyzer.analyze(next, {}, { start, end, newLength: replacement.length }), next, {}, label);
      text = next;
    };
    // The allow-dns policy of team-0001 leaves for team-0002: team-0001's pods lose DNS.
    replace(/(?<=name: [a-z]+-11\n {2}namespace: )team-0001/, 'team-0002', 'allow-dns moved out');
    // And back, one character at a time.
    replace(/(?<=name: [a-z]+-11\n {2}namespace: team-000)2/, '', 'namespace shortened');
    replace(/(?<=name: [a-z]+-11\n {2}namespace: team-000)/, '1', 'namespace typed back');
    // A default deny joins team-0002 from team-0000.
    replace(/(?<=name: [a-z]+-0\n {2}namespace: )team-0000/, 'team-0002', 'default deny moved');
    // Selector values retyped in the middle of the file.
    for (let i = 0; i < 5; i++) replace(/(?<=policyTypes:\n {2}- Egress\n {2}egress:\n {2}- to:\n {4}- podSelector:\n {8}matchLabels:\n {10}app: [a-z]+)/, 'x', `typing ${i}`);
    // A whole document removed, then a document split in two by a new marker.
    replace(/---\n[^-]*?name: [a-z]+-15\n[\s\S]*?(?=---\n)/, '', 'document removed');
    replace(/(?<=name: [a-z]+-17\n)/, '---\n', 'document split');
    replace(/\n---\n(?=# Default deny for team-0002)/, '\n', 'documents joined');
  });

  it('after bursts of edits composed into one change, as the server does between analyses', () => {
    let text = policyFile(25);
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(text, {});
    const rand = random(7);
    for (let burst = 0; burst < 30; burst++) {
      let composed: TextChange | undefined;
      const before = text;
      for (let i = 1 + Math.floor(rand() * 5); i > 0; i--) {
        const edit = randomEdit(rand, text);
        text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
        const change = { start: edit.start, end: edit.end, newLength: edit.newText.length };
        composed = composed ? composeChanges(composed, change) : change;
      }
      // The composed change, applied to the text before the burst, gives the text after it.
      const c = composed!;
      assert.equal(before.slice(0, c.start) + text.slice(c.start, c.start + c.newLength) + before.slice(c.end), text);
      assertSame(analyzer.analyze(text, {}, c), text, {}, `after burst ${burst}`);
    }
  });

  it('with a workspace around the file, through random edits of its policies, workloads and Namespaces', () => {
    // The workspace rules (NP95x) with their fixtures' workloads in this file and in another one, and a
    // second policy that re-opens egress (NP953, whose related location is in this same file).
    const rules = path.join(FIXTURES, 'rules');
    const read = (...parts: string[]) => readFileSync(path.join(rules, ...parts), 'utf8');
    const workloads = read('NP951', 'label-typo', 'workspace', 'workloads.yaml');
    // Policies of other namespaces between the two of NP953: edits there move the related location.
    let text = [
      read('NP953', 'allow-internet-beside-deny-external', 'input.yaml'),
      policyFile(12, 3),
      read('NP953', 'allow-internet-beside-deny-external', 'workspace', 'allow-internet.yaml'),
      read('NP951', 'label-typo', 'input.yaml'),
      read('NP952', 'bare-pod-selector', 'input.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-0000\n  labels:\n    team: zero\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: team-0000\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n',
      policyFile(20),
    ].join('\n---\n');
    const others = [
      readManifests('workspace/workloads.yaml', parseYamlFile(workloads)),
      readManifests('workspace/prometheus.yaml', parseYamlFile(read('NP952', 'bare-pod-selector', 'workspace', 'prometheus.yaml'))),
    ];
    const withWorkloads = { workspace: { uri: 'input.yaml', files: others } };
    const withMore = {
      workspace: { uri: 'input.yaml', files: [...others, readManifests('workspace/more.yaml', parseYamlFile('apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  namespace: team-0001\n  labels:\n    app: api\n'))] },
    };
    // A kustomization that puts this file in team-0001 (every policy moves namespace), a Service and a custom resource there.
    const withKustomize = {
      workspace: {
        uri: 'input.yaml',
        files: [
          ...withMore.workspace.files,
          readManifests('kustomization.yaml', parseYamlFile('namespace: team-0001\nresources:\n- input.yaml\n- workspace/more.yaml\n')),
          readManifests('workspace/other.yaml', parseYamlFile('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: team-0002\nspec:\n  selector:\n    app: x\n---\napiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: t\n  namespace: team-0003\n')),
        ],
      },
    };
    // A Service standing for pods the workspace does not show, that NP951's typo could mean: it silences the typo.
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: restricted-ap\n';
    const withService = { workspace: { uri: 'input.yaml', files: [...others, readManifests('workspace/service.yaml', parseYamlFile(service))] } };
    const analyzer = new IncrementalAnalyzer();
    const first = analyzer.analyze(text, withWorkloads);
    assertSame(first, text, withWorkloads, 'first analysis');
    for (const code of ['NP951', 'NP952', 'NP953']) assert.ok(first.findings.some((f) => f.code === code), `no ${code} in the first analysis`);
    // Another file alone changes: each kind of object the workspace rules read is part of what their findings are kept with.
    for (const [name, options] of Object.entries({ withService, withKustomize, withWorkloads })) assertSame(analyzer.analyze(text, options), text, options, `the same text, ${name}`);
    const rand = random(95);
    for (let i = 0; i < 80; i++) {
      const edit = randomEdit(rand, text);
      const next = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
      // Now and then another file of the workspace changes between two edits, or the workspace goes.
      const options = [withWorkloads, withService, withMore, withKustomize, {}][Math.floor(i / 16) % 5]!;
      assertSame(analyzer.analyze(next, options, { start: edit.start, end: edit.end, newLength: edit.newText.length }), next, options, `after edit ${i} ${JSON.stringify(edit)}`);
      text = next;
    }
  });

  it('with a workspace that holds no workload, through random edits (the workspace rules judge an edited policy alone)', () => {
    // NP951-NP954 read the other policies only through workloads (support/workloadReach.ts): with none in the workspace,
    // an edit re-judges the policies it changed. NP952 still reads the Namespaces (a namespaceSelector typo); a
    // Deployment typed into the file brings workloads, and everything is judged again.
    const namespaces = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n  labels:\n    team: payments\n';
    const typo = (name: string, namespace: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${name}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: paymets\n      podSelector:\n        matchLabels:\n          app: web\n`;
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: tenant-01\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n';
    let text = [typo('api', 'tenant-01'), crowdedPolicyFile(40), typo('db', 'tenant-01'), policyFile(10, 4)].join('---\n');
    const options = { workspace: { uri: 'input.yaml', files: [readManifests('workspace/namespaces.yaml', parseYamlFile(namespaces))] } };
    const analyzer = new IncrementalAnalyzer();
    const first = analyzer.analyze(text, options);
    assertSame(first, text, options, 'first analysis');
    assert.equal(first.findings.filter((f) => f.code === 'NP952').length, 2, 'the namespaceSelector typos');
    const rand = random(952);
    for (let i = 0; i < 60; i++) {
      let edit = randomEdit(rand, text);
      // Now and then a Deployment comes into the file, or goes.
      if (i % 20 === 10) edit = { start: text.length, end: text.length, newText: `---\n${deployment}` };
      if (i % 20 === 15 && text.includes(deployment)) edit = { start: text.indexOf(deployment) - 4, end: text.indexOf(deployment) + deployment.length, newText: '' };
      const next = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
      assertSame(analyzer.analyze(next, options, { start: edit.start, end: edit.end, newLength: edit.newText.length }), next, options, `after edit ${i} ${JSON.stringify(edit)}`);
      text = next;
    }
  });

  it('re-judges a peer that names another namespace when a policy there changes (NP952, renamed app)', () => {
    // Namespace a's policy looks for app=api in namespace b by name; b has Deployment api-v2 that no policy
    // selects, and a policy for app=api (the app renamed everywhere but in the policies). NP952's finding on a's
    // peer reads b's policies (likelyTargets): editing b's policy must judge a's again, though none of a's changed.
    const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
    const deployment = (name: string, namespace: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: c}]}\n`;
    const client =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: client, namespace: a}\nspec:\n  podSelector: {matchLabels: {app: client}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: b}}\n      podSelector: {matchLabels: {app: api}}\n';
    const api = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: b}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n';
    const text = [namespace('a'), namespace('b'), deployment('api-v2', 'b'), deployment('client', 'a'), client, api].join('---\n');
    const options = { workspace: { uri: 'input.yaml', files: [] } };
    const analyzer = new IncrementalAnalyzer();
    const first = analyzer.analyze(text, options);
    assertSame(first, text, options, 'first analysis');
    const onClient = (findings: readonly { code: string; range: { start: { line: number } } }[]) =>
      findings.filter((f) => f.code === 'NP952' && f.range.start.line === text.split('\n').indexOf('      podSelector: {matchLabels: {app: api}}'));
    assert.equal(onClient(first.findings).length, 1, "NP952 on a's peer");
    // b's policy no longer selects app=api: nothing in b names the missing app, and NP952 on a's peer goes.
    const at = text.lastIndexOf('app: api}');
    const renamed = `${text.slice(0, at)}app: other}${text.slice(at + 'app: api}'.length)}`;
    const after = analyzer.analyze(renamed, options, { start: at, end: at + 'app: api}'.length, newLength: 'app: other}'.length });
    assertSame(after, renamed, options, "after b's policy changed");
    assert.equal(after.path.kind, 'incremental');
    assert.equal(onClient(after.findings).length, 0, "NP952 on a's peer is gone");
  });

  it('judges NP902 again on an unedited policy when another is renamed to its name and away (its reach)', () => {
    const policy = (name: string, app: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: ${app}\n  policyTypes: [Ingress]\n`;
    const text = [policy('c', 'x'), policy('a', 'y'), policy('b', 'z')].join('---\n');
    const options = { workspace: { uri: 'input.yaml', files: [] } };
    const analyzer = new IncrementalAnalyzer();
    const secondLine = text.split('\n').indexOf('  name: a');
    const onSecond = (findings: readonly { code: string; range: { start: { line: number } } }[]) =>
      findings.filter((f) => f.code === 'NP902' && f.range.start.line === secondLine).length;
    const first = analyzer.analyze(text, options);
    assertSame(first, text, options, 'first analysis');
    assert.equal(onSecond(first.findings), 0, 'no duplicate at first');
    // Only the first policy is edited (c -> a); the finding goes on the second, the later of the two named a.
    const at = text.indexOf('name: c') + 'name: '.length;
    const renamed = `${text.slice(0, at)}a${text.slice(at + 1)}`;
    const after = analyzer.analyze(renamed, options, { start: at, end: at + 1, newLength: 1 });
    assertSame(after, renamed, options, 'after the first policy was renamed to a');
    assert.equal(after.path.kind, 'incremental');
    assert.equal(onSecond(after.findings), 1, 'NP902 on the unedited second policy');
    // The first policy renamed away again (a -> d): the second policy's finding goes, though it was not edited.
    const away = `${renamed.slice(0, at)}d${renamed.slice(at + 1)}`;
    const last = analyzer.analyze(away, options, { start: at, end: at + 1, newLength: 1 });
    assertSame(last, away, options, 'after the first policy was renamed to d');
    assert.equal(last.path.kind, 'incremental');
    assert.equal(onSecond(last.findings), 0, 'no NP902 once the names differ');
  });

  it('after settings change between edits', () => {
    const text = policyFile(20);
    const analyzer = new IncrementalAnalyzer();
    const off = { settings: normalizeSettings({ rules: { NP201: 'off', NP301: 'error' } }).settings };
    assertSame(analyzer.analyze(text, {}), text, {}, 'defaults');
    assertSame(analyzer.analyze(text, off), text, off, 'rules changed');
    const disabled = { settings: normalizeSettings({ enable: false }).settings };
    assertSame(analyzer.analyze(text, disabled), text, disabled, 'disabled');
  });
});

describe('results kept per policy view follow its nodes when they move', () => {
  it('re-runs after an edit above and a change of the other files give the findings at their new places', () => {
    // Validation (NP101) and structure errors (NP13x) are worked out once per policy view; the view of an
    // unchanged document is kept while its nodes move, and a change in another file re-runs the rules on it.
    let text = policyFile(6)
      .replace(/protocol: TCP/, 'protocol: tcp')
      .replace(/(?<=name: [a-z]+-4\n[\s\S]*?podSelector:) \{\}/, ' []');
    const analyzer = new IncrementalAnalyzer();
    const before = { otherPolicies: analyzeText(policyFile(2, 5)).policies };
    const first = analyzer.analyze(text, before);
    const codes = new Set(first.findings.map((f) => f.code));
    assert.ok(codes.has('NP101') && [...codes].some((code) => code.startsWith('NP13')), `validation and structure findings: ${[...codes].join(' ')}`);
    text = `# a comment above\n${text}`;
    assertSame(analyzer.analyze(text, before, { start: 0, end: 0, newLength: 18 }), text, before, 'after the edit above');
    const after = { otherPolicies: analyzeText(policyFile(3, 9)).policies };
    assertSame(analyzer.analyze(text, after), text, after, 'after another file changed');
  });
});
