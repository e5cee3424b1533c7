/**
 * Editor features for Cilium policies: a hover on the policy's `kind` or name that says in plain words
 * what it selects, isolates, allows and denies, and completion of keys, entities and protocols from the
 * transcribed CRD schema (cilium/crdSchema.ts). Semantics: Cilium docs, language.rst and intro.rst.
 */
import * as l10n from '../l10n/t';
import type { CrdSchema } from '../crd/schema';
import { schemaAt } from '../crd/schema';
import { CILIUM_POLICY_SCHEMA, ENTITIES, PROTOCOLS } from '../cilium/crdSchema';
import { ciliumPoliciesOf } from '../cilium/model';
import type { CiliumPeerRule, CiliumPolicy, CiliumRule, CiliumSelector } from '../cilium/model';
import { hasDnsProxyRule, isolates, NAMESPACE_LABEL } from '../cilium/semantics';
import { findPair, nodeSpan } from '../parse/yamlFile';
import { cursorContext } from './cursorContext';
import type { CompletionEntry, HoverPart, LanguageRequest } from './types';

/** What each entity stands for, in the current language (read when completing, after the locale is set). */
const entityDocs = (): Readonly<Record<string, string>> => ({
  all: l10n.t('Every peer: every endpoint of the cluster and every address outside it.'),
  world: l10n.t('Everything outside the cluster (CIDR and FQDN peers are part of it).'),
  'world-ipv4': l10n.t('Everything outside the cluster, IPv4 only.'),
  'world-ipv6': l10n.t('Everything outside the cluster, IPv6 only.'),
  cluster: l10n.t('Every endpoint of the local cluster: pods of all namespaces, nodes, the host, health endpoints.'),
  host: l10n.t('The node the endpoint runs on (and host-network pods on it).'),
  'remote-node': l10n.t('The other nodes of the cluster.'),
  'kube-apiserver': l10n.t('The Kubernetes API server.'),
  init: l10n.t('Endpoints still being set up, before their identity is known.'),
  ingress: l10n.t("Cilium's Envoy ingress proxy."),
  unmanaged: l10n.t('Pods that Cilium does not manage.'),
  health: l10n.t("Cilium's health-check endpoints."),
  none: l10n.t('No peer at all.'),
});

const protocolDocs = (): Readonly<Record<string, string>> => ({
  TCP: l10n.t('TCP only.'),
  UDP: l10n.t('UDP only.'),
  SCTP: l10n.t('SCTP only.'),
  ANY: l10n.t('TCP, UDP and SCTP (also what a missing protocol means). Cilium\'s DNS examples use it for port 53.'),
});

function policyAtOffset(request: LanguageRequest): CiliumPolicy | undefined {
  return ciliumPoliciesOf(request.file).find((p) => {
    const range = p.pathInDocument.length === 0 ? p.document.range : p.node.range;
    return range !== undefined && range !== null && request.offset >= range[0] && request.offset <= range[2];
  });
}

function selectorWords(selector: CiliumSelector | undefined, policy: CiliumPolicy, what: 'pod' | 'node'): string {
  if (!selector) return what === 'node' ? l10n.t('no node') : l10n.t('no pod');
  const namespace = policy.clusterwide ? undefined : (policy.namespace ?? l10n.t('the default namespace'));
  const labels = [...selector.labels].filter(([k]) => k !== NAMESPACE_LABEL).map(([k, v]) => `\`${k}=${v}\``);
  const ns = selector.labels.get(NAMESPACE_LABEL);
  const expressions = selector.expressions.map((e) => `\`${e.key} ${e.operator}${e.values.length ? ` (${e.values.join(', ')})` : ''}\``);
  const all = [...labels, ...expressions];
  const matching = all.length === 0 ? '' : all.reduce((a, b) => l10n.t('{0} and {1}', a, b));
  const which =
    what === 'node'
      ? all.length === 0
        ? l10n.t('every node')
        : l10n.t('nodes with {0}', matching)
      : all.length === 0
        ? l10n.t('every pod')
        : l10n.t('pods with {0}', matching);
  if (ns) return l10n.t('{0} in namespace {1}', which, ns);
  return namespace ? l10n.t('{0} of namespace {1}', which, namespace) : l10n.t('{0} in every namespace', which);
}

