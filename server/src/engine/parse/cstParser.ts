/**
 * The `yaml` package's CST lexer and parser (version 2.9.1, `dist/parse/lexer.js` and `parser.js`), written
 * again without generators. The package's lexer yields each lexeme through a chain of generators, and its
 * parser takes each lexeme through another: every lexeme made about ten generator objects, most of the
 * memory a first open allocates (about 530 MB for the 0.9 MB file of 1,000 crowded policies, against
 * 75 MB for composing the documents from the tokens). Here each `yield` is a call and each `yield*` a plain
 * call, in the same order, so the tokens are the package's own, field for field; the package's `Composer`
 * then makes the documents from them. `test/unit/cstParser.test.ts` compares the tokens and the documents
 * with the package's on every YAML file of the repository and on random and garbled texts.
 *
 * Left out: incomplete input (the whole text is always given at once, so `atEnd` is always true) and the
 * `onNewLine` callback (no line counter is asked for). A parse whose stack grows deeper than `MAX_DEPTH`
 * stops with `TooDeep`, and the caller parses with the package itself (deep nesting and its stack overflows
 * stay exactly the package's).
 *
 * This file is derived from the `yaml` package, under its ISC license, reproduced here in full:
 *
 * Copyright Eemeli Aro <eemeli@gmail.com>
 *
 * Permission to use, copy, modify, and/or distribute this software for any purpose
 * with or without fee is hereby granted, provided that the above copyright notice
 * and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH
 * REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND
 * FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT,
 * INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS
 * OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER
 * TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF
 * THIS SOFTWARE.
 */
