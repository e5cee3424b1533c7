import { isCollection, isMap, isPair, isScalar } from 'yaml';

/**
 * Whether any mapping under `root` (aliases not followed) has a key twice. Such a document means
 * different things to different decoders (the last key wins in Go's JSON; YAML itself forbids it), so
 * an edit to "the" `egress` key has no single right place.
 */
export function hasDuplicateKeys(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
    } else if (isCollection(node)) {
      if (isMap(node)) {
        const keys = new Set<unknown>();
        for (const pair of node.items) {
          const key: unknown = isScalar(pair.key) ? pair.key.value : pair.key;
          if (keys.has(key)) return true;
          keys.add(key);
        }
      }
      for (const item of node.items) stack.push(item);
    }
  }
  return false;
}
