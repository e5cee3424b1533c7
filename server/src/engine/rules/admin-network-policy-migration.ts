import * as l10n from '../l10n/t';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { columnOf, detectIndentStyle } from '../fixes/indentStyle';
import { renameKey, replaceNode } from '../fixes/yamlEdits';
import { CLUSTER_NETWORK_POLICY_API_VERSION } from '../parse/clusterPolicies';
import type { ClusterPolicySource } from '../parse/clusterPolicies';
import { findPair, nodeSpan } from '../parse/yamlFile';
import type { YamlFile } from '../parse/yamlFile';
import type { OffsetEdit } from '../text/positions';
import { effectivePairs, jsonKindOf, numberOf, stringOf } from '../validation/yamlValues';
import type { Rule } from './rule';
import { replaceScalar } from './support/apiValidation';
import { acceptsEdits, clusterPoliciesOf } from './support/clusterPolicies';

/**
 * CNP002: an AdminNetworkPolicy or BaselineAdminNetworkPolicy (`policy.networking.k8s.io/v1alpha1`),
 * which network-policy-api v0.2.0 replaced by ClusterNetworkPolicy (`v1alpha2`) with a `tier`: its CRDs
 * no longer ship them. The fix rewrites the object in place as the ClusterNetworkPolicy that means the
 * same (apis/v1alpha1 and apis/v1alpha2 types at kubernetes-sigs/network-policy-api@0eec1b0e):
 * `tier: Admin` (with the priority kept) or `tier: Baseline` (with `priority: 0`: a cluster had one
 * BaselineAdminNetworkPolicy, so nothing to order it against), `Allow` -> `Accept`, `ports` ->
 * `protocols` (`portNumber: {protocol, port}` -> `<protocol>: {destinationPort: {number}}`, `portRange`
 * -> `destinationPort: {range}`, `namedPort` -> `destinationNamedPort`; protocol TCP where left out, its
 * v1alpha1 default), subject and peers as they are (their shapes did not change).
 */
export const adminNetworkPolicyMigration: Rule = {
  meta: {
    code: 'CNP002',
    name: 'admin-network-policy-migration',
    description: 'An AdminNetworkPolicy or BaselineAdminNetworkPolicy (v1alpha1), replaced by ClusterNetworkPolicy in network-policy-api v0.2.0; the fix rewrites it.',
    defaultSeverity: 'information',
    fixable: true,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    for (const source of clusterPoliciesOf(context, ['admin-network-policy', 'baseline-admin-network-policy'])) {
      const kindNode = findPair(source.node, 'kind')?.value as Node | undefined;
      const span = nodeSpan(kindNode) ?? nodeSpan(findPair(source.node, 'apiVersion')?.value as Node | undefined);
      if (!span) continue;
      const admin = source.api === 'admin-network-policy';
      const edits = acceptsEdits(source) ? migrationEdits(context.file, source, admin) : undefined;
      context.report({
        span,
        field: ['kind'],
        message: l10n.t(
          '{0} ({1}) was replaced by ClusterNetworkPolicy ({2}, tier {3}) in network-policy-api v0.2.0, whose CRDs no longer serve it.',
          String(source.kind),
          String(source.apiVersion),
          CLUSTER_NETWORK_POLICY_API_VERSION,
          admin ? 'Admin' : 'Baseline',
        ),
        ...(edits ? { fixes: [{ title: l10n.t('Rewrite as a ClusterNetworkPolicy (tier {0})', admin ? 'Admin' : 'Baseline'), isPreferred: true, edits }] } : {}),
      });
    }
  },
};

const PROTOCOL_KEYS: Readonly<Record<string, string>> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

