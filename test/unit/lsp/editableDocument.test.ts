/**
 * EditableDocument (server/src/lsp/editableDocument.ts), the open documents' text, behaves exactly like
 * the FullTextDocument of vscode-languageserver-textdocument: after every update of random changes
 * (inserts, deletes, replacements, several changes per update, reversed and out-of-range ranges, full
 * texts, \r\n, \r and \n, characters beyond latin1) both give the same text, line count, ranges, positions
 * and offsets, whether the text is kept as a string or as latin1 bytes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { BUFFER_THRESHOLD, EditableDocument } from '../../../server/src/lsp/editableDocument';
import { DocumentAnalyzer } from '../../../server/src/lsp/documentAnalyzer';
import { policyFile } from '../../../bench/generate';
import { random } from '../../support/mutations';

const URI = 'file:///work/policies.yaml';

/** What edits insert: YAML, every kind of line break, pieces that form or split \r\n, beyond latin1. */
const LATIN1 = ['a', 'xyz', ' ', '  ', '\n', '\r\n', '\r', '\n\r', '\r\n\r\n', '\n\n', '---\n', '- ', ': ', 'kind: NetworkPolicy\n', 'é', 'ÿ', 'café\r\n', '\u00a0', '\t'];
const WIDE = ['→', '😀', 'a😀\nb', '\r→\n', 'Ā'];

const int = (rand: () => number, from: number, to: number) => from + Math.floor(rand() * (to - from + 1));
const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

/** `wideRate`: how often a piece has a character beyond latin1 (which sends a document back to strings). */
function newText(rand: () => number, text: string, wideRate: number): string {
  const piece = () => (rand() < wideRate ? pick(rand, WIDE) : pick(rand, LATIN1));
  const roll = rand();
  if (roll < 0.55) return piece();
  if (roll < 0.7) return '';
  if (roll < 0.9) {
    // A slice of the text itself (a paste), sometimes long.
    const from = Math.floor(rand() * text.length);
    return text.slice(from, from + int(rand, 0, rand() < 0.9 ? 40 : 5000));
  }
  return Array.from({ length: int(rand, 1, 12) }, () => piece()).join('');
}

/**
 * Mostly a valid position; sometimes one past the end of its line, or of the document, or before it; rarely
 * not integers (LSP's are; FullTextDocument reads a line like 2.5 as no line, its offsetAt gives undefined,
 * and an edit there repeats the text: EditableDocument does the same).
 */
function randomPosition(rand: () => number, document: TextDocument): Position {
  const roll = rand();
  if (roll < 0.65) return document.positionAt(Math.floor(rand() * (document.getText().length + 1)));
  if (roll < 0.8) {
    const line = int(rand, 0, document.lineCount - 1);
    return { line, character: document.getLineRange(line).end.character + int(rand, 0, 4) };
  }
  if (roll < 0.97) return { line: int(rand, -2, document.lineCount + 2), character: int(rand, -3, 200) };
  return { line: int(rand, -1, document.lineCount + 1) + pick(rand, [0, 0.5]), character: int(rand, -1, 30) + pick(rand, [0, 0.25, 0.75]) };
}

function randomRange(rand: () => number, document: TextDocument): Range {
  const start = randomPosition(rand, document);
  const roll = rand();
  if (roll < 0.35) return { start, end: start };
  if (roll < 0.8) {
    const offset = document.offsetAt(start);
    return { start, end: document.positionAt(offset + int(rand, 0, roll < 0.7 ? 6 : 400)) };
  }
  return { start, end: randomPosition(rand, document) }; // often reversed
}

/** One update's changes, each made against the text as the changes before it left it. */
function randomChanges(rand: () => number, reference: TextDocument, fullTexts: () => string, wideRate: number): TextDocumentContentChangeEvent[] {
  const count = rand() < 0.75 ? 1 : int(rand, 2, 5);
  const scratch = count === 1 ? reference : TextDocument.create(URI, 'yaml', 0, reference.getText());
  const changes: TextDocumentContentChangeEvent[] = [];
  for (let i = 0; i < count; i++) {
    const change: TextDocumentContentChangeEvent =
      rand() < 0.03 ? { text: fullTexts() } : { range: randomRange(rand, scratch), text: newText(rand, scratch.getText(), wideRate) };
    if ('range' in change && rand() < 0.2) change.rangeLength = int(rand, 0, 5); // clients may send it; it is not read
    changes.push(change);
    if (scratch !== reference) TextDocument.update(scratch, [change], 0);
  }
  return changes;
}

