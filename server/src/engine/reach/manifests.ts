import { isMap, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { DEFAULT_LIMITS } from '../config/limits';
import { AliasBudgetExceeded, Decoder } from '../model/decode';
import { PolicyView } from '../model/policyView';
import type { Labels } from '../model/selector';
import { findNetworkPolicies } from '../parse/manifests';
import { asMap, asSeq, findPair, nodeSpan, scalarString } from '../parse/yamlFile';
import type { YamlDocument, YamlFile } from '../parse/yamlFile';
import { apiGroupOf } from '../parse/apiGroups';
import { isBuiltInApiGroup, isManagedByController, readKustomization } from './objectKinds';
import type { KustomizationManifest } from './objectKinds';
import { decodeClusterNetworkPolicy, isClusterNetworkPolicy } from '../cnp/model';
import type { ClusterNetworkPolicyModel, CnpDirection } from '../cnp/model';

/** A container port as the pod template declares it (protocol defaulted to TCP, as the API server does). */
export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
}

/** Something that makes pods: a Pod, or a controller's pod template. */
export interface WorkloadManifest {
  readonly kind: string;
  readonly name: string;
  /** `metadata.namespace` as written; undefined means the default namespace. */
  readonly namespace: string | undefined;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  /** `status.podIP` / `status.podIPs` of a Pod manifest. */
  readonly podIPs: readonly string[];
  readonly uri: string;
  readonly file: YamlFile;
  /** Offsets of the object's `metadata.name` value (or the object), for locations. */
  readonly span: readonly [number, number];
  /**
   * Who runs it, when the manifest says a controller other than a deployment tool does: the kind of its
   * first `metadata.ownerReferences` entry, or its `app.kubernetes.io/managed-by` label. Such a workload is
   * a snapshot of what an operator made, and the operator may make more.
   */
  readonly managedBy?: string;
  /** The first `metadata.ownerReferences` entry, when it names a kind and a name: connlist groups a controller's pods by it. */
  readonly owner?: { readonly kind: string; readonly name: string };
}

/** A Service with a selector: evidence that pods with those labels run in its namespace. */
export interface ServiceManifest {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly selector: Labels;
  readonly uri: string;
}

/** An object of an API group that is not built into Kubernetes (a custom resource): operators make pods from them. */
export interface CustomResourceManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly uri: string;
}

export interface NamespaceManifest {
  readonly name: string;
  readonly labels: Labels;
  readonly uri: string;
  readonly file: YamlFile;
  readonly span: readonly [number, number];
}

/** A ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) as far as it can be read: cluster-wide, no namespace. */
export interface ClusterPolicyManifest {
  readonly model: ClusterNetworkPolicyModel;
  readonly uri: string;
  readonly file: YamlFile;
  /** Offsets of the object's `metadata.name` value (or the object). */
  readonly span: readonly [number, number];
  /** Offset of a rule's node (`spec.egress[1]`), for locations; the object's when it cannot be found. */
  ruleOffset(direction: CnpDirection, index: number): number;
}

/** What one file contributes to the workspace. */
export interface FileManifests {
  readonly uri: string;
  readonly file: YamlFile;
  readonly policies: readonly PolicyView[];
  readonly workloads: readonly WorkloadManifest[];
  readonly namespaces: readonly NamespaceManifest[];
  readonly services: readonly ServiceManifest[];
  readonly customResources: readonly CustomResourceManifest[];
  /** ClusterNetworkPolicies (both tiers). */
  readonly clusterPolicies: readonly ClusterPolicyManifest[];
  /** The file is a kustomization (`kustomization.yaml`, or `kind: Kustomization`/`Component`). */
  readonly kustomization?: KustomizationManifest;
}

/** Where each kind keeps its pod template, relative to the object. */
const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const WORKLOAD_KINDS: readonly string[] = ['Pod', ...Object.keys(POD_TEMPLATE_PATHS)];

