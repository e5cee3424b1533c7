import type { NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import type { PolicyType } from '../model/defaults';
import type { PolicyView } from '../model/policyView';
import type { Labels } from '../model/selector';
import type { FieldPath } from '../parse/fieldPath';
import { AddressBlock, parseAddress } from './addresses';
import type { Address } from './addresses';
import { sameAddress } from '../net/cidr';
import { LabelIndex } from './labelIndex';
import type { ContainerPort, CustomResourceManifest, FileManifests, NamespaceManifest, ServiceManifest, WorkloadManifest } from './manifests';
import { KustomizeLayout } from './kustomizeLayout';
import type { KustomizationManifest } from './objectKinds';
import { rulePeers } from '../model/rulePeers';
import { compileClusterPolicy, precedenceOrder } from '../cnp/compile';
import type { CnpCompileContext, CompiledClusterPolicy } from '../cnp/compile';
import type { LabelSelector } from 'kubernetes-types/meta/v1';

/** The label the control plane puts on every Namespace (v1.22+), assumed even where no manifest is given. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface WorkspaceOptions {
  /** Namespace of objects without `metadata.namespace`. */
  readonly defaultNamespace: string;
  /** Whether ipBlock peers match pod addresses (network-plugin specific; most plugins: yes). */
  readonly ipBlockAppliesToPods: boolean;
  /** Addresses outside the workspace's pods to include as endpoints (`8.8.8.8`, `10.1.2.3`). */
  readonly externalAddresses?: readonly string[];
}

/** One end of a connection: a workload's pods, or an address outside them. */
export interface Endpoint {
  readonly id: number;
  /** `ns/name` for a workload (`ns/Kind/name` when two workloads share one), the address otherwise. */
  readonly key: string;
  readonly external: boolean;
  readonly namespace: string | undefined;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly addresses: readonly Address[];
  readonly workload?: WorkloadManifest;
}

export interface NamespaceInfo {
  readonly name: string;
  /** The manifest's labels plus the automatic `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
  readonly manifest?: NamespaceManifest;
  /** Workload endpoint ids in this namespace. */
  readonly workloads: readonly number[];
  /** Services in this namespace that have a selector. */
  readonly services: readonly ServiceManifest[];
  /** Custom resources in this namespace (an operator may run pods for them). */
  readonly customResources: readonly CustomResourceManifest[];
  /** Kustomizations may put objects of the workspace here or elsewhere (a base under overlays that disagree). */
  readonly overlaid: boolean;
}

export interface CompiledPeer {
  readonly index: number;
  readonly peer: NetworkPolicyPeer;
  readonly block?: AddressBlock;
  /** Endpoint ids this peer matches. */
  readonly endpoints: readonly number[];
}

export interface CompiledRule {
  readonly direction: PolicyType;
  readonly index: number;
  /** `['spec', 'egress', 0]` */
  readonly field: FieldPath;
  /** No `from`/`to` (or an empty list): every source or destination, inside the cluster or not. */
  readonly allPeers: boolean;
  readonly peers: readonly CompiledPeer[];
  readonly peerSet: ReadonlySet<number>;
  /** Empty: every port and protocol. */
  readonly ports: readonly NetworkPolicyPort[];
}

