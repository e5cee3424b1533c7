/**
 * Writing diagnostics on the wire without encoding them all again on every edit (issue 16). A publish of
 * 11,000 diagnostics is 5 MB of JSON, and `JSON.stringify` of it was the largest item of an edit's time on
 * 5,000 policies, though an edit changes few diagnostics. This encoder writes the messages of the language
 * server as vscode-jsonrpc's JSON encoder does, byte for byte, but the diagnostics of an array made by
 * `diagnosticsOf` are written from what was written before: the runs of diagnostics shared with the last
 * message about the same document are copied from its bytes, and the others are written from their
 * message's JSON after the range (the range, and only it, moves with the text).
 */
import type { Diagnostic, DocumentSymbol, Message, Range } from 'vscode-languageserver/node';
import { symbolArrays } from './language';
import type { ShownFinding } from '../engine';
import { diagnosticField, diagnosticSeverity, toDiagnostic } from './diagnostics';
import type { DiagnosticData } from './diagnostics';

/** The JSON of diagnostics after their range (`,"severity":...}`), and what it was made from: one per message text. */
interface Piece {
  readonly severity: Diagnostic['severity'];
  readonly code: Diagnostic['code'];
  readonly codeDescription: Diagnostic['codeDescription'];
  readonly source: string | undefined;
  readonly field: string | undefined;
  readonly rest: string;
}

/** The arrays made by `diagnosticsOf`, with their document: only their diagnostics have the known shape (`toDiagnostic`'s). */
const made = new WeakMap<readonly Diagnostic[], string>();

/**
 * Each finding's diagnostic by the finding's range object, made again only when the finding says something
 * else: a finding an edit left in place or moved along a line keeps its range object (shiftFinding), and
 * an edit of 5,000 policies then makes a few diagnostics, not 11,000.
 */
const diagnosticByRange = new WeakMap<Range, Diagnostic>();

/** Whether `diagnostic` is `toDiagnostic(finding)`, `finding` having no related locations. */
function describes(diagnostic: Diagnostic, finding: ShownFinding): boolean {
  return (
    diagnostic.message === finding.message &&
    diagnostic.code === finding.code &&
    diagnostic.severity === diagnosticSeverity(finding.severity) &&
    (diagnostic.data as DiagnosticData | undefined)?.field === diagnosticField(finding) &&
    diagnostic.relatedInformation === undefined
  );
}

/**
 * The findings and diagnostics last made for each document: the runs of the same finding objects at the start and
 * at the end of the next findings (an edit's analysis hands out the findings of the pieces it did not touch again:
 * IncrementalAnalysis.shown) take their diagnostics from it without looking each up.
 */
const lastMade = new Map<string, { readonly findings: readonly ShownFinding[]; readonly diagnostics: readonly Diagnostic[] }>();

/** Drops what `diagnosticsOf` keeps for a document (closed). */
export function forgetDiagnostics(uri: string): void {
  lastMade.delete(uri);
}

/** The diagnostics of `findings` in `uri`, written from what was kept when a DiagnosticsEncoder encodes them. */
export function diagnosticsOf(uri: string, findings: readonly ShownFinding[]): Diagnostic[] {
  const diagnostics = new Array<Diagnostic>(findings.length);
  // A finding object says what it said when its diagnostic was made (findings are not changed).
  const last = lastMade.get(uri);
  let head = 0;
  let tail = 0;
  if (last) {
    const shared = Math.min(findings.length, last.findings.length);
    while (head < shared && findings[head] === last.findings[head]) {
      diagnostics[head] = last.diagnostics[head]!;
      head++;
    }
    while (tail < shared - head && findings[findings.length - 1 - tail] === last.findings[last.findings.length - 1 - tail]) {
      diagnostics[findings.length - 1 - tail] = last.diagnostics[last.findings.length - 1 - tail]!;
      tail++;
    }
  }
  for (let i = head; i < findings.length - tail; i++) {
    const finding = findings[i]!;
    let diagnostic = finding.related ? undefined : diagnosticByRange.get(finding.range);
    if (!diagnostic || !describes(diagnostic, finding)) {
      diagnostic = toDiagnostic(finding);
      if (!finding.related) diagnosticByRange.set(finding.range, diagnostic);
    }
    diagnostics[i] = diagnostic;
  }
  made.set(diagnostics, uri);
  lastMade.set(uri, { findings, diagnostics });
  return diagnostics;
}

/** Stands for the diagnostics array while the rest of the message is encoded. */
const PLACEHOLDER = '\u0000netpol-lens diagnostics\u0000';
const PLACEHOLDER_JSON = JSON.stringify(PLACEHOLDER);