import { Composer, CST, parseAllDocuments } from 'yaml';
import type { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
import type { YamlDocument } from './yamlFile';

/** A CST token as the package's parser makes it (its `CST.Token`, with every field optional here). */
export interface Token {
  type: string;
  offset: number;
  indent?: number;
  source?: string;
  message?: string;
  start?: Token[] | Token;
  items?: Item[];
  end?: Token[];
  value?: Token;
  props?: Token[];
}

/** An item of a collection token. */
export interface Item {
  start: Token[];
  key?: Token | null;
  sep?: Token[];
  value?: Token;
  explicitKey?: boolean;
}

const BOM = '\u{FEFF}';
const DOCUMENT = '\x02';
const FLOW_END = '\x18';
const SCALAR = '\x1f';

/** Thrown when the parser's stack grows past `MAX_DEPTH`: the caller parses with the package instead. */
export class TooDeep extends Error {}
const MAX_DEPTH = 100;

function isEmpty(ch: string | undefined): boolean {
  switch (ch) {
    case undefined:
    case ' ':
    case '\n':
    case '\r':
    case '\t':
      return true;
    default:
      return false;
  }
}
const hexDigits = new Set('0123456789ABCDEFabcdef');
const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
const flowIndicatorChars = new Set(',[]{}');
const invalidAnchorChars = new Set(' ,[]{}\n\r\t');
const isNotAnchorChar = (ch: string | undefined) => !ch || invalidAnchorChars.has(ch);

/** The package's `Lexer`, each lexeme handed to `emit` as it is made. */
class Lexer {
  private readonly atEnd = true;
  private blockScalarIndent = -1;
  private blockScalarKeep = false;
  private buffer = '';
  private flowKey = false;
  private flowLevel = 0;
  private indentNext = 0;
  private indentValue = 0;
  private lineEndPos: number | null = null;
  private pos = 0;

  constructor(private readonly emit: (lexeme: string) => void) {}

  lex(source: string): void {
    this.buffer = source;
    this.lineEndPos = null;
    let next: string | null = 'stream';
    while (next && this.hasChars(1)) next = this.parseNext(next);
  }

  private atLineEnd(): boolean {
    let i = this.pos;
    let ch = this.buffer[i];
    while (ch === ' ' || ch === '\t') ch = this.buffer[++i];
    if (!ch || ch === '#' || ch === '\n') return true;
    if (ch === '\r') return this.buffer[i + 1] === '\n';
    return false;
  }

  private charAt(n: number): string | undefined {
    return this.buffer[this.pos + n];
  }

  private continueScalar(offset: number): number {
    let ch = this.buffer[offset];
    if (this.indentNext > 0) {
      let indent = 0;
      while (ch === ' ') ch = this.buffer[++indent + offset];
      if (ch === '\r') {
        const next = this.buffer[indent + offset + 1];
        if (next === '\n' || (!next && !this.atEnd)) return offset + indent + 1;
      }
      return ch === '\n' || indent >= this.indentNext || (!ch && !this.atEnd) ? offset + indent : -1;
    }
    if (ch === '-' || ch === '.') {
      const dt = this.buffer.substr(offset, 3);
      if ((dt === '---' || dt === '...') && isEmpty(this.buffer[offset + 3])) return -1;
    }
    return offset;
  }

  private getLine(): string {
    let end = this.lineEndPos;
    if (typeof end !== 'number' || (end !== -1 && end < this.pos)) {
      end = this.buffer.indexOf('\n', this.pos);
      this.lineEndPos = end;
    }
    if (end === -1) return this.buffer.substring(this.pos);
    if (this.buffer[end - 1] === '\r') end -= 1;
    return this.buffer.substring(this.pos, end);
  }

  private hasChars(n: number): boolean {
    return this.pos + n <= this.buffer.length;
  }

  private peek(n: number): string {
    return this.buffer.substr(this.pos, n);
  }

  private parseNext(next: string): string | null {
    switch (next) {
      case 'stream':
        return this.parseStream();
      case 'line-start':
        return this.parseLineStart();
      case 'block-start':
        return this.parseBlockStart();
      case 'doc':
        return this.parseDocument();
      case 'flow':
        return this.parseFlowCollection();
      case 'quoted-scalar':
        return this.parseQuotedScalar();
      case 'block-scalar':
        return this.parseBlockScalar();
      case 'plain-scalar':
        return this.parsePlainScalar();
    }
    return null;
  }

  private parseStream(): string | null {
    let line = this.getLine();
    if (line[0] === BOM) {
      this.pushCount(1);
      line = line.substring(1);
    }
    if (line[0] === '%') {
      let dirEnd = line.length;
      let cs = line.indexOf('#');
      while (cs !== -1) {
        const ch = line[cs - 1];
        if (ch === ' ' || ch === '\t') {
          dirEnd = cs - 1;
          break;
        } else {
          cs = line.indexOf('#', cs + 1);
        }
      }
      while (true) {
        const ch = line[dirEnd - 1];
        if (ch === ' ' || ch === '\t') dirEnd -= 1;
        else break;
      }
      const n = this.pushCount(dirEnd) + this.pushSpaces(true);
      this.pushCount(line.length - n); // possible comment
      // The package calls its generator `pushNewline()` here without running it: no newline is pushed (the
      // next line's `parseStream` pushes it).
      return 'stream';
    }
    if (this.atLineEnd()) {
      const sp = this.pushSpaces(true);
      this.pushCount(line.length - sp);
      this.pushNewline();
      return 'stream';
    }
    this.emit(DOCUMENT);
    return this.parseLineStart();
  }

  private parseLineStart(): string | null {
    const ch = this.charAt(0);
    if (ch === '-' || ch === '.') {
      const s = this.peek(3);
      if ((s === '---' || s === '...') && isEmpty(this.charAt(3))) {
        this.pushCount(3);
        this.indentValue = 0;
        this.indentNext = 0;
        return s === '---' ? 'doc' : 'stream';
      }
    }
    this.indentValue = this.pushSpaces(false);
    if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1))) this.indentNext = this.indentValue;
    return this.parseBlockStart();
  }

  private parseBlockStart(): string | null {
    const pair = this.peek(2);
    const ch0 = pair[0];
    const ch1 = pair[1];
    if ((ch0 === '-' || ch0 === '?' || ch0 === ':') && isEmpty(ch1)) {
      const n = this.pushCount(1) + this.pushSpaces(true);
      this.indentNext = this.indentValue + 1;
      this.indentValue += n;
      return 'block-start';
    }
    return 'doc';
  }

  private parseDocument(): string | null {
    this.pushSpaces(true);
    const line = this.getLine();
    let n = this.pushIndicators();
    switch (line[n]) {
      case '#':
        this.pushCount(line.length - n);
        this.pushNewline();
        return this.parseLineStart();
      case undefined:
        this.pushNewline();
        return this.parseLineStart();
      case '{':
      case '[':
        this.pushCount(1);
        this.flowKey = false;
        this.flowLevel = 1;
        return 'flow';
      case '}':
      case ']':
        // this is an error
        this.pushCount(1);
        return 'doc';
      case '*':
        this.pushUntil(isNotAnchorChar);
        return 'doc';
      case '"':
      case "'":
        return this.parseQuotedScalar();
      case '|':
      case '>':
        n += this.parseBlockScalarHeader();
        n += this.pushSpaces(true);
        this.pushCount(line.length - n);
        this.pushNewline();
        return this.parseBlockScalar();
      default:
        return this.parsePlainScalar();
    }
  }

  private parseFlowCollection(): string | null {
    let nl: number;
    let sp: number;
    let indent = -1;
    do {
      nl = this.pushNewline();
      if (nl > 0) {
        sp = this.pushSpaces(false);
        this.indentValue = indent = sp;
      } else {
        sp = 0;
      }
      sp += this.pushSpaces(true);
    } while (nl + sp > 0);
    const line = this.getLine();
    if ((indent !== -1 && indent < this.indentNext && line[0] !== '#') || (indent === 0 && (line.startsWith('---') || line.startsWith('...')) && isEmpty(line[3]))) {
      const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === ']' || line[0] === '}');
      if (!atFlowEndMarker) {
        // this is an error
        this.flowLevel = 0;
        this.emit(FLOW_END);
        return this.parseLineStart();
      }
    }
    let n = 0;
    while (line[n] === ',') {
      n += this.pushCount(1);
      n += this.pushSpaces(true);
      this.flowKey = false;
    }
    n += this.pushIndicators();
    switch (line[n]) {
      case undefined:
        return 'flow';
      case '#':
        this.pushCount(line.length - n);
        return 'flow';
      case '{':
      case '[':
        this.pushCount(1);
        this.flowKey = false;
        this.flowLevel += 1;
        return 'flow';
      case '}':
      case ']':
        this.pushCount(1);
        this.flowKey = true;
        this.flowLevel -= 1;
        return this.flowLevel ? 'flow' : 'doc';
      case '*':
        this.pushUntil(isNotAnchorChar);
        return 'flow';
      case '"':
      case "'":
        this.flowKey = true;
        return this.parseQuotedScalar();
      case ':': {
        const next = this.charAt(1);
        if (this.flowKey || isEmpty(next) || next === ',') {
          this.flowKey = false;
          this.pushCount(1);
          this.pushSpaces(true);
          return 'flow';
        }
        this.flowKey = false;
        return this.parsePlainScalar();
      }
      default:
        this.flowKey = false;
        return this.parsePlainScalar();
    }
  }

  private parseQuotedScalar(): string | null {
    const quote = this.charAt(0)!;
    let end = this.buffer.indexOf(quote, this.pos + 1);
    if (quote === "'") {
      while (end !== -1 && this.buffer[end + 1] === "'") end = this.buffer.indexOf("'", end + 2);
    } else {
      // double-quote
      while (end !== -1) {
        let n = 0;
        while (this.buffer[end - 1 - n] === '\\') n += 1;
        if (n % 2 === 0) break;
        end = this.buffer.indexOf('"', end + 1);
      }
    }
    // Only looking for newlines within the quotes
    const qb = this.buffer.substring(0, end);
    let nl = qb.indexOf('\n', this.pos);
    if (nl !== -1) {
      while (nl !== -1) {
        const cs = this.continueScalar(nl + 1);
        if (cs === -1) break;
        nl = qb.indexOf('\n', cs);
      }
      if (nl !== -1) {
        // this is an error caused by an unexpected unindent
        end = nl - (qb[nl - 1] === '\r' ? 2 : 1);
      }
    }
    if (end === -1) end = this.buffer.length;
    this.pushToIndex(end + 1, false);
    return this.flowLevel ? 'flow' : 'doc';
  }

  private parseBlockScalarHeader(): number {
    this.blockScalarIndent = -1;
    this.blockScalarKeep = false;
    let i = this.pos;
    while (true) {
      const ch = this.buffer[++i];
      if (ch === '+') this.blockScalarKeep = true;
      else if (ch !== undefined && ch > '0' && ch <= '9') this.blockScalarIndent = Number(ch) - 1;
      else if (ch !== '-') break;
    }
    return this.pushUntil((ch) => isEmpty(ch) || ch === '#');
  }

  private parseBlockScalar(): string | null {
    let nl = this.pos - 1; // may be -1 if this.pos === 0
    let indent = 0;
    let ch: string | undefined;
    loop: for (let i = this.pos; (ch = this.buffer[i]); ++i) {
      switch (ch) {
        case ' ':
          indent += 1;
          break;
        case '\n':
          nl = i;
          indent = 0;
          break;
        case '\r': {
          const next = this.buffer[i + 1];
          if (next === '\n') break;
          break loop;
        }
        default:
          break loop;
      }
    }
    if (indent >= this.indentNext) {
      if (this.blockScalarIndent === -1) this.indentNext = indent;
      else {
        this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
      }
      do {
        const cs = this.continueScalar(nl + 1);
        if (cs === -1) break;
        nl = this.buffer.indexOf('\n', cs);
      } while (nl !== -1);
      if (nl === -1) nl = this.buffer.length;
    }
    // Trailing insufficiently indented tabs are invalid.
    // To catch that during parsing, we include them in the block scalar value.
    let i = nl + 1;
    ch = this.buffer[i];
    while (ch === ' ') ch = this.buffer[++i];
    if (ch === '\t') {
      while (ch === '\t' || ch === ' ' || ch === '\r' || ch === '\n') ch = this.buffer[++i];
      nl = i - 1;
    } else if (!this.blockScalarKeep) {
      for (;;) {
        let i = nl - 1;
        let ch = this.buffer[i];
        if (ch === '\r') ch = this.buffer[--i];
        const lastChar = i; // Drop the line if last char not more indented
        while (ch === ' ') ch = this.buffer[--i];
        if (ch === '\n' && i >= this.pos && i + 1 + indent > lastChar) nl = i;
        else break;
      }
    }
    this.emit(SCALAR);
    this.pushToIndex(nl + 1, true);
    return this.parseLineStart();
  }

  private parsePlainScalar(): string | null {
    const inFlow = this.flowLevel > 0;
    let end = this.pos - 1;
    let i = this.pos - 1;
    let ch: string | undefined;
    while ((ch = this.buffer[++i])) {
      if (ch === ':') {
        const next = this.buffer[i + 1];
        if (isEmpty(next) || (inFlow && flowIndicatorChars.has(next!))) break;
        end = i;
      } else if (isEmpty(ch)) {
        let next = this.buffer[i + 1];
        if (ch === '\r') {
          if (next === '\n') {
            i += 1;
            ch = '\n';
            next = this.buffer[i + 1];
          } else end = i;
        }
        if (next === '#' || (inFlow && next !== undefined && flowIndicatorChars.has(next))) break;
        if (ch === '\n') {
          const cs = this.continueScalar(i + 1);
          if (cs === -1) break;
          i = Math.max(i, cs - 2); // to advance, but still account for ' #'
        }
      } else {
        if (inFlow && flowIndicatorChars.has(ch)) break;
        end = i;
      }
    }
    this.emit(SCALAR);
    this.pushToIndex(end + 1, true);
    return inFlow ? 'flow' : 'doc';
  }

  private pushCount(n: number): number {
    if (n > 0) {
      this.emit(this.buffer.substr(this.pos, n));
      this.pos += n;
      return n;
    }
    return 0;
  }

  private pushToIndex(i: number, allowEmpty: boolean): number {
    const s = this.buffer.slice(this.pos, i);
    if (s) {
      this.emit(s);
      this.pos += s.length;
      return s.length;
    } else if (allowEmpty) this.emit('');
    return 0;
  }

  private pushIndicators(): number {
    let n = 0;
    loop: while (true) {
      switch (this.charAt(0)) {
        case '!':
          n += this.pushTag();
          n += this.pushSpaces(true);
          continue loop;
        case '&':
          n += this.pushUntil(isNotAnchorChar);
          n += this.pushSpaces(true);
          continue loop;
        case '-': // this is an error
        case '?': // this is an error outside flow collections
        case ':': {
          const inFlow = this.flowLevel > 0;
          const ch1 = this.charAt(1);
          if (isEmpty(ch1) || (inFlow && flowIndicatorChars.has(ch1!))) {
            if (!inFlow) this.indentNext = this.indentValue + 1;
            else if (this.flowKey) this.flowKey = false;
            n += this.pushCount(1);
            n += this.pushSpaces(true);
            continue loop;
          }
        }
      }
      break loop;
    }
    return n;
  }

  private pushTag(): number {
    if (this.charAt(1) === '<') {
      let i = this.pos + 2;
      let ch = this.buffer[i];
      while (!isEmpty(ch) && ch !== '>') ch = this.buffer[++i];
      return this.pushToIndex(ch === '>' ? i + 1 : i, false);
    } else {
      let i = this.pos + 1;
      let ch = this.buffer[i];
      while (ch) {
        if (tagChars.has(ch)) ch = this.buffer[++i];
        else if (ch === '%' && hexDigits.has(this.buffer[i + 1]!) && hexDigits.has(this.buffer[i + 2]!)) {
          ch = this.buffer[(i += 3)];
        } else break;
      }
      return this.pushToIndex(i, false);
    }
  }

  private pushNewline(): number {
    const ch = this.buffer[this.pos];
    if (ch === '\n') return this.pushCount(1);
    else if (ch === '\r' && this.charAt(1) === '\n') return this.pushCount(2);
    else return 0;
  }

  private pushSpaces(allowTabs: boolean): number {
    let i = this.pos - 1;
    let ch: string | undefined;
    do {
      ch = this.buffer[++i];
    } while (ch === ' ' || (allowTabs && ch === '\t'));
    const n = i - this.pos;
    if (n > 0) {
      this.emit(this.buffer.substr(this.pos, n));
      this.pos = i;
    }
    return n;
  }

  private pushUntil(test: (ch: string | undefined) => boolean): number {
    let i = this.pos;
    let ch = this.buffer[i];
    while (!test(ch)) ch = this.buffer[++i];
    return this.pushToIndex(i, false);
  }
}

