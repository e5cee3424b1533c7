import * as l10n from '../l10n/t';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { effectiveProtocol } from '../model/defaults';
import type { PolicyType } from '../model/defaults';
import type { PolicyView } from '../model/policyView';
import type { Labels } from '../model/selector';
import { formatSelector, isEmptySelector, selectorMatches } from '../model/selector';
import { formatFieldPath } from '../parse/fieldPath';
import type { CompiledPolicy, Workspace } from './workspace';
import { NAMESPACE_NAME_LABEL } from './workspace';
import { rulePeers } from '../model/rulePeers';

/** One allow rule in words: whom (peers) and on what (ports). */
export interface RuleExplanation {
  readonly direction: PolicyType;
  /** `spec.egress[0]` */
  readonly rule: string;
  readonly peers: readonly string[];
  readonly ports: readonly string[];
}

export interface DirectionExplanation {
  readonly direction: PolicyType;
  readonly isolated: boolean;
  readonly sentence: string;
  readonly rules: readonly RuleExplanation[];
}

/** A policy in plain words, as `kubectl describe` and Cyclonus' explain tell it. */
export interface PolicyExplanation {
  /** `namespace/name` */
  readonly policy: string;
  readonly namespace: string;
  readonly name: string;
  /** `pods app=web in namespace shop` */
  readonly selects: string;
  /** Workloads of the workspace it selects, when a workspace was given. */
  readonly workloads?: readonly string[];
  readonly policyTypes: readonly PolicyType[];
  readonly policyTypesDefaulted: boolean;
  readonly directions: readonly DirectionExplanation[];
}

function selected(selector: LabelSelector | undefined, namespace: string): string {
  return isEmptySelector(selector) ? l10n.t('all pods in namespace {0}', namespace) : l10n.t('pods {0} in namespace {1}', formatSelector(selector!), namespace);
}

export function describePeer(peer: NetworkPolicyPeer, policyNamespace: string): string {
  if (peer.ipBlock) {
    const except = peer.ipBlock.except ?? [];
    return except.length > 0 ? l10n.t('addresses {0} except {1}', peer.ipBlock.cidr, except.join(', ')) : l10n.t('addresses {0}', peer.ipBlock.cidr);
  }
  if (!peer.podSelector && !peer.namespaceSelector) return l10n.t('nothing (an empty peer, which the API server rejects)');
  const pods = isEmptySelector(peer.podSelector) ? l10n.t('all pods') : l10n.t('pods {0}', formatSelector(peer.podSelector!));
  if (!peer.namespaceSelector) return l10n.t('{0} in namespace {1}', pods, policyNamespace);
  if (isEmptySelector(peer.namespaceSelector)) return l10n.t('{0} in all namespaces', pods);
  return l10n.t('{0} in namespaces {1}', pods, formatSelector(peer.namespaceSelector));
}

export function describePort(port: NetworkPolicyPort): string {
  const protocol = effectiveProtocol(port);
  if (port.port === undefined) return l10n.t('all {0} ports', protocol);
  if (typeof port.port === 'string') return l10n.t('named port {0}/{1}', port.port, protocol);
  return port.endPort !== undefined ? `${port.port}-${port.endPort}/${protocol}` : `${port.port}/${protocol}`;
}

function joinWords(items: readonly string[], word: string): string {
  if (items.length <= 1) return items[0] ?? '';
  return l10n.t('{0} {1} {2}', items.slice(0, -1).join(', '), word, items[items.length - 1]!);
}

/** Could a peer admit pods of the policy's own namespace? ipBlocks might (pod addresses), so they count. */
function reachesOwnNamespace(peer: NetworkPolicyPeer, namespaceLabels: Labels): boolean {
  if (peer.ipBlock) return true;
  if (!peer.namespaceSelector) return !!peer.podSelector;
  return selectorMatches(peer.namespaceSelector, namespaceLabels);
}

export interface ExplainOptions {
  readonly defaultNamespace: string;
  /** The workspace the policy belongs to, to name the workloads it selects and its namespace's labels. */
  readonly workspace?: Workspace;
  readonly compiled?: CompiledPolicy;
}

