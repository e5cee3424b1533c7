/**
 * engine/parse/cstParser.ts is the `yaml` package's CST lexer and parser written again without generators
 * (the pieces of a file the server parses go through it). It must give the package's tokens exactly, field
 * for field, on any text: every YAML file of the repository, the bench's generated files, random texts made
 * of YAML's odd corners, and those texts and files garbled by random edits. The documents composed from its
 * tokens must then be the package's `parseAllDocuments`' (values, ranges, comments, errors and warnings).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments, Parser } from 'yaml';
import { crowdedPolicyFile, policyFile, random } from '../../bench/generate';
import { parseAllDocumentsFast, parseTokens, TooDeep } from '../../server/src/engine/parse/cstParser';
import { YAML_OPTIONS } from '../../server/src/engine/parse/yamlFile';
import { documentSignature } from '../support/yamlSignature';

const ROOT = path.join(__dirname, '..', '..');

/** Every YAML file git tracks in the repository (fixtures, examples, snippets, workflows). */
const repositoryTexts: { name: string; text: string }[] = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .map((name) => ({ name, text: readFileSync(path.join(ROOT, name), 'utf8') }));

/** Lines from YAML's odd corners: markers, directives, block scalars with indicators, flow, anchors, tags, tabs, quotes. */
const LINES = [
  '---', '--- # c', '---x', '--- a: 1', '--- |', '--- >-', '...', '... # e', '# comment', '  # indented comment', '', '  ', '\t', 'a: 1', 'b:', '  c: |',
  '    text', '  d: >-', '  e: |+2', '   kept', '  f: >1-', '  - x', '- y', '- - z', '-', '- ', '"quoted', 'q: "open', '  still"', '[1,', '2]', '{a: 1', '}',
  '%YAML 1.1', '%YAML 1.2 # c', '%TAG !e! tag:e.com,2000:', '%FOO bar', 'k: &a {x: 1}', 'm: *a', '<<: *a', '\t- tab', 'key: !e!foo bar', 'key: !<tag:x> v',
  '? complex', ': value', '?', ':', 'x: y # c', 'x: y#c', '  ---', '----', '-- -', 'dup: 1', 'dup: 2', '\uFEFFa: bom', 'z: [a, b', ']', "s: 'single",
  "  line'", 'kind: NetworkPolicy', "e: 'it''s'", 'f: "a\\"b"', 'g: "\\\\"', 'h: "\\', 'multi: line', '  continued', '   more: x', 'a:b', 'a: b: c',
  '- a: 1', '  b: 2', '    c: 3', ' d: 4', 'url: http://x:80/y', 'empty: ""', "e2: ''", 'n: ~', 'on: yes', 't: 2001-12-14', 'i: 0x1F', 's60: 1:20',
  '{a: [b, {c: d}], e: f}', '[a: b, c]', '{? a, b: }', '[, ]', '{a: 1,}', '- [a, b]:', 'x: !!set {a, b}', 'o: !!omap [a: 1]', 'bin: !!binary aGk=',
  '*x', '&y', '!t', '|', '>', 'a: | # c', 'a: >2', '  - |', '    x', ': x', '- ? a', '  : b', '  # c', '#c', 'key:    ', 'k: v  ', 'emoji: 😀', '😀: x',
  'a\tb: c', 'tab:\tv', '- \t- x', '"k": v', "'k': v", '"a\nb"',
];
const BREAKS = ['\n', '\n', '\n', '\r\n', '\r'];

function randomText(rand: () => number): string {
  let text = '';
  for (let i = 1 + Math.floor(rand() * 16); i > 0; i--) {
    const indent = rand() < 0.3 ? ' '.repeat(Math.floor(rand() * 6)) : '';
    text += indent + LINES[Math.floor(rand() * LINES.length)]! + BREAKS[Math.floor(rand() * BREAKS.length)]!;
  }
  return rand() < 0.2 ? text.slice(0, Math.floor(rand() * text.length)) : text;
}

/** Pieces random edits insert. */
const SNIPPETS = ['x', ' ', '\n', '\r\n', '\r', '---\n', '...\n', '"', "'", '[', ']', '{', '}', ':', ': ', '- ', '-', '#', ' #', '  ', '\t', '|', '>', '&a ', '*a', '!t ', '? ', '%', ',', '\\', '\uFEFF'];

function garble(rand: () => number, text: string, edits: number): string {
  let out = text;
  for (let e = 0; e < edits; e++) {
    const start = Math.floor(rand() * (out.length + 1));
    const end = rand() < 0.5 ? start : Math.min(out.length, start + Math.floor(rand() * 6));
    out = out.slice(0, start) + (rand() < 0.8 ? SNIPPETS[Math.floor(rand() * SNIPPETS.length)]! : '') + out.slice(end);
  }
  return out;
}

