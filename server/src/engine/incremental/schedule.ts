/**
 * Which rule runs an edit makes again, by what the rules depend on (`Rule.dependsOn`): one schedule per
 * kind of dependence, each keeping the runs that the edit left valid. A rule whose dependence has no
 * schedule here is a bug the analyser reports (it throws, and the editor logs the fallback).
 */
import type { AnalyzeOptions } from '../analyze';
import type { Settings, Severity } from '../config/settings';
import type { PolicyView } from '../model/policyView';
import type { YamlFile } from '../parse/yamlFile';
import { documentManifests } from '../reach/manifests';
import type { FileManifests } from '../reach/manifests';
import { KustomizeLayout } from '../reach/kustomizeLayout';
import type { KustomizationManifest } from '../reach/objectKinds';
import { pinnedNamespaces } from '../reach/decidable';
import { newCompileCache } from '../reach/workspace';
import type { CompileCache } from '../reach/workspace';
import type { Rule, RuleDependence, RuleReach } from '../rules/rule';
import type { Chunk, ChunkList, RuleRun } from './chunks';
import { namespaceKey } from './chunks';

export interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
}

/** What one analysis hands each schedule. */
export interface Pass {
  readonly chunks: ChunkList;
  readonly file: YamlFile;
  /** Every policy of the file, in file order. */
  readonly policies: readonly PolicyView[];
  /** Those and the workspace's other policies. */
  readonly scope: readonly PolicyView[];
  readonly settings: Settings;
  /** Namespaces (see `namespaceKey`) whose policies this edit added, changed or removed. */
  readonly dirtyNamespaces: ReadonlySet<string>;
  /** The policies this edit changed (see ChangedPolicies). */
  readonly changed: ChangedPolicies;
  /** The distinct namespaces the file's objects name, in order of appearance, as one string: the same string while they stay the same. */
  readonly fileNamespaces: string;
  readonly workspace: AnalyzeOptions['workspace'];
  chunkOf(policy: PolicyView): Chunk;
  /** Runs `rules` over `policies` (with `scope`): a new run. */
  run(rules: readonly ActiveRule[], policies: readonly PolicyView[], scope: readonly PolicyView[]): RuleRun;
}

/**
 * The policies an edit changed: `before`, as they were (the policies of the chunks it replaced), and `after`,
 * as they are (those of the chunks it made). A policy that an edit left as it was is in neither; one whose
 * document the edit touched is in both, even when only a comment or a space changed.
 */
export interface ChangedPolicies {
  readonly before: readonly PolicyView[];
  readonly after: readonly PolicyView[];
}

export interface Schedule {
  /** Drops every kept run: the settings or the scope changed. */
  clear(): void;
  /** Adds to `runs` a run of `rules` (all of this schedule's kind) per unit, kept or made again. */
  run(rules: readonly ActiveRule[], pass: Pass, runs: RuleRun[]): void;
}

/** The kinds of `Rule.dependsOn`, with `'file'` for rules without one. */
export type ScheduleKind = RuleDependence | 'file';

/**
 * Per chunk, kept while the chunk lives and `stamp` (a fact of the file the rules also read) stays the
 * same: the `'document'` and `'file-namespaces'` rules.
 */
class PerChunk implements Schedule {
  /** What the kept runs were made in: a new generation drops them all (`clear`). */
  private generation = ++generations;

  /** @param slot its place in each chunk's `kept`. */
  constructor(
    private readonly slot: number,
    private readonly stampOf: (pass: Pass) => string,
  ) {}

  clear(): void {
    this.generation = ++generations;
  }

