import { isMap, isPair, isSeq, visit } from 'yaml';
import type { Node } from 'yaml';
import type { YamlDocument, YamlFile } from '../parse/yamlFile';

/** How a document indents: its indent unit, and whether `- ` items sit deeper than their key. */
export interface IndentStyle {
  readonly indent: number;
  readonly indentSeq: boolean;
}

/** kubectl's and the Kubernetes docs' style, used when a document has nothing to learn from. */
export const DEFAULT_STYLE: IndentStyle = { indent: 2, indentSeq: false };

export function columnOf(file: YamlFile, node: Node | null | undefined): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : file.lines.positionAt(start).character;
}

// Across analyses, safely: a parsed document's text never changes (an edit makes new documents; moving one
// in place leaves its lines and columns as they were), and the style holds no offsets.
const detected = new WeakMap<YamlDocument, IndentStyle>();

/** The style of a document, learnt once per parsed document: every fix for it asks. */
export function detectIndentStyle(file: YamlFile, doc: YamlDocument): IndentStyle {
  let style = detected.get(doc);
  if (!style) {
    style = learnIndentStyle(file, doc);
    detected.set(doc, style);
  }
  return style;
}

/**
 * Learns the style from the document itself: the most common step between a key and the keys of the
 * block mapping under it, and whether block sequences under a key are indented or flush with it.
 */
function learnIndentStyle(file: YamlFile, doc: YamlDocument): IndentStyle {
  const steps = new Map<number, number>();
  let indentedSeqs = 0;
  let flushSeqs = 0;
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair)) return;
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!key || !value || (!isMap(value) && !isSeq(value)) || value.flow) return;
      const keyLine = file.lines.positionAt(key.range![0]).line;
      const valueLine = file.lines.positionAt(value.range![0]).line;
      if (valueLine === keyLine) return; // `- key: value` on one line tells nothing
      const keyColumn = columnOf(file, key)!;
      const valueColumn = columnOf(file, value)!;
      if (isSeq(value)) {
        if (valueColumn > keyColumn) indentedSeqs++;
        else flushSeqs++;
      } else if (valueColumn > keyColumn) {
        const step = valueColumn - keyColumn;
        steps.set(step, (steps.get(step) ?? 0) + 1);
      }
    },
  });
  let indent = DEFAULT_STYLE.indent;
  let best = 0;
  for (const [step, count] of steps) {
    if (count > best || (count === best && step < indent)) {
      indent = step;
      best = count;
    }
  }
  const indentSeq = indentedSeqs === 0 && flushSeqs === 0 ? DEFAULT_STYLE.indentSeq : indentedSeqs > flushSeqs;
  return { indent, indentSeq };
}
