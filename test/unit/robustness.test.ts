/**
 * Hostile and half-typed input to the engine: the seed policy typed one character at a time, text
 * encodings and line endings, JSON, templates, patches, limits, and regular expressions fed
 * adversarial lines. Each test names what the user sees: codes, ranges and the text under them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, normalizeSettings } from '../../server/src/engine';
import type { Analysis } from '../../server/src/engine';
import { checkInvariants } from '../support/invariants';

/** The source article's template (docs: /work/shared/seed/NOTES.md), the policy users start from. */
const SEED = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-external-egress
spec:
  podSelector:
    matchLabels:
      app: restricted-app
  policyTypes:
  - Egress
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
`;

const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
spec:
  podSelector: {}
  policyTypes:
  - Egress
`;

function aliasBomb(head: string): string {
  // Twenty rules of twenty peers of twenty expressions of twenty values, all through aliases: 160,000.
  const list = (name: string) => `[${Array(20).fill(`*${name}`).join(', ')}]`;
  return `${head}  x-v: &v lol
  x-e: &e {key: app, operator: In, values: ${list('v')}}
  x-p: &p {podSelector: {matchExpressions: ${list('e')}}}
  x-r: &r {from: ${list('p')}}
  ingress: ${list('r')}
`;
}

/**
 * `code line:col-line:col <text under the range>`, 1-based like the editor's status bar, for the
 * file-level codes and NP201 (what DENY triggers): the other rules' explanations are their tests' business.
 */
function shown(analysis: Analysis): string[] {
  return analysis.findings.filter((f) => /^NP(0\d\d|201)$/.test(f.code)).map((f) => {
    const { start, end } = f.range;
    return `${f.code} ${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} <${analysis.file.text.slice(f.span[0], f.span[1])}>`;
  });
}

describe('typing the seed policy', () => {
  for (const [name, text] of [
    ['LF', SEED],
    ['CRLF', SEED.replace(/\n/g, '\r\n')],
  ] as const) {
    it(`every prefix (${name}): no exception, ranges inside, at most three findings, each fix sound`, () => {
      const counts = new Map<string, number>();
      for (let i = 0; i <= text.length; i++) {
        const analysis = checkInvariants(text.slice(0, i));
        // One policy, being typed: never a flood (three at most: while `to:` is half typed, DNS is
        // missing, in-cluster egress is denied and the peer is empty).
        assert.ok(analysis.findings.length <= 3, `prefix ${i}: ${analysis.findings.map((f) => f.code).join(', ')}`);
        assert.ok(analysis.findings.every((f) => f.code !== 'NP001' && f.code !== 'NP002' && f.code !== 'NP003'));
        for (const f of analysis.findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
      }
      // The DNS story is told as it is typed, and the whole policy has no error left.
      assert.ok(counts.has('NP201') && counts.has('NP202'));
      assert.deepEqual(analyzeText(text).findings.filter((f) => f.severity === 'error' || f.code.startsWith('NP2')), []);
    });
  }
});

describe('text encodings and line endings', () => {
  const expected = ['NP201 8:5-8:11 <Egress>'];
  it('LF, CRLF, lone CR and mixed endings put the finding on the same line and column', () => {
    assert.deepEqual(shown(analyzeText(DENY)), expected);
    assert.deepEqual(shown(analyzeText(DENY.replace(/\n/g, '\r\n'))), expected);
    assert.deepEqual(shown(analyzeText(DENY.replace(/\n/g, '\r'))), expected);
    let i = 0;
    assert.deepEqual(shown(analyzeText(DENY.replace(/\n/g, () => ['\n', '\r\n', '\r'][i++ % 3]!))), expected);
  });

  it('a byte order mark in the text counts as one character on line 1 only', () => {
    assert.deepEqual(shown(analyzeText(`\uFEFF${DENY}`)), expected);
    const first = analyzeText(`\uFEFF# c\n${DENY.replace('  - Egress', '  - Egress\n  egress: []')}`);
    assert.ok(first.findings.every((f) => f.range.start.line > 0));
  });

  it('tabs after values and in comments keep columns in UTF-16 units, as LSP counts them', () => {
    const text = DENY.replace('  - Egress', '  - Egress\t# a\ttab').replace('name: deny', 'name:\tdeny');
    assert.deepEqual(shown(analyzeText(text)), ['NP201 8:5-8:11 <Egress>']);
  });

  it('characters outside the BMP before a finding shift its column by two units each', () => {
    const text = DENY.replace('  - Egress', '  - "Egress" # 😀').replace('  policyTypes:', '  policyTypes: # 😀😀');
    assert.deepEqual(shown(analyzeText(text)), ['NP201 8:5-8:13 <"Egress">']);
  });

  it('NUL bytes and invalid UTF-16 leave the rest of the file analysed', () => {
    const text = `${DENY.replace('name: deny', 'name: "de\0ny"')}---\n\uD800\uDFFF\uDC00: x\n`;
    assert.deepEqual(shown(checkInvariants(text)), expected);
  });
});

describe('JSON, flow style and lists', () => {
  const json = JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'a/b' }, spec: { podSelector: {}, policyTypes: ['Egress'] } }, null, 2);

  it('reads a JSON manifest (YAML 1.1 reads JSON\'s flow syntax), and offers no YAML fix in it', () => {
    const analysis = analyzeText(json);
    assert.deepEqual(shown(analysis), ['NP201 10:7-10:15 <"Egress">']);
    assert.equal(analysis.policies[0]!.name, 'a/b');
    assert.ok(analysis.findings.every((f) => f.fixes.length === 0));
  });

  it('reads JSON with tabs, escaped slashes and no spaces', () => {
    const compact = JSON.stringify(JSON.parse(json)).replace('a/b', 'a\\/b');
    assert.deepEqual(shown(analyzeText(compact)).map((s) => s.split(' ')[0]), ['NP201']);
    assert.deepEqual(shown(analyzeText(JSON.stringify(JSON.parse(json), null, '\t'))).map((s) => s.split(' ')[0]), ['NP201']);
  });

  it('empty files, comment-only files and bare separators say nothing', () => {
    for (const text of ['', '\n', '# only a comment\n', '---\n---\n', '...\n', '\uFEFF']) assert.deepEqual(analyzeText(text).findings, [], JSON.stringify(text));
  });
});