  run(rules: readonly ActiveRule[], pass: Pass, runs: RuleRun[]): void {
    if (rules.length === 0) return;
    const stamp = this.stampOf(pass);
    const chunks = pass.chunks.chunks;
    const slot = this.slot;
    const generation = this.generation;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      if (chunk.views.length === 0) continue;
      let kept = chunk.kept[slot];
      if (!kept || kept.generation !== generation || kept.run.volatile || kept.stamp !== stamp) {
        pass.chunks.settle(chunk);
        kept = { run: pass.run(rules, chunk.views, pass.scope), stamp, generation };
        chunk.kept[slot] = kept;
      }
      runs.push(kept.run);
    }
  }
}

/** Generations of the per-chunk schedules, unique in the process. */
let generations = 0;

/**
 * Per rule and group of policies (a namespace), kept until the run is volatile, its group is dirty, or one
 * of its chunks is gone. For a rule with a `reach`, a dirty group's run is made again only for the policies
 * the edit can concern (see `rejudged`); the findings on the others are kept, except in the groups of `whole`
 * (an edit elsewhere concerns them: judged again whole).
 */
function runPerGroup(
  kept: Map<Rule, Map<string, RuleRun>>,
  rules: readonly ActiveRule[],
  members: ReadonlyMap<string, PolicyView[]>,
  dirty: ReadonlySet<string>,
  scopeOf: (group: string) => readonly PolicyView[],
  pass: Pass,
  runs: RuleRun[],
  keyOf: (policy: PolicyView) => string,
  workloadFree = false,
  whole: ReadonlySet<string> = new Set(),
): void {
  let changed: Map<string, { before: PolicyView[]; after: PolicyView[] }> | undefined;
  const changedIn = (group: string) => {
    if (!changed) {
      changed = new Map();
      for (const [side, policies] of [['before', pass.changed.before], ['after', pass.changed.after]] as const) {
        for (const policy of policies) {
          const key = keyOf(policy);
          let entry = changed.get(key);
          if (!entry) changed.set(key, (entry = { before: [], after: [] }));
          entry[side].push(policy);
        }
      }
    }
    return changed.get(group) ?? { before: [], after: [] };
  };
  // Which chunks of a group an edit concerns, per reach and group: rules of one reach share the answer, and reaches of
  // one `affects` (NP201's adds `affectsAll` to NP202's) share the pairs it judges.
  const concerned = new Map<RuleReach, Map<string, ReadonlySet<Chunk> | undefined>>();
  const affected = new Map<RuleReach['affects'], Map<string, ReadonlySet<Chunk>>>();
  for (const entry of rules) {
    let byGroup = kept.get(entry.rule);
    if (!byGroup) kept.set(entry.rule, (byGroup = new Map<string, RuleRun>()));
    for (const key of byGroup.keys()) if (!members.has(key)) byGroup.delete(key);
    for (const [key, group] of members) {
      let result = byGroup.get(key);
      if (!result || result.volatile || dirty.has(key) || result.parts.some((p) => !p.chunk?.alive)) {
        const reach = entry.rule.reach;
        let chunks: ReadonlySet<Chunk> | undefined;
        if (reach && result && !result.volatile && result.failed.size === 0 && !whole.has(key)) {
          let byReach = concerned.get(reach);
          if (!byReach) concerned.set(reach, (byReach = new Map<string, ReadonlySet<Chunk> | undefined>()));
          if (!byReach.has(key)) {
            let byAffects = affected.get(reach.affects);
            if (!byAffects) affected.set(reach.affects, (byAffects = new Map<string, ReadonlySet<Chunk>>()));
            byReach.set(key, concernedChunks(reach, group, changedIn(key), pass, workloadFree, byAffects, key));
          }
          chunks = byReach.get(key);
        }
        result = chunks ? rejudged(result!, entry, group, chunks, scopeOf(key), pass) : undefined;
        if (!result) {
          for (const policy of group) pass.chunks.settle(pass.chunkOf(policy));
          result = pass.run([entry], group, scopeOf(key));
        }
        byGroup.set(key, result);
      }
      runs.push(result);
    }
  }
}

