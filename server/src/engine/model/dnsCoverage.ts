import * as l10n from '../l10n/t';
import type { LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { DEFAULT_SETTINGS } from '../config/settings';
import type { PolicyView } from './policyView';
import { dnsProtocolsOfRuleToAny } from './dns';
import type { DnsProtocol, DnsRecognition, DnsTarget } from './dns';
import { selectorCovers, selectorsMayOverlap } from './selector';

/** One place that lets pods reach DNS: a rule of some policy, and the port entry (if any) that opens it. */
export interface DnsGrant {
  readonly policy: PolicyView;
  readonly ruleIndex: number;
  readonly protocol: DnsProtocol;
  readonly portIndex: number | 'all-ports';
  /** The DNS server the rule reaches (the configured one where several do). */
  readonly target: DnsTarget;
}

/**
 * The egress-isolating policies of a scope, indexed so that the candidates to cover a policy are
 * found without testing every other policy: each is filed under one requirement of its podSelector
 * (`key=value` for a single-value `In`, as matchLabels are, else the key; `''` for an empty selector).
 * A policy can cover another only if that requirement is implied by one of the other's, which names
 * the same key (and, for `key=value`, the same value), so looking up the other's keys and key=values
 * finds every candidate: O(candidates) per policy instead of O(scope). The same holds for the policies
 * that may select some of a policy's pods (`overlapCandidates`): with a crowded namespace (hundreds of
 * policies, issue 16) a scan of the scope per policy made the analysis quadratic.
 */
interface CoverageIndex {
  readonly byNamespace: Map<string, NamespaceIndex>;
  /** `namespace/name` -> the policies of the scope with that name there: the same-named alternatives. */
  readonly byName: Map<string, PolicyView[]>;
}

type Entry = readonly [position: number, policy: PolicyView];

interface NamespaceIndex {
  /** anchor -> the namespace's egress-isolating policies filed under it. */
  readonly anchors: Map<string, Entry[]>;
  /** Every egress-isolating policy of the namespace, in scope order. */
  readonly isolating: Entry[];
  /** key -> value -> the isolating policies requiring exactly `key=value` (a single-value `In`, as matchLabels). */
  readonly byLabel: Map<string, Map<string, Entry[]>>;
  /** key -> the isolating policies with no single-value `In` on key (made on first use). */
  readonly withoutLabel: Map<string, Entry[]>;
}

/**
 * The namespace a policy applies in: a policy without `metadata.namespace` lands in the namespace of
 * kubectl's context, `default` unless the user says otherwise, so it meets the policies that name it.
 */
function namespaceOf(policy: PolicyView): string {
  return policy.namespace ?? DEFAULT_SETTINGS.defaultNamespace;
}

const indexes = new WeakMap<readonly PolicyView[], CoverageIndex>();
/** The scope indexed last, and its index: the next scope's is made from it (see `patched`). */
let latest: { readonly scope: readonly PolicyView[]; readonly index: CoverageIndex } | undefined;

function requirementsOf(policy: PolicyView): LabelSelectorRequirement[] {
  const selector = policy.object.spec?.podSelector ?? {};
  const out: LabelSelectorRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) out.push({ key, operator: 'In', values: [value] });
  out.push(...(selector.matchExpressions ?? []));
  return out;
}

function isSingleIn(r: LabelSelectorRequirement): boolean {
  return r.operator === 'In' && r.values?.length === 1;
}

function anchorOf(requirements: readonly LabelSelectorRequirement[]): string {
  if (requirements.length === 0) return '';
  const single = requirements.find(isSingleIn);
  if (single) return `=${single.key}=${single.values![0]}`;
  return `:${[...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))[0]!.key}`;
}

/** Puts `entry` into `list`, kept in scope order (appended, in the common case). */
function insert(list: Entry[], entry: Entry): void {
  let at = list.length;
  while (at > 0 && list[at - 1]![0] > entry[0]) at--;
  list.splice(at, 0, entry);
}

function remove<T>(list: T[] | undefined, matches: (item: T) => boolean): void {
  const at = list ? list.findIndex(matches) : -1;
  if (at >= 0) list!.splice(at, 1);
}

