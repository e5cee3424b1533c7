/**
 * Cluster-wide network policy objects, told apart by API group, not by kind: Kubernetes' own
 * network-policy-api (`policy.networking.k8s.io`) ClusterNetworkPolicy (v1alpha2) and its predecessors
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1), and the products whose kind has the same
 * name but whose API is another: Antrea's (`crd.antrea.io`, formerly `security.antrea.tanzu.vmware.com`)
 * and Amazon EKS's (`networking.k8s.aws`). Found at the root of a document or as items of a List (or of
 * their own `...List` kind).
 */
import { isMap, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { apiGroupOf } from './apiGroups';
import type { FieldPath } from './fieldPath';
import { asMap, asSeq, findPair, scalarString } from './yamlFile';
import type { YamlDocument, YamlFile } from './yamlFile';

/** The API group of Kubernetes' network-policy-api (kubernetes-sigs/network-policy-api). */
export const NETWORK_POLICY_API_GROUP = 'policy.networking.k8s.io';
export const CLUSTER_NETWORK_POLICY_API_VERSION = `${NETWORK_POLICY_API_GROUP}/v1alpha2`;
export const ADMIN_NETWORK_POLICY_API_VERSION = `${NETWORK_POLICY_API_GROUP}/v1alpha1`;

export type ClusterPolicyApi =
  /** policy.networking.k8s.io ClusterNetworkPolicy: checked against its CRD (CNP1xx). */
  | 'cluster-network-policy'
  /** policy.networking.k8s.io v1alpha1 AdminNetworkPolicy: replaced by ClusterNetworkPolicy tier Admin. */
  | 'admin-network-policy'
  /** policy.networking.k8s.io v1alpha1 BaselineAdminNetworkPolicy: replaced by ClusterNetworkPolicy tier Baseline. */
  | 'baseline-admin-network-policy'
  /** Antrea's ClusterNetworkPolicy (crd.antrea.io): another API, left alone. */
  | 'antrea'
  /** Amazon EKS's ClusterNetworkPolicy (networking.k8s.aws): another API, left alone. */
  | 'eks';

export interface ClusterPolicySource {
  readonly api: ClusterPolicyApi;
  readonly apiVersion: string;
  readonly kind: string;
  readonly document: YamlDocument;
  readonly documentIndex: number;
  readonly node: YAMLMap;
  /** Path from the document root to the object: `[]`, or `['items', 3]` inside a List. */
  readonly pathInDocument: FieldPath;
}

const KINDS = new Set(['ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);
const LIST_KINDS = new Map([
  ['ClusterNetworkPolicyList', 'ClusterNetworkPolicy'],
  ['AdminNetworkPolicyList', 'AdminNetworkPolicy'],
  ['BaselineAdminNetworkPolicyList', 'BaselineAdminNetworkPolicy'],
]);

/** Which API an object of one of these kinds belongs to, by the group of its apiVersion; undefined for none of them. */
export function clusterPolicyApiOf(apiVersion: string, kind: string): ClusterPolicyApi | undefined {
  const group = apiGroupOf(apiVersion);
  if (group === NETWORK_POLICY_API_GROUP) {
    if (kind === 'ClusterNetworkPolicy') return 'cluster-network-policy';
    if (kind === 'AdminNetworkPolicy') return 'admin-network-policy';
    if (kind === 'BaselineAdminNetworkPolicy') return 'baseline-admin-network-policy';
    return undefined;
  }
  if (kind !== 'ClusterNetworkPolicy') return undefined;
  if (group === 'crd.antrea.io' || group === 'security.antrea.tanzu.vmware.com') return 'antrea';
  if (group === 'networking.k8s.aws') return 'eks';
  return undefined;
}

/**
 * A cheap test on the text, before any parse: could the file hold one of these objects? The incremental
 * analysis hands such files to analyzeText (their rules read whole documents of kinds it does not chunk).
 */
export function mentionsClusterPolicies(text: string): boolean {
  // Plain substring scans: this runs on every keystroke, over the whole text (BaselineAdminNetworkPolicy contains the second).
  return text.includes('ClusterNetworkPolicy') || text.includes('AdminNetworkPolicy');
}

function sourceOf(document: YamlDocument, documentIndex: number, map: YAMLMap, pathInDocument: FieldPath, kindWhenMissing?: string): ClusterPolicySource | undefined {
  const kind = scalarString(document, findPair(map, 'kind')?.value) ?? kindWhenMissing;
  if (kind === undefined || !KINDS.has(kind)) return undefined;
  const apiVersion = scalarString(document, findPair(map, 'apiVersion')?.value);
  if (apiVersion === undefined) return undefined;
  const api = clusterPolicyApiOf(apiVersion, kind);
  return api ? { api, apiVersion, kind, document, documentIndex, node: map, pathInDocument } : undefined;
}

// Across analyses, safely: a parsed document never changes (an edit makes new nodes).
const byDocument = new WeakMap<YamlDocument, readonly Omit<ClusterPolicySource, 'documentIndex'>[]>();

function inDocument(document: YamlDocument): readonly Omit<ClusterPolicySource, 'documentIndex'>[] {
  const known = byDocument.get(document);
  if (known) return known;
  const found: ClusterPolicySource[] = [];
  const root = document.contents;
  if (isMap(root)) {
    const own = sourceOf(document, 0, root, []);
    if (own) found.push(own);
    else {
      const kind = scalarString(document, findPair(root, 'kind')?.value);
      const itemKind = kind === undefined ? undefined : LIST_KINDS.get(kind);
      if (kind === 'List' || itemKind) {
        const items = asSeq(document, findPair(root, 'items')?.value);
        if (items && isSeq(items)) {
          items.items.forEach((item, index) => {
            const map = asMap(document, item);
            const source = map && sourceOf(document, 0, map, ['items', index], itemKind);
            if (source) found.push(source);
          });
        }
      }
    }
  }
  byDocument.set(document, found);
  return found;
}

/** Every cluster-wide policy object of the file (documents skipped by a limit left out). */
export function findClusterPolicies(file: YamlFile): ClusterPolicySource[] {
  if (!mentionsClusterPolicies(file.text)) return [];
  const out: ClusterPolicySource[] = [];
  file.documents.forEach((document, documentIndex) => {
    if (file.skippedDocuments.has(documentIndex)) return;
    for (const source of inDocument(document)) out.push({ ...source, documentIndex });
  });
  return out;
}
