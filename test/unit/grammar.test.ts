/**
 * The injection grammar, loaded by VS Code's own TextMate engine (vscode-textmate + oniguruma) into
 * a stand-in YAML grammar that scopes comments as VS Code's YAML grammar does.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';
import type { IGrammar } from 'vscode-textmate';

const root = path.join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] };
};
const contribution = manifest.contributes.grammars[0]!;

const yamlStandIn = JSON.stringify({
  scopeName: 'source.yaml',
  // As in VS Code's YAML grammar: a comment is a begin/end rule, which is what lets injections in.
  patterns: [{ begin: '(?:(?<=^|[\\t ])|(?<!.))#', end: '$', name: 'comment.line.number-sign.yaml' }],
});

let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: (scopeName: string) => {
      if (scopeName === 'source.yaml') return Promise.resolve(parseRawGrammar(yamlStandIn, 'yaml.json'));
      if (scopeName === contribution.scopeName) {
        const file = path.join(root, contribution.path);
        return Promise.resolve(parseRawGrammar(readFileSync(file, 'utf8'), file));
      }
      return Promise.resolve(null);
    },
    getInjections: (scopeName: string) => (contribution.injectTo.includes(scopeName) ? [contribution.scopeName] : undefined),
  });
  grammar = (await registry.loadGrammar('source.yaml'))!;
});

function scopesOf(line: string): { text: string; scopes: string[] }[] {
  return grammar.tokenizeLine(line, INITIAL).tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
}

function scopeOf(line: string, text: string): string[] {
  const token = scopesOf(line).find((t) => t.text === text);
  assert.ok(token, `no token "${text}" in ${JSON.stringify(scopesOf(line))}`);
  return token.scopes;
}

describe('injection grammar', () => {
  it('is injected into source.yaml', () => {
    assert.deepEqual(contribution.injectTo, ['source.yaml']);
  });
  it('marks the directive and the rule codes and names in a comment', () => {
    const line = '  # netpol-lens-disable-next-line NP201, dns-protocol-missing';
    assert.ok(scopeOf(line, 'netpol-lens-disable-next-line').includes('keyword.control.directive.netpol-lens'));
    assert.ok(scopeOf(line, 'NP201').includes('constant.language.rule-code.netpol-lens'));
    assert.ok(scopeOf(line, 'dns-protocol-missing').includes('entity.name.tag.rule-name.netpol-lens'));
  });
  it('marks the same-line directive', () => {
    const line = '  - Egress # netpol-lens-disable-line NP201';
    assert.ok(scopeOf(line, 'netpol-lens-disable-line').includes('keyword.control.directive.netpol-lens'));
  });
  it('leaves plain comments and YAML outside comments alone', () => {
    for (const token of scopesOf('  # allow DNS to NP201 friends')) {
      assert.ok(!token.scopes.some((s) => s.endsWith('.netpol-lens')), JSON.stringify(token));
    }
    for (const token of scopesOf('name: netpol-lens-disable-next-line')) {
      assert.ok(!token.scopes.some((s) => s.endsWith('.netpol-lens')), JSON.stringify(token));
    }
  });
});