/** Files the policy at `position` of the scope in the index. */
function file(index: CoverageIndex, position: number, policy: PolicyView): void {
  const namespaceName = namespaceOf(policy);
  if (policy.name !== undefined) {
    const key = `${namespaceName}/${policy.name}`;
    const named = index.byName.get(key);
    if (named) named.push(policy);
    else index.byName.set(key, [policy]);
  }
  if (!policy.isolates('Egress')) return;
  let namespace = index.byNamespace.get(namespaceName);
  if (!namespace) index.byNamespace.set(namespaceName, (namespace = { anchors: new Map(), isolating: [], byLabel: new Map(), withoutLabel: new Map() }));
  namespace.withoutLabel.clear();
  const entry: Entry = [position, policy];
  const requirements = requirementsOf(policy);
  const anchor = anchorOf(requirements);
  const anchored = namespace.anchors.get(anchor);
  if (anchored) insert(anchored, entry);
  else namespace.anchors.set(anchor, [entry]);
  insert(namespace.isolating, entry);
  for (const r of requirements) {
    if (!isSingleIn(r)) continue;
    let values = namespace.byLabel.get(r.key);
    if (!values) namespace.byLabel.set(r.key, (values = new Map<string, Entry[]>()));
    const list = values.get(r.values![0]!);
    // A selector naming one key=value twice (matchLabels and an expression) is filed once.
    if (!list) values.set(r.values![0]!, [entry]);
    else if (!list.includes(entry)) insert(list, entry);
  }
}

/** Takes out of the index what `file` put in for `policy`. */
function unfile(index: CoverageIndex, policy: PolicyView): void {
  const namespaceName = namespaceOf(policy);
  if (policy.name !== undefined) remove(index.byName.get(`${namespaceName}/${policy.name}`), (other) => other === policy);
  const namespace = index.byNamespace.get(namespaceName);
  if (!namespace) return;
  namespace.withoutLabel.clear();
  const isPolicy = (entry: Entry) => entry[1] === policy;
  for (const list of namespace.anchors.values()) remove(list, isPolicy);
  remove(namespace.isolating, isPolicy);
  for (const values of namespace.byLabel.values()) for (const list of values.values()) remove(list, isPolicy);
}

function coverageIndex(scope: readonly PolicyView[]): CoverageIndex {
  const index = indexes.get(scope);
  if (index) return index;
  const made = (latest && patched(latest.scope, latest.index, scope)) ?? built(scope);
  if (latest) indexes.delete(latest.scope);
  indexes.set(scope, made);
  latest = { scope, index: made };
  return made;
}

function built(scope: readonly PolicyView[]): CoverageIndex {
  const index: CoverageIndex = { byNamespace: new Map(), byName: new Map() };
  for (let position = 0; position < scope.length; position++) file(index, position, scope[position]!);
  return index;
}

/** How many policies of a scope may differ from the last one's for its index to be patched rather than made anew. */
const PATCH_LIMIT = 16;

/**
 * The index of the scope last indexed, made into `scope`'s when the two differ in a few places only (an
 * edit replaced a policy or two): the editor asks after every keystroke, and 5,000 policies filed anew
 * each time cost more than everything the keystroke changed. The old scope's index is then gone.
 */
function patched(previous: readonly PolicyView[], index: CoverageIndex, scope: readonly PolicyView[]): CoverageIndex | undefined {
  if (previous.length !== scope.length) return undefined;
  const differ: number[] = [];
  for (let position = 0; position < scope.length; position++) {
    if (previous[position] === scope[position]) continue;
    if (differ.push(position) > PATCH_LIMIT) return undefined;
  }
  for (const position of differ) unfile(index, previous[position]!);
  for (const position of differ) file(index, position, scope[position]!);
  return index;
}

/** Is `other` a same-named alternative of `policy` (never applied together with it)? */
function isAlternative(policy: PolicyView, other: PolicyView): boolean {
  return other !== policy && policy.name !== undefined && other.name === policy.name && namespaceOf(other) === namespaceOf(policy);
}

/**
 * The policies of `scope` that apply alongside `policy`: all but its same-named alternatives. Two
 * policies with one namespace/name are never in the cluster together (the second `kubectl apply`
 * replaces the first), so one cannot lend the other its rules: `examples/` beside `deploy/`.
 */
export function appliedWith(policy: PolicyView, scope: readonly PolicyView[]): readonly PolicyView[] {
  const name = policy.name;
  if (name === undefined) return scope;
  const named = coverageIndex(scope).byName.get(`${namespaceOf(policy)}/${name}`) ?? [];
  return named.some((other) => other !== policy) ? scope.filter((other) => !isAlternative(policy, other)) : scope;
}

/**
 * Policies that apply to every pod `policy` selects, for egress: same namespace, Egress in their
 * effective policyTypes, and a podSelector that selects at least those pods. Allow rules of all of
 * them add up (NetworkPolicies are additive), so a default-deny beside an allow-dns policy is fine.
 * In scope order; same-named alternatives of `policy` left out.
 */