/** The edits that turn the object into a ClusterNetworkPolicy; undefined where one part cannot be carried over as written. */
function migrationEdits(file: YamlFile, source: ClusterPolicySource, admin: boolean): OffsetEdit[] | undefined {
  const doc = source.document;
  const edits: OffsetEdit[] = [];
  if (source.apiVersion.startsWith('policy.networking.k8s.io/')) {
    const apiVersion = nodeSpan(findPair(source.node, 'apiVersion')?.value as Node | undefined);
    if (!apiVersion) return undefined;
    edits.push(replaceScalar(file.text, apiVersion, CLUSTER_NETWORK_POLICY_API_VERSION));
  }
  const kind = nodeSpan(findPair(source.node, 'kind')?.value as Node | undefined);
  if (kind) edits.push(replaceScalar(file.text, kind, 'ClusterNetworkPolicy'));
  else if (source.pathInDocument.length === 0) return undefined;

  const spec = findPair(source.node, 'spec')?.value;
  if (!isMap(spec) || spec.items.length === 0) return undefined;
  const tier: Record<string, string | number> = admin ? { tier: 'Admin' } : { tier: 'Baseline', priority: 0 };
  const head = insertAtStart(file, spec, tier);
  if (!head) return undefined;
  edits.push(head);

  const style = detectIndentStyle(file, doc);
  for (const { key, pair } of effectivePairs(doc, spec)) {
    if (key !== 'ingress' && key !== 'egress') continue;
    if (jsonKindOf(doc, pair.value) === 'null') continue;
    if (!isSeq(pair.value)) return undefined;
    for (const rule of pair.value.items) {
      if (!isMap(rule)) return undefined;
      for (const entry of effectivePairs(doc, rule)) {
        if (entry.key === 'action') {
          const value = entry.pair.value as Node | null;
          const span = nodeSpan(value);
          if (span && stringOf(doc, value) === 'Allow') edits.push(replaceScalar(file.text, span, 'Accept'));
        } else if (entry.key === 'ports') {
          const keyNode = entry.pair.key as Node;
          if (!isScalar(keyNode) || !keyNode.range) return undefined;
          edits.push(renameKey(keyNode, 'protocols'));
          const ports = entry.pair.value;
          if (jsonKindOf(doc, ports) === 'null') continue;
          if (!isSeq(ports)) return undefined;
          for (const item of ports.items) {
            const protocol = isMap(item) ? protocolOf(doc, item) : undefined;
            if (!protocol) return undefined;
            // The entry's key and value are rewritten apart, each in the style it is written in.
            edits.push(renameKey(protocol.keyNode, protocol.key));
            if (protocol.value !== undefined) edits.push(replaceNode(file, protocol.valueNode, protocol.value, style));
          }
        }
      }
    }
  }
  return edits;
}

/** Inserts entries before the first one of a mapping (block: a line each at its column; flow: after `{`). */
function insertAtStart(file: YamlFile, map: YAMLMap, entries: Readonly<Record<string, string | number>>): OffsetEdit | undefined {
  const first = map.items[0]?.key as Node | null | undefined;
  if (!first?.range) return undefined;
  const pairs = Object.entries(entries);
  if (map.flow) {
    return { start: first.range[0], end: first.range[0], newText: pairs.map(([k, v]) => `${k}: ${v}, `).join('') };
  }
  const lineStart = file.lines.lineStartOf(first.range[0]);
  if (file.text.slice(lineStart, first.range[0]).trim() !== '') return undefined;
  const pad = ' '.repeat(columnOf(file, first)!);
  return { start: lineStart, end: lineStart, newText: pairs.map(([k, v]) => `${pad}${k}: ${v}${file.lines.eol}`).join('') };
}

/** An AdminNetworkPolicyPort as a ClusterNetworkPolicyProtocol entry; undefined for anything but exactly one well-formed choice. */
interface ProtocolEntry {
  readonly keyNode: Node;
  readonly key: string;
  readonly valueNode: Node;
  /** The new value; undefined to keep the one written (a named port). */
  readonly value?: Record<string, unknown>;
}

function protocolOf(doc: ClusterPolicySource['document'], item: YAMLMap): ProtocolEntry | undefined {
  const pairs = effectivePairs(doc, item);
  if (pairs.length !== 1) return undefined;
  const { key, pair } = pairs[0]!;
  const keyNode = pair.key as Node | null;
  const valueNode = pair.value as Node | null;
  if (!isScalar(keyNode) || !keyNode.range || !valueNode?.range) return undefined;
  if (key === 'namedPort') return stringOf(doc, valueNode) ? { keyNode, key: 'destinationNamedPort', valueNode } : undefined;
  if (!isMap(valueNode)) return undefined;
  const fields = new Map(effectivePairs(doc, valueNode).map(({ key: k, pair: p }) => [k, p.value]));
  const protocolText = fields.has('protocol') ? stringOf(doc, fields.get('protocol')) : 'TCP';
  const protocol = protocolText === undefined ? undefined : PROTOCOL_KEYS[protocolText];
  if (!protocol) return undefined;
  const whole = (name: string) => {
    const n = numberOf(doc, fields.get(name));
    return n !== undefined && Number.isInteger(n) ? n : undefined;
  };
  const only = (...names: string[]) => [...fields.keys()].every((k) => k === 'protocol' || names.includes(k));
  if (key === 'portNumber') {
    const port = whole('port');
    if (port === undefined || !only('port')) return undefined;
    return { keyNode, key: protocol, valueNode, value: { destinationPort: { number: port } } };
  }
  if (key === 'portRange') {
    const start = whole('start');
    const end = whole('end');
    if (start === undefined || end === undefined || !only('start', 'end')) return undefined;
    return { keyNode, key: protocol, valueNode, value: { destinationPort: { range: { start, end } } } };
  }
  return undefined;
}