function includesToken(list: readonly Token[], type: string): boolean {
  for (let i = 0; i < list.length; ++i) if (list[i]!.type === type) return true;
  return false;
}

function findNonEmptyIndex(list: readonly Token[]): number {
  for (let i = 0; i < list.length; ++i) {
    switch (list[i]!.type) {
      case 'space':
      case 'comment':
      case 'newline':
        break;
      default:
        return i;
    }
  }
  return -1;
}

function isFlowToken(token: Token | null | undefined): boolean {
  switch (token?.type) {
    case 'alias':
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'flow-collection':
      return true;
    default:
      return false;
  }
}

function getPrevProps(parent: Token): Token[] {
  switch (parent.type) {
    case 'document':
      return parent.start as Token[];
    case 'block-map': {
      const it = parent.items![parent.items!.length - 1]!;
      return it.sep ?? it.start;
    }
    case 'block-seq':
      return parent.items![parent.items!.length - 1]!.start;
    default:
      return [];
  }
}

/** Note: May modify input array */
function getFirstKeyStartProps(prev: Token[]): Token[] {
  if (prev.length === 0) return [];
  let i = prev.length;
  loop: while (--i >= 0) {
    switch (prev[i]!.type) {
      case 'doc-start':
      case 'explicit-key-ind':
      case 'map-value-ind':
      case 'seq-item-ind':
      case 'newline':
        break loop;
    }
  }
  while (prev[++i]?.type === 'space') {
    /* loop */
  }
  return prev.splice(i, prev.length);
}

