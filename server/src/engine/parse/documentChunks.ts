import type { Node } from 'yaml';
import { isCollection, isDocument, isPair, isScalar } from 'yaml';
import { compactDocument, moveNode } from './compactNodes';
import { parseAllDocumentsFast } from './cstParser';
import { YAML_OPTIONS } from './yamlFile';
import type { YamlDocument } from './yamlFile';

/**
 * Where a YAML stream can be cut into pieces that parse on their own exactly as they do within the
 * whole text, so that an edit re-parses only the piece it touched.
 *
 * A `---` line (at column 0, followed by a space, a tab, a line break or the end) always starts a new
 * document: the lexer ends any block scalar, quoted scalar or flow collection there. A cut is made
 * at such a line unless the piece before it would not parse the same alone:
 *  - a piece with no document yet (only comments and blank lines before the first `---`): those
 *    comments belong to the next document;
 *  - a piece with a `...` line: comments after a document end belong to the next document;
 *  - once a `%` directive line is seen, no more cuts: tag directives carry over to later documents.
 * Each cut starts from a fresh parser state, so whether a line is a cut depends only on the text
 * since the previous cut: after an edit, cuts are found again from just before it until one falls on
 * an old cut past the edit, and everything after that is the same as before.
 */

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */ || c === 13 /* \r */) return i;
  }
  return text.length;
}

/** The offset just past the line break at `at` (a \r\n pair is one break). */
function afterBreak(text: string, at: number): number {
  if (at >= text.length) return text.length;
  return text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? at + 2 : at + 1;
}

function isEmptyChar(c: number): boolean {
  return Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13;
}

/** `---` or `...` at `offset` followed by white space, a line break or the end of the text. */
function isMarker(text: string, offset: number, char: 45 | 46): boolean {
  return (
    text.charCodeAt(offset) === char &&
    text.charCodeAt(offset + 1) === char &&
    text.charCodeAt(offset + 2) === char &&
    isEmptyChar(text.charCodeAt(offset + 3))
  );
}

/** A line of content: not blank, not only a comment. */
function isContentLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 0xfeff) continue;
    return c !== 35; /* # */
  }
  return false;
}

/**
 * Candidate cuts from `start` (itself a cut, or 0) on: `start` first, then each later cut, then the
 * text's length. Whether a line is a candidate depends only on the text since the previous one.
 */
export function* cutCandidates(text: string, start: number): Generator<number, void, undefined> {
  yield start;
  let last = start;
  let hasDocument = isMarker(text, start, 45);
  let afterDocEnd = false;
  let line = start;
  while (line < text.length) {
    const end = lineEnd(text, line);
    if (line > start || !hasDocument) {
      const c = text.charCodeAt(line);
      if (c === 37 /* % */) break; // a directive: everything after it is one piece
      if (isMarker(text, line, 45) && line > last) {
        if (hasDocument && !afterDocEnd) {
          yield line;
          last = line;
        }
        hasDocument = true;
        afterDocEnd = false;
      } else if (isMarker(text, line, 46)) {
        afterDocEnd = true;
      } else if (!hasDocument && isContentLine(text, line, end)) {
        hasDocument = true;
      }
    }
    line = afterBreak(text, end);
  }
  if (last < text.length) yield text.length;
}

/** What `shiftRanges` moves: an offset array (a document's range, an error's position) or a node (see `moveNode`). */
export type Offsets = number[] | Node;

/**
 * Every offset of some parsed documents (node ranges, documents' ranges, error positions), to move them
 * all with `shiftRanges` without walking the trees again: a document after an edit moves on every
 * keystroke.
 */
export function offsetArrays(documents: readonly YamlDocument[]): Offsets[] {
  const out: Offsets[] = [];
  const add = (range: unknown) => {
    if (Array.isArray(range)) out.push(range as number[]);
  };
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (isPair(node)) {
      walk(node.key);
      walk(node.value);
      return;
    }
    if (isDocument(node)) return;
    if ((node as Node).range) out.push(node as Node);
    if (isCollection(node)) for (const item of node.items) walk(item);
  };
  for (const doc of documents) {
    add(doc.range);
    for (const error of doc.errors) add(error.pos);
    for (const warning of doc.warnings) add(warning.pos);
    walk(doc.contents);
  }
  return out;
}

export function shiftRanges(ranges: readonly Offsets[], delta: number): void {
  for (const range of ranges) {
    if (Array.isArray(range)) for (let i = 0; i < range.length; i++) range[i]! += delta;
    else moveNode(range, delta);
  }
}

/** Moves every offset in a parsed document by `delta`: node ranges, the document's range, errors. */
export function shiftDocument(doc: YamlDocument, delta: number): void {
  if (delta === 0) return;
  shiftRange(doc.range, delta);
  for (const error of doc.errors) shiftRange(error.pos, delta);
  for (const warning of doc.warnings) shiftRange(warning.pos, delta);
  shiftNode(doc.contents, delta);
}

function shiftRange(range: number[] | undefined | null, delta: number): void {
  if (!range) return;
  for (let i = 0; i < range.length; i++) range[i]! += delta;
}

function shiftNode(node: unknown, delta: number): void {
  if (node === null || typeof node !== 'object') return;
  if (isPair(node)) {
    shiftNode(node.key, delta);
    shiftNode(node.value, delta);
    return;
  }
  if (isDocument(node)) return;
  moveNode(node, delta);
  if (isCollection(node)) for (const item of node.items) shiftNode(item, delta);
}

