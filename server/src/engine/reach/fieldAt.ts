import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { PolicyView } from '../model/policyView';
import type { FieldPath } from '../parse/fieldPath';
import { nodeSpan, resolveNode } from '../parse/yamlFile';

/** Where an offset falls in a policy: the field path, and whether it is on that field's key. */
export interface FieldAt {
  readonly path: FieldPath;
  readonly onKey: boolean;
}

function within(span: readonly [number, number] | undefined, offset: number): boolean {
  return span !== undefined && span[0] <= offset && offset <= span[1];
}

/** The innermost field of the policy under the offset (aliases are not followed: their text is elsewhere). */
export function fieldAt(view: PolicyView, offset: number): FieldAt | undefined {
  const doc = view.source.document;
  if (!within(nodeSpan(view.source.node), offset)) return undefined;
  const path: (string | number)[] = [];
  let node: Node | undefined = view.source.node;
  for (let depth = 0; depth < 64 && node; depth++) {
    const current: Node | undefined = resolveNode(doc, node);
    let next: Node | undefined;
    if (isMap(current)) {
      for (const pair of current.items) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        const keyName = isScalar(key) ? String(key.value) : undefined;
        if (keyName === undefined) continue;
        if (within(nodeSpan(key), offset)) return { path: [...path, keyName], onKey: true };
        if (value && within(nodeSpan(value), offset)) {
          path.push(keyName);
          next = value;
          break;
        }
      }
    } else if (isSeq(current)) {
      current.items.forEach((item, index) => {
        if (!next && within(nodeSpan(item as Node), offset)) {
          path.push(index);
          next = item as Node;
        }
      });
    }
    if (!next) break;
    node = next;
  }
  return { path, onKey: false };
}