function assertSame(rand: () => number, expected: TextDocument, actual: EditableDocument, step: string): void {
  const text = expected.getText();
  assert.equal(actual.version, expected.version, `${step}: version`);
  assert.equal(actual.lineCount, expected.lineCount, `${step}: lineCount`);
  // Ranges and positions first: in buffer mode they read the bytes, before getText() makes the string.
  for (let i = 0; i < 12; i++) {
    const offset = rand() < 0.9 ? int(rand, 0, text.length) : pick(rand, [-3, -1, text.length + 1, text.length + 50, 0.5, 2.5]);
    assert.deepEqual(actual.positionAt(offset), expected.positionAt(offset), `${step}: positionAt(${offset})`);
    const position = randomPosition(rand, expected);
    assert.equal(actual.offsetAt(position), expected.offsetAt(position), `${step}: offsetAt(${JSON.stringify(position)})`);
    const range = randomRange(rand, expected);
    assert.equal(actual.getText(range), expected.getText(range), `${step}: getText(${JSON.stringify(range)})`);
    const line = int(rand, -2, expected.lineCount + 1);
    assert.deepEqual(actual.getLineRange(line), expected.getLineRange(line), `${step}: getLineRange(${line})`);
    assert.equal(actual.getEOLCharacters(line), expected.getEOLCharacters(line), `${step}: getEOLCharacters(${line})`);
  }
  assert.equal(actual.getText(), text, `${step}: text`);
}

interface Run {
  seed: number;
  text: string;
  updates: number;
  threshold?: number;
  /** How often an inserted piece has a character beyond latin1. */
  wideRate: number;
  fullTexts: (rand: () => number) => string;
}

/** Applies `updates` random updates to both documents, comparing them after each; returns the modes seen. */
function run({ seed, text, updates, threshold, wideRate, fullTexts }: Run): { buffer: number; string: number } {
  const rand = random(seed);
  const expected = TextDocument.create(URI, 'yaml', 1, text);
  const actual = EditableDocument.create(URI, 'yaml', 1, text, threshold);
  const modes = { buffer: 0, string: 0 };
  assertSame(rand, expected, actual, `seed ${seed}, created`);
  for (let version = 2; version < updates + 2; version++) {
    const changes = randomChanges(rand, expected, () => fullTexts(rand), wideRate);
    if (rand() < 0.1) assert.equal(actual.getText(), expected.getText()); // the next update starts from a text made
    TextDocument.update(expected, changes, version);
    assert.equal(EditableDocument.update(actual, changes, version), actual);
    if (actual.usesBuffer) modes.buffer++;
    else modes.string++;
    // Sometimes the text is read before the next update, sometimes not (the buffer then makes it later).
    if (rand() < 0.5) assertSame(rand, expected, actual, `seed ${seed}, version ${version}, ${JSON.stringify(changes).slice(0, 500)}`);
  }
  assertSame(rand, expected, actual, `seed ${seed}, end`);
  return modes;
}

/** 2,200 policies: just above the threshold. */
const LARGE = policyFile(2200);
assert.ok(LARGE.length > BUFFER_THRESHOLD && LARGE.length < BUFFER_THRESHOLD * 1.1);

const SMALL_TEXTS = ['', 'a', '\n', '\r\n', '\r', 'a\r\nb\rc\nd', 'é→😀', policyFile(1), policyFile(2).replace(/\n/g, '\r\n'), policyFile(3).replace(/\n/g, '\r')];