describe('templates and patches', () => {
  it('a Helm template among plain documents: NP003 on it, the others analysed as usual', () => {
    const text = `${DENY}---\n${DENY.replace('name: deny', 'name: {{ .Release.Name }}')}`;
    assert.deepEqual(shown(analyzeText(text)), ['NP201 8:5-8:11 <Egress>', 'NP003 13:9-13:28 <{{ .Release.Name }}>']);
  });

  it('a template that breaks YAML: one hint on the policy’s first action, no syntax noise', () => {
    const text = `{{- range .Values.policies }}\n---\n${DENY.replace('  podSelector: {}', '  podSelector:\n    {{- toYaml .selector | nindent 4 }}')}{{- end }}\n`;
    // The lines before the first `---` hold no NetworkPolicy, so they get nothing.
    assert.deepEqual(shown(analyzeText(text)), ['NP003 9:5-9:40 <{{- toYaml .selector | nindent 4 }}>']);
  });

  it('a strategic merge patch is partial: whole-policy rules stay quiet', () => {
    const patch = DENY.replace('  podSelector: {}\n', '').replace('  - Egress\n', '  - Egress\n  $retainKeys: [policyTypes]\n');
    const analysis = analyzeText(patch);
    assert.equal(analysis.policies[0]!.isPartial, true);
    assert.deepEqual(analysis.findings.map((f) => f.code), []);
  });

  it('a file the caller knows to be a patch is partial without directives', () => {
    assert.deepEqual(analyzeText(DENY, { partial: true }).findings.map((f) => f.code), []);
    assert.equal(analyzeText(DENY, { partial: true }).policies[0]!.isPartial, true);
  });
});