function arrayPushArray(target: Token[], source: readonly Token[]): void {
  // May exhaust call stack with large `source` array
  if (source.length < 1e5) Array.prototype.push.apply(target, source as Token[]);
  else for (let i = 0; i < source.length; ++i) target.push(source[i]!);
}

function fixFlowSeqItems(fc: Token): void {
  if ((fc.start as Token).type === 'flow-seq-start') {
    for (const it of fc.items!) {
      if (it.sep && !it.value && !includesToken(it.start, 'explicit-key-ind') && !includesToken(it.sep, 'map-value-ind')) {
        if (it.key) it.value = it.key;
        delete it.key;
        if (isFlowToken(it.value)) {
          if (it.value!.end) arrayPushArray(it.value!.end, it.sep);
          else it.value!.end = it.sep;
        } else arrayPushArray(it.start, it.sep);
        delete it.sep;
      }
    }
  }
}

/** The package's `Parser`, each finished top-level token handed to `emit`. */
class Parser {
  private atNewLine = true;
  private atScalar = false;
  private indent = 0;
  /** Current offset since the start of parsing. */
  offset = 0;
  private onKeyLine = false;
  private readonly stack: Token[] = [];
  private source = '';
  private type = '';
  private readonly lexer = new Lexer((lexeme) => this.next(lexeme));

