/**
 * Cilium's and Calico's policy objects as the rules read them: where each object, rule and field is in
 * the text, and what it says, decoded leniently (a value of the wrong shape is left out here; the
 * CIL1xx rules report it). Field names follow cilium/cilium pkg/policy/api (rule.go, ingress.go,
 * egress.go, l4.go, fqdn.go, entity.go, selector.go).
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { apiGroupOf, CALICO_API_GROUP, CALICO_CRD_API_GROUP, CILIUM_API_GROUP } from '../parse/apiGroups';
import type { FieldPath } from '../parse/fieldPath';
import { asMap, asSeq, findPair, resolveNode } from '../parse/yamlFile';
import type { YamlDocument, YamlFile } from '../parse/yamlFile';

export const CILIUM_KINDS = ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'] as const;
export type CiliumKind = (typeof CILIUM_KINDS)[number];

export type Direction = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';
export const DIRECTIONS: readonly Direction[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

/** An object of another product than Kubernetes' NetworkPolicy, found in a file. */
export interface ForeignObject {
  readonly file: YamlFile;
  readonly document: YamlDocument;
  readonly documentIndex: number;
  readonly node: YAMLMap;
  /** Path from the document root to the object: `[]`, or `['items', 3]` inside a List. */
  readonly pathInDocument: FieldPath;
  readonly apiVersion: string | undefined;
  readonly apiVersionNode: Node | undefined;
  readonly group: string;
  readonly kind: string;
  readonly kindNode: Node | undefined;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly annotations: ReadonlyMap<string, string>;
}

/** A scalar written in the policy, with its node. */
export interface Written {
  readonly value: string;
  readonly node: Node;
  readonly path: FieldPath;
}

/** An EndpointSelector: a Kubernetes label selector whose keys may carry a source prefix (`k8s:app`). */
export interface CiliumSelector {
  readonly node: Node;
  readonly path: FieldPath;
  /** matchLabels by key without its source prefix (`k8s:`, `any:`). */
  readonly labels: ReadonlyMap<string, string>;
  /** The key nodes of matchLabels, by key as written. */
  readonly labelKeys: readonly Written[];
  readonly expressions: readonly { readonly key: string; readonly operator: string; readonly values: readonly string[] }[];
  /** `{}`: every endpoint (in a namespaced policy, every endpoint of its namespace). */
  readonly empty: boolean;
}

export interface CiliumPort {
  readonly path: FieldPath;
  readonly node: Node;
  /** The port as written (a number written unquoted is read as its digits). */
  readonly port?: string;
  readonly portNode?: Node;
  readonly endPort?: number;
  /** `TCP`, `UDP`, `SCTP`, `ANY`; absent means any protocol. */
  readonly protocol?: string;
  readonly protocolNode?: Node;
}

export interface FqdnMatch {
  readonly path: FieldPath;
  readonly node: Node;
  readonly matchName?: string;
  readonly matchPattern?: string;
}

export interface CiliumPortRule {
  readonly path: FieldPath;
  readonly node: Node;
  readonly ports: readonly CiliumPort[];
  /** `rules.dns`: the traffic goes through Cilium's DNS proxy, which is what teaches toFQDNs addresses. */
  readonly dns?: readonly FqdnMatch[];
  readonly hasL7: boolean;
}

export interface CidrEntry {
  readonly cidr: string;
  readonly node: Node;
  readonly path: FieldPath;
  readonly except: readonly string[];
}

/** One item of `ingress`, `ingressDeny`, `egress` or `egressDeny`. */
export interface CiliumPeerRule {
  readonly direction: Direction;
  readonly index: number;
  readonly path: FieldPath;
  readonly node: Node;
  readonly map: YAMLMap | undefined;
  /** Keys written in the item. */
  readonly keys: ReadonlySet<string>;
  readonly keyNodes: ReadonlyMap<string, Node>;
  /** `toEndpoints`/`fromEndpoints`; undefined when absent. */
  readonly endpoints?: readonly CiliumSelector[];
  readonly entities: readonly Written[];
  readonly cidrs: readonly CidrEntry[];
  readonly fqdns: readonly FqdnMatch[];
  /** `toPorts`; undefined when absent (every port). */
  readonly toPorts?: readonly CiliumPortRule[];
  /** Peers of kinds these checks do not weigh (services, groups, nodes, requires, ICMP). */
  readonly otherPeerKeys: readonly string[];
}

