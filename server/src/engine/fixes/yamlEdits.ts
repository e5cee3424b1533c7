import { Document, isMap, isScalar } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import { nodeSpan } from '../parse/yamlFile';
import type { YamlFile } from '../parse/yamlFile';
import type { OffsetEdit } from '../text/positions';
import { columnOf } from './indentStyle';
import type { IndentStyle } from './indentStyle';

/** Renders a value as block YAML in the given style, every line indented by `column` spaces. */
export function renderBlock(value: unknown, style: IndentStyle, column: number, eol: string): string {
  const text = new Document(value).toString({ indent: style.indent, indentSeq: style.indentSeq, lineWidth: 0 });
  const pad = ' '.repeat(column);
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => pad + line)
    .join(eol);
}

/** Renders a value in flow style: `{ port: 53, protocol: TCP }`, or `{port: 53, protocol: TCP}` unpadded. */
export function renderFlow(value: unknown, padded = true): string {
  const doc = new Document(value);
  const contents = doc.contents as { flow?: boolean } | null;
  if (contents && typeof contents === 'object') contents.flow = true;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: padded }).replace(/\n$/, '');
}

/** Whether a flow collection is written `{ a: 1 }` (padded, the yaml default) or `{a: 1}`. */
export function isFlowPadded(file: YamlFile, node: Node): boolean {
  const start = node.range![0];
  const next = file.text[start + 1];
  return next === undefined || next === ' ' || next === '}' || next === ']';
}

/**
 * Offset where new lines go after a node: the start of the line after its last character. Comments
 * that follow on the node's own last line stay on that line.
 */
function lineAfter(file: YamlFile, node: Node): { offset: number; prefix: string } {
  const end = node.range![1];
  const next = file.lines.nextLineStart(Math.max(end - 1, node.range![0]));
  // The file's last line may have no line break: the insertion starts one, and ends without one.
  if (next === file.text.length && !/[\r\n]$/.test(file.text)) return { offset: next, prefix: file.lines.eol };
  return { offset: next, prefix: '' };
}

/** Appends an item to a block sequence, at the column of its existing items. */
export function appendToBlockSeq(file: YamlFile, seq: YAMLSeq, value: unknown, style: IndentStyle): OffsetEdit {
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  const column = columnOf(file, seq)!;
  const anchor = last ?? seq;
  const { offset, prefix } = lineAfter(file, anchor);
  const item = renderBlock([value], style, column, file.lines.eol);
  return { start: offset, end: offset, newText: prefix + item + (prefix ? '' : file.lines.eol) };
}

/** Appends an item to a flow sequence: `[a]` -> `[a, b]`. */
export function appendToFlowSeq(seq: YAMLSeq, value: unknown, padded = true): OffsetEdit {
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  const rendered = isScalarValue(value) ? String(value) : renderFlow(value, padded);
  if (last?.range) return { start: last.range[1], end: last.range[1], newText: `, ${rendered}` };
  const open = seq.range![0];
  return { start: open + 1, end: open + 1, newText: rendered };
}

