import { isMap, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
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

/** The one apiVersion under which the API server serves NetworkPolicy. */
export const POLICY_API_VERSION = 'networking.k8s.io/v1';

/**
 * The API groups the Kubernetes API server itself serves (`kubectl api-versions` on a bare cluster; `''` is
 * the core group of `v1`). A `kind: NetworkPolicy` under one of them other than `networking.k8s.io/v1`
 * (`extensions/v1beta1`, removed in 1.16; `apps/v1`) is a Kubernetes NetworkPolicy with a wrong apiVersion
 * (NP108): analysed as one, so that fixing the apiVersion reveals nothing new. Any other group
 * (`projectcalico.org`, `crd.antrea.io`, ...) is another product's API that happens to share the kind.
 */
const BUILT_IN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** The group of an apiVersion as apimachinery's `ParseGroupVersion` reads it: `apps/v1` -> `apps`, `v1` -> `''`. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

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
  return apiVersion === undefined || apiVersion === '' || apiVersion === POLICY_API_VERSION || BUILT_IN_GROUPS.has(apiGroupOf(apiVersion));
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