export interface CiliumSection {
  readonly direction: Direction;
  readonly path: FieldPath;
  readonly keyNode: Node;
  readonly seq: YAMLSeq | undefined;
  readonly items: readonly CiliumPeerRule[];
}

/** One rule of a policy: its `spec`, or an item of its `specs`. */
export interface CiliumRule {
  readonly path: FieldPath;
  readonly node: YAMLMap;
  readonly endpointSelector?: CiliumSelector;
  readonly nodeSelector?: CiliumSelector;
  readonly nodeSelectorKey?: Node;
  readonly sections: Partial<Readonly<Record<Direction, CiliumSection>>>;
  /** `enableDefaultDeny`, where written. */
  readonly defaultDeny: { readonly ingress?: boolean; readonly egress?: boolean };
  readonly description?: string;
}

export interface CiliumPolicy extends ForeignObject {
  readonly kind: CiliumKind;
  readonly clusterwide: boolean;
  readonly rules: readonly CiliumRule[];
}

export interface CalicoObject extends ForeignObject {
  /** `crd.projectcalico.org` rather than `projectcalico.org`. */
  readonly internalApi: boolean;
}

export interface ForeignObjects {
  readonly cilium: readonly CiliumPolicy[];
  readonly calico: readonly CalicoObject[];
}

const EMPTY: ForeignObjects = { cilium: [], calico: [] };

