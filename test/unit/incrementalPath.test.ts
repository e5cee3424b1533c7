/**
 * The incremental path is the one that runs (issue #16, "proven to run"): ordinary edits are served
 * incrementally, re-parsing only what they touched, and never fall back to the whole analysis; every
 * fallback says why. If the incremental analyser always fell back, or threw inside, the findings would
 * still be right (analyzeText's): only these tests would notice.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, normalizeSettings, RULES } from '../../server/src/engine';
import type { AnalyzeOptions, Rule } from '../../server/src/engine';
import { describePath, IncrementalAnalyzer } from '../../server/src/engine/incremental';
import type { AnalysisPath, IncrementalAnalysis } from '../../server/src/engine/incremental';
import { crowdedEditOffset, crowdedPolicyFile, editOffset, policyFile } from '../../bench/generate';
import { readManifests } from '../../server/src/engine/reach';
import { parseYamlFile } from '../../server/src/engine/parse/yamlFile';

/** An editor's session over one document: each edit is analysed with the change it made. */
function session(text: string, options: AnalyzeOptions = {}, analyzer = new IncrementalAnalyzer()) {
  let current = text;
  const first = analyzer.analyze(current, options);
  return {
    first,
    get text() {
      return current;
    },
    /** Replaces `[start, end)` with `inserted` and analyses the new text. */
    edit(start: number, end: number, inserted: string, with_: AnalyzeOptions = options): IncrementalAnalysis {
      current = current.slice(0, start) + inserted + current.slice(end);
      const analysis = analyzer.analyze(current, with_, { start, end, newLength: inserted.length });
      // Whatever the path, the findings are analyzeText's.
      assert.deepStrictEqual(analysis.findings, analyzeText(current, with_).findings, `findings after ${JSON.stringify(inserted)} at ${start}`);
      return analysis;
    },
    /** Where `pattern` first matches in the current text, from `from`. */
    at(pattern: RegExp, from = 0): { start: number; end: number } {
      const match = pattern.exec(current.slice(from));
      assert.ok(match, `no ${pattern.source} in the text`);
      return { start: from + match.index, end: from + match.index + match[0].length };
    },
  };
}

function assertIncremental(path: AnalysisPath, what: string, maxReparsed = 2): void {
  assert.equal(path.kind, 'incremental', `${what}: served by ${describePath(path)}`);
  if (path.kind === 'incremental') assert.ok(path.reparsed >= 1 && path.reparsed <= maxReparsed, `${what}: ${describePath(path)}`);
}

const POLICIES = 200;