  constructor(private readonly emit: (token: Token) => void) {}

  parse(source: string): void {
    this.lexer.lex(source);
    this.end();
  }

  private next(source: string): void {
    this.source = source;
    if (this.atScalar) {
      this.atScalar = false;
      this.step();
      this.offset += source.length;
      return;
    }
    const type = CST.tokenType(source);
    if (!type) {
      const message = `Not a YAML token: ${source}`;
      this.pop({ type: 'error', offset: this.offset, message, source });
      this.offset += source.length;
    } else if (type === 'scalar') {
      this.atNewLine = false;
      this.atScalar = true;
      this.type = 'scalar';
    } else {
      this.type = type;
      this.step();
      switch (type) {
        case 'newline':
          this.atNewLine = true;
          this.indent = 0;
          break;
        case 'space':
          if (this.atNewLine && source[0] === ' ') this.indent += source.length;
          break;
        case 'explicit-key-ind':
        case 'map-value-ind':
        case 'seq-item-ind':
          if (this.atNewLine) this.indent += source.length;
          break;
        case 'doc-mode':
        case 'flow-error-end':
          return;
        default:
          this.atNewLine = false;
      }
      this.offset += source.length;
    }
  }

  private end(): void {
    while (this.stack.length > 0) this.pop();
  }

  private get sourceToken(): Token {
    return { type: this.type, offset: this.offset, indent: this.indent, source: this.source };
  }

  private push(token: Token): void {
    if (this.stack.length >= MAX_DEPTH) throw new TooDeep();
    this.stack.push(token);
  }

  private step(): void {
    const top = this.peek(1);
    if (this.type === 'doc-end' && top?.type !== 'doc-end') {
      while (this.stack.length > 0) this.pop();
      this.push({ type: 'doc-end', offset: this.offset, source: this.source });
      return;
    }
    if (!top) return this.stream();
    switch (top.type) {
      case 'document':
        return this.document(top);
      case 'alias':
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        return this.scalar(top);
      case 'block-scalar':
        return this.blockScalar(top);
      case 'block-map':
        return this.blockMap(top);
      case 'block-seq':
        return this.blockSequence(top);
      case 'flow-collection':
        return this.flowCollection(top);
      case 'doc-end':
        return this.documentEnd(top);
    }
    this.pop();
  }

  private peek(n: number): Token | undefined {
    return this.stack[this.stack.length - n];
  }

  private pop(error?: Token): void {
    const token = error ?? this.stack.pop();
    if (!token) {
      const message = 'Tried to pop an empty stack';
      this.emit({ type: 'error', offset: this.offset, source: '', message });
    } else if (this.stack.length === 0) {
      this.emit(token);
    } else {
      const top = this.peek(1)!;
      if (token.type === 'block-scalar') {
        // Block scalars use their parent rather than header indent
        token.indent = 'indent' in top ? top.indent : 0;
      } else if (token.type === 'flow-collection' && top.type === 'document') {
        // Ignore all indent for top-level flow collections
        token.indent = 0;
      }
      if (token.type === 'flow-collection') fixFlowSeqItems(token);
      switch (top.type) {
        case 'document':
          top.value = token;
          break;
        case 'block-scalar':
          top.props!.push(token); // error
          break;
        case 'block-map': {
          const it = top.items![top.items!.length - 1]!;
          if (it.value) {
            top.items!.push({ start: [], key: token, sep: [] });
            this.onKeyLine = true;
            return;
          } else if (it.sep) {
            it.value = token;
          } else {
            Object.assign(it, { key: token, sep: [] });
            this.onKeyLine = !it.explicitKey;
            return;
          }
          break;
        }
        case 'block-seq': {
          const it = top.items![top.items!.length - 1]!;
          if (it.value) top.items!.push({ start: [], value: token });
          else it.value = token;
          break;
        }
        case 'flow-collection': {
          const it = top.items![top.items!.length - 1];
          if (!it || it.value) top.items!.push({ start: [], key: token, sep: [] });
          else if (it.sep) it.value = token;
          else Object.assign(it, { key: token, sep: [] });
          return;
        }
        default:
          this.pop();
          this.pop(token);
      }
      if ((top.type === 'document' || top.type === 'block-map' || top.type === 'block-seq') && (token.type === 'block-map' || token.type === 'block-seq')) {
        const last = token.items![token.items!.length - 1];
        if (
          last &&
          !last.sep &&
          !last.value &&
          last.start.length > 0 &&
          findNonEmptyIndex(last.start) === -1 &&
          (token.indent === 0 || last.start.every((st) => st.type !== 'comment' || st.indent! < token.indent!))
        ) {
          if (top.type === 'document') top.end = last.start;
          else top.items!.push({ start: last.start });
          token.items!.splice(-1, 1);
        }
      }
    }
  }