export interface CompiledPolicy {
  readonly id: number;
  readonly view: PolicyView;
  readonly uri: string;
  readonly namespace: string;
  readonly name: string;
  /** `ns/name` */
  readonly key: string;
  /** Workload endpoint ids the podSelector selects in the policy's namespace. */
  readonly selected: readonly number[];
  readonly policyTypes: readonly PolicyType[];
  /** True when `policyTypes` is absent and the API server's defaulting decides them. */
  readonly policyTypesDefaulted: boolean;
  readonly ingress: readonly CompiledRule[];
  readonly egress: readonly CompiledRule[];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

/** The kustomizations among the files, for KustomizeLayout. */
export function kustomizationsOf(files: readonly FileManifests[]): KustomizationManifest[] {
  return files.flatMap((f) => (f.kustomization ? [f.kustomization] : []));
}

/**
 * Compiled policies kept from one Workspace to the next, by PolicyView. Only for workspaces of the same
 * workloads, Namespace manifests and kustomizations (the same objects, in the same order; kustomizations
 * decide namespaces), the same namespaces and the same options: a policy's compiled form depends on nothing else. The editor's analysis keeps one while those
 * stay the same (engine/incremental/), so that an edit compiles only the policies it changed.
 */
export interface CompileCache {
  readonly compiled: WeakMap<PolicyView, CompiledPolicy>;
  readonly selections: WeakMap<PolicyView, readonly number[]>;
}

export function newCompileCache(): CompileCache {
  return { compiled: new WeakMap(), selections: new WeakMap() };
}

/**
 * The workspace as the engine sees it: endpoints, namespaces and policies compiled against each other
 * once, so that each policy knows the workloads it selects and each rule the endpoints it admits.
 */
export class Workspace {
  readonly endpoints: Endpoint[] = [];
  readonly namespaces = new Map<string, NamespaceInfo>();
  readonly podIndex: LabelIndex;
  readonly namespaceIndex: LabelIndex;
  readonly namespaceNames: string[];
  readonly workloadCount: number;
  /**
   * The policies, in file order, compiled when first asked for: an editor's analysis asks only for the
   * policies of the namespaces an edit touched (the workspace rules run per namespace).
   */
  private readonly sources: { readonly view: PolicyView; readonly uri: string; readonly namespace: string }[] = [];
  private readonly sourcesByNamespace = new Map<string, number[]>();
  private readonly sourceIds = new Map<PolicyView, number>();
  private readonly sourcesByUri = new Map<string, number[]>();
  private readonly compiled: (CompiledPolicy | undefined)[] = [];
  private readonly selections: (readonly number[] | undefined)[] = [];
  private all: CompiledPolicy[] | undefined;
  private byDirection: Record<PolicyType, CompiledPolicy[][]> | undefined;
  /** Which files are applied together, and the namespace kustomizations set on them. */
  readonly layout: KustomizeLayout;
  private cluster: CompiledClusterPolicy[] | undefined;
  private clusterByDirection: Record<PolicyType, CompiledClusterPolicy[][]> | undefined;

  constructor(
    readonly files: readonly FileManifests[],
    readonly options: WorkspaceOptions,
    private readonly cache?: CompileCache,
  ) {
    this.layout = new KustomizeLayout(kustomizationsOf(files));
    const workloads = files.flatMap((f) => f.workloads);
    const keyOf = (w: WorkloadManifest) => `${this.namespaceOf(w.uri, w.namespace)}/${w.name}`;
    const keyCounts = new Map<string, number>();
    for (const w of workloads) keyCounts.set(keyOf(w), (keyCounts.get(keyOf(w)) ?? 0) + 1);
    for (const w of workloads) {
      const namespace = this.namespaceOf(w.uri, w.namespace);
      const key = (keyCounts.get(keyOf(w)) ?? 0) > 1 ? `${namespace}/${w.kind}/${w.name}` : keyOf(w);
      const addresses = w.podIPs.map(parseAddress).filter((a): a is Address => a !== undefined);
      this.endpoints.push({ id: this.endpoints.length, key, external: false, namespace, labels: w.labels, ports: w.ports, addresses, workload: w });
    }
    this.workloadCount = this.endpoints.length;
    for (const text of options.externalAddresses ?? []) {
      const address = parseAddress(text);
      if (!address) continue;
      this.endpoints.push({ id: this.endpoints.length, key: text, external: true, namespace: undefined, labels: {}, ports: [], addresses: [address] });
    }

    const manifests = new Map<string, NamespaceManifest>();
    for (const ns of files.flatMap((f) => f.namespaces)) manifests.set(ns.name, ns);
    const names = new Set<string>([...manifests.keys()]);
    for (const e of this.endpoints) if (e.namespace) names.add(e.namespace);
    for (const file of files) for (let i = 0; i < file.policies.length; i++) names.add(this.namespaceOf(file.uri, file.policies[i]!.namespace));
    this.namespaceNames = [...names].sort();
    const members = new Map<string, number[]>();
    for (const e of this.endpoints) if (e.namespace) (members.get(e.namespace) ?? members.set(e.namespace, []).get(e.namespace)!).push(e.id);
    const services = groupBy(files.flatMap((f) => f.services), (s) => this.namespaceOf(s.uri, s.namespace));
    const customResources = groupBy(files.flatMap((f) => f.customResources), (r) => this.namespaceOf(r.uri, r.namespace));
    const overlaid = new Set(files.flatMap((f) => this.layout.possibleNamespaces(f.uri)));
    for (const name of this.namespaceNames) {
      const manifest = manifests.get(name);
      this.namespaces.set(name, {
        name,
        labels: { ...(manifest?.labels ?? {}), [NAMESPACE_NAME_LABEL]: name },
        ...(manifest ? { manifest } : {}),
        workloads: members.get(name) ?? [],
        services: services.get(name) ?? [],
        customResources: customResources.get(name) ?? [],
        overlaid: overlaid.has(name),
      });
    }
    this.podIndex = new LabelIndex(this.endpoints.slice(0, this.workloadCount).map((e) => e.labels));
    this.namespaceIndex = new LabelIndex(this.namespaceNames.map((n) => this.namespaces.get(n)!.labels));

    for (const file of files) {
      // Templates, policies cut short by the alias budget, and patches have no known effect of their own.
      for (const view of file.policies) {
        if (!view.isAnalysable || view.isPartial || this.sourceIds.has(view)) continue;
        const namespace = this.namespaceOf(file.uri, view.namespace);
        const id = this.sources.length;
        this.sources.push({ view, uri: file.uri, namespace });
        this.sourceIds.set(view, id);
        const members = this.sourcesByNamespace.get(namespace);
        if (members) members.push(id);
        else this.sourcesByNamespace.set(namespace, [id]);
        const inFile = this.sourcesByUri.get(file.uri);
        if (inFile) inFile.push(id);
        else this.sourcesByUri.set(file.uri, [id]);
      }
    }
  }

