import { isMap, isSeq } from 'yaml';
import type { Decoder } from '../model/decode';
import { isKubernetesApiGroup } from '../parse/apiGroups';
import { findPair } from '../parse/yamlFile';
import type { YamlDocument } from '../parse/yamlFile';

/**
 * What kinds of objects tell about the pods of a namespace: API groups built into Kubernetes (whose
 * objects the workspace reads as they are), custom resources (an operator turns them into pods), the
 * controllers behind a workload, and kustomizations (which decide what is applied together, and where).
 */

/** Not API objects at all, though their groups are dotted: kustomize's own files and KRM function configs. */
const TOOL_GROUPS: ReadonlySet<string> = new Set(['kustomize.config.k8s.io', 'config.kubernetes.io']);

/** Objects the workspace reads as they are (not custom resources): Kubernetes' own groups and tools' files. */
export function isBuiltInApiGroup(group: string): boolean {
  return isKubernetesApiGroup(group) || TOOL_GROUPS.has(group);
}

/**
 * Values of `app.kubernetes.io/managed-by` that name a deployment tool, not a controller: the workload is
 * what the repository says it is. Any other value (`prometheus-operator`, `strimzi-cluster-operator`) names
 * an operator, whose workloads are snapshots of what it made.
 */
const DEPLOYMENT_TOOLS: ReadonlySet<string> = new Set(
  ['helm', 'tiller', 'kustomize', 'kubectl', 'argocd', 'flux', 'fluxcd', 'skaffold', 'kpt', 'pulumi', 'terraform', 'tanka', 'jsonnet', 'kapp', 'timoni', 'cdk8s', 'kluctl', 'ytt', 'carvel'],
);

export function isManagedByController(managedBy: string): boolean {
  return !DEPLOYMENT_TOOLS.has(managedBy.toLowerCase());
}

/** The file names kustomize looks for in a directory. */
export const KUSTOMIZATION_FILE_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A kustomization: what it applies (files and directories, as written) and the namespace it sets on them. */
export interface KustomizationManifest {
  readonly uri: string;
  /** `namespace:`: set on every namespaced object it accumulates, overriding what they name. */
  readonly namespace?: string;
  /** `resources`, `bases` and `components` entries, relative to the kustomization's directory. */
  readonly entries: readonly string[];
}

function baseName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/**
 * The kustomization a document is, if it is one: `kind: Kustomization` or `Component` of
 * `kustomize.config.k8s.io`, or any mapping in a file kustomize would read (`kind` is optional there).
 */
export function readKustomization(uri: string, doc: YamlDocument, decoder: Decoder): KustomizationManifest | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const kind = decoder.string(findPair(root, 'kind')?.value);
  const apiVersion = decoder.string(findPair(root, 'apiVersion')?.value);
  const declared = (kind === 'Kustomization' || kind === 'Component') && apiVersion?.startsWith('kustomize.config.k8s.io/') === true;
  const byName = KUSTOMIZATION_FILE_NAMES.includes(baseName(uri)) && (kind === undefined || declared);
  if (!declared && !byName) return undefined;
  const entries: string[] = [];
  for (const key of ['resources', 'bases', 'components']) {
    const list = findPair(root, key)?.value;
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const entry = decoder.string(item);
      if (entry !== undefined) entries.push(entry);
    }
  }
  const namespace = decoder.string(findPair(root, 'namespace')?.value);
  return { uri, entries, ...(namespace ? { namespace } : {}) };
}