  private stream(): void {
    switch (this.type) {
      case 'directive-line':
        this.emit({ type: 'directive', offset: this.offset, source: this.source });
        return;
      case 'byte-order-mark':
      case 'space':
      case 'comment':
      case 'newline':
        this.emit(this.sourceToken);
        return;
      case 'doc-mode':
      case 'doc-start': {
        const doc: Token = { type: 'document', offset: this.offset, start: [] };
        if (this.type === 'doc-start') (doc.start as Token[]).push(this.sourceToken);
        this.push(doc);
        return;
      }
    }
    this.emit({ type: 'error', offset: this.offset, message: `Unexpected ${this.type} token in YAML stream`, source: this.source });
  }

  private document(doc: Token): void {
    if (doc.value) return this.lineEnd(doc);
    const start = doc.start as Token[];
    switch (this.type) {
      case 'doc-start': {
        if (findNonEmptyIndex(start) !== -1) {
          this.pop();
          this.step();
        } else start.push(this.sourceToken);
        return;
      }
      case 'anchor':
      case 'tag':
      case 'space':
      case 'comment':
      case 'newline':
        start.push(this.sourceToken);
        return;
    }
    const bv = this.startBlockValue(doc);
    if (bv) this.push(bv);
    else {
      this.emit({ type: 'error', offset: this.offset, message: `Unexpected ${this.type} token in YAML document`, source: this.source });
    }
  }

  private scalar(scalar: Token): void {
    if (this.type === 'map-value-ind') {
      const prev = getPrevProps(this.peek(2)!);
      const start = getFirstKeyStartProps(prev);
      let sep: Token[];
      if (scalar.end) {
        sep = scalar.end;
        sep.push(this.sourceToken);
        delete scalar.end;
      } else sep = [this.sourceToken];
      const map: Token = { type: 'block-map', offset: scalar.offset, indent: scalar.indent!, items: [{ start, key: scalar, sep }] };
      this.onKeyLine = true;
      this.stack[this.stack.length - 1] = map;
    } else this.lineEnd(scalar);
  }

  private blockScalar(scalar: Token): void {
    switch (this.type) {
      case 'space':
      case 'comment':
      case 'newline':
        scalar.props!.push(this.sourceToken);
        return;
      case 'scalar':
        scalar.source = this.source;
        // block-scalar source includes trailing newline
        this.atNewLine = true;
        this.indent = 0;
        this.pop();
        break;
      default:
        this.pop();
        this.step();
    }
  }