describe('EditableDocument behaves exactly like FullTextDocument', () => {
  it('small documents, kept as strings: 200 texts × 25 updates', () => {
    for (let seed = 0; seed < 200; seed++) {
      const modes = run({ seed, text: SMALL_TEXTS[seed % SMALL_TEXTS.length]!, updates: 25, wideRate: 0.15, fullTexts: (rand) => pick(rand, SMALL_TEXTS) });
      assert.equal(modes.buffer, 0);
    }
  });

  it('small documents kept as latin1 bytes (a threshold of a few characters): 300 texts × 25 updates', () => {
    const seen = { buffer: 0, string: 0 };
    for (let seed = 1000; seed < 1300; seed++) {
      const modes = run({ seed, text: SMALL_TEXTS[seed % SMALL_TEXTS.length]!, updates: 25, threshold: seed % 3 === 0 ? 0 : 40, wideRate: 0.02, fullTexts: (rand) => pick(rand, SMALL_TEXTS) });
      seen.buffer += modes.buffer;
      seen.string += modes.string;
    }
    // Both modes, and the moves between them, were exercised.
    assert.ok(seen.buffer > 2000 && seen.string > 500, JSON.stringify(seen));
  });

  it('documents above the threshold (1.1 MB, \\n and \\r\\n): 6 texts × 50 updates', () => {
    const large = LARGE;
    const texts = [large, large.replace(/\n/g, '\r\n')];
    const fullTexts = (rand: () => number) => {
      const roll = rand();
      if (roll < 0.8) return pick(rand, texts);
      if (roll < 0.9) return `${large.slice(0, 1000)}→${large.slice(1000)}`;
      return pick(rand, SMALL_TEXTS);
    };
    const seen = { buffer: 0, string: 0 };
    for (let seed = 2000; seed < 2006; seed++) {
      const modes = run({ seed, text: texts[seed % 2]!, updates: 50, wideRate: 0.005, fullTexts });
      seen.buffer += modes.buffer;
      seen.string += modes.string;
    }
    assert.ok(seen.buffer > 150 && seen.string > 10, JSON.stringify(seen));
  });

  it('moves between bytes and strings: a character beyond latin1, a full text, growth past the threshold', () => {
    const threshold = 64;
    const line = 'abcdefghij\r\n';
    const expected = TextDocument.create(URI, 'yaml', 1, line.repeat(10));
    const actual = EditableDocument.create(URI, 'yaml', 1, line.repeat(10), threshold);
    const step = (changes: TextDocumentContentChangeEvent[], usesBuffer: boolean, what: string) => {
      TextDocument.update(expected, changes, expected.version + 1);
      EditableDocument.update(actual, changes, actual.version + 1);
      assert.equal(actual.usesBuffer, usesBuffer, what);
      assertSame(random(expected.version), expected, actual, what);
    };
    assert.equal(actual.usesBuffer, true);
    const at = (l: number, c: number): Range => ({ start: { line: l, character: c }, end: { line: l, character: c } });
    step([{ range: at(3, 2), text: 'ÿ' }], true, 'ÿ is latin1');
    step([{ range: at(3, 2), text: 'é→' }], false, 'a character of 256 or more: strings');
    step([{ range: { start: { line: 3, character: 4 }, end: { line: 3, character: 2 } }, text: '' }], false, 'deleting it does not go back');
    step([{ text: line.repeat(20) }], true, 'a full text of latin1 above the threshold: bytes again');
    step([{ text: 'a\r' }], false, 'a full text below it: strings');
    step([{ range: at(1, 0), text: `\n${line.repeat(10)}` }], true, 'growing past the threshold by an edit: bytes (and the \\r\\n formed across the edit)');
    step([{ range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } }, text: '' }], true, 'shrinking does not leave bytes');
  });

  it('grows its buffer when an edit needs more room than it has spare', () => {
    const text = 'x'.repeat(BUFFER_THRESHOLD) + '\n';
    const expected = TextDocument.create(URI, 'yaml', 1, text);
    const actual = EditableDocument.create(URI, 'yaml', 1, text);
    assert.equal(actual.usesBuffer, true);
    const paste = 'y\n'.repeat(150_000); // more than the spare room, and more line breaks than one splice takes
    for (let version = 2; version < 5; version++) {
      const changes = [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, text: paste }];
      TextDocument.update(expected, changes, version);
      EditableDocument.update(actual, changes, version);
      assertSame(random(version), expected, actual, `paste ${version}`);
    }
    assert.equal(actual.usesBuffer, true);
  });

  it('rejects what FullTextDocument rejects, and keeps uri and language', () => {
    const expected = TextDocument.create(URI, 'yaml', 1, 'a\n');
    const actual = EditableDocument.create(URI, 'yaml', 1, 'a\n');
    assert.equal(actual.uri, expected.uri);
    assert.equal(actual.languageId, expected.languageId);
    const change = { text: 'b', rangeLength: 1 } as unknown as TextDocumentContentChangeEvent;
    assert.throws(() => TextDocument.update(expected, [change], 2), /Unknown change event received/);
    assert.throws(() => EditableDocument.update(actual, [change], 2), /Unknown change event received/);
    assert.throws(() => EditableDocument.update(expected, [{ text: 'b' }], 2), /must be created by EditableDocument.create/);
  });

  it('DocumentAnalyzer opens documents as EditableDocuments and applies changes to them', () => {
    const analyzer = new DocumentAnalyzer();
    const text = LARGE;
    const document = analyzer.documents.create(URI, 'yaml', 1, text);
    assert.ok(document instanceof EditableDocument && document.usesBuffer);
    const expected = TextDocument.create(URI, 'yaml', 1, text);
    const changes = [
      { range: { start: { line: 5, character: 2 }, end: { line: 5, character: 2 } }, text: 'é' },
      { range: { start: { line: 1, character: 0 }, end: { line: 0, character: 3 } }, text: 'x\r\n' },
    ];
    assert.equal(analyzer.documents.update(document, changes, 2), document);
    TextDocument.update(expected, changes, 2);
    assertSame(random(2), expected, document, 'after the update');
  });
});