export function explainPolicy(view: PolicyView, options: ExplainOptions): PolicyExplanation {
  // The workspace's namespace for it: kustomize's `namespace:` when a kustomization applies its file.
  const namespace = options.compiled?.namespace ?? view.namespace ?? options.defaultNamespace;
  const name = view.name ?? '<unnamed>';
  const spec = view.object.spec;
  const selects = selected(spec?.podSelector, namespace);
  const namespaceLabels = options.workspace?.namespaces.get(namespace)?.labels ?? { [NAMESPACE_NAME_LABEL]: namespace };
  const directions: DirectionExplanation[] = (['Ingress', 'Egress'] as const).map((direction) => {
    const rules = (direction === 'Ingress' ? spec?.ingress : spec?.egress) ?? [];
    const key = direction === 'Ingress' ? 'ingress' : 'egress';
    const explained: RuleExplanation[] = rules.map((rule, index) => {
      const peers = rulePeers(rule) ?? [];
      return {
        direction,
        rule: formatFieldPath(['spec', key, index]),
        peers: peers.length === 0 ? [direction === 'Ingress' ? l10n.t('any source') : l10n.t('any destination')] : peers.map((p) => describePeer(p, namespace)),
        ports: (rule.ports ?? []).length === 0 ? [l10n.t('any port')] : rule.ports!.map(describePort),
      };
    });
    const isolated = view.isolates(direction);
    const head = direction === 'Ingress' ? l10n.t('ingress to {0}', selects) : l10n.t('egress from {0}', selects);
    let sentence: string;
    if (!isolated) {
      sentence = l10n.t('{0}: not restricted by this policy (policyTypes has no {1})', head, direction);
      if (rules.length === 1) sentence += l10n.t('; its {0} {1} rule is ignored', rules.length, key);
      else if (rules.length > 1) sentence += l10n.t('; its {0} {1} rules are ignored', rules.length, key);
    } else if (rules.length === 0) {
      sentence = l10n.t('{0}: everything is denied', head);
    } else {
      const openIndex = rules.findIndex((r) => ((rulePeers(r) ?? []).length === 0 && (r.ports ?? []).length === 0));
      if (openIndex >= 0) {
        const field = formatFieldPath(['spec', key, openIndex]);
        sentence =
          direction === 'Ingress'
            ? l10n.t('{0}: everything is allowed ({1} admits every source on every port)', head, field)
            : l10n.t('{0}: everything is allowed ({1} admits every destination on every port)', head, field);
      } else {
        const parts = explained.map((r) =>
          direction === 'Ingress'
            ? l10n.t('from {0}, on {1}', joinWords(r.peers, l10n.t('or')), joinWords(r.ports, l10n.t('and')))
            : l10n.t('to {0}, on {1}', joinWords(r.peers, l10n.t('or')), joinWords(r.ports, l10n.t('and'))),
        );
        const ownNamespace = rules.some((r) => {
          const peers = rulePeers(r) ?? [];
          return peers.length === 0 || peers.some((p) => reachesOwnNamespace(p, namespaceLabels));
        });
        sentence = ownNamespace
          ? l10n.t('{0}: only {1}; everything else is denied', head, parts.join(l10n.t('; ')))
          : l10n.t('{0}: only {1}; everything else, including pods in the same namespace, is denied', head, parts.join(l10n.t('; ')));
      }
    }
    return { direction, isolated, sentence, rules: explained };
  });
  const compiled = options.compiled;
  return {
    policy: `${namespace}/${name}`,
    namespace,
    name,
    selects,
    ...(compiled && options.workspace ? { workloads: compiled.selected.map((id) => options.workspace!.endpoints[id]!.key) } : {}),
    policyTypes: (['Ingress', 'Egress'] as const).filter((t) => view.isolates(t)),
    policyTypesDefaulted: (spec?.policyTypes ?? []).length === 0,
    directions,
  };
}

/** Columns a text takes in a terminal: two for each wide (East Asian) character, so Chinese cells align. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(char) ? 2 : 1;
  return width;
}

/** The explanation as aligned text, for the terminal. */
export function formatExplanationText(e: PolicyExplanation, location?: string): string {
  const lines = [`NetworkPolicy ${e.policy}${location ? ` (${location})` : ''}`];
  const workloads = !e.workloads
    ? ''
    : e.workloads.length === 0
      ? l10n.t(' ({0} workloads)', 0)
      : e.workloads.length === 1
        ? l10n.t(' ({0} workload: {1})', e.workloads.length, e.workloads.join(', '))
        : l10n.t(' ({0} workloads: {1})', e.workloads.length, e.workloads.join(', '));
  lines.push(l10n.t('  selects: {0}{1}', e.selects, workloads));
  lines.push(`  policyTypes: ${e.policyTypes.join(', ')}${e.policyTypesDefaulted ? l10n.t(' (defaulted: policyTypes is not set)') : ''}`);
  for (const d of e.directions) lines.push(`  ${l10n.t('{0}.', d.sentence)}`);
  const rows = [[l10n.t('TYPE'), l10n.t('RULE'), l10n.t('PEERS'), l10n.t('PORTS')]];
  for (const d of e.directions) {
    if (!d.isolated) continue;
    if (d.rules.length === 0) rows.push([d.direction, '-', l10n.t('nothing'), '-']);
    for (const r of d.rules) rows.push([d.direction, r.rule, r.peers.join(' | '), r.ports.join(', ')]);
  }
  if (rows.length > 1) {
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => displayWidth(r[c]!))));
    for (const row of rows) lines.push(`  ${row.map((cell, c) => (c === row.length - 1 ? cell : cell + ' '.repeat(widths[c]! - displayWidth(cell)))).join('  ')}`);
  }
  return lines.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The explanation as Markdown, for a hover: the sentences, then a table of the allow rules. */
export function formatExplanationMarkdown(e: PolicyExplanation): string {
  const workloads = !e.workloads
    ? ''
    : e.workloads.length === 1
      ? l10n.t(' ({0} workload in the workspace)', e.workloads.length)
      : l10n.t(' ({0} workloads in the workspace)', e.workloads.length);
  const lines = [l10n.t('**NetworkPolicy {0}** selects {1}{2}.', e.policy, e.selects, workloads), ''];
  const isolates = e.policyTypes.join(l10n.t(' and ')) || l10n.t('nothing');
  lines.push(e.policyTypesDefaulted ? l10n.t('Isolates: {0} (policyTypes defaulted by the API server).', isolates) : l10n.t('Isolates: {0}.', isolates), '');
  for (const d of e.directions) lines.push(`- ${l10n.t('{0}.', `${d.sentence.charAt(0).toUpperCase()}${d.sentence.slice(1)}`)}`);
  const rows = e.directions
    .filter((d) => d.isolated)
    .flatMap((d) =>
      d.rules.length === 0
        ? [`| ${d.direction} | | ${l10n.t('nothing')} | |`]
        : d.rules.map((r) => `| ${d.direction} | \`${r.rule}\` | ${escapeCell(r.peers.join('; '))} | ${escapeCell(r.ports.join(', '))} |`),
    );
  if (rows.length > 0) lines.push('', l10n.t('| Type | Rule | Peers | Ports |'), '|---|---|---|---|', ...rows);
  return lines.join('\n');
}
