/**
 * Every contributed snippet, with its placeholders filled by their defaults, is a NetworkPolicy our
 * own checker finds no error in; the deny-external one raises no DNS diagnostic at all.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText } from '../../server/src/engine';

interface Snippet {
  prefix: string[];
  description: string;
  body: string[];
}

const root = path.join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { snippets: { language: string; path: string }[] };
};
const snippetFiles = manifest.contributes.snippets;
/** Snippets of other policy APIs, each with tests of its own below. */
const OTHER_APIS = ['./snippets/cilium.json'];
const snippets = snippetFiles.filter((file) => !OTHER_APIS.includes(file.path)).flatMap((file) =>
  Object.entries(JSON.parse(readFileSync(path.join(root, file.path), 'utf8')) as Record<string, Snippet>).map(([name, snippet]) => ({
    name,
    language: file.language,
    ...snippet,
  })),
);

/** What VS Code inserts when the user accepts every placeholder's default: `${1:x}` -> x, `${1|a,b|}` -> a, `$0` -> ''. */
export function expandWithDefaults(body: readonly string[]): string {
  let text = body.join('\n');
  let previous;
  do {
    previous = text;
    text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1');
  } while (text !== previous);
  return text.replace(/\$\{\d+\}|\$\d+/g, '') + '\n';
}

/** A rule fragment (`netpol-rule-*`) is inserted as an item of the deny-external policy's egress list. */
function asPolicy(snippet: { prefix: string[]; body: string[] }): string {
  const text = expandWithDefaults(snippet.body);
  if (!snippet.prefix[0]!.startsWith('netpol-rule-')) return text;
  const host = expandWithDefaults(snippets.find((s) => s.prefix.includes('netpol-deny-external-egress'))!.body);
  const indented = text
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `${host.trimEnd()}\n${indented}\n`;
}

describe('snippets', () => {
  it('are contributed for yaml', () => {
    assert.ok(snippetFiles.length > 0);
    for (const file of snippetFiles) assert.equal(file.language, 'yaml');
  });

  it('include the families the README promises, each with a netpol- prefix', () => {
    const prefixes = snippets.flatMap((s) => s.prefix);
    for (const expected of [
      'netpol-deny-external-egress',
      'netpol-default-deny-all',
      'netpol-default-deny-ingress',
      'netpol-default-deny-egress',
      'netpol-allow-dns-egress',
      'netpol-allow-same-namespace',
      'netpol-allow-from-namespace',
      'netpol-rule-private-ranges',
    ]) {
      assert.ok(prefixes.includes(expected), `missing snippet ${expected}`);
    }
    for (const prefix of prefixes) assert.match(prefix, /^netpol-/);
  });

  // ClusterNetworkPolicy snippets (netpol-cnp-*) have their own test: test/unit/cnp/snippets.test.ts.
  for (const snippet of snippets.filter((s) => !s.prefix[0]!.startsWith('netpol-cnp-'))) {
    it(`${snippet.prefix[0]} expands to a NetworkPolicy with no error`, () => {
      const analysis = analyzeText(asPolicy(snippet));
      assert.equal(analysis.policies.length, 1, 'the expanded snippet is one NetworkPolicy');
      const errors = analysis.findings.filter((f) => f.severity === 'error');
      assert.deepEqual(errors, []);
      assert.ok(!/\$\{?\d/.test(asPolicy(snippet)), 'every placeholder is expanded');
    });
  }

  it('the deny-external-egress template raises no diagnostic at all, DNS or other', () => {
    const deny = snippets.find((s) => s.prefix.includes('netpol-deny-external-egress'))!;
    assert.deepEqual(analyzeText(expandWithDefaults(deny.body)).findings, []);
  });

  it('the deny-external-egress template is the seed template with tab stops for name, namespace and app label', () => {
    const deny = snippets.find((s) => s.prefix.includes('netpol-deny-external-egress'))!;
    const body = deny.body.join('\n');
    assert.match(body, /name: \$\{1:deny-external-egress\}/);
    assert.match(body, /namespace: \$\{2:default\}/);
    assert.match(body, /app: \$\{3:restricted-app\}/);
    const seed = readFileSync(path.join(root, 'test', 'fixtures', 'rules', 'NP201', 'seed-template-is-fine', 'input.yaml'), 'utf8');
    // The seed template, plus a namespace and a comment that says what the article got wrong (NP403).
    const withoutAdditions = expandWithDefaults(deny.body)
      .split('\n')
      .filter((line) => line !== '  namespace: default' && !line.startsWith('  #'))
      .join('\n');
    assert.equal(withoutAdditions.trimEnd() + '\n', seed);
    assert.match(body, /this denies ALL egress but DNS: pods in the same namespace/);
  });
});

describe('Cilium snippets', () => {
  const file = snippetFiles.find((f) => f.path === './snippets/cilium.json');
  const cilium = Object.values(JSON.parse(readFileSync(path.join(root, file!.path), 'utf8')) as Record<string, Snippet>);

  it('are contributed for yaml, with the prefixes the README names', () => {
    assert.equal(file?.language, 'yaml');
    assert.deepEqual(cilium.flatMap((s) => s.prefix).sort(), ['cilium-allow-fqdn', 'cilium-deny-external-egress']);
  });

  for (const snippet of cilium) {
    it(`${snippet.prefix[0]} expands to a CiliumNetworkPolicy the checker finds nothing in`, () => {
      const text = expandWithDefaults(snippet.body);
      assert.ok(!/\$\{?\d/.test(text), 'every placeholder is expanded');
      assert.match(text, /^apiVersion: cilium\.io\/v2\nkind: CiliumNetworkPolicy\n/);
      const analysis = analyzeText(text);
      assert.deepEqual(analysis.internalErrors, []);
      assert.deepEqual(analysis.findings.map((f) => `${f.code} ${f.message}`), []);
    });
  }

  it('cilium-allow-fqdn without its DNS rule is what CIL201 reports', () => {
    const fqdn = cilium.find((s) => s.prefix.includes('cilium-allow-fqdn'))!;
    const text = expandWithDefaults(fqdn.body);
    const withoutDns = text.replace(/ {2}- toEndpoints:[\s\S]*?matchPattern: "\*"\n/, '');
    assert.notEqual(withoutDns, text);
    assert.deepEqual(analyzeText(withoutDns).findings.map((f) => f.code), ['CIL202', 'CIL201']);
  });
});