describe('limits', () => {
  const settings = (limits: Record<string, number>) => normalizeSettings({ limits }).settings;

  it('limits are settings: each bound moves where NP001/NP002 appear', () => {
    const three = [DENY, DENY, DENY].join('---\n');
    assert.deepEqual(shown(analyzeText(three, { settings: settings({ maxDocuments: 1 }) })), ['NP201 8:5-8:11 <Egress>', 'NP001 10:1-10:33 <apiVersion: networking.k8s.io/v1>']);
    assert.deepEqual(shown(analyzeText(DENY, { settings: settings({ maxFileSize: 1000 }) })), ['NP201 8:5-8:11 <Egress>']);
    assert.deepEqual(shown(analyzeText(DENY.repeat(10), { settings: settings({ maxFileSize: 1000 }) })), ['NP002 1:1-1:33 <apiVersion: networking.k8s.io/v1>']);
    const nested = DENY.replace('  podSelector: {}', `  podSelector: {matchLabels: {a: ${'['.repeat(20)}${']'.repeat(20)}}}`);
    assert.deepEqual(shown(analyzeText(nested, { settings: settings({ maxNestingDepth: 10 }) })).map((s) => s.split(' ')[0]), ['NP001']);
    assert.deepEqual(shown(analyzeText(nested)).map((s) => s.split(' ')[0]), ['NP201']);
  });

  it('settings of the wrong type or out of range fall back to the defaults and are named', () => {
    const { settings: s, problems } = normalizeSettings({ limits: { maxFileSize: 'big', maxDocuments: 0, maxNestingDepth: 1e9, aliasBudget: 1.5 } });
    assert.deepEqual(s.limits, normalizeSettings({}).settings.limits);
    assert.equal(problems.length, 4);
    assert.deepEqual(normalizeSettings({ limits: 7 }).problems, ['netpolLens.limits: expected an object']);
  });

  it('an alias bomb (20^4 = 160,000 values through aliases) stops at the budget', () => {
    assert.deepEqual(shown(analyzeText(aliasBomb(DENY.replace('  - Egress\n', '  - Ingress\n')))).map((s) => s.split(' ')[0]), ['NP001']);
  });

  it('thousands of aliases to one small anchor are fine (indexed lookups, within budget)', () => {
    const text = `${DENY}  egress:\n  - &r {to: [{ipBlock: {cidr: 10.0.0.0/8}}]}\n${'  - *r\n'.repeat(2000)}`;
    assert.deepEqual(shown(analyzeText(text)).map((s) => s.split(' ')[0]), ['NP201']);
  });
});

describe('regular expressions on user text', { timeout: 120_000 }, () => {
  // Adversarial lines for every regex that sees user text (suppression comments, template and kind
  // detection, patch directives, lone CRs): long runs of what a pattern's loops consume, with the
  // match broken at the end. A backtracking pattern would not finish; the test asserts completion.
  const N = 100_000;
  const lines = [
    `# netpol-lens-disable-next-line${' '.repeat(N)}x`,
    `#${' #'.repeat(N)}`,
    `# netpol-lens-disable-line ${'NP201, '.repeat(N / 8)}`,
    `kind:${' '.repeat(N)}NetworkPolic`,
    `apiVersion:${'\t'.repeat(N)}"`,
    `{{${'{'.repeat(N)}`,
    `x: ${'}'.repeat(N)}`,
    `${'$patch'.repeat(N / 6)}: x`,
    `---${' '.repeat(N)}x`,
    `${'\r'.repeat(N)}`,
    `name: ${'a'.repeat(N)}!`,
    `${'- '.repeat(N / 2)}x`,
  ];
  // The same shapes in every string field a rule validates with a pattern (Kubernetes' DNS-1123 and
  // label formats, port names, CIDRs), quoted so each arrives whole.
  const values = [`${'a'.repeat(N)}!`, `${'a-'.repeat(N / 2)}!`, `${'a.'.repeat(N / 2)}-`, `${'1.'.repeat(N / 2)}/`, `${'a/'.repeat(N / 2)}!`, `${'::'.repeat(N / 2)}g`];
  for (const value of values) {
    it(`finishes with ${JSON.stringify(value.slice(0, 12))}… (${value.length} characters) in every field`, () => {
      const v = JSON.stringify(value);
      const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${v}
  namespace: ${v}
  labels: {${v}: ${v}}
spec:
  podSelector:
    matchLabels: {${v}: ${v}}
    matchExpressions: [{key: ${v}, operator: ${v}, values: [${v}]}]
  policyTypes: [${v}]
  egress:
  - to:
    - ipBlock: {cidr: ${v}, except: [${v}]}
    - namespaceSelector: {matchLabels: {${v}: ${v}}}
    ports:
    - {port: ${v}, protocol: ${v}}
`;
      checkInvariants(text, { checkFixes: false });
    });
  }
  for (const line of lines) {
    it(`finishes on ${JSON.stringify(line.slice(0, 30))}… (${line.length} characters)`, () => {
      for (const text of [`${DENY}${line}\n`, `${line}\n---\n${DENY.replace('name: deny', 'name: {{ x }}')}`]) checkInvariants(text, { checkFixes: false });
    });
  }
});
