import type { PolicyView } from '../model/policyView';
import type { FieldPath } from '../parse/fieldPath';

/**
 * The policy being edited at an offset: in the last document starting at or before it (blank lines
 * typed after a document's content still belong to it), the last List item starting before it.
 */
export function policyAt(policies: readonly PolicyView[], offset: number): PolicyView | undefined {
  let documentStart = -1;
  for (const document of policies[0]?.file.documents ?? []) {
    const start = document.range[0];
    if (start <= offset && start > documentStart) documentStart = start;
  }
  let found: PolicyView | undefined;
  for (const policy of policies) {
    if (policy.source.document.range[0] !== documentStart) continue;
    if (policy.source.pathInDocument.length === 0) return policy;
    if ((policy.source.node.range?.[0] ?? Infinity) <= offset) found = policy;
  }
  return found;
}

/** A document-relative path as a path in the policy object (dropping `items[n]` for List items). */
export function objectPath(policy: PolicyView, documentPath: FieldPath): FieldPath | undefined {
  const prefix = policy.source.pathInDocument;
  if (prefix.length === 0) return documentPath;
  if (documentPath.length < prefix.length || documentPath[0] !== prefix[0]) return undefined;
  return documentPath.slice(prefix.length);
}