/**
 * The chunks of a group whose policies an edit can concern, for a rule with `reach`: those of the policies
 * it changed, and, unless it only changed comments or spaces (the policies read the same), those of the
 * policies that a changed one, as it was or as it is, `affects`. Undefined when a change affects them all.
 */
function concernedChunks(
  reach: RuleReach,
  group: readonly PolicyView[],
  changed: ChangedPolicies,
  pass: Pass,
  workloadFree: boolean,
  byAffects: Map<string, ReadonlySet<Chunk>>,
  groupKey: string,
): ReadonlySet<Chunk> | undefined {
  const all = [...changed.before, ...changed.after];
  try {
    const chunks = new Set<Chunk>();
    for (const policy of changed.after) chunks.add(pass.chunkOf(policy));
    if (workloadFree && reach.aloneWithoutWorkloads) return chunks;
    if (reach.affectsAll && all.some((policy) => reach.affectsAll!(policy, pass.settings))) return undefined;
    if (readTheSame(changed.before, changed.after)) return chunks;
    // Within one analysis, the same group and `affects`: the same chunks.
    const known = byAffects.get(groupKey);
    if (known) return known;
    for (const policy of group) {
      const chunk = pass.chunkOf(policy);
      if (!chunks.has(chunk) && all.some((other) => reach.affects(other, policy))) chunks.add(chunk);
    }
    byAffects.set(groupKey, chunks);
    return chunks;
  } catch {
    // A policy the reach cannot read (a selector of the wrong shape): every policy is judged again.
    return undefined;
  }
}

/** Do the policies before and after an edit read the same, in the same order (only comments, spaces or quoting changed)? */
function readTheSame(before: readonly PolicyView[], after: readonly PolicyView[]): boolean {
  return before.length === after.length && before.every((policy, i) => JSON.stringify(policy.object) === JSON.stringify(after[i]!.object));
}

/**
 * `previous` with the findings in `chunks` found again, over the group's policies there, and the others
 * kept (those of chunks that are gone dropped). Undefined when nothing of `previous` can be kept.
 */
function rejudged(previous: RuleRun, entry: ActiveRule, group: readonly PolicyView[], chunks: ReadonlySet<Chunk>, scope: readonly PolicyView[], pass: Pass): RuleRun | undefined {
  const parts = previous.parts.filter((part) => part.chunk?.alive && !chunks.has(part.chunk));
  const policies = group.filter((policy) => chunks.has(pass.chunkOf(policy)));
  if (policies.length === group.length) return undefined;
  if (policies.length === 0) return { parts, volatile: false, failed: previous.failed };
  for (const policy of policies) pass.chunks.settle(pass.chunkOf(policy));
  const fresh = pass.run([entry], policies, scope);
  return { parts: [...parts, ...fresh.parts], volatile: fresh.volatile, failed: fresh.failed };
}

/** The `'namespace'` rules: per namespace of the file's policies, with the scope's policies of that namespace. */
class PerNamespace implements Schedule {
  private readonly kept = new Map<Rule, Map<string, RuleRun>>();
  private readonly grouping = new Grouping();

  clear(): void {
    this.kept.clear();
    this.grouping.clear();
  }

  run(rules: readonly ActiveRule[], pass: Pass, runs: RuleRun[]): void {
    const members = this.grouping.of(pass.policies, namespaceKey, pass.changed);
    let scopes: Map<string, PolicyView[]> | undefined;
    const scopeOf = (namespace: string) => (scopes ??= groupPolicies(pass.scope, namespaceKey)).get(namespace) ?? [];
    runPerGroup(this.kept, rules, members, pass.dirtyNamespaces, scopeOf, pass, runs, namespaceKey);
  }
}

/**
 * The `'workspace'` rules: per namespace (a policy without one in the default namespace, or in kustomize's),
 * kept while the workspace's population (see `populationOf`) and the namespaces of this file's policies
 * stay the same. Without a workspace they still run (NP902 compares the policies of this file).
 */