export function egressPoliciesCovering(policy: PolicyView, scope: readonly PolicyView[]): PolicyView[] {
  const anchors = coverageIndex(scope).byNamespace.get(namespaceOf(policy))?.anchors;
  if (!anchors) return [];
  const lookups = new Set<string>(['']);
  for (const r of requirementsOf(policy)) {
    lookups.add(`:${r.key}`);
    if (r.operator === 'In') for (const value of r.values ?? []) lookups.add(`=${r.key}=${value}`);
  }
  const candidates: Entry[] = [];
  for (const lookup of lookups) candidates.push(...(anchors.get(lookup) ?? []));
  candidates.sort((a, b) => a[0] - b[0]);
  const podSelector = policy.object.spec?.podSelector ?? {};
  return candidates
    .filter(([, other]) => !isAlternative(policy, other) && selectorCovers(other.object.spec?.podSelector ?? {}, podSelector))
    .map(([, other]) => other);
}

/**
 * The egress-isolating policies of `policy`'s namespace that may select some of its pods, in scope order,
 * among them all that `selectorsMayOverlap` lets through: a policy requiring `key=other` cannot meet one
 * requiring `key=value`, so for one such requirement of `policy` only the policies requiring the same value,
 * or nothing single-valued on that key, are candidates.
 */
function overlapCandidates(policy: PolicyView, scope: readonly PolicyView[]): readonly Entry[] {
  const namespace = coverageIndex(scope).byNamespace.get(namespaceOf(policy));
  if (!namespace) return [];
  let best: readonly Entry[] = namespace.isolating;
  let sorted = true;
  for (const r of requirementsOf(policy)) {
    if (!isSingleIn(r)) continue;
    let without = namespace.withoutLabel.get(r.key);
    if (!without) {
      const keyed = new Set<Entry>();
      for (const list of namespace.byLabel.get(r.key)?.values() ?? []) for (const entry of list) keyed.add(entry);
      without = namespace.isolating.filter((entry) => !keyed.has(entry));
      namespace.withoutLabel.set(r.key, without);
    }
    const same = namespace.byLabel.get(r.key)?.get(r.values![0]!) ?? [];
    if (same.length + without.length < best.length) {
      best = same.length === 0 ? without : [...same, ...without];
      sorted = same.length === 0;
    }
  }
  return sorted ? best : [...best].sort((a, b) => a[0] - b[0]);
}
/** Every rule of these policies that allows DNS to a recognised DNS server, per protocol. */
export function dnsGrantsIn(policies: Iterable<PolicyView>, dns: DnsRecognition): DnsGrant[] {
  const grants: DnsGrant[] = [];
  for (const policy of policies) {
    (policy.object.spec?.egress ?? []).forEach((rule, ruleIndex) => {
      for (const [protocol, { portIndex, target }] of dnsProtocolsOfRuleToAny(rule, policy.namespace, dns)) grants.push({ policy, ruleIndex, protocol, portIndex, target });
    });
  }
  return grants;
}

/** Every rule, in `policy` or in another policy covering the same pods, that allows DNS. */
export function dnsGrantsFor(policy: PolicyView, scope: readonly PolicyView[], dns: DnsRecognition): DnsGrant[] {
  return dnsGrantsIn(egressPoliciesCovering(policy, scope), dns);
}

/** `pods app=web in namespace shop` / `all pods in namespace shop`, for messages. */
export function describeSelectedPods(policy: PolicyView): string {
  const labels = Object.entries(policy.object.spec?.podSelector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = policy.object.spec?.podSelector?.matchExpressions ?? [];
  const pods = labels.length === 0 && expressions.length === 0 ? l10n.t('all pods') : l10n.t('pods {0}', [...labels, ...expressions.map((e) => `${e.key} ${e.operator}`)].join(','));
  return l10n.t('{0} in {1}', pods, policy.namespace ? l10n.t('namespace {0}', policy.namespace) : l10n.t("the policy's namespace"));
}

/**
 * DNS grants of policies that may select some of `policy`'s pods without being sure to select them all
 * (`app=web` beside a default deny): then some of its pods have DNS and the labels alone cannot say which.
 */
export function dnsGrantsOverlapping(policy: PolicyView, scope: readonly PolicyView[], dns: DnsRecognition): DnsGrant[] {
  const covering = new Set(egressPoliciesCovering(policy, scope));
  const podSelector = policy.object.spec?.podSelector ?? {};
  const overlapping: PolicyView[] = [];
  for (const [, other] of overlapCandidates(policy, scope)) {
    if (covering.has(other) || isAlternative(policy, other) || !other.isAnalysable || other.isPartial) continue;
    if (selectorsMayOverlap(other.object.spec?.podSelector ?? {}, podSelector)) overlapping.push(other);
  }
  return dnsGrantsIn(overlapping, dns);
}