  private blockMap(map: Token): void {
    const items = map.items!;
    const it = items[items.length - 1]!;
    // it.sep is true-ish if pair already has key or : separator
    switch (this.type) {
      case 'newline':
        this.onKeyLine = false;
        if (it.value) {
          const end = 'end' in it.value ? it.value.end : undefined;
          const last = Array.isArray(end) ? end[end.length - 1] : undefined;
          if (last?.type === 'comment') end?.push(this.sourceToken);
          else items.push({ start: [this.sourceToken] });
        } else if (it.sep) {
          it.sep.push(this.sourceToken);
        } else {
          it.start.push(this.sourceToken);
        }
        return;
      case 'space':
      case 'comment':
        if (it.value) {
          items.push({ start: [this.sourceToken] });
        } else if (it.sep) {
          it.sep.push(this.sourceToken);
        } else {
          if (this.atIndentedComment(it.start, map.indent!)) {
            const prev = items[items.length - 2];
            const end = prev?.value?.end;
            if (Array.isArray(end)) {
              arrayPushArray(end, it.start);
              end.push(this.sourceToken);
              items.pop();
              return;
            }
          }
          it.start.push(this.sourceToken);
        }
        return;
    }
    if (this.indent >= map.indent!) {
      const atMapIndent = !this.onKeyLine && this.indent === map.indent;
      const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== 'seq-item-ind';
      // For empty nodes, assign newline-separated not indented empty tokens to following node
      let start: Token[] = [];
      if (atNextItem && it.sep && !it.value) {
        const nl: number[] = [];
        for (let i = 0; i < it.sep.length; ++i) {
          const st = it.sep[i]!;
          switch (st.type) {
            case 'newline':
              nl.push(i);
              break;
            case 'space':
              break;
            case 'comment':
              if (st.indent! > map.indent!) nl.length = 0;
              break;
            default:
              nl.length = 0;
          }
        }
        if (nl.length >= 2) start = it.sep.splice(nl[1]!);
      }
      switch (this.type) {
        case 'anchor':
        case 'tag':
          if (atNextItem || it.value) {
            start.push(this.sourceToken);
            items.push({ start });
            this.onKeyLine = true;
          } else if (it.sep) {
            it.sep.push(this.sourceToken);
          } else {
            it.start.push(this.sourceToken);
          }
          return;
        case 'explicit-key-ind':
          if (!it.sep && !it.explicitKey) {
            it.start.push(this.sourceToken);
            it.explicitKey = true;
          } else if (atNextItem || it.value) {
            start.push(this.sourceToken);
            items.push({ start, explicitKey: true });
          } else {
            this.push({ type: 'block-map', offset: this.offset, indent: this.indent, items: [{ start: [this.sourceToken], explicitKey: true }] });
          }
          this.onKeyLine = true;
          return;
        case 'map-value-ind':
          if (it.explicitKey) {
            if (!it.sep) {
              if (includesToken(it.start, 'newline')) {
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              } else {
                const start = getFirstKeyStartProps(it.start);
                this.push({ type: 'block-map', offset: this.offset, indent: this.indent, items: [{ start, key: null, sep: [this.sourceToken] }] });
              }
            } else if (it.value) {
              items.push({ start: [], key: null, sep: [this.sourceToken] });
            } else if (includesToken(it.sep, 'map-value-ind')) {
              this.push({ type: 'block-map', offset: this.offset, indent: this.indent, items: [{ start, key: null, sep: [this.sourceToken] }] });
            } else if (isFlowToken(it.key) && !includesToken(it.sep, 'newline')) {
              const start = getFirstKeyStartProps(it.start);
              const key = it.key;
              const sep = it.sep;
              sep.push(this.sourceToken);
              delete it.key;
              delete it.sep;
              this.push({ type: 'block-map', offset: this.offset, indent: this.indent, items: [{ start, key, sep }] });
            } else if (start.length > 0) {
              // Not actually at next item
              it.sep = it.sep.concat(start, this.sourceToken);
            } else {
              it.sep.push(this.sourceToken);
            }
          } else {
            if (!it.sep) {
              Object.assign(it, { key: null, sep: [this.sourceToken] });
            } else if (it.value || atNextItem) {
              items.push({ start, key: null, sep: [this.sourceToken] });
            } else if (includesToken(it.sep, 'map-value-ind')) {
              this.push({ type: 'block-map', offset: this.offset, indent: this.indent, items: [{ start: [], key: null, sep: [this.sourceToken] }] });
            } else {
              it.sep.push(this.sourceToken);
            }
          }
          this.onKeyLine = true;
          return;
        case 'alias':
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar': {
          const fs = this.flowScalar(this.type);
          if (atNextItem || it.value) {
            items.push({ start, key: fs, sep: [] });
            this.onKeyLine = true;
          } else if (it.sep) {
            this.push(fs);
          } else {
            Object.assign(it, { key: fs, sep: [] });
            this.onKeyLine = true;
          }
          return;
        }
        default: {
          const bv = this.startBlockValue(map);
          if (bv) {
            if (bv.type === 'block-seq') {
              if (!it.explicitKey && it.sep && !includesToken(it.sep, 'newline')) {
                this.pop({ type: 'error', offset: this.offset, message: 'Unexpected block-seq-ind on same line with key', source: this.source });
                return;
              }
            } else if (atMapIndent) {
              items.push({ start });
            }
            this.push(bv);
            return;
          }
        }
      }
    }
    this.pop();
    this.step();
  }

  private blockSequence(seq: Token): void {
    const items = seq.items!;
    const it = items[items.length - 1]!;
    switch (this.type) {
      case 'newline':
        if (it.value) {
          const end = 'end' in it.value ? it.value.end : undefined;
          const last = Array.isArray(end) ? end[end.length - 1] : undefined;
          if (last?.type === 'comment') end?.push(this.sourceToken);
          else items.push({ start: [this.sourceToken] });
        } else it.start.push(this.sourceToken);
        return;
      case 'space':
      case 'comment':
        if (it.value) items.push({ start: [this.sourceToken] });
        else {
          if (this.atIndentedComment(it.start, seq.indent!)) {
            const prev = items[items.length - 2];
            const end = prev?.value?.end;
            if (Array.isArray(end)) {
              arrayPushArray(end, it.start);
              end.push(this.sourceToken);
              items.pop();
              return;
            }
          }
          it.start.push(this.sourceToken);
        }
        return;
      case 'anchor':
      case 'tag':
        if (it.value || this.indent <= seq.indent!) break;
        it.start.push(this.sourceToken);
        return;
      case 'seq-item-ind':
        if (this.indent !== seq.indent) break;
        if (it.value || includesToken(it.start, 'seq-item-ind')) items.push({ start: [this.sourceToken] });
        else it.start.push(this.sourceToken);
        return;
    }
    if (this.indent > seq.indent!) {
      const bv = this.startBlockValue(seq);
      if (bv) {
        this.push(bv);
        return;
      }
    }
    this.pop();
    this.step();
  }

  private flowCollection(fc: Token): void {
    const items = fc.items!;
    const it = items[items.length - 1];
    if (this.type === 'flow-error-end') {
      let top: Token | undefined;
      do {
        this.pop();
        top = this.peek(1);
      } while (top?.type === 'flow-collection');
    } else if (fc.end!.length === 0) {
      switch (this.type) {
        case 'comma':
        case 'explicit-key-ind':
          if (!it || it.sep) items.push({ start: [this.sourceToken] });
          else it.start.push(this.sourceToken);
          return;
        case 'map-value-ind':
          if (!it || it.value) items.push({ start: [], key: null, sep: [this.sourceToken] });
          else if (it.sep) it.sep.push(this.sourceToken);
          else Object.assign(it, { key: null, sep: [this.sourceToken] });
          return;
        case 'space':
        case 'comment':
        case 'newline':
        case 'anchor':
        case 'tag':
          if (!it || it.value) items.push({ start: [this.sourceToken] });
          else if (it.sep) it.sep.push(this.sourceToken);
          else it.start.push(this.sourceToken);
          return;
        case 'alias':
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar': {
          const fs = this.flowScalar(this.type);
          if (!it || it.value) items.push({ start: [], key: fs, sep: [] });
          else if (it.sep) this.push(fs);
          else Object.assign(it, { key: fs, sep: [] });
          return;
        }
        case 'flow-map-end':
        case 'flow-seq-end':
          fc.end!.push(this.sourceToken);
          return;
      }
      const bv = this.startBlockValue(fc);
      if (bv) this.push(bv);
      else {
        this.pop();
        this.step();
      }
    } else {
      const parent = this.peek(2)!;
      if (
        parent.type === 'block-map' &&
        ((this.type === 'map-value-ind' && parent.indent === fc.indent) || (this.type === 'newline' && !parent.items![parent.items!.length - 1]!.sep))
      ) {
        this.pop();
        this.step();
      } else if (this.type === 'map-value-ind' && parent.type !== 'flow-collection') {
        const prev = getPrevProps(parent);
        const start = getFirstKeyStartProps(prev);
        fixFlowSeqItems(fc);
        const sep = fc.end!.splice(1, fc.end!.length);
        sep.push(this.sourceToken);
        const map: Token = { type: 'block-map', offset: fc.offset, indent: fc.indent!, items: [{ start, key: fc, sep }] };
        this.onKeyLine = true;
        this.stack[this.stack.length - 1] = map;
      } else {
        this.lineEnd(fc);
      }
    }
  }

  private flowScalar(type: string): Token {
    return { type, offset: this.offset, indent: this.indent, source: this.source };
  }

  private startBlockValue(parent: Token): Token | null {
    switch (this.type) {
      case 'alias':
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        return this.flowScalar(this.type);
      case 'block-scalar-header':
        return { type: 'block-scalar', offset: this.offset, indent: this.indent, props: [this.sourceToken], source: '' };
      case 'flow-map-start':
      case 'flow-seq-start':
        return { type: 'flow-collection', offset: this.offset, indent: this.indent, start: this.sourceToken, items: [], end: [] };
      case 'seq-item-ind':
        return { type: 'block-seq', offset: this.offset, indent: this.indent, items: [{ start: [this.sourceToken] }] };
      case 'explicit-key-ind': {
        this.onKeyLine = true;
        const prev = getPrevProps(parent);
        const start = getFirstKeyStartProps(prev);
        start.push(this.sourceToken);
        return { type: 'block-map', offset: this.offset, indent: this.indent, items: [{ start, explicitKey: true }] };
      }
      case 'map-value-ind': {
        this.onKeyLine = true;
        const prev = getPrevProps(parent);
        const start = getFirstKeyStartProps(prev);
        return { type: 'block-map', offset: this.offset, indent: this.indent, items: [{ start, key: null, sep: [this.sourceToken] }] };
      }
    }
    return null;
  }

  private atIndentedComment(start: readonly Token[], indent: number): boolean {
    if (this.type !== 'comment') return false;
    if (this.indent <= indent) return false;
    return start.every((st) => st.type === 'newline' || st.type === 'space');
  }

  private documentEnd(docEnd: Token): void {
    if (this.type !== 'doc-mode') {
      if (docEnd.end) docEnd.end.push(this.sourceToken);
      else docEnd.end = [this.sourceToken];
      if (this.type === 'newline') this.pop();
    }
  }

  private lineEnd(token: Token): void {
    switch (this.type) {
      case 'comma':
      case 'doc-start':
      case 'doc-end':
      case 'flow-seq-end':
      case 'flow-map-end':
      case 'map-value-ind':
        this.pop();
        this.step();
        break;
      case 'newline':
        this.onKeyLine = false;
        if (token.end) token.end.push(this.sourceToken);
        else token.end = [this.sourceToken];
        this.pop();
        break;
      default:
        // all other values are errors
        if (token.end) token.end.push(this.sourceToken);
        else token.end = [this.sourceToken];
    }
  }
}

