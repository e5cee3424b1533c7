import { isAlias, isCollection, isDocument, isPair, isScalar } from 'yaml';
import type { Alias, Document, Node } from 'yaml';

/**
 * Alias targets of each document, found in one walk. The `yaml` package's `Alias.resolve(doc)` walks
 * the whole document on every call, so a file with thousands of aliases took quadratic time; this
 * index makes each lookup constant. Like `yaml` (and YAML itself), an alias names the last anchor of
 * that name that comes before it in the text.
 */
// Across analyses, safely: a parsed document never changes (an edit makes new documents), and this holds nodes, no offsets.
const indexes = new WeakMap<Document, Map<Alias, Node | undefined>>();

function buildIndex(doc: Document): Map<Alias, Node | undefined> {
  const index = new Map<Alias, Node | undefined>();
  const anchors = new Map<string, Node>();
  // Iterative pre-order walk (keys before values): no recursion, so depth cannot overflow the stack.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || node === undefined) continue;
    if (isAlias(node)) {
      index.set(node, anchors.get(node.source));
      continue;
    }
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (isScalar(node) || isCollection(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      if (isCollection(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return index;
}

function indexOf(doc: Document): Map<Alias, Node | undefined> {
  let index = indexes.get(doc);
  if (!index) {
    index = buildIndex(doc);
    indexes.set(doc, index);
  }
  return index;
}

/** The node an alias names in `doc`; undefined when no anchor of that name comes before it. */
export function aliasTarget(doc: Document, alias: Alias): Node | undefined {
  if (!isDocument(doc)) return undefined;
  return indexOf(doc).get(alias);
}

/**
 * Whether `doc` has an alias that names no anchor before it. YAML calls that an error and Kubernetes'
 * decoder refuses the document; the `yaml` package only notices when converting to JavaScript, which
 * the engine never does, so it is checked here.
 */
export function hasUnresolvedAlias(doc: Document): boolean {
  if (!isDocument(doc)) return false;
  for (const target of indexOf(doc).values()) if (target === undefined) return true;
  return false;
}

// Across analyses, safely: a parsed node never changes (an edit makes new nodes), and a size holds no offsets.
const sizes = new WeakMap<Node, number>();

/** Nodes in a subtree, aliases counted as one node each (what one use of an alias to it costs a walk). */
export function subtreeSize(node: Node): number {
  const cached = sizes.get(node);
  if (cached !== undefined) return cached;
  let count = 0;
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || current === undefined) continue;
    if (isPair(current)) {
      stack.push(current.key, current.value);
      continue;
    }
    count++;
    if (isCollection(current)) for (const item of current.items) stack.push(item);
  }
  sizes.set(node, count);
  return count;
}
