import { isMap, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { FieldPath } from '../parse/fieldPath';
import type { YamlDocument } from '../parse/yamlFile';
import { keyText, spanOf } from '../validation/yamlValues';

export interface NodeAtOffset {
  /** Path from the object to the field under the cursor (indices for list items). */
  readonly path: FieldPath;
  /** On the field's key, or on its value (a scalar, or a list item). */
  readonly on: 'key' | 'value';
  readonly span: readonly [number, number];
  readonly pair?: Pair;
}

function contains(node: unknown, offset: number): boolean {
  const span = spanOf(node);
  return !!span && span[0] <= offset && offset <= span[1];
}

/** The deepest key or value of the object under the offset. Aliases are not followed (their text is the alias). */
export function nodeAtOffset(doc: YamlDocument, root: Node, offset: number): NodeAtOffset | undefined {
  let node: unknown = root;
  const path: (string | number)[] = [];
  let result: NodeAtOffset | undefined;
  for (let depth = 0; depth < 64; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => contains(p.key, offset) || contains(p.value, offset));
      const key = pair ? keyText(doc, pair.key) : undefined;
      if (!pair || key === undefined) return result;
      path.push(key);
      if (contains(pair.key, offset)) return { path: [...path], on: 'key', span: spanOf(pair.key)!, pair };
      result = { path: [...path], on: 'value', span: spanOf(pair.value)!, pair };
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index < 0) return result;
      path.push(index);
      result = { path: [...path], on: 'value', span: spanOf(node.items[index])! };
      node = node.items[index];
    } else {
      return result;
    }
  }
  return result;
}
