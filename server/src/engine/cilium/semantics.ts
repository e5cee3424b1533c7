/**
 * What Cilium makes of a rule, as far as the pitfall rules need it. Sources: Cilium's docs,
 * Documentation/security/policy/language.rst (default deny per direction, entities, DNS-based
 * policies), intro.rst (policy enforcement modes), and pkg/policy/api (entity.go, l4.go).
 */
import { isMap, isSeq } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import type { Settings } from '../config/settings';
import type { FixProposal } from '../rules/rule';
import { appendToSeq, replaceWithBlock } from '../fixes/yamlEdits';
import { detectIndentStyle } from '../fixes/indentStyle';
import { hasUnresolvedAlias } from '../parse/aliases';
import { isJsonDocument } from '../parse/yamlFile';
import type { CiliumPeerRule, CiliumPolicy, CiliumPortRule, CiliumRule, ForeignObject } from './model';

/** The label Cilium gives every pod with its namespace (pkg/k8s/apis/cilium.io const PodNamespaceLabel). */
export const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

/**
 * Is the direction isolated by this rule: does it have an `egress`/`egressDeny` (or ingress) section
 * with at least one item, and not `enableDefaultDeny: {egress: false}`? (language.rst, "Default deny":
 * `egress: [{}]` already turns default deny on; an empty list does not.)
 */
export function isolates(rule: CiliumRule, side: 'ingress' | 'egress'): boolean {
  if (rule.defaultDeny[side] === false) return false;
  if (rule.defaultDeny[side] === true) return true;
  const allow = rule.sections[side];
  const deny = rule.sections[side === 'egress' ? 'egressDeny' : 'ingressDeny'];
  return (allow?.seq?.items.length ?? 0) > 0 || (deny?.seq?.items.length ?? 0) > 0;
}

function portNumber(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * Could the item's ports include `port` (on `protocol`, or any)? No `toPorts`, or a port rule without
 * `ports`, is every port; a named port might be it.
 */
export function portsMayCover(toPorts: readonly CiliumPortRule[] | undefined, port: number): boolean {
  if (!toPorts) return true;
  return toPorts.some(
    (rule) =>
      rule.ports.length === 0 ||
      rule.ports.some((p) => {
        if (p.port === undefined) return true;
        const n = portNumber(p.port);
        if (n === undefined) return true;
        return n === 0 || n === port || (p.endPort !== undefined && n <= port && port <= p.endPort);
      }),
  );
}

/** The port entries of the item that name `port` exactly (`"53"`), with their protocols. */
export function exactPorts(item: CiliumPeerRule, port: number): { rule: CiliumPortRule; protocol: string | undefined }[] {
  const out: { rule: CiliumPortRule; protocol: string | undefined }[] = [];
  for (const rule of item.toPorts ?? []) for (const p of rule.ports) if (p.port !== undefined && portNumber(p.port) === port) out.push({ rule, protocol: p.protocol });
  return out;
}

/**
 * Could this egress item reach the cluster's DNS server? Said generously, since it only ever silences a
 * finding: anything but FQDNs and the `world` entities alone, on a port set that may hold 53.
 */
export function mayAllowDns(item: CiliumPeerRule, settings: Settings): boolean {
  // `{}` allows nothing; ICMP rules allow no port.
  if ([...item.keys].every((key) => key === 'icmps')) return false;
  if (!portsMayCover(item.toPorts, settings.dns.port) && !portsMayCover(item.toPorts, 53)) return false;
  const worldOnly = item.entities.length > 0 && item.entities.every((e) => /^world(-ipv[46])?$/i.test(e.value));
  const peers = (item.endpoints ? 1 : 0) + item.cidrs.length + item.otherPeerKeys.filter((k) => k !== 'icmps').length + (item.entities.length > 0 && !worldOnly ? 1 : 0);
  if (peers > 0) return true;
  // Only FQDNs or world: the DNS pods are not among them.
  return item.fqdns.length === 0 && !worldOnly;
}

/** Does the item send DNS through Cilium's DNS proxy (a `toPorts` rule on port 53 with `rules.dns`)? */
export function hasDnsProxyRule(item: CiliumPeerRule): boolean {
  return (item.toPorts ?? []).some((rule) => rule.dns !== undefined && rule.dns.length > 0 && portsMayCover([rule], 53));
}

/** Every egress allow item of every rule of the policies. */
export function egressItems(policies: readonly CiliumPolicy[]): CiliumPeerRule[] {
  return policies.flatMap((policy) => policy.rules.flatMap((rule) => rule.sections.egress?.items ?? []));
}

/** Fixes are offered only where their edits are sure to land: not in a document with errors, aliases or JSON. */
export function acceptsFixes(object: ForeignObject): boolean {
  const doc = object.document;
  return doc.errors.length === 0 && !hasUnresolvedAlias(doc) && !isJsonDocument(doc);
}

/** The DNS rule of Cilium's docs (language.rst, "DNS-based"): port 53, protocol ANY, through the DNS proxy, to the DNS pods. */
export function dnsRuleValue(settings: Settings): Record<string, unknown> {
  const labels: Record<string, string> = { 'k8s:io.kubernetes.pod.namespace': settings.dns.namespace };
  for (const [key, value] of Object.entries(settings.dns.podLabels)) labels[`k8s:${key}`] = value;
  return {
    toEndpoints: [{ matchLabels: labels }],
    toPorts: [{ ports: [{ port: String(settings.dns.port), protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }],
  };
}

/** "Add the DNS rule" to a rule's egress list: appended to `egress`, or a new `egress` list after an empty one. */
export function addDnsRuleFix(policy: CiliumPolicy, rule: CiliumRule, settings: Settings, title: string): FixProposal | undefined {
  if (!acceptsFixes(policy)) return undefined;
  const section = rule.sections.egress;
  const style = detectIndentStyle(policy.file, policy.document);
  const value = dnsRuleValue(settings);
  if (section?.seq && section.seq.items.length > 0) {
    if (section.seq.flow) return undefined;
    return { title, isPreferred: true, edits: [appendToSeq(policy.file, section.seq, value, style)] };
  }
  if (section) return { title, isPreferred: true, edits: [replaceWithBlock(policy.file, section.keyNode, (section.seq as Node | undefined) ?? null, [value], style)] };
  return undefined;
}

export function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow;
}

export function isBlockSeq(node: unknown): node is YAMLSeq {
  return isSeq(node) && !node.flow;
}

/** Plain words for a policy's kind, for messages. */
export function kindWords(policy: CiliumPolicy): string {
  return policy.clusterwide ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy';
}

/** The name used in messages for a rule: `spec` or `specs[1]`. */
export function ruleName(rule: CiliumRule): string {
  return rule.path.length === 1 ? 'spec' : `specs[${String(rule.path[1])}]`;
}