  /**
   * Makes this workspace that of `files`, which differ from its own only in the policy views `replaced` maps from
   * old to new, each in the same file and namespace as the one it replaces, analysable and not partial: the rest
   * is kept, and what depended on the replaced policies is made again when asked (compiled forms, selections). For
   * the editor's analysis, whose last workspace nothing else holds (engine/incremental/analyzer.ts): changed in
   * place. False, with nothing changed, when an old view is not one of its policies or a new one already is.
   */
  replaceViews(files: readonly FileManifests[], replaced: ReadonlyMap<PolicyView, PolicyView>): boolean {
    for (const [before, after] of replaced) if (!this.sourceIds.has(before) || this.sourceIds.has(after)) return false;
    for (const [before, after] of replaced) {
      const id = this.sourceIds.get(before)!;
      this.sourceIds.delete(before);
      this.sourceIds.set(after, id);
      this.sources[id] = { view: after, uri: this.sources[id]!.uri, namespace: this.sources[id]!.namespace };
      this.compiled[id] = undefined;
      this.selections[id] = undefined;
    }
    (this as { files: readonly FileManifests[] }).files = files;
    this.all = undefined;
    this.byDirection = undefined;
    return true;
  }

  /**
   * The namespace of an object of the file `uri` that names `written` (or none): the one kustomizations
   * applying the file set, else the one it names, else the default namespace.
   */
  namespaceOf(uri: string, written: string | undefined): string {
    return this.layout.namespaceOf(uri) ?? written ?? this.options.defaultNamespace;
  }

  /** The URI of the file a policy of the workspace is in. */
  uriOf(view: PolicyView): string | undefined {
    const id = this.sourceIds.get(view);
    return id === undefined ? undefined : this.sources[id]!.uri;
  }

  /** The policies of one namespace with their files, in file order, not compiled. */
  policySourcesIn(namespace: string): { readonly view: PolicyView; readonly uri: string }[] {
    return (this.sourcesByNamespace.get(namespace) ?? []).map((id) => this.sources[id]!);
  }

  /** Every policy, compiled, in file order. */
  get policies(): readonly CompiledPolicy[] {
    return (this.all ??= this.sources.map((_, id) => this.compiledAt(id)));
  }

  /** The policy's compiled form, found by its view; undefined for a policy that is not part of the workspace. */
  compiledOf(view: PolicyView): CompiledPolicy | undefined {
    const id = this.sourceIds.get(view);
    return id === undefined ? undefined : this.compiledAt(id);
  }

  /** The file a policy of the workspace comes from, and its namespace (the default one where it names none). */
  sourceOf(view: PolicyView): { readonly uri: string; readonly namespace: string } | undefined {
    const id = this.sourceIds.get(view);
    return id === undefined ? undefined : this.sources[id];
  }