function isScalarValue(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function appendToSeq(file: YamlFile, seq: YAMLSeq, value: unknown, style: IndentStyle): OffsetEdit {
  return seq.flow ? appendToFlowSeq(seq, value, isFlowPadded(file, seq)) : appendToBlockSeq(file, seq, value, style);
}

/** Adds `key: value` as the last entry of a block mapping. */
export function appendToBlockMap(file: YamlFile, map: YAMLMap, key: string, value: unknown, style: IndentStyle): OffsetEdit {
  const column = columnOf(file, map)!;
  const { offset, prefix } = lineAfter(file, map);
  const block = renderBlock({ [key]: value }, style, column, file.lines.eol);
  return { start: offset, end: offset, newText: prefix + block + (prefix ? '' : file.lines.eol) };
}

/**
 * Replaces an empty value (`egress:` or `egress: []`) with a block value under its key, indented one
 * step deeper than the key (or flush, for sequences in the flush style).
 */
export function replaceWithBlock(file: YamlFile, keyNode: Node, valueNode: Node | null, value: unknown, style: IndentStyle): OffsetEdit {
  const keyColumn = columnOf(file, keyNode)!;
  const column = Array.isArray(value) && !style.indentSeq ? keyColumn : keyColumn + style.indent;
  const keyEnd = keyNode.range![1];
  const colon = file.text.indexOf(':', keyEnd);
  const start = colon + 1;
  const end = valueNode && !(isScalar(valueNode) && valueNode.value === null) ? valueNode.range![1] : start;
  return { start, end, newText: file.lines.eol + renderBlock(value, style, column, file.lines.eol) };
}

/**
 * Replaces a block mapping or sequence (its own text, from its first character to the end of its last
 * item) with `value` rendered in the same place and style. Text around it, comments after it included,
 * is kept.
 */
export function replaceBlockNode(file: YamlFile, node: Node, value: unknown, style: IndentStyle): OffsetEdit {
  const column = columnOf(file, node)!;
  const start = node.range![0];
  const rendered = renderBlock(value, style, column, file.lines.eol).slice(column);
  return { start, end: nodeSpan(node)![1], newText: rendered };
}

/** Renames a plain mapping key in place: `name:` -> `kubernetes.io/metadata.name:`. */
export function renameKey(keyNode: Node, newKey: string): OffsetEdit {
  const [start, end] = keyNode.range!;
  return { start, end, newText: newKey };
}

/** Replaces a node with `value`, in flow style where the node is a flow collection or scalar, else in block style. */
export function replaceNode(file: YamlFile, node: Node, value: unknown, style: IndentStyle): OffsetEdit {
  const flow = (node as { flow?: boolean }).flow === true || isScalar(node);
  if (!flow) return replaceBlockNode(file, node, value, style);
  const padded = isScalar(node) ? true : isFlowPadded(file, node);
  return { start: node.range![0], end: nodeSpan(node)![1], newText: isScalarValue(value) ? String(value) : renderFlow(value, padded) };
}

/** Adds `key: value` as the last entry of a flow mapping: `{a: 1}` -> `{a: 1, key: value}`. */
export function appendToFlowMap(file: YamlFile, map: YAMLMap, key: string, value: unknown): OffsetEdit {
  const rendered = renderFlow({ [key]: value }, isFlowPadded(file, map))
    .replace(/^\{ ?/, '')
    .replace(/ ?\}$/, '');
  const last = map.items[map.items.length - 1];
  const lastNode = (last?.value ?? last?.key) as Node | null | undefined;
  if (lastNode?.range) return { start: nodeSpan(lastNode)![1], end: nodeSpan(lastNode)![1], newText: `, ${rendered}` };
  const open = map.range![0];
  return { start: open + 1, end: open + 1, newText: rendered };
}

/**
 * Joins a block sequence item to the item before it by turning its `- ` into spaces: the item's keys
 * then continue the previous item's mapping. Offered only when both items are block mappings whose
 * keys start at the same column, so the result is the same YAML with one item fewer.
 */
export function mergeIntoPreviousItem(file: YamlFile, seq: YAMLSeq, index: number): OffsetEdit | undefined {
  const previous = seq.items[index - 1] as Node | undefined;
  const item = seq.items[index] as Node | undefined;
  if (!isMap(previous) || !isMap(item) || previous.flow || item.flow || !previous.range || !item.range) return undefined;
  if (columnOf(file, previous) !== columnOf(file, item)) return undefined;
  const lineStart = file.lines.lineStartOf(item.range[0]);
  const before = file.text.slice(lineStart, item.range[0]);
  const dash = before.lastIndexOf('-');
  if (dash < 0 || before.slice(0, dash).trim() !== '' || before.slice(dash + 1).trim() !== '') return undefined;
  return { start: lineStart + dash, end: lineStart + dash + 1, newText: ' ' };
}

/** Inserts a whole comment line above a node, at the column where the node's line starts its content. */
export function insertCommentLineAbove(file: YamlFile, node: Node, comment: string): OffsetEdit {
  const lineStart = file.lines.lineStartOf(node.range![0]);
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart))![0];
  return { start: lineStart, end: lineStart, newText: `${indent}# ${comment}${file.lines.eol}` };
}

/**
 * Inserts `key: value` into a block mapping on the line before an existing entry (so conventional key
 * order is kept: `policyTypes` before `ingress`/`egress`), or as its last entry when there is none.
 * Undefined when the entry does not start its own line.
 */
export function insertBlockMapEntry(file: YamlFile, map: YAMLMap, beforeKey: Node | undefined, key: string, value: unknown, style: IndentStyle): OffsetEdit | undefined {
  if (map.flow) return undefined;
  if (!beforeKey?.range) return appendToBlockMap(file, map, key, value, style);
  const lineStart = file.lines.lineStartOf(beforeKey.range[0]);
  if (file.text.slice(lineStart, beforeKey.range[0]).trim() !== '') return undefined;
  const block = renderBlock({ [key]: value }, style, columnOf(file, beforeKey)!, file.lines.eol);
  return { start: lineStart, end: lineStart, newText: block + file.lines.eol };
}

/**
 * Removes one item of a sequence. Block style: the item's lines, from its `-` line to its last line
 * (comment lines just above it go too, as they describe it); flow style: the item and one separating
 * comma. Undefined when the item shares its first line with something else than its `-`.
 */
export function removeSeqItem(file: YamlFile, seq: YAMLSeq, index: number): OffsetEdit | undefined {
  const item = seq.items[index] as Node | undefined;
  if (!item?.range) return undefined;
  const [start, end] = nodeSpan(item)!;
  if (seq.flow) {
    const next = seq.items[index + 1] as Node | undefined;
    const previous = seq.items[index - 1] as Node | undefined;
    if (next?.range) return { start, end: next.range[0], newText: '' };
    if (previous?.range) return { start: nodeSpan(previous)![1], end, newText: '' };
    return { start, end, newText: '' };
  }
  const lineStart = file.lines.lineStartOf(start);
  if (!/^[ \t]*-[ \t]*$/.test(file.text.slice(lineStart, start)) && lineStart !== start) return undefined;
  let from = lineStart;
  // Own-line comments directly above the item belong to it.
  for (;;) {
    const line = file.lines.positionAt(from).line;
    if (line === 0) break;
    const previousStart = file.lines.offsetAt({ line: line - 1, character: 0 });
    if (!/^[ \t]*#/.test(file.text.slice(previousStart, from))) break;
    from = previousStart;
  }
  return { start: from, end: file.lines.nextLineStart(Math.max(end - 1, start)), newText: '' };
}

/** Gives a key with no value an inline one: `podSelector:` -> `podSelector: {}`. Comments after it stay. */
export function fillEmptyValue(file: YamlFile, keyNode: Node, inline: string): OffsetEdit {
  const colon = file.text.indexOf(':', keyNode.range![1]);
  return { start: colon + 1, end: colon + 1, newText: ` ${inline}` };
}