/**
 * The top-level tokens of `source`, as the package's `new Parser().parse(source)` gives them. Throws
 * `TooDeep` for a text nested past `MAX_DEPTH` (parse it with the package then).
 */
export function parseTokens(source: string): Token[] {
  const tokens: Token[] = [];
  new Parser((token) => tokens.push(token)).parse(source);
  return tokens;
}

/**
 * The package's `parseAllDocuments(source, options)` (without `prettyErrors` or a line counter), its tokens
 * made by this parser and composed as they come (a large piece's tokens are never all held at once). A text
 * nested too deep for the parser, or one on which it or the composer throws, is parsed again by the package
 * itself from the start (which then gives, or throws, what it always did).
 */
export function parseAllDocumentsFast(source: string, options: ParseOptions & DocumentOptions & SchemaOptions): YamlDocument[] {
  const composer = new Composer(options);
  const documents: YamlDocument[] = [];
  try {
    new Parser((token) => {
      for (const document of composer.next(token as CST.Token)) documents.push(document);
    }).parse(source);
  } catch {
    return parseAllDocuments(source, options) as YamlDocument[];
  }
  for (const document of composer.end()) documents.push(document);
  if (documents.length > 0) return documents;
  return Object.assign([], { empty: true }, composer.streamInfo());
}
