import { isCollection, isPair, isScalar } from 'yaml';
import type { YamlDocument } from './yamlFile';

/** Short strings seen in scalars, to share one copy of each (`apiVersion`, `matchLabels`, `TCP`): bounded, and emptied when full. */
const shared = new Map<string, string>();
const SHARED_MAX = 20_000;
/** Strings this long or longer are not shared: V8 keeps them as slices of the text, and they repeat less. */
const SHARED_LENGTH = 40;

function share(text: string): string {
  if (text.length >= SHARED_LENGTH) return text;
  const known = shared.get(text);
  if (known !== undefined) return known;
  if (shared.size >= SHARED_MAX) shared.clear();
  shared.set(text, text);
  return text;
}

/**
 * Makes a parsed document smaller to keep, for a server that keeps the documents of every open file for
 * its edits (issue #16: 5,000 policies, about 180,000 collections and 330,000 scalars). Nothing a reader
 * sees changes:
 * - each collection's `items` gets an array of its own length: the composer fills it by `push`, and V8
 *   grows a pushed array to 17 slots at once (a mapping of three pairs held 184 bytes instead of 72);
 * - a scalar's `source` and string `value` (the same string for plain text) share one copy per distinct
 *   short string: keys such as `podSelector` are otherwise a copy each, once per policy.
 * The walk is iterative (a document may nest deeply).
 */
export function compactDocument(document: YamlDocument): void {
  const stack: unknown[] = [document.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
    } else if (isScalar(node)) {
      const { source, value } = node as { source?: unknown; value: unknown };
      if (typeof source === 'string') {
        const one = share(source);
        (node as { source?: string }).source = one;
        if (value === source) node.value = one;
        else if (typeof value === 'string') node.value = share(value);
      } else if (typeof value === 'string') node.value = share(value);
    } else if (isCollection(node)) {
      const items = node.items as unknown[];
      if (items.length > 0) {
        (node as { items: unknown[] }).items = items.slice();
        for (let i = 0; i < items.length; i++) stack.push(items[i]);
      }
    }
  }
}