  /** The policies of one file that are part of the workspace, in file order, not compiled. */
  viewsIn(uri: string): PolicyView[] {
    return (this.sourcesByUri.get(uri) ?? []).map((id) => this.sources[id]!.view);
  }

  /**
   * The workload endpoint ids the policy's podSelector selects in its namespace (`CompiledPolicy.selected`),
   * without compiling its rules; undefined for a policy that is not part of the workspace.
   */
  selectedBy(view: PolicyView): readonly number[] | undefined {
    const id = this.sourceIds.get(view);
    return id === undefined ? undefined : this.selectedAt(id);
  }

  private selectedAt(id: number): readonly number[] {
    let selected = this.selections[id];
    if (!selected) {
      const { view, namespace } = this.sources[id]!;
      selected = this.cache?.selections.get(view);
      if (!selected) {
        const inNamespace = this.inNamespace(namespace);
        selected = this.podIndex.select(view.object.spec?.podSelector ?? {}).filter((endpoint) => inNamespace.has(endpoint));
        this.cache?.selections.set(view, selected);
      }
      this.selections[id] = selected;
    }
    return selected;
  }

  /** The policies of one namespace, compiled, in file order. */
  policiesIn(namespace: string): CompiledPolicy[] {
    return (this.sourcesByNamespace.get(namespace) ?? []).map((id) => this.compiledAt(id));
  }

  private compiledAt(id: number): CompiledPolicy {
    let policy = this.compiled[id];
    if (!policy) {
      const { view, uri, namespace } = this.sources[id]!;
      const kept = this.cache?.compiled.get(view);
      // A kept policy may have had another place among the policies: only its id is this workspace's own.
      policy = kept ? (kept.id === id ? kept : { ...kept, id }) : this.compilePolicy(id, view, uri, namespace);
      this.cache?.compiled.set(view, policy);
      this.compiled[id] = policy;
    }
    return policy;
  }

  /** Workload endpoint ids in the namespaces the selector matches. */
  private inNamespaces(namespaceSelector: NetworkPolicyPeer['namespaceSelector']): Set<number> {
    const out = new Set<number>();
    for (const nsId of this.namespaceIndex.select(namespaceSelector ?? {})) {
      for (const id of this.namespaces.get(this.namespaceNames[nsId]!)!.workloads) out.add(id);
    }
    return out;
  }

  private inNamespace(namespace: string): Set<number> {
    return new Set(this.namespaces.get(namespace)?.workloads ?? []);
  }

  private peerEndpoints(peer: NetworkPolicyPeer, namespace: string, block: AddressBlock | undefined): number[] {
    if (block) {
      return this.endpoints
        .filter((e) => {
          if (!e.external && !this.options.ipBlockAppliesToPods) return false;
          // A workload of unknown address surely falls in an ipBlock only when the block is a whole family.
          if (e.addresses.length === 0) return !e.external && block.isEverything;
          return e.addresses.some((a) => block.contains(a));
        })
        .map((e) => e.id);
    }
    if (!peer.podSelector && !peer.namespaceSelector) return []; // "must specify a peer": rejected by the API server
    const scope = peer.namespaceSelector ? this.inNamespaces(peer.namespaceSelector) : this.inNamespace(namespace);
    const pods = peer.podSelector ? this.podIndex.select(peer.podSelector) : [...scope];
    return pods.filter((id) => scope.has(id)).sort((a, b) => a - b);
  }

  private compileRules(view: PolicyView, direction: PolicyType, namespace: string): CompiledRule[] {
    const spec = view.object.spec;
    const rules = direction === 'Ingress' ? (spec?.ingress ?? []) : (spec?.egress ?? []);
    const allIds = this.endpoints.map((e) => e.id);
    return rules.map((rule, index) => {
      const peerList = rulePeers(rule) ?? [];
      const peers = peerList.map((peer, peerIndex) => {
        const block = peer.ipBlock ? new AddressBlock(peer.ipBlock) : undefined;
        return { index: peerIndex, peer, ...(block ? { block } : {}), endpoints: this.peerEndpoints(peer, namespace, block) };
      });
      const allPeers = peerList.length === 0;
      const peerSet = new Set<number>(allPeers ? allIds : peers.flatMap((p) => p.endpoints));
      return { direction, index, field: ['spec', direction === 'Ingress' ? 'ingress' : 'egress', index], allPeers, peers, peerSet, ports: rule.ports ?? [] };
    });
  }