/** The package's own tokens. */
function packageTokens(text: string): unknown[] {
  return Array.from(new Parser().parse(text));
}

/** Compares the tokens; returns false when the text is too deep for the fast parser (the package then parses it). */
function assertSameTokens(text: string, name: string): boolean {
  let tokens: unknown[];
  try {
    tokens = parseTokens(text);
  } catch (error) {
    if (error instanceof TooDeep) return false;
    throw error;
  }
  assert.deepStrictEqual(tokens, packageTokens(text), `${name}: ${JSON.stringify(text.slice(0, 400))}`);
  return true;
}

/** What `parseAllDocuments` gives for a stream without documents. */
function streamInfo(parsed: unknown): unknown {
  const info = parsed as { empty?: boolean; comment?: string; directives?: unknown; errors?: { code: string; pos: number[]; message: string }[]; warnings?: { code: string; pos: number[]; message: string }[] };
  const brief = (e: { code: string; pos: number[]; message: string }) => [e.code, e.pos, e.message];
  return { empty: info.empty, comment: info.comment, directives: info.directives, errors: info.errors?.map(brief), warnings: info.warnings?.map(brief) };
}

function assertSameDocuments(text: string, name: string): void {
  const fast = parseAllDocumentsFast(text, YAML_OPTIONS);
  const own = parseAllDocuments(text, YAML_OPTIONS);
  assert.ok(Array.isArray(own));
  assert.deepStrictEqual(fast.map(documentSignature), own.map(documentSignature), `${name}: ${JSON.stringify(text.slice(0, 400))}`);
  if (own.length === 0) assert.deepStrictEqual(streamInfo(fast), streamInfo(own), `${name}: the empty stream's info`);
}

describe("the CST parser without generators gives the yaml package's tokens", () => {
  it('on every YAML file of the repository, and its documents', () => {
    assert.ok(repositoryTexts.length > 500, `only ${repositoryTexts.length} YAML files found`);
    // The fixtures of nesting limits are too deep for it on purpose: the package parses those.
    const tooDeep = [];
    for (const { name, text } of repositoryTexts) {
      if (!assertSameTokens(text, name)) tooDeep.push(name);
      assertSameDocuments(text, name);
    }
    assert.ok(tooDeep.length <= 5, `too deep for the fast parser: ${tooDeep.join(', ')}`);
  });

  it("on the bench's generated files of both shapes, and their documents", () => {
    for (const [name, text] of [
      ['spread', policyFile(300)],
      ['crowded', crowdedPolicyFile(300)],
      ['crowded, CRLF', crowdedPolicyFile(40).replace(/\n/g, '\r\n')],
    ] as const) {
      assert.ok(assertSameTokens(text, name));
      assertSameDocuments(text, name);
    }
  });

  it('on random texts of odd YAML, and their documents', () => {
    let compared = 0;
    for (let seed = 0; seed < 6000; seed++) {
      const text = randomText(random(seed));
      if (assertSameTokens(text, `seed ${seed}`)) compared++;
      if (seed % 4 === 0) assertSameDocuments(text, `seed ${seed}`);
    }
    assert.ok(compared > 5900, `only ${compared} texts compared`);
  });

  it('on garbled repository files and generated policies, and their documents', () => {
    const sources = [...repositoryTexts.filter((_, i) => i % 3 === 0).map((t) => t.text), crowdedPolicyFile(6), policyFile(6)];
    for (let seed = 0; seed < 3000; seed++) {
      const rand = random(10_000 + seed);
      const text = garble(rand, sources[seed % sources.length]!, 1 + Math.floor(rand() * 8));
      assertSameTokens(text, `garbled ${seed}`);
      if (seed % 3 === 0) assertSameDocuments(text, `garbled ${seed}`);
    }
  });

  it('hands a text nested past its depth to the package, with the same documents', () => {
    const deep = `${'- '.repeat(300)}x\n`;
    assert.throws(() => parseTokens(deep), TooDeep);
    assertSameDocuments(deep, 'deep');
    const flow = `a: ${'['.repeat(200)}1${']'.repeat(200)}\n`;
    assert.throws(() => parseTokens(flow), TooDeep);
    assertSameDocuments(flow, 'deep flow');
  });

  it('gives the package\'s empty streams: nothing, comments only, a directive only', () => {
    for (const text of ['', '\n', '# only a comment\n', '%YAML 1.1\n', '\uFEFF', '...\n']) {
      assert.ok(assertSameTokens(text, JSON.stringify(text)));
      assertSameDocuments(text, JSON.stringify(text));
    }
  });
});