function field(doc: YamlDocument, map: unknown, path: readonly string[]): unknown {
  let current: unknown = map;
  for (const key of path) {
    const m = asMap(doc, current);
    if (!m) return undefined;
    current = findPair(m, key)?.value;
  }
  return current;
}

function objectSpan(doc: YamlDocument, map: YAMLMap): readonly [number, number] {
  const nameNode = field(doc, map, ['metadata', 'name']);
  return nodeSpan(nameNode as never) ?? nodeSpan(map) ?? [0, 0];
}

function containerPorts(doc: YamlDocument, decoder: Decoder, podSpec: unknown): ContainerPort[] {
  const ports: ContainerPort[] = [];
  for (const list of ['containers', 'initContainers']) {
    for (const container of asSeq(doc, field(doc, podSpec, [list]))?.items ?? []) {
      for (const portNode of asSeq(doc, field(doc, container, ['ports']))?.items ?? []) {
        const port = decoder.integer(field(doc, portNode, ['containerPort']));
        if (port === undefined) continue;
        const name = decoder.string(field(doc, portNode, ['name']));
        const protocol = decoder.string(field(doc, portNode, ['protocol'])) ?? 'TCP';
        ports.push({ ...(name ? { name } : {}), port, protocol });
      }
    }
  }
  return ports;
}

function podIPs(doc: YamlDocument, decoder: Decoder, pod: YAMLMap): string[] {
  const ips = new Set<string>();
  const single = decoder.string(field(doc, pod, ['status', 'podIP']));
  if (single) ips.add(single);
  for (const item of asSeq(doc, field(doc, pod, ['status', 'podIPs']))?.items ?? []) {
    const ip = decoder.string(field(doc, item, ['ip']));
    if (ip) ips.add(ip);
  }
  return [...ips];
}

/** Does the document's text hold template actions (`{{ ... }}`)? */
function isTemplated(file: YamlFile, doc: YamlDocument): boolean {
  const [start, , end] = doc.range;
  return file.text.slice(start, end).includes('{{');
}

/**
 * Every object of a document with its kind: the root, or the items of a `kind: List` (and `*List` kinds).
 * Items of a typed list (`PodList`, `DeploymentList`: API list responses) need not repeat their kind, as
 * the API server leaves it out; the list's kind implies it. A `List` item must say its own.
 */
function objectsOf(doc: YamlDocument): { object: YAMLMap; impliedKind?: string }[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const kind = scalarString(doc, findPair(root, 'kind')?.value);
  if (kind !== undefined && kind.endsWith('List')) {
    const items = asSeq(doc, findPair(root, 'items')?.value);
    const impliedKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    return (items && isSeq(items) ? items.items : [])
      .map((item) => asMap(doc, item))
      .filter((m): m is YAMLMap => m !== undefined)
      .map((object) => (impliedKind ? { object, impliedKind } : { object }));
  }
  return [{ object: root }];
}

interface Collected {
  readonly workloads: WorkloadManifest[];
  readonly namespaces: NamespaceManifest[];
  readonly services: ServiceManifest[];
  readonly customResources: CustomResourceManifest[];
  readonly clusterPolicies: ClusterPolicyManifest[];
}

function clusterPolicy(uri: string, file: YamlFile, doc: YamlDocument, decoder: Decoder, object: YAMLMap): ClusterPolicyManifest | undefined {
  const model = decodeClusterNetworkPolicy(decoder, object);
  if (!model) return undefined;
  return {
    model,
    uri,
    file,
    get span() {
      return objectSpan(doc, object);
    },
    ruleOffset(direction, index) {
      const rule = asSeq(doc, field(doc, object, ['spec', direction === 'Ingress' ? 'ingress' : 'egress']))?.items[index];
      return nodeSpan(rule as never)?.[0] ?? objectSpan(doc, object)[0];
    },
  };
}