export class PerWorkspaceNamespace implements Schedule {
  private readonly kept = new Map<Rule, Map<string, RuleRun>>();
  /** What the kept runs were made with. */
  private population: readonly unknown[] | undefined;
  /** The namespaces of this file's policies when the kept runs were made. */
  private named: string | undefined;
  /** The kustomizations of the population, and their layout (rebuilt only when they change). */
  private layout: { readonly kustomizations: readonly KustomizationManifest[]; readonly layout: KustomizeLayout } | undefined;
  /** Policies compiled for the workspace rules, kept while the population and the settings stay the same. */
  compileCache: CompileCache | undefined;
  private readonly grouping = new Grouping();

  clear(): void {
    this.kept.clear();
    this.grouping.clear();
    this.population = undefined;
    this.named = undefined;
    this.compileCache = undefined;
  }

  run(rules: readonly ActiveRule[], pass: Pass, runs: RuleRun[]): void {
    if (rules.length === 0) {
      this.clear();
      return;
    }
    const ws = pass.workspace;
    const defaultNamespace = pass.settings.defaultNamespace;
    const held = ws ? populationOf(ws.uri, pass.file, pass.chunks.chunks, ws.files) : undefined;
    const population = held?.items ?? NO_WORKSPACE;
    // Without a workspace the workspace rules find nothing on this file's policies but by name (NP902, which has no reach).
    const workloadFree = !held || held.workloads === 0;
    // kustomize's `namespace:` puts every object of this file in one namespace, as the Workspace does.
    const override = ws ? this.layoutOf(population).namespaceOf(ws.uri) : undefined;
    const groupOf = (policy: PolicyView) => override ?? policy.namespace ?? defaultNamespace;
    const groups = this.grouping.of(pass.policies, groupOf, pass.changed, JSON.stringify([override ?? null, defaultNamespace]));
    const named = [...groups.keys()].sort().join('\n');
    if (!this.population || !sameItems(this.population, population) || this.named !== named) {
      this.kept.clear();
      this.compileCache = newCompileCache();
    }
    this.population = population;
    this.named = named;
    // A policy without a namespace is in the default one (or kustomize's): an edit of it touches that namespace too.
    const dirty = new Set<string>();
    for (const namespace of pass.dirtyNamespaces) {
      dirty.add(namespace);
      if (namespace === '') dirty.add(defaultNamespace);
      if (override !== undefined) dirty.add(override);
    }
    // With workloads, a peer that pins namespaces by name is judged against the policies there too (NP952: which
    // workloads no policy of that namespace selects, likelyTargets): an edit there touches the peer's namespace.
    // Their findings are judged again whole: no policy of theirs changed, so a reach would concern none.
    const lookingIn = !workloadFree && dirty.size > 0 ? groupsLookingInto(pass.policies, dirty, groupOf) : new Set<string>();
    for (const group of lookingIn) dirty.add(group);
    runPerGroup(this.kept, rules, groups, dirty, () => pass.scope, pass, runs, groupOf, workloadFree, lookingIn);
  }

  /** Which files are applied together, from the kustomizations among the population. */
  private layoutOf(population: readonly unknown[]): KustomizeLayout {
    const kustomizations = population.filter(isKustomization);
    if (!this.layout || !sameItems(this.layout.kustomizations, kustomizations)) this.layout = { kustomizations, layout: new KustomizeLayout(kustomizations) };
    return this.layout.layout;
  }
}

