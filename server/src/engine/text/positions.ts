/**
 * Positions and ranges in the shape LSP uses (0-based line, UTF-16 character), without depending on
 * the LSP libraries: the engine is used by the CLI and tests too.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A replacement of the text between two offsets, the form fixes are computed in. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * Maps offsets to positions. Line breaks are `\n`, `\r\n` and a lone `\r`, as in LSP; the `yaml`
 * package's LineCounter only knows `\n`, so a file with old Mac endings would get wrong lines from it.
 */
export class LineIndex {
  private readonly lineStarts: Float64Array;
  private eolCache: string | undefined;

  /**
   * `known` lets the incremental analyser hand over what it already has (line starts kept across an
   * edit, the line-break counts of its documents) instead of rescanning a large text.
   */
  constructor(
    readonly text: string,
    known?: { readonly lineStarts?: Float64Array; readonly eol?: string },
  ) {
    this.lineStarts = known?.lineStarts ?? Float64Array.from(lineStartsOf(text));
    this.eolCache = known?.eol;
  }

  /**
   * The index of `text`, which is this text with `[start, end)` replaced by `newText`: line starts
   * before the edit are kept, those after it shifted, and only the inserted text is scanned.
   */
  edited(start: number, end: number, newText: string, text: string, eol?: string): LineIndex {
    return this.edit(start, end, newText, text, eol, false);
  }

  /**
   * `edited`, reusing this index's line starts when the edit leaves as many lines as there were (typing
   * along a line): no copy of every line start per keystroke. This index is not to be used afterwards.
   */
  editedInPlace(start: number, end: number, newText: string, text: string, eol?: string): LineIndex {
    return this.edit(start, end, newText, text, eol, true);
  }

  private edit(start: number, end: number, newText: string, text: string, eol: string | undefined, inPlace: boolean): LineIndex {
    const old = this.lineStarts;
    const delta = newText.length - (end - start);
    // A line start at `start` itself depends on the character after it (a \r before a new \n), so
    // it is decided again with the inserted text.
    const keep = lowerBound(old, start);
    const inserted: number[] = start === 0 ? [0] : [];
    const stop = start + newText.length;
    for (let p = Math.max(start, 1); p <= stop; p++) if (isLineStart(text, p)) inserted.push(p);
    const tail = upperBound(old, end);
    const same = inPlace && inserted.length === tail - keep;
    const out = same ? old : new Float64Array(keep + inserted.length + (old.length - tail));
    if (!same) out.set(old.subarray(0, keep));
    out.set(inserted, keep);
    if (delta !== 0 || !same) {
      let at = keep + inserted.length;
      for (let i = tail; i < old.length; i++) out[at++] = old[i]! + delta;
    }
    return new LineIndex(text, { lineStarts: out, ...(eol === undefined ? {} : { eol }) });
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low]! };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line]!;
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1]! : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  /** Offset of the first character of the line holding `offset`. */
  lineStartOf(offset: number): number {
    return this.offsetAt({ line: this.positionAt(offset).line, character: 0 });
  }

  /** Offset just past the line break that ends the line holding `offset` (or the text's end). */
  nextLineStart(offset: number): number {
    const { line } = this.positionAt(offset);
    return line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! : this.text.length;
  }

  /** The line break this text uses most: `\r\n` or `\n`. Counted once: fixes ask for it per edit. */
  get eol(): string {
    // Computed once: every fix asks, and a large file has many.
    this.eolCache ??= eolOf(lineBreakCounts(this.text));
    return this.eolCache;
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  toTextEdit(edit: OffsetEdit): TextEdit {
    return { range: this.range(edit.start, edit.end), newText: edit.newText };
  }
}

/** Offsets where lines start in `text` (after \n, \r\n or a lone \r), 0 included. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function isLineStart(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  return before === 10 /* \n */ || (before === 13 /* \r */ && text.charCodeAt(offset) !== 10);
}

/** Index of the first element not less than `value` in a sorted array. */
function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first element greater than `value` in a sorted array. */
function upperBound(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export interface LineBreakCounts {
  readonly crlf: number;
  /** Lone \n (not after \r). */
  readonly lf: number;
}

export function lineBreakCounts(text: string): LineBreakCounts {
  const crlf = text.split('\r\n').length - 1;
  return { crlf, lf: text.split('\n').length - 1 - crlf };
}

/** The line break a text uses most: `\r\n` or `\n`. */
export function eolOf(counts: LineBreakCounts): string {
  return counts.crlf > counts.lf ? '\r\n' : '\n';
}

/** Applies non-overlapping edits to a text (used by the CLI's --fix and by tests). */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    if (edit.end > lastStart) throw new Error('overlapping edits');
    out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
    lastStart = edit.start;
  }
  return out;
}