  private compilePolicy(id: number, view: PolicyView, uri: string, namespace: string): CompiledPolicy {
    const name = view.name ?? '<unnamed>';
    const selected = this.selectedAt(id);
    const policyTypes = (['Ingress', 'Egress'] as const).filter((t) => view.isolates(t));
    return {
      id,
      view,
      uri,
      namespace,
      name,
      key: `${namespace}/${name}`,
      selected,
      policyTypes,
      policyTypesDefaulted: (view.object.spec?.policyTypes ?? []).length === 0,
      ingress: this.compileRules(view, 'Ingress', namespace),
      egress: this.compileRules(view, 'Egress', namespace),
    };
  }

  /** Policies that select this endpoint and isolate it in this direction (none for outside addresses). */
  policiesFor(endpoint: number, direction: PolicyType): readonly CompiledPolicy[] {
    if (!this.byDirection) {
      const byDirection: Record<PolicyType, CompiledPolicy[][]> = { Ingress: this.endpoints.map(() => []), Egress: this.endpoints.map(() => []) };
      for (const policy of this.policies) for (const type of policy.policyTypes) for (const id of policy.selected) byDirection[type][id]!.push(policy);
      this.byDirection = byDirection;
    }
    return this.byDirection[direction][endpoint] ?? [];
  }

  workloads(): Endpoint[] {
    return this.endpoints.slice(0, this.workloadCount);
  }

  /** The ClusterNetworkPolicies, compiled, in precedence order (Admin, then Baseline; by priority; then file order). */
  get clusterPolicies(): readonly CompiledClusterPolicy[] {
    if (!this.cluster) {
      const ctx: CnpCompileContext = {
        endpoints: this.endpoints,
        workloadsInNamespaces: (selector: LabelSelector) => this.inNamespaces(selector),
        workloadsMatching: (selector: LabelSelector) => this.podIndex.select(selector),
      };
      const manifests = this.files.flatMap((f) => f.clusterPolicies ?? []);
      this.cluster = manifests.map((m, id) => compileClusterPolicy(ctx, id, m)).sort(precedenceOrder);
    }
    return this.cluster;
  }

  /** The ClusterNetworkPolicies whose subject holds this endpoint and that have rules of this direction, in precedence order. */
  clusterPoliciesFor(endpoint: number, direction: PolicyType): readonly CompiledClusterPolicy[] {
    if (!this.clusterByDirection) {
      const byDirection: Record<PolicyType, CompiledClusterPolicy[][]> = { Ingress: this.endpoints.map(() => []), Egress: this.endpoints.map(() => []) };
      for (const policy of this.clusterPolicies) {
        for (const type of ['Ingress', 'Egress'] as const) {
          if ((type === 'Ingress' ? policy.ingress : policy.egress).length === 0) continue;
          for (const id of policy.selected) byDirection[type][id]!.push(policy);
        }
      }
      this.clusterByDirection = byDirection;
    }
    return this.clusterByDirection[direction][endpoint] ?? [];
  }

  /** `ns/name`, `ns/Kind/name`, `name` (in the default namespace), or an address (a Pod's, else an outside one). */
  findEndpoints(reference: string): Endpoint[] {
    const workloads = this.workloads();
    const address = parseAddress(reference);
    if (address) {
      // A Pod's address names that Pod; any other address is an outside endpoint.
      const same = (a: Address) => sameAddress(a, address);
      const pods = workloads.filter((e) => e.addresses.some(same));
      return pods.length > 0 ? pods : this.endpoints.filter((e) => e.external && e.addresses.some(same));
    }
    const exact = workloads.filter((e) => e.key === reference);
    if (exact.length > 0) return exact;
    const parts = reference.split('/');
    if (parts.length === 1) return workloads.filter((e) => e.namespace === this.options.defaultNamespace && e.workload?.name === reference);
    if (parts.length === 2) return workloads.filter((e) => e.namespace === parts[0] && e.workload?.name === parts[1]);
    if (parts.length === 3) return workloads.filter((e) => e.namespace === parts[0] && e.workload?.kind === parts[1] && e.workload?.name === parts[2]);
    return [];
  }
}
