import type { DocumentUri, Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

/**
 * Documents of at least this many characters keep their text in a latin1 buffer (see EditableDocument).
 * Node makes the string of a latin1 buffer of more than about 1,000,000 bytes (`EXTERN_APEX`) as an external
 * string, a malloc'd copy: about 0.1-0.3 ms for 2.5 MB once malloc reuses freed blocks, where a string in
 * V8's heap, like the flattened concatenation of FullTextDocument, takes fresh memory each time (7 ms for
 * 2.5 MB measured here, most of it page faults). Below that size the string made from the buffer costs as
 * much as the flattening (a little more, measured), so the buffer starts above it.
 */
export const BUFFER_THRESHOLD = 1024 * 1024;

const LF = 10;
const CR = 13;

/**
 * An open document, behaving exactly like the FullTextDocument of vscode-languageserver-textdocument
 * (same offsets, positions, clamping, line offsets kept across edits the same way, same handling of
 * reversed ranges and of a CRLF pair formed across an edit's boundary), but cheaper to edit when large.
 *
 * FullTextDocument applies an edit as `before + text + after`; the first read of that string flattens it,
 * a copy of the whole text into fresh memory, on every keystroke. A large document whose every character
 * code is below 256 instead keeps its text as latin1 bytes in a buffer with room to spare: an edit moves
 * the bytes after it (`copyWithin`) and writes the new ones, and the string is made from the bytes only
 * when someone asks for it (`getText()`), once per version. A change that brings a character of 256 or
 * more sends the document back to strings; a document that grows past the threshold by edits, with no
 * such character ever seen, moves to the buffer.
 */
export class EditableDocument implements TextDocument {
  /** The text; in buffer mode, the text made from the buffer, or undefined until someone asks for it. */
  private content: string | undefined;
  /** Buffer mode: the text as latin1 bytes (the first `length` of them; the rest is room to grow). */
  private buffer: Buffer | undefined;
  private length: number;
  /** Every character code of the text is below 256 (false once one was seen, even if deleted since). */
  private latin1: boolean;
  private lineOffsets: number[] | undefined;

  constructor(
    private readonly _uri: DocumentUri,
    private readonly _languageId: string,
    private _version: number,
    content: string,
    private readonly threshold = BUFFER_THRESHOLD,
  ) {
    this.content = content;
    this.length = content.length;
    this.latin1 = isLatin1(content);
    this.buffer = undefined;
    this.lineOffsets = undefined;
    this.toBufferIfLarge();
  }

  static create(uri: DocumentUri, languageId: string, version: number, content: string, threshold?: number): EditableDocument {
    return new EditableDocument(uri, languageId, version, content, threshold);
  }

  /** Like `TextDocument.update`: applies the changes in order and returns the same document. */
  static update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): EditableDocument {
    if (!(document instanceof EditableDocument)) throw new Error('EditableDocument.update: document must be created by EditableDocument.create');
    document.update(changes, version);
    return document;
  }

  get uri(): DocumentUri {
    return this._uri;
  }

  get languageId(): string {
    return this._languageId;
  }

  get version(): number {
    return this._version;
  }

  /** True while the text is kept as latin1 bytes (for tests). */
  get usesBuffer(): boolean {
    return this.buffer !== undefined;
  }

  getText(range?: Range): string {
    if (range) {
      const start = this.offsetAt(range.start);
      const end = this.offsetAt(range.end);
      return this.substring(start, end);
    }
    return this.text();
  }

  update(changes: TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (isIncremental(change)) {
        // makes sure start is before end
        const range = getWellformedRange(change.range);
        const startOffset = this.offsetAt(range.start);
        const endOffset = this.offsetAt(range.end);
        this.replace(startOffset, endOffset, change.text);
        const insertedEndOffset = startOffset + change.text.length;
        const crlfAtStart = this.charCodeAt(startOffset - 1) === CR && this.charCodeAt(startOffset) === LF;
        const crlfAtEnd = this.charCodeAt(insertedEndOffset - 1) === CR && this.charCodeAt(insertedEndOffset) === LF;
        if (crlfAtStart || crlfAtEnd) {
          // A CRLF pair across an edit boundary is not included in the inserted text's line offsets.
          this.lineOffsets = undefined;
          continue;
        }
        // update the offsets (offsetAt above has computed them)
        const startLine = Math.max(range.start.line, 0);
        const endLine = Math.max(range.end.line, 0);
        let lineOffsets = this.lineOffsets!;
        const addedLineOffsets = computeLineOffsets(change.text, false, startOffset);
        if (endLine - startLine === addedLineOffsets.length) {
          for (let i = 0, len = addedLineOffsets.length; i < len; i++) lineOffsets[i + startLine + 1] = addedLineOffsets[i]!;
        } else if (addedLineOffsets.length < 10000) {
          lineOffsets.splice(startLine + 1, endLine - startLine, ...addedLineOffsets);
        } else {
          // avoid too many arguments for splice
          this.lineOffsets = lineOffsets = lineOffsets.slice(0, startLine + 1).concat(addedLineOffsets, lineOffsets.slice(endLine + 1));
        }
        const diff = change.text.length - (endOffset - startOffset);
        if (diff !== 0) {
          for (let i = startLine + 1 + addedLineOffsets.length, len = lineOffsets.length; i < len; i++) lineOffsets[i] = lineOffsets[i]! + diff;
        }
      } else if (isFull(change)) {
        this.content = change.text;
        this.length = change.text.length;
        this.latin1 = isLatin1(change.text);
        this.lineOffsets = undefined;
        this.buffer = undefined; // holds the old text
        this.toBufferIfLarge();
      } else {
        throw new Error('Unknown change event received');
      }
    }
    this._version = version;
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.length), 0);
    const lineOffsets = this.getLineOffsets();
    let low = 0;
    let high = lineOffsets.length;
    if (high === 0) return { line: 0, character: offset };
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (lineOffsets[mid]! > offset) high = mid;
      else low = mid + 1;
    }
    // low is the least x for which the line offset is larger than the current offset
    // or array.length if no line offset is larger than the current offset
    const line = low - 1;
    offset = this.ensureBeforeEOL(offset, lineOffsets[line]!);
    return { line, character: offset - lineOffsets[line]! };
  }

  offsetAt(position: Position): number {
    const lineOffsets = this.getLineOffsets();
    if (position.line >= lineOffsets.length) return this.length;
    else if (position.line < 0) return 0;
    const lineOffset = lineOffsets[position.line]!;
    if (position.character <= 0) return lineOffset;
    const nextLineOffset = position.line + 1 < lineOffsets.length ? lineOffsets[position.line + 1]! : this.length;
    const offset = Math.min(lineOffset + position.character, nextLineOffset);
    return this.ensureBeforeEOL(offset, lineOffset);
  }

  getLineRange(line: number): Range {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length) {
      const lastLine = lineOffsets.length - 1;
      return { start: { line: lastLine, character: 0 }, end: { line: lastLine, character: this.length - lineOffsets[lastLine]! } };
    } else if (line < 0) {
      return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    }
    const startOffset = lineOffsets[line]!;
    const nextLineOffset = line + 1 < lineOffsets.length ? lineOffsets[line + 1]! : this.length;
    const endOffset = this.ensureBeforeEOL(nextLineOffset, startOffset);
    return { start: { line, character: 0 }, end: { line, character: endOffset - startOffset } };
  }

  getEOLCharacters(line: number): string {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length) return '';
    else if (line < 0) return '';
    const nextLineOffset = line + 1 < lineOffsets.length ? lineOffsets[line + 1]! : this.length;
    const eolOffset = this.ensureBeforeEOL(nextLineOffset, lineOffsets[line]!);
    return this.substring(eolOffset, nextLineOffset);
  }

  get lineCount(): number {
    return this.getLineOffsets().length;
  }

  private getLineOffsets(): number[] {
    if (this.lineOffsets === undefined) {
      this.lineOffsets = this.content !== undefined ? computeLineOffsets(this.content, true) : computeBufferLineOffsets(this.buffer!, this.length);
    }
    return this.lineOffsets;
  }

  private ensureBeforeEOL(offset: number, lineOffset: number): number {
    while (offset > lineOffset && isEOL(this.charCodeAt(offset - 1))) offset--;
    return offset;
  }

  private text(): string {
    return (this.content ??= this.buffer!.toString('latin1', 0, this.length));
  }

  /** As `String.prototype.charCodeAt` on the text: positions are truncated, NaN is 0, outside the text NaN. */
  private charCodeAt(index: number): number {
    if (this.buffer === undefined) return this.content!.charCodeAt(index);
    const i = Math.trunc(index) || 0;
    return i >= 0 && i < this.length ? this.buffer[i]! : NaN;
  }

  /** As `String.prototype.substring` on the text, without making the whole text in buffer mode. */
  private substring(start: number, end: number): string {
    if (this.content !== undefined) return this.content.substring(start, end);
    const from = clampIndex(start, this.length);
    const to = end === undefined ? this.length : clampIndex(end, this.length);
    return from <= to ? this.buffer!.toString('latin1', from, to) : this.buffer!.toString('latin1', to, from);
  }

  /** The text becomes `substring(0, start) + text + substring(end)`, as in FullTextDocument. */
  private replace(start: number, end: number, text: string): void {
    if (this.latin1 && !isLatin1(text)) {
      this.latin1 = false;
      if (this.buffer !== undefined) {
        this.text();
        this.buffer = undefined;
      }
    }
    if (this.buffer === undefined) {
      const content = this.content!;
      this.content = content.substring(0, start) + text + content.substring(end, content.length);
      this.length = this.content.length;
      this.toBufferIfLarge();
      return;
    }
    // As substring reads them: `start` ends the text kept before, `end` starts the text kept after. (Both are
    // offsetAt's, which gives undefined for a line number that is not an integer: then all of the text.)
    const from = start === undefined ? this.length : clampIndex(start, this.length);
    const to = clampIndex(end, this.length);
    const length = from + text.length + (this.length - to);
    if (length > this.buffer.length) {
      const grown = Buffer.allocUnsafe(capacityFor(length));
      this.buffer.copy(grown, 0, 0, from);
      this.buffer.copy(grown, from + text.length, to, this.length);
      this.buffer = grown;
    } else {
      this.buffer.copyWithin(from + text.length, to, this.length);
    }
    if (text.length > 0) this.buffer.write(text, from, text.length, 'latin1');
    this.length = length;
    this.content = undefined;
  }

  /** From strings to buffer mode, for a text of only latin1 characters at or above the threshold. */
  private toBufferIfLarge(): void {
    if (!this.latin1 || this.length < this.threshold) return;
    const content = this.content!;
    this.buffer = Buffer.allocUnsafe(capacityFor(content.length));
    this.buffer.write(content, 0, content.length, 'latin1');
  }
}

