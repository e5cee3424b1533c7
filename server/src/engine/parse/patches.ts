import { isCollection, isPair, isScalar } from 'yaml';

/**
 * Strategic-merge-patch directives (k8s.io/apimachinery/pkg/util/strategicpatch: `$patch`,
 * `$retainKeys`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`). A manifest holding one
 * is a patch (Kustomize's `patches:`, `kubectl patch --type strategic`), never a whole object.
 */
const DIRECTIVE = /^\$(?:patch|retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/;

/** Whether a node (aliases not followed) holds a strategic-merge-patch directive key. */
export function hasPatchDirectives(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || node === undefined) continue;
    if (isPair(node)) {
      if (isScalar(node.key) && typeof node.key.value === 'string' && DIRECTIVE.test(node.key.value)) return true;
      stack.push(node.value);
    } else if (isCollection(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return false;
}