describe('ordinary edits are served incrementally', () => {
  it('typing into a value, character by character', () => {
    const s = session(policyFile(POLICIES));
    assert.deepEqual(s.first.path, { kind: 'full', reason: 'first analysis' });
    let offset = editOffset(s.text);
    for (const character of 'abc') {
      assertIncremental(s.edit(offset, offset, character).path, `typing ${character}`, 1);
      offset++;
    }
    // Deleting what was typed, one at a time.
    for (let i = 0; i < 3; i++) assertIncremental(s.edit(offset - 1, offset, '').path, 'backspace', 1);
  });

  it('typing into a port number and replacing a protocol', () => {
    const s = session(policyFile(POLICIES));
    const middle = Math.floor(s.text.length / 2);
    const port = s.at(/(?<=port: )\d+/, middle);
    assertIncremental(s.edit(port.end, port.end, '1').path, 'a digit typed into a port', 1);
    const protocol = s.at(/(?<=protocol: )[A-Z]+/, middle);
    assertIncremental(s.edit(protocol.start, protocol.end, 'SCTP').path, 'protocol replaced', 1);
  });

  it('adding a line in a policy and removing it again', () => {
    const s = session(policyFile(POLICIES));
    const name = s.at(/\n {2}name: [a-z]+-\d+\n/, Math.floor(s.text.length / 2));
    const line = '  labels:\n    team: payments\n';
    assertIncremental(s.edit(name.end, name.end, line).path, 'a metadata line added', 1);
    assertIncremental(s.edit(name.end, name.end + line.length, '').path, 'the line removed', 1);
  });

  it('deleting a whole document, and pasting it back', () => {
    const s = session(policyFile(POLICIES));
    const start = s.at(/^---\n/m, Math.floor(s.text.length / 2)).start;
    const end = s.at(/^---\n/m, start + 4).start;
    const removed = s.text.slice(start, end);
    assertIncremental(s.edit(start, end, '').path, 'a document deleted');
    // The pasted document, and the ones before and after it, whose cuts it moved.
    assertIncremental(s.edit(start, start, removed).path, 'the document pasted back', 3);
  });

  it('comment and whitespace edits', () => {
    const s = session(policyFile(POLICIES));
    const middle = Math.floor(s.text.length / 2);
    const spec = s.at(/\nspec:/, middle);
    assertIncremental(s.edit(spec.start, spec.start, '\n# owned by the payments team').path, 'a comment line added', 1);
    const comment = s.at(/# owned by the payments team/);
    assertIncremental(s.edit(comment.end, comment.end, ' (see the runbook)').path, 'typing in the comment', 1);
    const eol = s.at(/\n/, middle);
    assertIncremental(s.edit(eol.start, eol.start, '   ').path, 'trailing spaces typed', 1);
    assertIncremental(s.edit(eol.start, eol.start + 3, '').path, 'trailing spaces removed', 1);
    assertIncremental(s.edit(eol.start, eol.start, '\n').path, 'a blank line added', 1);
  });

  it('an edit without the change (texts compared), and the same text again', () => {
    const analyzer = new IncrementalAnalyzer();
    const text = policyFile(50);
    analyzer.analyze(text);
    const offset = editOffset(text);
    const edited = `${text.slice(0, offset)}x${text.slice(offset)}`;
    assertIncremental(analyzer.analyze(edited).path, 'texts compared', 1);
    const again = analyzer.analyze(edited).path;
    assert.equal(again.kind, 'incremental', describePath(again));
  });

  it('with a workspace around the file and other files\' policies in scope', () => {
    const otherPolicies = analyzeText(policyFile(20, 3)).policies;
    const options: AnalyzeOptions = { otherPolicies, workspace: { uri: 'file:///w/input.yaml', files: [] } };
    const s = session(policyFile(POLICIES), options);
    const offset = editOffset(s.text);
    assertIncremental(s.edit(offset, offset, 'x').path, 'typing with a workspace', 1);
  });
});

describe('in crowded namespaces, an edit re-judges only the policies it concerns', () => {
  /** The rules with a reach (NP201, NP202, NP403, NP902, NP951-NP954), each counting the policies it is asked to judge. */
  function counted() {
    const judged = new Map<string, number>();
    const rules = RULES.map((rule): Rule => {
      if (!rule.reach) return rule;
      return {
        ...rule,
        check(context) {
          judged.set(rule.meta.code, (judged.get(rule.meta.code) ?? 0) + context.policies.length);
          rule.check(context);
        },
      };
    });
    assert.deepEqual(RULES.filter((rule) => rule.reach).map((rule) => rule.meta.code).sort(), ['NP201', 'NP202', 'NP403', 'NP902', 'NP951', 'NP952', 'NP953', 'NP954']);
    return { analyzer: new IncrementalAnalyzer(rules), judged };
  }

  /** 340 policies in 17 namespaces (20 each), none selecting another's pods. */
  const CROWDED = 340;

  it('typing into a port value, adding a rule, a comment, spaces, a policy: incremental, one policy re-judged', () => {
    const { analyzer, judged } = counted();
    const s = session(crowdedPolicyFile(CROWDED), {}, analyzer);
    const judgedBy = (what: string, edit: () => IncrementalAnalysis, maxReparsed = 1) => {
      judged.clear();
      const analysis = edit();
      assertIncremental(analysis.path, what, maxReparsed);
      // NP201, NP202 and NP403 each judge the policies of the pieces parsed again (the edited one; a
      // pasted one and its neighbour), and no other of the namespace's 20; so does NP902 (the policies of
      // other names keep their findings).
      for (const code of ['NP201', 'NP202', 'NP403', 'NP902']) assert.ok((judged.get(code) ?? 0) <= maxReparsed, `${what}: ${code} judged ${judged.get(code)} policies`);
    };
    let port = crowdedEditOffset(s.text);
    for (const digit of '123') {
      judgedBy(`typing ${digit} into a port`, () => s.edit(port, port, digit));
      port++;
    }
    const egress = s.at(/\n {2}egress:\n/, port);
    judgedBy('an egress rule added', () => s.edit(egress.end, egress.end, '  - to:\n    - podSelector: {}\n'));
    const spec = s.at(/\nspec:/, port);
    judgedBy('a comment line added', () => s.edit(spec.start, spec.start, '\n# owned by the payments team'));
    const eol = s.at(/\n/, port);
    judgedBy('trailing spaces typed', () => s.edit(eol.start, eol.start, '   '));
    // A new policy, for pods no other policy selects, pasted after the one typed into.
    const next = s.at(/^---\n/m, port);
    const added = crowdedPolicyFile(1, 99).replace(/app: ([a-z]+)-0/, 'app: newcomer');
    judgedBy('a policy pasted', () => s.edit(next.end, next.end, `${added}---\n`), 2);
  });

  it('with a workspace that holds no workload, the workspace rules judge the typed-into policy alone; with one, the namespace', () => {
    const { analyzer, judged } = counted();
    const empty: AnalyzeOptions = { workspace: { uri: 'file:///w/crowded.yaml', files: [] } };
    const s = session(crowdedPolicyFile(CROWDED), empty, analyzer);
    const WORKSPACE_RULES = ['NP951', 'NP952', 'NP953', 'NP954'];
    let port = crowdedEditOffset(s.text);
    for (const digit of '12') {
      judged.clear();
      assertIncremental(s.edit(port, port, digit).path, `typing ${digit} into a port`, 1);
      for (const code of WORKSPACE_RULES) assert.equal(judged.get(code), 1, `typing ${digit}: ${code} judged ${judged.get(code)} policies`);
      port++;
    }
    // A Deployment in another file (in any namespace): the policies of the namespace typed into are judged again.
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: tenant-00\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n';
    const withWorkload: AnalyzeOptions = { workspace: { uri: 'file:///w/crowded.yaml', files: [readManifests('file:///w/web.yaml', parseYamlFile(deployment))] } };
    const namespace = /namespace: (tenant-\d+)/.exec(s.text.slice(s.text.lastIndexOf('---\n', port)))![1]!;
    const inNamespace = crowdedPolicyFile(CROWDED).split('---\n').filter((doc) => doc.includes(`namespace: ${namespace}\n`)).length;
    s.edit(port, port, '3', { ...withWorkload });
    port++;
    judged.clear();
    assertIncremental(s.edit(port, port, '4', withWorkload).path, 'typing beside a workload', 1);
    for (const code of WORKSPACE_RULES) assert.equal(judged.get(code), inNamespace, `with a workload: ${code} judged ${judged.get(code)} policies`);
  });

  it('an edit of a policy that selects every pod of its namespace re-judges the namespace (its pods all lose DNS)', () => {
    const { analyzer, judged } = counted();
    const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: tenant-03\nspec:\n  podSelector: {}\n  policyTypes:\n  - Egress\n';
    const s = session(`${deny}---\n${crowdedPolicyFile(CROWDED)}`, {}, analyzer);
    judged.clear();
    const types = s.at(/(?<=policyTypes:\n {2}- )Egress/);
    assertIncremental(s.edit(types.start, types.end, 'Ingress').path, 'the default deny made ingress-only');
    // The default deny and the 20 policies of tenant-03, whose pods it selects too.
    assert.equal(judged.get('NP202'), 21);
  });
});

describe('a fallback to the whole analysis says why', () => {
  it('settings changed', () => {
    const analyzer = new IncrementalAnalyzer();
    const text = policyFile(20);
    analyzer.analyze(text);
    const off = { settings: normalizeSettings({ rules: { NP201: 'off' } }).settings };
    assert.deepEqual(analyzer.analyze(text, off).path, { kind: 'full', reason: 'settings changed' });
    assert.equal(analyzer.analyze(`${text}\n`, off).path.kind, 'incremental');
  });

  it('notices present in a piece an edit made: patch directives, nesting past the limit; then back', () => {
    // The analyser looks for these only in the pieces an edit made (the others passed): a typed one is still found.
    const s = session(policyFile(20));
    const spec = s.at(/\nspec:\n/, Math.floor(s.text.length / 2));
    assert.deepEqual(s.edit(spec.end, spec.end, '  $patch: replace\n').path, { kind: 'full', reason: 'notices present', detail: 'patch directives' });
    const patch = s.at(/ {2}\$patch: replace\n/);
    assert.deepEqual(s.edit(patch.start, patch.end, '').path, { kind: 'full', reason: 'previous analysis was full' });
    assert.equal(s.edit(patch.start, patch.start, '\n').path.kind, 'incremental', 'then incremental again');
    const deep = `  x: ${'['.repeat(120)}${']'.repeat(120)}\n`;
    assert.deepEqual(s.edit(spec.end, spec.end, deep).path, { kind: 'full', reason: 'notices present', detail: 'nesting too deep' });
  });

  it('notices present: templates, a Kustomize patch, a file past the size limit; then back', () => {
    const s = session(policyFile(20));
    const name = s.at(/(?<=name: )[a-z]+-\d+/);
    const templated = s.edit(name.start, name.end, '{{ .Values.name }}');
    assert.deepEqual(templated.path, { kind: 'full', reason: 'notices present', detail: 'templates' });
    const plain = s.at(/\{\{ \.Values\.name \}\}/);
    assert.deepEqual(s.edit(plain.start, plain.end, 'plain').path, { kind: 'full', reason: 'previous analysis was full' });
    assert.equal(s.edit(plain.start, plain.start, 'x').path.kind, 'incremental', 'then incremental again');
    assert.deepEqual(s.edit(0, 0, '', { partial: true }).path, { kind: 'full', reason: 'notices present', detail: 'Kustomize patch' });
    const small = { settings: normalizeSettings({ limits: { maxFileSize: 1_000 } }).settings };
    assert.equal(small.settings.limits.maxFileSize, 1_000);
    assert.ok(s.text.length > 1_000);
    const large = new IncrementalAnalyzer().analyze(s.text, small);
    assert.deepEqual(large.path, { kind: 'full', reason: 'notices present', detail: 'file too large' });
  });

  it('an error inside the incremental path: the result is analyzeText\'s, and the path carries the error', () => {
    // A rule whose dependence no schedule knows: a bug the incremental analyser cannot run around.
    const broken: Rule = { ...RULES.find((rule) => rule.meta.code === 'NP201')!, dependsOn: 'paragraph' as never };
    const analyzer = new IncrementalAnalyzer([...RULES.filter((rule) => rule.meta.code !== 'NP201'), broken]);
    const text = policyFile(10);
    const analysis = analyzer.analyze(text);
    assert.equal(analysis.path.kind, 'full');
    assert.ok(analysis.path.kind === 'full' && analysis.path.reason === 'error');
    assert.match(analysis.path.detail ?? '', /NP201 depends on "paragraph"/);
    assert.ok(analysis.path.error instanceof Error);
    assert.deepStrictEqual(analysis.findings, analyzeText(text).findings);
    assert.match(describePath(analysis.path), /^full: error \(Rule NP201 depends on "paragraph"/);
  });
});