/** The controller that runs a workload, when its manifest names one that is not a deployment tool. */
function managedBy(doc: YamlDocument, decoder: Decoder, object: YAMLMap): string | undefined {
  const owner = asSeq(doc, field(doc, object, ['metadata', 'ownerReferences']))?.items[0];
  const ownerKind = owner === undefined ? undefined : decoder.string(field(doc, owner, ['kind']));
  if (ownerKind) return ownerKind;
  const label = decoder.stringMap(field(doc, object, ['metadata', 'labels']))?.['app.kubernetes.io/managed-by'];
  return label !== undefined && isManagedByController(label) ? label : undefined;
}

function readObject(uri: string, file: YamlFile, doc: YamlDocument, decoder: Decoder, { object, impliedKind }: { object: YAMLMap; impliedKind?: string }, out: Collected): void {
  const { workloads, namespaces } = out;
  const kind = scalarString(doc, findPair(object, 'kind')?.value) ?? impliedKind;
  const name = decoder.string(field(doc, object, ['metadata', 'name']));
  if (!kind || !name) return;
  const apiVersion = decoder.string(field(doc, object, ['apiVersion'])) ?? '';
  const namespace = decoder.string(field(doc, object, ['metadata', 'namespace']));
  if (isClusterNetworkPolicy(apiVersion, kind)) {
    // A policy, not a resource an operator makes pods from.
    const read = clusterPolicy(uri, file, doc, decoder, object);
    if (read) out.clusterPolicies.push(read);
    return;
  }
  if (!isBuiltInApiGroup(apiGroupOf(apiVersion))) {
    out.customResources.push({ apiVersion, kind, name, namespace, uri });
    return;
  }
  if (kind === 'Service') {
    const selector = decoder.stringMap(field(doc, object, ['spec', 'selector']));
    if (selector && Object.keys(selector).length > 0) out.services.push({ name, namespace, selector, uri });
    return;
  }
  // The span is read from the nodes when asked for: an editor moves the nodes of unchanged documents
  // after an edit, and the manifests read from them are kept (see documentManifests).
  if (kind === 'Namespace') {
    const labels = decoder.stringMap(field(doc, object, ['metadata', 'labels'])) ?? {};
    namespaces.push({
      name,
      labels,
      uri,
      file,
      get span() {
        return objectSpan(doc, object);
      },
    });
    return;
  }
  const templatePath = kind === 'Pod' ? [] : POD_TEMPLATE_PATHS[kind];
  if (!templatePath) return;
  const template = templatePath.length === 0 ? object : field(doc, object, templatePath);
  if (!asMap(doc, template)) return;
  const controller = managedBy(doc, decoder, object);
  const ownerRef = asSeq(doc, field(doc, object, ['metadata', 'ownerReferences']))?.items[0];
  const owner = ownerRef === undefined ? undefined : { kind: decoder.string(field(doc, ownerRef, ['kind'])), name: decoder.string(field(doc, ownerRef, ['name'])) };
  workloads.push({
    kind,
    name,
    namespace,
    ...(controller !== undefined ? { managedBy: controller } : {}),
    ...(owner?.kind && owner.name ? { owner: { kind: owner.kind, name: owner.name } } : {}),
    labels: decoder.stringMap(field(doc, template, ['metadata', 'labels'])) ?? {},
    ports: containerPorts(doc, decoder, field(doc, template, ['spec'])),
    podIPs: kind === 'Pod' ? podIPs(doc, decoder, object) : [],
    uri,
    file,
    get span() {
      return objectSpan(doc, object);
    },
  });
}

/** The workloads, Namespaces, Services, custom resources and kustomization of one document. */
export interface DocumentManifests {
  readonly workloads: readonly WorkloadManifest[];
  readonly namespaces: readonly NamespaceManifest[];
  readonly services: readonly ServiceManifest[];
  readonly customResources: readonly CustomResourceManifest[];
  readonly clusterPolicies: readonly ClusterPolicyManifest[];
  readonly kustomization?: KustomizationManifest;
}

