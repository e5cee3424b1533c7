import { isMap, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { apiGroupOf, isKubernetesApiGroup } from './apiGroups';
import type { FieldPath } from './fieldPath';
import { asMap, asSeq, findPair, scalarString } from './yamlFile';
import type { YamlDocument, YamlFile } from './yamlFile';

/** Where a NetworkPolicy object sits in a file: its own document, or an item of a List. */
export interface PolicySource {
  readonly document: YamlDocument;
  readonly documentIndex: number;
  readonly node: YAMLMap;
  /** Path from the document root to the object: `[]`, or `['items', 3]` inside a List. */
  readonly pathInDocument: FieldPath;
}

/**
 * The one apiVersion under which the API server serves NetworkPolicy. A `kind: NetworkPolicy` under another
 * of Kubernetes' own groups (`extensions/v1beta1`, removed in 1.16; `apps/v1`) is a Kubernetes NetworkPolicy
 * with a wrong apiVersion (NP108): analysed as one, so that fixing the apiVersion reveals nothing new. Any
 * CRD's group (`projectcalico.org`, `crd.antrea.io`, ...) is another product that happens to share the kind.
 */
export const POLICY_API_VERSION = 'networking.k8s.io/v1';

/**
 * Is this mapping a Kubernetes NetworkPolicy? `kind: NetworkPolicy` alone is not enough: Calico's
 * `projectcalico.org/v3` NetworkPolicy has the same kind. A missing apiVersion is accepted, since a
 * document being typed often has its kind before its apiVersion.
 */
function isNetworkPolicy(doc: YamlDocument, map: YAMLMap, kindWhenMissing?: string): boolean {
  const kind = scalarString(doc, findPair(map, 'kind')?.value) ?? kindWhenMissing;
  if (kind !== 'NetworkPolicy') return false;
  const apiVersionPair = findPair(map, 'apiVersion');
  if (!apiVersionPair) return true;
  const apiVersion = scalarString(doc, apiVersionPair.value);
  return apiVersion === undefined || apiVersion === '' || apiVersion === POLICY_API_VERSION || isKubernetesApiGroup(apiGroupOf(apiVersion));
}

/** Every NetworkPolicy in the file, including the items of `kind: List` and `kind: NetworkPolicyList`. */
export function findNetworkPolicies(file: YamlFile): PolicySource[] {
  return policiesInDocuments(file.documents, 0, file.skippedDocuments);
}

/**
 * The NetworkPolicies of some documents of a file, the first of which is document `firstIndex`;
 * `skipped` documents (by index in the file) are left out.
 */
export function policiesInDocuments(documents: readonly YamlDocument[], firstIndex = 0, skipped?: ReadonlySet<number>): PolicySource[] {
  const found: PolicySource[] = [];
  documents.forEach((document, index) => {
    const documentIndex = firstIndex + index;
    if (skipped?.has(documentIndex)) return;
    const root = document.contents;
    if (!isMap(root)) return;
    if (isNetworkPolicy(document, root)) {
      found.push({ document, documentIndex, node: root, pathInDocument: [] });
      return;
    }
    const kind = scalarString(document, findPair(root, 'kind')?.value);
    if (kind !== 'List' && kind !== 'NetworkPolicyList') return;
    const items = asSeq(document, findPair(root, 'items')?.value);
    if (!items || !isSeq(items)) return;
    items.items.forEach((item, index) => {
      const map = asMap(document, item);
      const itemKind = kind === 'NetworkPolicyList' ? 'NetworkPolicy' : undefined;
      if (map && isNetworkPolicy(document, map, itemKind)) {
        found.push({ document, documentIndex, node: map, pathInDocument: ['items', index] });
      }
    });
  });
  return found;
}