/** Room for the text and an eighth more (at least 64 KiB), so typing rarely reallocates. */
function capacityFor(length: number): number {
  return length + Math.max(length >>> 3, 64 * 1024);
}

/** As `String.prototype.substring` reads an index: truncated, NaN (and undefined as a start) is 0, within [0, length]. */
function clampIndex(index: number, length: number): number {
  const i = Math.trunc(index);
  return i > 0 ? (i < length ? i : length) : 0;
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function isIncremental(event: TextDocumentContentChangeEvent): event is { range: Range; rangeLength?: number; text: string } {
  const candidate = event as { range?: Range; rangeLength?: number; text: string };
  return (
    candidate !== undefined &&
    candidate !== null &&
    typeof candidate.text === 'string' &&
    candidate.range !== undefined &&
    (candidate.rangeLength === undefined || typeof candidate.rangeLength === 'number')
  );
}

function isFull(event: TextDocumentContentChangeEvent): event is { text: string } {
  const candidate = event as { range?: Range; rangeLength?: number; text: string };
  return candidate !== undefined && candidate !== null && typeof candidate.text === 'string' && candidate.range === undefined && candidate.rangeLength === undefined;
}

function computeLineOffsets(text: string, isAtLineStart: boolean, textOffset = 0): number[] {
  const result = isAtLineStart ? [textOffset] : [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (isEOL(ch)) {
      if (ch === CR && i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
      result.push(textOffset + i + 1);
    }
  }
  return result;
}

/** computeLineOffsets(text, true) of the text in the first `length` bytes of the buffer. */
function computeBufferLineOffsets(buffer: Buffer, length: number): number[] {
  const result = [0];
  for (let i = 0; i < length; i++) {
    const ch = buffer[i]!;
    if (ch === LF || ch === CR) {
      if (ch === CR && i + 1 < length && buffer[i + 1] === LF) i++;
      result.push(i + 1);
    }
  }
  return result;
}

function isEOL(char: number): boolean {
  return char === CR || char === LF;
}

function getWellformedRange(range: Range): Range {
  const start = range.start;
  const end = range.end;
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) return { start: end, end: start };
  return range;
}
