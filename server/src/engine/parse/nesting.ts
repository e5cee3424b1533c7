import type { CST } from 'yaml';

/**
 * Offset of the first collection nested deeper than `maxDepth` in a CST token (the `yaml` package's
 * concrete syntax tree, built without recursion), or undefined. Checked before a document is composed:
 * the composer recurses once per level, and past a few thousand levels it overflows the stack in ways
 * its own guard does not always catch.
 */
export function firstTokenDeeperThan(token: CST.Token, maxDepth: number): number | undefined {
  const stack: [CST.Token | null | undefined, number][] = [[token, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (!current) continue;
    if (current.type === 'document') {
      stack.push([current.value, depth]);
    } else if (current.type === 'block-map' || current.type === 'block-seq' || current.type === 'flow-collection') {
      if (depth + 1 > maxDepth) return current.offset;
      for (const item of current.items) {
        stack.push([item.value, depth + 1]);
        if ('key' in item) stack.push([item.key, depth + 1]);
      }
    }
  }
  return undefined;
}