/** Document manifests gathered in order, the first kustomization kept: a file's, or a piece's of it. */
export class GatheredManifests {
  readonly workloads: WorkloadManifest[] = [];
  readonly namespaces: NamespaceManifest[] = [];
  readonly services: ServiceManifest[] = [];
  readonly customResources: CustomResourceManifest[] = [];
  readonly clusterPolicies: ClusterPolicyManifest[] = [];
  kustomization: KustomizationManifest | undefined;

  add(manifests: DocumentManifests): void {
    for (const workload of manifests.workloads) this.workloads.push(workload);
    for (const namespace of manifests.namespaces) this.namespaces.push(namespace);
    for (const service of manifests.services) this.services.push(service);
    for (const resource of manifests.customResources) this.customResources.push(resource);
    for (const policy of manifests.clusterPolicies) this.clusterPolicies.push(policy);
    this.kustomization ??= manifests.kustomization;
  }

  /** The file's manifests: these, with its policies. */
  of(uri: string, file: YamlFile, policies: readonly PolicyView[]): FileManifests {
    const { workloads, namespaces, services, customResources, clusterPolicies, kustomization } = this;
    return { uri, file, policies, workloads, namespaces, services, customResources, clusterPolicies, ...(kustomization ? { kustomization } : {}) };
  }
}

const NO_MANIFESTS: DocumentManifests = { workloads: [], namespaces: [], services: [], customResources: [], clusterPolicies: [] };

/** Per parsed document (and the file and URI it was read for): an editor keeps unchanged documents across edits. */
const perDocument = new WeakMap<YamlDocument, { readonly uri: string; readonly file: YamlFile; readonly manifests: DocumentManifests }>();

/**
 * The workloads and Namespaces of one document of a file, read once per parsed document: the same objects
 * for as long as the document is unchanged, so that a workspace can tell what changed by identity.
 */
export function documentManifests(uri: string, file: YamlFile, doc: YamlDocument): DocumentManifests {
  const known = perDocument.get(doc);
  if (known && known.uri === uri && known.file === file) return known.manifests;
  let manifests = NO_MANIFESTS;
  // A Helm-style template's labels and names are not values yet.
  if (!isTemplated(file, doc)) {
    const out: Collected = { workloads: [], namespaces: [], services: [], customResources: [], clusterPolicies: [] };
    let kustomization: KustomizationManifest | undefined;
    try {
      kustomization = readKustomization(uri, doc, new Decoder(doc, DEFAULT_LIMITS.aliasBudget));
    } catch (error) {
      if (!(error instanceof AliasBudgetExceeded)) throw error;
    }
    for (const object of kustomization ? [] : objectsOf(doc)) {
      try {
        // A budget per object: an alias bomb in one object cannot starve the others, nor hang the walk.
        readObject(uri, file, doc, new Decoder(doc, DEFAULT_LIMITS.aliasBudget), object, out);
      } catch (error) {
        // An object whose aliases expand past the budget (a YAML bomb) is skipped like any non-manifest.
        if (!(error instanceof AliasBudgetExceeded)) throw error;
      }
    }
    if (kustomization || out.workloads.length + out.namespaces.length + out.services.length + out.customResources.length + out.clusterPolicies.length > 0) {
      manifests = { ...out, ...(kustomization ? { kustomization } : {}) };
    }
  }
  perDocument.set(doc, { uri, file, manifests });
  return manifests;
}

/**
 * The NetworkPolicies, workloads and Namespaces of one parsed file. Documents that are not
 * Kubernetes objects (no kind, other kinds, broken YAML) are skipped without a word.
 */
export function readManifests(uri: string, file: YamlFile, policies?: readonly PolicyView[]): FileManifests {
  const gathered = new GatheredManifests();
  for (const doc of file.documents) gathered.add(documentManifests(uri, file, doc));
  const views = policies ?? findNetworkPolicies(file).map((source) => new PolicyView(file, source, { templated: isTemplated(file, source.document) }));
  return gathered.of(uri, file, views);
}