function peerWords(item: CiliumPeerRule, policy: CiliumPolicy): string {
  const parts: string[] = [];
  for (const selector of item.endpoints ?? []) {
    const inNamespace = selector.labels.get(NAMESPACE_LABEL);
    const labels = [...selector.labels].filter(([k]) => k !== NAMESPACE_LABEL).map(([k, v]) => `${k}=${v}`);
    const pods = labels.length ? l10n.t('pods with {0}', labels.join(', ')) : l10n.t('every pod');
    if (inNamespace) parts.push(l10n.t('{0} in namespace {1}', pods, inNamespace));
    else if (policy.clusterwide) parts.push(pods);
    else parts.push(l10n.t('{0} (of namespace {1} only)', pods, policy.namespace ?? 'default'));
  }
  for (const entity of item.entities) parts.push(l10n.t('the `{0}` entity', entity.value));
  for (const cidr of item.cidrs) parts.push(cidr.except.length ? l10n.t('{0} except {1}', cidr.cidr, cidr.except.join(', ')) : cidr.cidr);
  for (const fqdn of item.fqdns) parts.push(l10n.t('the addresses of {0}', fqdn.matchName ?? fqdn.matchPattern ?? '?'));
  for (const key of item.otherPeerKeys) if (key !== 'icmps') parts.push(`\`${key}\``);
  return parts.length > 0 ? parts.join(', ') : l10n.t('any peer');
}

function portWords(item: CiliumPeerRule): string {
  if (item.keys.has('icmps') && !item.toPorts) return l10n.t('ICMP only');
  if (!item.toPorts) return l10n.t('every port');
  const ports = item.toPorts.flatMap((r) => (r.ports.length === 0 ? [l10n.t('every port')] : r.ports.map((p) => `${p.port ?? '?'}${p.endPort ? `-${p.endPort}` : ''}/${p.protocol ?? 'ANY'}`)));
  let text = ports.join(', ');
  if (hasDnsProxyRule(item)) text = l10n.t("{0}, DNS through Cilium's DNS proxy", text);
  if (item.toPorts.some((r) => r.hasL7 && !r.dns)) text = l10n.t('{0}, with L7 rules', text);
  return text;
}

function ruleLines(rule: CiliumRule, policy: CiliumPolicy): string[] {
  const lines: string[] = [];
  const subject = rule.nodeSelector ? selectorWords(rule.nodeSelector, { ...policy, clusterwide: true }, 'node') : selectorWords(rule.endpointSelector, policy, 'pod');
  lines.push(l10n.t('Selects {0}.', subject));
  for (const side of ['ingress', 'egress'] as const) {
    const deny = side === 'ingress' ? 'ingressDeny' : 'egressDeny';
    if (!isolates(rule, side)) {
      if (rule.defaultDeny[side] === false) {
        lines.push(
          side === 'ingress'
            ? l10n.t('Ingress: not put in default deny (`enableDefaultDeny.ingress: false`); the rules add allowances.')
            : l10n.t('Egress: not put in default deny (`enableDefaultDeny.egress: false`); the rules add allowances.'),
        );
      }
      continue;
    }
    lines.push(side === 'ingress' ? l10n.t('**Ingress**: default deny; only what some policy allows gets in.') : l10n.t('**Egress**: default deny; only what some policy allows gets out.'));
    for (const item of rule.sections[side]?.items ?? []) {
      const at = `\`${side}[${item.index}]\``;
      if (item.keys.size === 0) lines.push(`- ${l10n.t('{0}: an empty rule: allows nothing (it only turns default deny on).', at)}`);
      else if (side === 'ingress') lines.push(`- ${l10n.t('{0} allows from {1} on {2}.', at, peerWords(item, policy), portWords(item))}`);
      else lines.push(`- ${l10n.t('{0} allows to {1} on {2}.', at, peerWords(item, policy), portWords(item))}`);
    }
    for (const item of rule.sections[deny]?.items ?? []) {
      const at = `\`${deny}[${item.index}]\``;
      lines.push(
        `- ${
          side === 'ingress'
            ? l10n.t('{0} denies from {1} on {2}, whatever any policy allows.', at, peerWords(item, policy), portWords(item))
            : l10n.t('{0} denies to {1} on {2}, whatever any policy allows.', at, peerWords(item, policy), portWords(item))
        }`,
      );
    }
  }
  return lines;
}

