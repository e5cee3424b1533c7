/**
 * Where the cursor is in a NetworkPolicy being typed, read from the text's indentation rather than
 * the YAML tree: a blank line, or a key half typed, is not in the tree at all, and its column alone
 * says which mapping it belongs to. Block style only; flow collections (`{...}`) are not completed.
 */
import type { FieldPath } from '../parse/fieldPath';
import type { YamlFile } from '../parse/yamlFile';

interface LineInfo {
  /** Columns of the `-` item markers at the start of the line. */
  readonly dashes: readonly number[];
  /** The key on the line (after any dashes), its column, and the value after its colon (comment removed). */
  readonly key?: { readonly name: string; readonly col: number; readonly value: string };
  /** Column of the first token (a dash or the content), or -1 for a blank or comment line. */
  readonly firstCol: number;
  /** Column of the content after the dashes. */
  readonly contentCol: number;
  readonly separator: boolean;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s#'"{[][^:#]*?)\s*:(?=\s|$)(.*)$/;

function unquote(key: string): string {
  return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}

export function lineInfo(line: string): LineInfo {
  if (/^(---|\.\.\.)(\s|$)/.test(line)) return { dashes: [], firstCol: 0, contentCol: 0, separator: true };
  const dashes: number[] = [];
  let i = 0;
  while (i < line.length && line[i] === ' ') i++;
  const firstCol = i;
  while (line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ')) {
    dashes.push(i);
    i++;
    while (line[i] === ' ') i++;
  }
  const rest = line.slice(i);
  if (firstCol === line.length || (dashes.length === 0 && rest.startsWith('#'))) return { dashes: [], firstCol: -1, contentCol: -1, separator: false };
  const match = KEY.exec(rest);
  const key = match ? { name: unquote(match[1]!.trim()), col: i, value: match[2]!.replace(/\s#.*$/, '').trim() } : undefined;
  return { dashes, firstCol, contentCol: i, separator: false, ...(key ? { key } : {}) };
}

/**
 * The path (from the document root; 0 for every list item) of the mapping or list that content at
 * column `col` on line `lineIndex` belongs to, looking only at the lines above. `seqItem`: the content
 * is a `- ` item, which may sit at its parent key's own column.
 */
function ancestors(lines: readonly string[], lineIndex: number, col: number, seqItem: boolean): FieldPath | undefined {
  for (let l = lineIndex - 1; l >= 0; l--) {
    const info = lineInfo(lines[l]!);
    if (info.separator) return col === 0 ? [] : undefined;
    if (info.firstCol < 0) continue;
    const flushParent = seqItem && info.dashes.length === 0 && info.firstCol === col && info.key && info.key.value === '';
    if (info.firstCol >= col && !flushParent) continue;
    const outer = info.dashes[0];
    const above = (path: FieldPath | undefined, items: number): FieldPath | undefined => (path ? [...path, ...Array<number>(items).fill(0)] : undefined);
    if (info.key && (info.key.col < col || (seqItem && info.key.col === col))) {
      if (info.key.value !== '') return undefined; // content under a scalar: not YAML we can read
      const container = outer === undefined ? ancestors(lines, l, info.key.col, false) : above(ancestors(lines, l, outer, true), info.dashes.length);
      return container ? [...container, info.key.name] : undefined;
    }
    const inside = info.dashes.filter((d) => d < col);
    if (inside.length === 0 || outer === undefined) return undefined;
    return above(ancestors(lines, l, outer, true), inside.length);
  }
  return col === 0 ? [] : undefined;
}

export interface CursorContext {
  /** Path of the mapping or list the cursor's content belongs to (document-relative, items as 0). */
  readonly container: FieldPath;
  /** Typing a key (or a list item's scalar when `item` is set), or the value of `key`. */
  readonly position: 'key' | 'value';
  /** For a value: the key it belongs to. */
  readonly key?: string;
  /** The cursor's line starts a new list item (`- |`). */
  readonly item: boolean;
  /** The word being typed, as offsets. */
  readonly replace: readonly [number, number];
  /** Keys already in the mapping (for a key position), or scalars already in the list (for a list item). */
  readonly present: ReadonlySet<string>;
  readonly line: number;
  readonly column: number;
}

/** Keys at `col` in the same mapping as line `line`, and scalar items at the same dash column. */
function siblings(lines: readonly string[], line: number, col: number, itemDash: number | undefined): Set<string> {
  const present = new Set<string>();
  const visit = (l: number): boolean => {
    const info = lineInfo(lines[l]!);
    if (info.separator) return false;
    if (info.firstCol < 0) return true;
    if (itemDash !== undefined) {
      // List of scalars: items at the same dash column.
      if (info.firstCol < itemDash) return false;
      if (info.dashes[0] === itemDash && !info.key) present.add(lines[l]!.slice(info.contentCol).replace(/\s#.*$/, '').trim());
      return true;
    }
    if (info.firstCol < col) {
      // The line opening the mapping (a `- key:` item line) holds its first key.
      if (info.key?.col === col) present.add(info.key.name);
      return false;
    }
    if (info.firstCol === col && info.key && info.dashes.length === 0) present.add(info.key.name);
    if (info.firstCol === col && info.dashes.length > 0) return false; // the next item of a flush list
    return true;
  };
  for (let l = line - 1; l >= 0 && visit(l); l--);
  for (let l = line + 1; l < lines.length && visit(l); l++);
  return present;
}

export function cursorContext(file: YamlFile, offset: number): CursorContext | undefined {
  const { line, character } = file.lines.positionAt(offset);
  const lines = file.text.split(/\r\n|\r|\n/);
  const text = lines[line] ?? '';
  const before = text.slice(0, character);
  // `policyTypes: [Ingress, Eg|`: an item of a flow list of scalars.
  const flow = /^(\s*)((?:-\s+)*)("[^"]*"|'[^']*'|[^\s#'"{[][^:#]*?)\s*:\s+\[([^\]]*?)([\w.-]*)$/.exec(before);
  if (flow) {
    const info = lineInfo(text);
    const container = containerOf(lines, line, info);
    if (!container) return undefined;
    const word = flow[5]!;
    const present = new Set(flow[4]!.split(',').map((v) => v.trim()).filter(Boolean));
    return { container, position: 'value', key: unquote(flow[3]!.trim()), item: true, replace: [offset - word.length, offset + wordAfter(text, character)], present, line, column: character };
  }
  const value = /^(\s*)((?:-\s+)*)("[^"]*"|'[^']*'|[^\s#'"{[][^:#]*?)\s*:\s+(\S*)$/.exec(before);
  if (value) {
    const info = lineInfo(text);
    const container = containerOf(lines, line, info);
    if (!container) return undefined;
    const word = value[4]!;
    return {
      container,
      position: 'value',
      key: unquote(value[3]!.trim()),
      item: info.dashes.length > 0,
      replace: [offset - word.length, offset + wordAfter(text, character)],
      present: new Set(),
      line,
      column: character,
    };
  }
  const keyMatch = /^(\s*)((?:-\s+)*|-)([\w./$-]*)$/.exec(before);
  if (!keyMatch) return undefined;
  const word = keyMatch[3]!;
  const wordCol = character - word.length;
  const dashes = [...keyMatch[2]!.matchAll(/-/g)].map((m) => keyMatch[1]!.length + m.index);
  let container: FieldPath | undefined;
  if (dashes.length > 0) {
    const list = ancestors(lines, line, dashes[0]!, true);
    container = list ? [...list, ...Array<number>(dashes.length).fill(0)] : undefined;
  } else container = ancestors(lines, line, wordCol, false);
  if (!container) return undefined;
  const lastDash = dashes[dashes.length - 1];
  return {
    container,
    position: 'key',
    item: dashes.length > 0,
    replace: [offset - word.length, offset + wordAfter(text, character)],
    present: dashes.length > 0 ? siblingsOfItem(lines, line, lastDash!) : siblings(lines, line, wordCol, undefined),
    line,
    column: character,
  };
}

/** A new item's mapping has no keys yet but those typed after it on following lines; scalar lists have their items. */
function siblingsOfItem(lines: readonly string[], line: number, dash: number): Set<string> {
  const scalars = siblings(lines, line, dash, dash);
  const contentCol = dash + 2;
  const keys = new Set<string>();
  for (let l = line + 1; l < lines.length; l++) {
    const info = lineInfo(lines[l]!);
    if (info.firstCol < 0) continue;
    if (info.separator || info.firstCol <= dash) break;
    if (info.firstCol === contentCol && info.key && info.dashes.length === 0) keys.add(info.key.name);
  }
  return new Set([...scalars, ...keys]);
}

function containerOf(lines: readonly string[], line: number, info: LineInfo): FieldPath | undefined {
  if (info.dashes.length > 0) {
    const list = ancestors(lines, line, info.dashes[0]!, true);
    return list ? [...list, ...Array<number>(info.dashes.length).fill(0)] : undefined;
  }
  return ancestors(lines, line, info.contentCol, false);
}

/** Characters of the word continuing after the cursor, replaced too. */
function wordAfter(text: string, character: number): number {
  return /^[\w./$-]*/.exec(text.slice(character))![0].length;
}
