import * as l10n from '@vscode/l10n';
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
 * finds every candidate: O(candidates) per policy instead of O(scope).
 */
interface CoverageIndex {
  /** namespace -> anchor -> [position in scope, policy] */
  readonly byNamespace: Map<string, Map<string, [number, PolicyView][]>>;
}

/**
 * The namespace a policy applies in: a policy without `metadata.namespace` lands in the namespace of
 * kubectl's context, `default` unless the user says otherwise, so it meets the policies that name it.
 */
function namespaceOf(policy: PolicyView): string {
  return policy.namespace ?? DEFAULT_SETTINGS.defaultNamespace;
}

const indexes = new WeakMap<readonly PolicyView[], CoverageIndex>();

function requirementsOf(policy: PolicyView): LabelSelectorRequirement[] {
  const selector = policy.object.spec?.podSelector ?? {};
  const out: LabelSelectorRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) out.push({ key, operator: 'In', values: [value] });
  out.push(...(selector.matchExpressions ?? []));
  return out;
}

function anchorOf(requirements: readonly LabelSelectorRequirement[]): string {
  if (requirements.length === 0) return '';
  const single = requirements.find((r) => r.operator === 'In' && r.values?.length === 1);
  if (single) return `=${single.key}=${single.values![0]}`;
  return `:${[...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))[0]!.key}`;
}

function coverageIndex(scope: readonly PolicyView[]): CoverageIndex {
  let index = indexes.get(scope);
  if (index) return index;
  index = { byNamespace: new Map() };
  scope.forEach((policy, position) => {
    if (!policy.isolates('Egress')) return;
    let anchors = index.byNamespace.get(namespaceOf(policy));
    if (!anchors) index.byNamespace.set(namespaceOf(policy), (anchors = new Map<string, [number, PolicyView][]>()));
    const anchor = anchorOf(requirementsOf(policy));
    const list = anchors.get(anchor);
    if (list) list.push([position, policy]);
    else anchors.set(anchor, [[position, policy]]);
  });
  indexes.set(scope, index);
  return index;
}

/**
 * The policies of `scope` that apply alongside `policy`: all but its same-named alternatives. Two
 * policies with one namespace/name are never in the cluster together (the second `kubectl apply`
 * replaces the first), so one cannot lend the other its rules: `examples/` beside `deploy/`.
 */
export function appliedWith(policy: PolicyView, scope: readonly PolicyView[]): readonly PolicyView[] {
  const name = policy.name;
  if (name === undefined) return scope;
  const alternative = (other: PolicyView) => other !== policy && other.name === name && namespaceOf(other) === namespaceOf(policy);
  return scope.some(alternative) ? scope.filter((other) => !alternative(other)) : scope;
}

/**
 * Policies that apply to every pod `policy` selects, for egress: same namespace, Egress in their
 * effective policyTypes, and a podSelector that selects at least those pods. Allow rules of all of
 * them add up (NetworkPolicies are additive), so a default-deny beside an allow-dns policy is fine.
 * In scope order; same-named alternatives of `policy` left out.
 */
export function egressPoliciesCovering(policy: PolicyView, scope: readonly PolicyView[]): PolicyView[] {
  const anchors = coverageIndex(scope).byNamespace.get(namespaceOf(policy));
  if (!anchors) return [];
  const lookups = new Set<string>(['']);
  for (const r of requirementsOf(policy)) {
    lookups.add(`:${r.key}`);
    if (r.operator === 'In') for (const value of r.values ?? []) lookups.add(`=${r.key}=${value}`);
  }
  const candidates: [number, PolicyView][] = [];
  for (const lookup of lookups) candidates.push(...(anchors.get(lookup) ?? []));
  candidates.sort((a, b) => a[0] - b[0]);
  const podSelector = policy.object.spec?.podSelector ?? {};
  const applied = new Set(appliedWith(policy, scope));
  return candidates
    .filter(([, other]) => applied.has(other) && selectorCovers(other.object.spec?.podSelector ?? {}, podSelector))
    .map(([, other]) => other);
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
  const overlapping = appliedWith(policy, scope).filter(
    (other) =>
      !covering.has(other) &&
      other.isAnalysable &&
      !other.isPartial &&
      namespaceOf(other) === namespaceOf(policy) &&
      other.isolates('Egress') &&
      selectorsMayOverlap(other.object.spec?.podSelector ?? {}, podSelector),
  );
  return dnsGrantsIn(overlapping, dns);
}