/** The plain-words explanation of a Cilium policy, on its `kind` or `metadata.name`. */
export function hoverCilium(request: LanguageRequest): HoverPart[] {
  const policy = policyAtOffset(request);
  if (!policy) return [];
  const metadata = findPair(policy.node, 'metadata')?.value;
  const nameNode = metadata && typeof metadata === 'object' && 'items' in metadata ? findPair(metadata as never, 'name')?.value : undefined;
  const spans = [nodeSpan(policy.kindNode), nodeSpan(nameNode as never)].filter((s) => s !== undefined);
  const span = spans.find((s) => request.offset >= s[0] && request.offset <= s[1]);
  if (!span) return [];
  const scope = policy.clusterwide ? l10n.t('cluster-wide') : l10n.t('namespace {0}', policy.namespace ?? request.settings.defaultNamespace);
  const parts = [`**${policy.kind} ${policy.name ?? l10n.t('(no name)')}** (${scope})`];
  if (policy.rules.length === 0) parts.push(l10n.t('No `spec` or `specs`: Cilium refuses it as an empty policy.'));
  policy.rules.forEach((rule) => {
    if (policy.rules.length > 1) parts.push(`\`${rule.path.join('.').replace('.', '[').replace(/\[(\d+)$/, '[$1]')}\``);
    parts.push(ruleLines(rule, policy).map((line) => (line.startsWith('- ') ? line : `\n${line}`)).join('\n').trim());
  });
  parts.push(l10n.t("Deny rules win over allow rules of every policy; an endpoint no policy selects is not restricted (Cilium's default enforcement mode)."));
  return [{ markdown: parts.join('\n\n'), span }];
}

function valueEntries(values: readonly string[], docs: Readonly<Record<string, string>>, replace: readonly [number, number], present: ReadonlySet<string>, detail: string): CompletionEntry[] {
  return values
    .filter((v) => !present.has(v))
    .map((value, i) => ({ label: value, kind: 'value' as const, detail, ...(docs[value] ? { documentation: docs[value] } : {}), insertText: value, snippet: false, replace, sortText: String(i).padStart(2, '0') }));
}

function enumOf(schema: CrdSchema | undefined): readonly string[] | undefined {
  return schema?.enum?.filter((v): v is string => typeof v === 'string');
}

/** Keys, entities and protocols of a Cilium policy at the cursor (block style, top-level documents). */
export function completeCilium(request: LanguageRequest): CompletionEntry[] {
  const policy = policyAtOffset(request);
  if (!policy || policy.pathInDocument.length > 0) return [];
  const context = cursorContext(request.file, request.offset);
  if (!context) return [];
  const container = context.container;
  const docsFor = (values: readonly string[]) => (values === ENTITIES ? entityDocs() : values === PROTOCOLS ? protocolDocs() : {});
  if (context.position === 'value') {
    const at = schemaAt(CILIUM_POLICY_SCHEMA, [...container, context.key!]);
    const values = enumOf(at) ?? (context.item ? enumOf(at?.items) : undefined);
    if (!values) return [];
    const known = values.every((v) => ENTITIES.includes(v)) ? ENTITIES : values.every((v) => PROTOCOLS.includes(v)) ? PROTOCOLS : values;
    return valueEntries(values, docsFor(known), context.replace, context.present, context.key!);
  }
  const at = schemaAt(CILIUM_POLICY_SCHEMA, container);
  if (!at) return [];
  if (context.item && at.type === 'string') {
    const values = enumOf(at);
    return values ? valueEntries(values, values.every((v) => ENTITIES.includes(v)) ? entityDocs() : {}, context.replace, context.present, String(container[container.length - 2] ?? '')) : [];
  }
  if (at.type !== 'object' || !at.properties) return [];
  return Object.entries(at.properties)
    .filter(([key]) => !context.present.has(key) && !(container.length === 0 && ['apiVersion', 'kind', 'status'].includes(key)))
    .map(([key, schema], i) => ({
      label: key,
      kind: 'property' as const,
      detail: schema.type ?? l10n.t('value'),
      insertText: `${key}: `,
      snippet: false,
      replace: context.replace,
      sortText: String(i).padStart(2, '0'),
    }));
}
