import { isCollection, isPair } from 'yaml';
import type { Node } from 'yaml';

/**
 * The first node nested deeper than `maxDepth` mappings and sequences (aliases not followed), or
 * undefined. Iterative, so that the check itself cannot overflow the stack it protects.
 */
export function firstNodeDeeperThan(root: unknown, maxDepth: number): Node | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || node === undefined) continue;
    if (isPair(node)) {
      stack.push([node.value, depth], [node.key, depth]);
      continue;
    }
    if (!isCollection(node)) continue;
    if (depth + 1 > maxDepth) return node;
    for (let i = node.items.length - 1; i >= 0; i--) stack.push([node.items[i], depth + 1]);
  }
  return undefined;
}