/** A piece of a file, parsed: its documents, with offsets as in the whole text. */
export interface ParsedChunk {
  readonly start: number;
  readonly end: number;
  readonly documents: YamlDocument[];
}

function parseText(piece: string): YamlDocument[] {
  // As parseYamlFile: a lone \r is a line break for YAML and LSP, not for the yaml package.
  const parseable = piece.includes('\r') ? piece.replace(/\r(?!\n)/g, '\n') : piece;
  const parsed = parseAllDocumentsFast(parseable, YAML_OPTIONS);
  if (!Array.isArray(parsed)) return [];
  for (let d = 0; d < parsed.length; d++) compactDocument(parsed[d]!);
  return parsed;
}

/** A string equal to `text` that is not a slice of a longer one (V8 keeps a slice's whole parent). */
function ownCopy(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/** A candidate piece, parsed: can the text be cut after it, and before it? */
interface Piece extends ParsedChunk {
  readonly clean: boolean;
  readonly cleanStart: boolean;
}

/** After this many pieces merged one by one, the rest of the text is taken at once. */
const MERGE_STEPS = 8;

function isEmptyScalar(node: unknown): boolean {
  return node === null || (isScalar(node) && node.value === null && !node.comment && !node.commentBefore && !node.anchor && !node.tag);
}


/**
 * Forms the chunks of a text from `start` (a chunk start) on, each parsed. Candidate pieces are
 * parsed alone; a cut between two pieces is kept only when the document before it and the document
 * after it both parse without errors. A broken document can reach across a `---` line: a quoted
 * scalar with no closing quote runs on to the next quote anywhere in the text, an open flow
 * collection or a stray indicator leaves the parser in a state the next document sees, and error
 * tokens met at the start of a document are given to the one before. Pieces around a broken
 * document are parsed together, so every chunk parses exactly as it does within the whole text.
 */
export class ChunkFormer {
  private readonly cuts: Generator<number, void, undefined>;
  private pending: number | undefined;
  /** The next piece, parsed alone to decide on the cut before it. */
  private lookahead: Piece | undefined;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.cuts = cutCandidates(text, start);
    this.pending = this.cuts.next().value ?? undefined;
  }

  private nextCut(): number | undefined {
    const cut = this.pending;
    this.pending = cut === undefined || cut >= this.text.length ? undefined : (this.cuts.next().value ?? undefined);
    return cut;
  }

  /**
   * Parses `text[start, end)`. A piece before a cut is parsed with a stand-in `---` line after it, as
   * the lexer sees the next piece's first line there: trailing blank lines and empty values end
   * differently at the end of a text. Anything the stand-in document receives (comments, errors)
   * would go to the next document in the whole text, so the cut is then not clean.
   */
  private parse(start: number, end: number): Piece {
    const piece = this.text.slice(start, end);
    // The last piece alone is parsed from a copy of its own (the others are, with their stand-in): strings
    // the documents keep are slices of what was parsed, and a slice of the text keeps the whole text alive.
    const documents = parseText(end < this.text.length ? `${piece}---\n` : start > 0 ? ownCopy(piece) : piece);
    let clean = true;
    if (end < this.text.length) {
      const standIn = documents[documents.length - 1];
      // Not a document of its own: something (a quoted scalar without its closing quote) ran into it.
      if (!standIn || standIn.range[0] !== piece.length) return { start, end, documents, clean: false, cleanStart: false };
      documents.pop();
      clean = isEmptyScalar(standIn.contents) && !standIn.commentBefore && !standIn.comment && standIn.errors.length === 0;
    }
    const last = documents[documents.length - 1];
    if (last && last.errors.length > 0) clean = false;
    for (const doc of documents) shiftDocument(doc, start);
    return { start, end, documents, clean, cleanStart: (documents[0]?.errors.length ?? 0) === 0 };
  }

  private piece(): Piece | undefined {
    if (this.lookahead) {
      const piece = this.lookahead;
      this.lookahead = undefined;
      return piece;
    }
    const start = this.nextCut();
    if (start === undefined || start >= this.text.length) return undefined;
    return this.parse(start, this.pending ?? this.text.length);
  }

  /** The next chunk, or undefined at the end of the text. */
  next(): ParsedChunk | undefined {
    let group = this.piece();
    if (!group) return undefined;
    for (let step = 0; group.end < this.text.length; step++) {
      if (group.clean) {
        this.lookahead = this.piece();
        if (!this.lookahead || this.lookahead.cleanStart) return group;
      }
      // Merge with the next piece (or, after many, everything left).
      let end: number;
      if (this.lookahead) {
        end = this.lookahead.end;
        this.lookahead = undefined;
      } else {
        this.nextCut();
        end = this.pending ?? this.text.length;
      }
      if (step >= MERGE_STEPS) {
        while (this.nextCut() !== undefined);
        end = this.text.length;
      }
      group = this.parse(group.start, end);
    }
    return group;
  }
}

/** Every chunk of a text, parsed. */
export function parseChunks(text: string): ParsedChunk[] {
  const former = new ChunkFormer(text, 0);
  const chunks: ParsedChunk[] = [];
  for (let chunk = former.next(); chunk; chunk = former.next()) chunks.push(chunk);
  return chunks;
}
