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
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      }
    }
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

  private eolCache: string | undefined;

  /** The line break this text uses most: `\r\n` or `\n`. Counted once: fixes ask for it per edit. */
  get eol(): string {
    if (this.eolCache === undefined) {
      let crlf = 0;
      let lf = 0;
      for (let at = this.text.indexOf('\n'); at >= 0; at = this.text.indexOf('\n', at + 1)) {
        if (at > 0 && this.text.charCodeAt(at - 1) === 13) crlf++;
        else lf++;
      }
      this.eolCache = crlf > lf ? '\r\n' : '\n';
    }
    return this.eolCache;
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  toTextEdit(edit: OffsetEdit): TextEdit {
    return { range: this.range(edit.start, edit.end), newText: edit.newText };
  }
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