/** A content-type encoder for vscode-jsonrpc's StreamMessageWriter (`application/json`, as its own). */
export class DiagnosticsEncoder {
  readonly name = 'application/json';
  /** The pieces by message text, dropped when far more than one message's worth. */
  private pieces = new Map<string, Piece>();
  /**
   * The last array written for each document, its JSON (in `bytes`, from `start`) and where each diagnostic
   * is in it: the runs of diagnostics at its start and end that the next array shares are copied at once.
   */
  private readonly last = new Map<
    string,
    {
      readonly diagnostics: readonly Diagnostic[];
      readonly bytes: Buffer;
      /** The memory `bytes` is written in (with room to grow), and that of the message before (see `array`). */
      readonly room: Buffer;
      readonly spare: Buffer | undefined;
      readonly starts: Float64Array;
      readonly ends: Float64Array;
    }
  >();
  /** How many diagnostics of the last array were written anew (the others as kept): tests read it. */
  writtenAnew = 0;
  /** How many were copied with the runs shared with the array before (tests read it). */
  copied = 0;

  /** Forgets what was written for a document (closed). */
  forget(uri: string): void {
    this.last.delete(uri);
  }

  /**
   * The message as UTF-8 JSON: `Buffer.from(JSON.stringify(message))`, the charset being UTF-8. The bytes of a
   * document's diagnostics are valid until its message after next is encoded (their memory is used again).
   */
  encode(message: Message, options: { charset: BufferEncoding }): Promise<Uint8Array> {
    try {
      return Promise.resolve(this.bytes(message, options.charset));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  bytes(message: Message, charset: BufferEncoding = 'utf-8'): Buffer {
    // A publish's params.diagnostics, or a pull's result.items: other messages are encoded as they are.
    const { params, result } = message as { params?: { diagnostics?: unknown }; result?: { items?: unknown } };
    // The outline (documentSymbolsOf): each symbol's JSON is written once, those of unchanged policies being the same objects.
    if (Array.isArray(result) && symbolArrays.has(result) && (charset === 'utf-8' || charset === 'utf8')) return symbolsBytes(message, result as DocumentSymbol[]);
    const array = (typeof params === 'object' && params !== null ? params.diagnostics : undefined) ?? (typeof result === 'object' && result !== null ? result.items : undefined);
    const uri = Array.isArray(array) ? made.get(array) : undefined;
    if (uri === undefined || (charset !== 'utf-8' && charset !== 'utf8')) return Buffer.from(JSON.stringify(message), charset);
    // The rest of the message (a few small fields) with a placeholder for the array.
    const outer = JSON.stringify(message, (_key, value: unknown) => (value === array ? PLACEHOLDER : value));
    const at = outer.indexOf(PLACEHOLDER_JSON);
    return this.array(uri, array as Diagnostic[], Buffer.from(outer.slice(0, at)), Buffer.from(outer.slice(at + PLACEHOLDER_JSON.length)));
  }


  /** `before`, the diagnostics as a JSON array, `after`. */
  private array(uri: string, diagnostics: readonly Diagnostic[], before: Buffer, after: Buffer): Buffer {
    const n = diagnostics.length;
    // The runs shared with the last array of the document, at its start and at its end (the same objects).
    const last = this.last.get(uri);
    const m = last?.diagnostics.length ?? 0;
    let prefix = 0;
    while (prefix < n && prefix < m && diagnostics[prefix] === last!.diagnostics[prefix]) prefix++;
    let suffix = 0;
    while (suffix < n - prefix && suffix < m - prefix && diagnostics[n - 1 - suffix] === last!.diagnostics[m - 1 - suffix]) suffix++;
    this.copied = prefix + suffix;
    this.writtenAnew = 0;

    // The diagnostics between the runs, written from their message's piece.
    const parts = new Array<Buffer>(n - prefix - suffix);
    let length = before.length + after.length + 2 + Math.max(0, n - 1);
    if (prefix > 0) length += last!.ends[prefix - 1]! - last!.starts[0]! - (prefix - 1);
    if (suffix > 0) length += last!.ends[m - 1]! - last!.starts[m - suffix]! - (suffix - 1);
    for (let i = prefix; i < n - suffix; i++) {
      const part = this.write(diagnostics[i]!);
      parts[i - prefix] = part;
      length += part.length;
    }
    if (this.pieces.size > 4 * n + 1000) this.pieces = new Map();

    // Written over the memory of the document's message before last: vscode-jsonrpc's writer encodes a message
    // only once the one before it is written, so that one is out (its bytes were copied from it into the
    // last). A 5 MB message per keystroke otherwise waits for a full collection to be freed, and what malloc
    // keeps of them was a good part of the peak memory while typing (docs/benchmark.md).
    const room = last?.spare !== undefined && last.spare.length >= length ? last.spare : Buffer.allocUnsafe(length + (length >> 3));
    const out = room.subarray(0, length);
    const starts = new Float64Array(n);
    const ends = new Float64Array(n);
    out.set(before, 0);
    let at = before.length;
    out[at++] = 91; // [
    if (prefix > 0) {
      const from = last!.starts[0]!;
      at += last!.bytes.copy(out, at, from, last!.ends[prefix - 1]);
      for (let i = 0; i < prefix; i++) {
        starts[i] = last!.starts[i]! - from + before.length + 1;
        ends[i] = last!.ends[i]! - from + before.length + 1;
      }
    }
    for (let i = prefix; i < n - suffix; i++) {
      if (i > 0) out[at++] = 44; // ,
      const part = parts[i - prefix]!;
      starts[i] = at;
      out.set(part, at);
      at += part.length;
      ends[i] = at;
    }
    if (suffix > 0) {
      if (n - suffix > 0) out[at++] = 44; // ,
      const from = last!.starts[m - suffix]!;
      const shift = at - from;
      at += last!.bytes.copy(out, at, from, last!.ends[m - 1]);
      for (let i = 0; i < suffix; i++) {
        starts[n - suffix + i] = last!.starts[m - suffix + i]! + shift;
        ends[n - suffix + i] = last!.ends[m - suffix + i]! + shift;
      }
    }
    out[at++] = 93; // ]
    out.set(after, at);
    at += after.length;
    if (at !== length) throw new Error(`diagnostics encoded in ${at} bytes, ${length} counted`);
    this.last.set(uri, { diagnostics, bytes: out, room, spare: last?.room, starts, ends });
    return out;
  }

  /** One diagnostic's JSON, from its message's piece when it has one. */
  private write(diagnostic: Diagnostic): Buffer {
    const text = diagnostic.message;
    this.writtenAnew++;
    // Related locations move with the text too: such diagnostics (few) are written whole.
    if (diagnostic.relatedInformation !== undefined || typeof text !== 'string') return Buffer.from(JSON.stringify(diagnostic));
    const field = (diagnostic.data as { field?: string } | undefined)?.field;
    const { start, end } = diagnostic.range;
    let piece = this.pieces.get(text);
    if (!piece || !samePiece(piece, diagnostic, field)) {
      const rest: Partial<Diagnostic> = { ...diagnostic };
      delete rest.range;
      piece = { severity: diagnostic.severity, code: diagnostic.code, codeDescription: diagnostic.codeDescription, source: diagnostic.source, field, rest: JSON.stringify(rest).slice(1) };
      this.pieces.set(text, piece);
    }
    return Buffer.from(`{"range":{"start":{"line":${start.line},"character":${start.character}},"end":{"line":${end.line},"character":${end.character}}},${piece.rest}`);
  }
}

/** Whether `piece` was made from a diagnostic like this one, but for the range. */
function samePiece(piece: Piece, diagnostic: Diagnostic, field: string | undefined): boolean {
  return (
    piece.severity === diagnostic.severity &&
    piece.code === diagnostic.code &&
    piece.codeDescription === diagnostic.codeDescription &&
    piece.source === diagnostic.source &&
    piece.field === field
  );
}

/** The JSON of each DocumentSymbol written, by the symbol (documentSymbolsOf keeps those of unchanged policies). */
const symbolJson = new WeakMap<DocumentSymbol, string>();

/** `Buffer.from(JSON.stringify(message))` for a message whose result is `symbols`, with each symbol's JSON as kept. */
function symbolsBytes(message: Message, symbols: readonly DocumentSymbol[]): Buffer {
  const outer = JSON.stringify(message, (_key, value: unknown) => (value === symbols ? PLACEHOLDER : value));
  const at = outer.indexOf(PLACEHOLDER_JSON);
  const items = new Array<string>(symbols.length);
  for (let i = 0; i < symbols.length; i++) {
    const symbol = symbols[i]!;
    let json = symbolJson.get(symbol);
    if (json === undefined) symbolJson.set(symbol, (json = JSON.stringify(symbol)));
    items[i] = json;
  }
  return Buffer.from(`${outer.slice(0, at)}[${items.join(',')}]${outer.slice(at + PLACEHOLDER_JSON.length)}`, 'utf8');
}