/** The groups of the policies with a pod peer whose namespaceSelector names one of `namespaces` (pinnedNamespaces). */
function groupsLookingInto(policies: readonly PolicyView[], namespaces: ReadonlySet<string>, groupOf: (policy: PolicyView) => string): Set<string> {
  const groups = new Set<string>();
  for (const policy of policies) {
    const spec = policy.object.spec;
    const rules = [...(spec?.ingress ?? []).map((r) => r?.from), ...(spec?.egress ?? []).map((r) => r?.to)];
    const looks = rules.some((peers) =>
      (Array.isArray(peers) ? peers : []).some((peer) => {
        // A peer without a podSelector looks for no workload there (peerNamespaces).
        const selector = peer?.namespaceSelector;
        if (!peer?.podSelector || !selector || typeof selector !== 'object') return false;
        return (pinnedNamespaces(selector) ?? []).some((n) => namespaces.has(n));
      }),
    );
    if (looks) groups.add(groupOf(policy));
  }
  return groups;
}

/**
 * The `'notices'`, `'expectations'` and `'cluster-policies'` rules have nothing to report here: the
 * incremental analyser hands every file with a notice, an expectations document or a cluster-wide policy to
 * analyzeText.
 */
class NotRun implements Schedule {
  clear(): void {}
  run(): void {}
}

/** Rules without `dependsOn`: over the whole file, on every analysis. */
class EveryTime implements Schedule {
  clear(): void {}
  run(rules: readonly ActiveRule[], pass: Pass, runs: RuleRun[]): void {
    if (rules.length > 0) runs.push(pass.run(rules, pass.policies, pass.scope));
  }
}

/** One schedule per kind, in the order their runs are made (findings are sorted afterwards). */
export interface Schedules {
  readonly document: Schedule;
  readonly 'file-namespaces': Schedule;
  readonly namespace: Schedule;
  readonly workspace: PerWorkspaceNamespace;
  readonly notices: Schedule;
  readonly expectations: Schedule;
  readonly 'cluster-policies': Schedule;
  readonly file: Schedule;
}

export function newSchedules(): Schedules {
  const schedules = {
    document: new PerChunk(0, () => ''),
    'file-namespaces': new PerChunk(1, (pass) => pass.fileNamespaces),
    namespace: new PerNamespace(),
    workspace: new PerWorkspaceNamespace(),
    notices: new NotRun(),
    expectations: new NotRun(),
    'cluster-policies': new NotRun(),
    file: new EveryTime(),
  } satisfies Record<ScheduleKind, Schedule>;
  return schedules;
}

/** The kind of schedule a rule runs in. */
export function scheduleKindOf(rule: Rule): ScheduleKind {
  const kind: ScheduleKind = rule.dependsOn ?? 'file';
  if (!SCHEDULE_KINDS.includes(kind)) throw new Error(`Rule ${rule.meta.code} depends on "${String(kind)}", which no schedule of the incremental analysis knows`);
  return kind;
}

export const SCHEDULE_KINDS: readonly ScheduleKind[] = ['document', 'file-namespaces', 'namespace', 'workspace', 'notices', 'expectations', 'cluster-policies', 'file'];

/**
 * groupPolicies, kept between analyses (a file of 5,000 policies was grouped twice on every keystroke): when
 * an edit replaced some policies by as many, each in the same group and at the same place in the file, the
 * groups are patched in place; otherwise made anew. `stamp` stands for what else the keys depend on.
 */
export class Grouping {
  private last: { readonly policies: readonly PolicyView[]; readonly groups: Map<string, PolicyView[]>; readonly stamp: string } | undefined;

  clear(): void {
    this.last = undefined;
  }

  of(policies: readonly PolicyView[], keyOf: (policy: PolicyView) => string, changed: ChangedPolicies, stamp = ''): Map<string, PolicyView[]> {
    const last = this.last;
    if (last && last.stamp === stamp && patched(last.groups, last.policies, policies, keyOf, changed.after.length)) {
      this.last = { policies, groups: last.groups, stamp };
      return last.groups;
    }
    const groups = groupPolicies(policies, keyOf);
    this.last = { policies, groups, stamp };
    return groups;
  }
}