function scalar(doc: YamlDocument, node: unknown): string | undefined {
  const resolved = resolveNode(doc, node);
  if (!isScalar(resolved)) return undefined;
  const value: unknown = resolved.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function pairValue(doc: YamlDocument, map: YAMLMap | undefined, key: string): unknown {
  return map ? resolveNode(doc, findPair(map, key)?.value) : undefined;
}

/** The label key without Cilium's source prefix: `k8s:io.kubernetes.pod.namespace` -> `io.kubernetes.pod.namespace`. */
export function labelKeyWithoutSource(key: string): string {
  const match = /^(k8s|any|container|reserved|cidr|fqdn|unspec):(.*)$/.exec(key);
  return match && match[1] !== 'reserved' ? match[2]! : key;
}

function decodeSelector(doc: YamlDocument, node: unknown, path: FieldPath): CiliumSelector | undefined {
  const resolved = resolveNode(doc, node);
  const map = asMap(doc, node);
  if (!resolved) return undefined;
  const labels = new Map<string, string>();
  const labelKeys: Written[] = [];
  const expressions: { key: string; operator: string; values: string[] }[] = [];
  const matchLabels = asMap(doc, pairValue(doc, map, 'matchLabels'));
  for (const pair of matchLabels?.items ?? []) {
    const key = scalar(doc, pair.key);
    const value = scalar(doc, pair.value) ?? '';
    if (key === undefined) continue;
    labels.set(labelKeyWithoutSource(key), value);
    labelKeys.push({ value: key, node: pair.key as Node, path: [...path, 'matchLabels', key] });
  }
  const matchExpressions = asSeq(doc, pairValue(doc, map, 'matchExpressions'));
  for (const item of matchExpressions?.items ?? []) {
    const expression = asMap(doc, item);
    const key = scalar(doc, pairValue(doc, expression, 'key'));
    const operator = scalar(doc, pairValue(doc, expression, 'operator'));
    if (key === undefined || operator === undefined) continue;
    const values = (asSeq(doc, pairValue(doc, expression, 'values'))?.items ?? []).map((v) => scalar(doc, v)).filter((v) => v !== undefined);
    expressions.push({ key: labelKeyWithoutSource(key), operator, values });
  }
  const empty = map !== undefined && labels.size === 0 && expressions.length === 0 && !findPair(map, 'matchLabels') && !findPair(map, 'matchExpressions');
  return { node: resolved, path, labels, labelKeys, expressions, empty: empty || (map !== undefined && labels.size === 0 && expressions.length === 0) };
}

function decodeWrittenList(doc: YamlDocument, node: unknown, path: FieldPath): Written[] {
  const seq = asSeq(doc, node);
  const out: Written[] = [];
  seq?.items.forEach((item, index) => {
    const value = scalar(doc, item);
    const resolved = resolveNode(doc, item);
    if (value !== undefined && resolved) out.push({ value, node: resolved, path: [...path, index] });
  });
  return out;
}

function decodeFqdns(doc: YamlDocument, node: unknown, path: FieldPath): FqdnMatch[] {
  const out: FqdnMatch[] = [];
  asSeq(doc, node)?.items.forEach((item, index) => {
    const map = asMap(doc, item);
    if (!map) return;
    const matchName = scalar(doc, pairValue(doc, map, 'matchName'));
    const matchPattern = scalar(doc, pairValue(doc, map, 'matchPattern'));
    out.push({ path: [...path, index], node: map, ...(matchName !== undefined ? { matchName } : {}), ...(matchPattern !== undefined ? { matchPattern } : {}) });
  });
  return out;
}

function decodePortRules(doc: YamlDocument, node: unknown, path: FieldPath): CiliumPortRule[] {
  const out: CiliumPortRule[] = [];
  asSeq(doc, node)?.items.forEach((item, index) => {
    const map = asMap(doc, item);
    if (!map) return;
    const rulePath = [...path, index];
    const ports: CiliumPort[] = [];
    asSeq(doc, pairValue(doc, map, 'ports'))?.items.forEach((portItem, portIndex) => {
      const portMap = asMap(doc, portItem);
      if (!portMap) return;
      const portNode = resolveNode(doc, findPair(portMap, 'port')?.value);
      const protocolNode = resolveNode(doc, findPair(portMap, 'protocol')?.value);
      const port = scalar(doc, portNode);
      const protocol = scalar(doc, protocolNode);
      const endPortText = scalar(doc, pairValue(doc, portMap, 'endPort'));
      const endPort = endPortText !== undefined && /^\d+$/.test(endPortText) ? Number(endPortText) : undefined;
      ports.push({
        path: [...rulePath, 'ports', portIndex],
        node: portMap,
        ...(port !== undefined && port !== '' ? { port, portNode } : {}),
        ...(endPort !== undefined ? { endPort } : {}),
        ...(protocol !== undefined && protocol !== '' ? { protocol, protocolNode } : {}),
      });
    });
    const rules = asMap(doc, pairValue(doc, map, 'rules'));
    const dnsNode = rules ? findPair(rules, 'dns') : undefined;
    const dns = dnsNode ? decodeFqdns(doc, dnsNode.value, [...rulePath, 'rules', 'dns']) : undefined;
    const hasL7 = rules !== undefined && rules.items.length > 0;
    out.push({ path: rulePath, node: map, ports, ...(dns ? { dns } : {}), hasL7 });
  });
  return out;
}

function decodeCidrs(doc: YamlDocument, map: YAMLMap, prefix: 'to' | 'from', path: FieldPath): CidrEntry[] {
  const out: CidrEntry[] = [];
  for (const written of decodeWrittenList(doc, pairValue(doc, map, `${prefix}CIDR`), [...path, `${prefix}CIDR`])) {
    out.push({ cidr: written.value, node: written.node, path: written.path, except: [] });
  }
  asSeq(doc, pairValue(doc, map, `${prefix}CIDRSet`))?.items.forEach((item, index) => {
    const entry = asMap(doc, item);
    const cidrNode = resolveNode(doc, entry ? findPair(entry, 'cidr')?.value : undefined);
    const cidr = scalar(doc, cidrNode);
    if (!entry || cidr === undefined || !cidrNode) return;
    const except = decodeWrittenList(doc, pairValue(doc, entry, 'except'), []).map((w) => w.value);
    out.push({ cidr, node: cidrNode, path: [...path, `${prefix}CIDRSet`, index, 'cidr'], except });
  });
  return out;
}

const OTHER_PEERS: Readonly<Record<'to' | 'from', readonly string[]>> = {
  to: ['toServices', 'toGroups', 'toNodes', 'toRequires', 'icmps'],
  from: ['fromGroups', 'fromNodes', 'fromRequires', 'icmps'],
};

function decodePeerRule(doc: YamlDocument, direction: Direction, node: unknown, index: number, path: FieldPath): CiliumPeerRule | undefined {
  const resolved = resolveNode(doc, node);
  if (!resolved) return undefined;
  const map = asMap(doc, node);
  const prefix = direction.startsWith('egress') ? 'to' : 'from';
  const keys = new Set<string>();
  const keyNodes = new Map<string, Node>();
  for (const pair of map?.items ?? []) {
    const key = scalar(doc, pair.key);
    if (key === undefined) continue;
    keys.add(key);
    keyNodes.set(key, pair.key as Node);
  }
  if (!map) return { direction, index, path, node: resolved, map, keys, keyNodes, entities: [], cidrs: [], fqdns: [], otherPeerKeys: [] };
  const endpointsSeq = asSeq(doc, pairValue(doc, map, `${prefix}Endpoints`));
  const endpoints = endpointsSeq
    ? endpointsSeq.items.map((item, i) => decodeSelector(doc, item, [...path, `${prefix}Endpoints`, i])).filter((s) => s !== undefined)
    : undefined;
  const toPortsPair = findPair(map, 'toPorts');
  const toPorts = toPortsPair && asSeq(doc, toPortsPair.value) ? decodePortRules(doc, toPortsPair.value, [...path, 'toPorts']) : undefined;
  return {
    direction,
    index,
    path,
    node: resolved,
    map,
    keys,
    keyNodes,
    ...(endpoints ? { endpoints } : {}),
    entities: decodeWrittenList(doc, pairValue(doc, map, `${prefix}Entities`), [...path, `${prefix}Entities`]),
    cidrs: decodeCidrs(doc, map, prefix, path),
    fqdns: prefix === 'to' ? decodeFqdns(doc, pairValue(doc, map, 'toFQDNs'), [...path, 'toFQDNs']) : [],
    ...(toPorts ? { toPorts } : {}),
    otherPeerKeys: OTHER_PEERS[prefix].filter((key) => keys.has(key)),
  };
}

function decodeRule(doc: YamlDocument, map: YAMLMap, path: FieldPath): CiliumRule {
  const sections: Partial<Record<Direction, CiliumSection>> = {};
  for (const direction of DIRECTIONS) {
    const pair = findPair(map, direction);
    if (!pair) continue;
    const seq = asSeq(doc, pair.value);
    const sectionPath = [...path, direction];
    const items = (seq?.items ?? []).map((item, index) => decodePeerRule(doc, direction, item, index, [...sectionPath, index])).filter((r) => r !== undefined);
    sections[direction] = { direction, path: sectionPath, keyNode: pair.key as Node, seq, items };
  }
  const endpointSelectorPair = findPair(map, 'endpointSelector');
  const nodeSelectorPair = findPair(map, 'nodeSelector');
  const endpointSelector = endpointSelectorPair ? decodeSelector(doc, endpointSelectorPair.value, [...path, 'endpointSelector']) : undefined;
  const nodeSelector = nodeSelectorPair ? decodeSelector(doc, nodeSelectorPair.value, [...path, 'nodeSelector']) : undefined;
  const defaultDenyMap = asMap(doc, pairValue(doc, map, 'enableDefaultDeny'));
  const bool = (key: string): boolean | undefined => {
    const node = resolveNode(doc, defaultDenyMap ? findPair(defaultDenyMap, key)?.value : undefined);
    return isScalar(node) && typeof node.value === 'boolean' ? node.value : undefined;
  };
  const ingress = bool('ingress');
  const egress = bool('egress');
  const description = scalar(doc, pairValue(doc, map, 'description'));
  return {
    path,
    node: map,
    ...(endpointSelector ? { endpointSelector } : {}),
    ...(nodeSelector ? { nodeSelector, nodeSelectorKey: nodeSelectorPair!.key as Node } : {}),
    sections,
    defaultDeny: { ...(ingress !== undefined ? { ingress } : {}), ...(egress !== undefined ? { egress } : {}) },
    ...(description !== undefined ? { description } : {}),
  };
}

function decodeForeign(file: YamlFile, document: YamlDocument, documentIndex: number, node: YAMLMap, pathInDocument: FieldPath): ForeignObject | undefined {
  const apiVersionPair = findPair(node, 'apiVersion');
  const kindPair = findPair(node, 'kind');
  const apiVersion = scalar(document, apiVersionPair?.value);
  const kind = scalar(document, kindPair?.value);
  if (apiVersion === undefined || kind === undefined) return undefined;
  const group = apiGroupOf(apiVersion);
  if (group !== CILIUM_API_GROUP && group !== CALICO_API_GROUP && group !== CALICO_CRD_API_GROUP) return undefined;
  const metadata = asMap(document, pairValue(document, node, 'metadata'));
  const annotations = new Map<string, string>();
  for (const pair of asMap(document, pairValue(document, metadata, 'annotations'))?.items ?? []) {
    const key = scalar(document, pair.key);
    const value = scalar(document, pair.value);
    if (key !== undefined && value !== undefined) annotations.set(key, value);
  }
  return {
    file,
    document,
    documentIndex,
    node,
    pathInDocument,
    apiVersion,
    apiVersionNode: resolveNode(document, apiVersionPair?.value),
    group,
    kind,
    kindNode: resolveNode(document, kindPair?.value),
    name: scalar(document, pairValue(document, metadata, 'name')),
    namespace: scalar(document, pairValue(document, metadata, 'namespace')),
    annotations,
  };
}

function toCilium(object: ForeignObject): CiliumPolicy | undefined {
  if (object.group !== CILIUM_API_GROUP || !(CILIUM_KINDS as readonly string[]).includes(object.kind)) return undefined;
  const doc = object.document;
  const rules: CiliumRule[] = [];
  const spec = asMap(doc, findPair(object.node, 'spec')?.value);
  if (spec) rules.push(decodeRule(doc, spec, ['spec']));
  asSeq(doc, findPair(object.node, 'specs')?.value)?.items.forEach((item, index) => {
    const map = asMap(doc, item);
    if (map) rules.push(decodeRule(doc, map, ['specs', index]));
  });
  const kind = object.kind as CiliumKind;
  return { ...object, kind, clusterwide: kind === 'CiliumClusterwideNetworkPolicy', rules };
}

function decodeFile(file: YamlFile): ForeignObjects {
  const cilium: CiliumPolicy[] = [];
  const calico: CalicoObject[] = [];
  const take = (object: ForeignObject | undefined) => {
    if (!object) return;
    if (object.group === CILIUM_API_GROUP) {
      const policy = toCilium(object);
      if (policy) cilium.push(policy);
    } else calico.push({ ...object, internalApi: object.group === CALICO_CRD_API_GROUP });
  };
  file.documents.forEach((document, documentIndex) => {
    if (file.skippedDocuments.has(documentIndex)) return;
    const root = document.contents;
    if (!isMap(root)) return;
    const kind = scalar(document, findPair(root, 'kind')?.value);
    if (kind !== undefined && /List$/.test(kind)) {
      const items = asSeq(document, findPair(root, 'items')?.value);
      items?.items.forEach((item, index) => {
        const map = asMap(document, item);
        if (map) take(decodeForeign(file, document, documentIndex, map, ['items', index]));
      });
      return;
    }
    take(decodeForeign(file, document, documentIndex, root, []));
  });
  return { cilium, calico };
}

/** Does the text name Cilium's or Calico's API group at all? A cheap test before any decoding. */
export function mentionsForeignPolicyApi(text: string): boolean {
  return text.includes('cilium.io/') || text.includes('projectcalico.org/');
}

/**
 * Per file object: whether its text names a foreign API (asked once per text, not once per rule and
 * document: the incremental analyser runs each rule per document, and scanning a 4.6 MB text for every
 * one of them made a first analysis quadratic), and its objects once decoded.
 */
const cache = new WeakMap<YamlFile, { readonly text: string; readonly mentions: boolean; documents?: readonly YamlDocument[]; objects?: ForeignObjects }>();

/**
 * The Cilium policies and Calico objects of a file, decoded once per version of the file. Never throws:
 * input this decoder cannot read is left out (and reported by the CIL1xx rules).
 */
export function foreignObjectsOf(file: YamlFile): ForeignObjects {
  let known = cache.get(file);
  if (!known || known.text !== file.text) cache.set(file, (known = { text: file.text, mentions: mentionsForeignPolicyApi(file.text) }));
  if (!known.mentions) return EMPTY;
  if (known.objects && known.documents === file.documents) return known.objects;
  let objects: ForeignObjects;
  try {
    objects = decodeFile(file);
  } catch {
    objects = EMPTY;
  }
  known.documents = file.documents;
  known.objects = objects;
  return objects;
}

/**
 * Tells that the file's text, as it is now, names no foreign API: the incremental analyser knows it from
 * the text around each edit, and the rules then do not scan the whole text again.
 */
export function namesNoForeignPolicyApi(file: YamlFile): void {
  cache.set(file, { text: file.text, mentions: false });
}

export function ciliumPoliciesOf(file: YamlFile): readonly CiliumPolicy[] {
  return foreignObjectsOf(file).cilium;
}

/** The pair of a key in a mapping, for rules that edit it. */
export function pairOf(map: YAMLMap | undefined, key: string): Pair | undefined {
  return map ? findPair(map, key) : undefined;
}

export function isSeqNode(node: unknown): node is YAMLSeq {
  return isSeq(node);
}