/** Patches `groups` of `before` into those of `after`, if at most `changes` policies differ, each in the same group. */
function patched(groups: Map<string, PolicyView[]>, before: readonly PolicyView[], after: readonly PolicyView[], keyOf: (policy: PolicyView) => string, changes: number): boolean {
  if (before.length !== after.length) return false;
  const at: { group: PolicyView[]; index: number; policy: PolicyView }[] = [];
  for (let i = 0; i < after.length; i++) {
    if (after[i] === before[i]) continue;
    const key = keyOf(after[i]!);
    const group = groups.get(key);
    const index = at.length < changes && keyOf(before[i]!) === key && group ? group.indexOf(before[i]!) : -1;
    if (index < 0) return false;
    at.push({ group: group!, index, policy: after[i]! });
  }
  for (const { group, index, policy } of at) group[index] = policy;
  return true;
}

/** The policies by a key (their namespace), each group in file order. */
function groupPolicies(policies: readonly PolicyView[], keyOf: (policy: PolicyView) => string): Map<string, PolicyView[]> {
  const groups = new Map<string, PolicyView[]>();
  for (let p = 0; p < policies.length; p++) {
    const policy = policies[p]!;
    const key = keyOf(policy);
    const group = groups.get(key);
    if (group) group.push(policy);
    else groups.set(key, [policy]);
  }
  return groups;
}

/** The population of an analysis without a workspace: unlike that of any workspace, even an empty one. */
const NO_WORKSPACE: readonly unknown[] = [Symbol('no workspace')];

/** A kustomization among the population's items (the only items with `entries`). */
function isKustomization(item: unknown): item is KustomizationManifest {
  return typeof item === 'object' && item !== null && 'entries' in item && 'uri' in item;
}

/**
 * What the workspace rules' findings depend on besides the policies of their namespace: every workload,
 * Namespace, Service, custom resource and kustomization of the workspace and the other files' policies
 * (by identity: a document's manifests are the same objects while the document is unchanged, and so are
 * an unchanged file's).
 */
function populationOf(uri: string, file: YamlFile, chunks: readonly Chunk[], others: readonly FileManifests[]): { items: unknown[]; workloads: number } {
  const items: unknown[] = [];
  let workloads = 0;
  for (const other of others) {
    if (other.uri === uri) continue;
    workloads += other.workloads.length;
    for (const workload of other.workloads) items.push(workload);
    for (const namespace of other.namespaces) items.push(namespace);
    for (const service of other.services) items.push(service);
    for (const resource of other.customResources) items.push(resource);
    for (const policy of other.clusterPolicies) items.push(policy);
    if (other.kustomization) items.push(other.kustomization);
    for (const policy of other.policies) if (policy.isAnalysable && !policy.isPartial) items.push(policy);
  }
  let kustomization = false;
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    // A chunk's documents never change: what they hold is worked out once.
    if (!chunk.manifests) {
      chunk.manifests = [];
      for (const doc of chunk.documents) {
        const manifests = documentManifests(uri, file, doc);
        chunk.workloads += manifests.workloads.length;
        for (const workload of manifests.workloads) chunk.manifests.push(workload);
        for (const namespace of manifests.namespaces) chunk.manifests.push(namespace);
        for (const service of manifests.services) chunk.manifests.push(service);
        for (const resource of manifests.customResources) chunk.manifests.push(resource);
        for (const policy of manifests.clusterPolicies) chunk.manifests.push(policy);
        if (manifests.kustomization) chunk.manifests.push(manifests.kustomization);
      }
    }
    workloads += chunk.workloads;
    for (let m = 0; m < chunk.manifests.length; m++) {
      const item = chunk.manifests[m];
      // The file's first kustomization is its own (readManifests), the others are not read.
      if (isKustomization(item)) {
        if (kustomization) continue;
        kustomization = true;
      }
      items.push(item);
    }
  }
  // This file's policies count by the namespaces they are in (`PerWorkspaceNamespace.named`), not by identity.
  return { items, workloads };
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
