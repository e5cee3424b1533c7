/**
 * The expectations file (docs/expectations.md): connectivity a team expects, kept beside its policies and
 * checked by `netpol-lens test` and in the editor (NP960-NP962). Read from the parsed YAML with the node
 * of every value, so that each problem and each broken expectation is shown on its own node. The shape is
 * the one of schemas/netpol-expectations.schema.json (test/unit/expectations/schema.test.ts keeps the two
 * in step); reading never throws.
 */
import * as l10n from '../l10n/t';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { Labels } from '../model/selector';
import { parseAddress, parseCidr } from '../net/cidr';
import type { Cidr } from '../net/cidr';
import { findPair, nodeSpan, resolveNode } from '../parse/yamlFile';
import type { YamlDocument, YamlFile } from '../parse/yamlFile';

export const EXPECTATIONS_API_VERSION = 'netpol-lens/v1';
export const EXPECTATIONS_KIND = 'ConnectivityExpectations';
/** The group of the apiVersion: a document of this group is ours, whatever its kind says. */
const EXPECTATIONS_GROUP = 'netpol-lens';

export const FILE_KEYS: readonly string[] = ['apiVersion', 'kind', 'description', 'expect'];
export const EXPECTATION_KEYS: readonly string[] = ['description', 'from', 'to', 'port', 'allowed'];

export type Span = readonly [number, number];

/** One end of an expected connection, as written. */
export type EndpointRef =
  /** `ns/name`, `ns/Kind/name` or `name` (in the default namespace), as `matrix` names workloads. */
  | { readonly kind: 'workload'; readonly text: string }
  /** `ns/key=value,key2=value2`: every workload of the namespace whose pods carry these labels. */
  | { readonly kind: 'selector'; readonly text: string; readonly namespace: string; readonly labels: Labels }
  /** `8.8.8.8`, `10.0.0.0/8`: addresses outside the workspace's workloads (a Pod's own address names that Pod). */
  | { readonly kind: 'address'; readonly text: string; readonly cidr: Cidr; readonly single: boolean };

/** `8080`, `8080/TCP`, `8000-8080/TCP`: a range of ports of one protocol. */
export interface PortRange {
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
}

export interface Expectation {
  /** Position in `expect`, from 0. */
  readonly index: number;
  readonly from: EndpointRef;
  readonly to: EndpointRef;
  /** Absent: any port of any protocol (docs/expectations.md says what that means for each answer). */
  readonly port?: PortRange;
  readonly allowed: boolean;
  readonly description?: string;
  /** The item's node, and the value nodes of its fields. */
  readonly span: Span;
  readonly fromSpan: Span;
  readonly toSpan: Span;
  readonly allowedSpan: Span;
}

export interface ExpectationProblem {
  readonly span: Span;
  readonly message: string;
}

export interface ExpectationsDocument {
  readonly documentIndex: number;
  readonly expectations: readonly Expectation[];
  readonly problems: readonly ExpectationProblem[];
}

/**
 * Cheap test before any walk: the editor runs the rules on every YAML file, and a file that passes it is
 * analysed whole. `netpol-lens/v`, not `netpol-lens/`: a link to the project in a comment is no apiVersion.
 */
export function mentionsExpectations(text: string): boolean {
  return text.includes(EXPECTATIONS_KIND) || text.includes(`${EXPECTATIONS_GROUP}/v`);
}

function scalarValue(doc: YamlDocument, node: unknown): unknown {
  const resolved = resolveNode(doc, node);
  return isScalar(resolved) ? resolved.value : undefined;
}

function spanOf(node: unknown, fallback: Span): Span {
  return nodeSpan(node as Node | undefined) ?? fallback;
}

/** Is this document an expectations file: `kind: ConnectivityExpectations`, or an apiVersion of our group? */
export function isExpectationsDocument(doc: YamlDocument): boolean {
  const root = resolveNode(doc, doc.contents);
  if (!isMap(root)) return false;
  const kind = scalarValue(doc, findPair(root, 'kind')?.value);
  const apiVersion = scalarValue(doc, findPair(root, 'apiVersion')?.value);
  return kind === EXPECTATIONS_KIND || (typeof apiVersion === 'string' && apiVersion.startsWith(`${EXPECTATIONS_GROUP}/`));
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const LOOKS_LIKE_ADDRESS = /^[0-9a-fA-F.:]+(\/\d+)?$/;

/** An endpoint as written, or why it cannot be read. */
export function parseEndpoint(text: string): EndpointRef | string {
  const trimmed = text.trim();
  if (trimmed === '') return l10n.t('an empty endpoint: write a workload (ns/name), a label selector (ns/app=web) or an address (10.0.0.0/8)');
  if (LOOKS_LIKE_ADDRESS.test(trimmed) && /[.:]/.test(trimmed)) {
    const single = !trimmed.includes('/');
    const cidr = single ? (parseAddress(trimmed) ? parseCidr(`${trimmed}/${trimmed.includes(':') ? 128 : 32}`) : undefined) : parseCidr(trimmed);
    if (!cidr) return l10n.t('"{0}" is not an IP address or CIDR', trimmed);
    return { kind: 'address', text: trimmed, cidr, single };
  }
  const equals = trimmed.indexOf('=');
  if (equals >= 0) {
    const slash = trimmed.indexOf('/');
    // `shop/app=web`: the namespace first, always (a label key may hold a `/` itself: `shop/app.kubernetes.io/name=web`).
    if (slash < 0 || slash > equals) return l10n.t('"{0}": a label selector names its namespace first, namespace/key=value (shop/app=web)', trimmed);
    const namespace = trimmed.slice(0, slash);
    const selector = trimmed.slice(slash + 1);
    if (!NAME.test(namespace)) return l10n.t('"{0}" in "{1}" is not a namespace name', namespace, trimmed);
    const labels: Record<string, string> = {};
    for (const part of selector.split(',')) {
      const at = part.indexOf('=');
      const key = part.slice(0, at).trim();
      const value = part.slice(at + 1).trim();
      if (at < 0 || !LABEL_KEY.test(key) || !LABEL_VALUE.test(value)) return l10n.t('"{0}" in "{1}" is not a label requirement key=value', part.trim(), trimmed);
      labels[key] = value;
    }
    return { kind: 'selector', text: trimmed, namespace, labels };
  }
  const parts = trimmed.split('/');
  const ok = parts.length === 1 ? NAME.test(parts[0]!) : parts.length === 2 ? NAME.test(parts[0]!) && NAME.test(parts[1]!) : parts.length === 3 && NAME.test(parts[0]!) && KIND.test(parts[1]!) && NAME.test(parts[2]!);
  if (!ok) return l10n.t('"{0}" is not a workload (namespace/name or namespace/Kind/name), a label selector (namespace/app=web) or an address', trimmed);
  return { kind: 'workload', text: trimmed };
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** `8080`, `8080/TCP`, `53/UDP`, `8000-8080/TCP`; the protocol is TCP when not written. */
export function parsePortRange(value: unknown): PortRange | string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  const match = text === undefined ? null : /^(\d+)(?:-(\d+))?(?:\/([A-Za-z]+))?$/.exec(text);
  if (!match) return l10n.t('must be a number, number/PROTOCOL or first-last/PROTOCOL (8080, 53/UDP, 8000-8080/TCP), not {0}', JSON.stringify(value) ?? 'undefined');
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  const protocol = (match[3] ?? 'TCP').toUpperCase();
  if (!PROTOCOLS.includes(protocol)) return l10n.t('protocol "{0}" must be TCP, UDP or SCTP', match[3]!);
  if (from < 1 || to > 65535 || from > to) {
    return match[2] !== undefined ? l10n.t('{0} is not a port from 1 to 65535, or a range whose first port is not above its last', text!) : l10n.t('{0} is not a port from 1 to 65535', text!);
  }
  return { protocol, from, to };
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function unknownKeys(map: YAMLMap, allowed: readonly string[], where: string, problems: ExpectationProblem[]): void {
  for (const pair of map.items) {
    const key = keyOf(pair);
    if (key !== undefined && allowed.includes(key)) continue;
    problems.push({ span: spanOf(pair.key, spanOf(map, [0, 0])), message: l10n.t('unknown field {0} {1}: expected {2}', JSON.stringify(key ?? pair.key), where, allowed.join(', ')) });
  }
}

function readItem(doc: YamlDocument, item: unknown, index: number, problems: ExpectationProblem[]): Expectation | undefined {
  const map = resolveNode(doc, item);
  const itemSpan = spanOf(item, spanOf(doc.contents, [0, 0]));
  if (!isMap(map)) {
    problems.push({ span: itemSpan, message: l10n.t('expect[{0}] must be a mapping with from, to and allowed (and port)', index) });
    return undefined;
  }
  unknownKeys(map, EXPECTATION_KEYS, l10n.t('in expect[{0}]', index), problems);
  const before = problems.length;
  const endpoint = (key: 'from' | 'to'): { ref: EndpointRef; span: Span } | undefined => {
    const pair = findPair(map, key);
    if (!pair) {
      problems.push({ span: itemSpan, message: l10n.t('expect[{0}] has no "{1}"', index, key) });
      return undefined;
    }
    const span = spanOf(pair.value, spanOf(pair.key, itemSpan));
    const value = scalarValue(doc, pair.value);
    if (typeof value !== 'string') {
      problems.push({ span, message: l10n.t('expect[{0}].{1} must be a text: a workload (ns/name), a label selector (ns/app=web) or an address (10.0.0.0/8)', index, key) });
      return undefined;
    }
    const ref = parseEndpoint(value);
    if (typeof ref === 'string') {
      problems.push({ span, message: l10n.t('expect[{0}].{1}: {2}', index, key, ref) });
      return undefined;
    }
    return { ref, span };
  };
  const from = endpoint('from');
  const to = endpoint('to');
  const allowedPair = findPair(map, 'allowed');
  const allowed = allowedPair ? scalarValue(doc, allowedPair.value) : undefined;
  const allowedSpan = allowedPair ? spanOf(allowedPair.value, spanOf(allowedPair.key, itemSpan)) : itemSpan;
  if (!allowedPair) problems.push({ span: itemSpan, message: l10n.t('expect[{0}] has no "allowed": say true or false', index) });
  else if (typeof allowed !== 'boolean') problems.push({ span: allowedSpan, message: l10n.t('expect[{0}].allowed must be true or false', index) });
  const portPair = findPair(map, 'port');
  let port: PortRange | undefined;
  if (portPair) {
    const parsed = parsePortRange(scalarValue(doc, portPair.value));
    if (typeof parsed === 'string') problems.push({ span: spanOf(portPair.value, spanOf(portPair.key, itemSpan)), message: l10n.t('expect[{0}].port: {1}', index, parsed) });
    else port = parsed;
  }
  const descriptionPair = findPair(map, 'description');
  const description = descriptionPair ? scalarValue(doc, descriptionPair.value) : undefined;
  if (descriptionPair && typeof description !== 'string') problems.push({ span: spanOf(descriptionPair.value, itemSpan), message: l10n.t('expect[{0}].description must be a text', index) });
  if (from && to && from.ref.kind === 'address' && to.ref.kind === 'address') {
    problems.push({ span: itemSpan, message: l10n.t('expect[{0}] is between two addresses: no NetworkPolicy governs that; one end must be a workload or a label selector', index) });
  }
  if (problems.length > before || !from || !to || typeof allowed !== 'boolean') return undefined;
  return {
    index,
    from: from.ref,
    to: to.ref,
    ...(port ? { port } : {}),
    allowed,
    ...(typeof description === 'string' ? { description } : {}),
    span: itemSpan,
    fromSpan: from.span,
    toSpan: to.span,
    allowedSpan,
  };
}

/** One expectations document read: its expectations, and what in it cannot be read (each on its node). */
export function readExpectationsDocument(doc: YamlDocument, documentIndex: number): ExpectationsDocument {
  const problems: ExpectationProblem[] = [];
  const root = resolveNode(doc, doc.contents);
  const docSpan = spanOf(doc.contents, [doc.range[0], doc.range[1]]);
  if (!isMap(root)) return { documentIndex, expectations: [], problems: [{ span: docSpan, message: l10n.t('an expectations file is a mapping') }] };
  const apiVersionPair = findPair(root, 'apiVersion');
  const apiVersion = apiVersionPair ? scalarValue(doc, apiVersionPair.value) : undefined;
  const kindPair = findPair(root, 'kind');
  if (apiVersion !== EXPECTATIONS_API_VERSION) {
    const span = apiVersionPair ? spanOf(apiVersionPair.value, docSpan) : spanOf(kindPair?.key, docSpan);
    problems.push({
      span,
      message: apiVersionPair
        ? l10n.t('apiVersion must be {0}, not {1}', EXPECTATIONS_API_VERSION, JSON.stringify(apiVersion ?? null))
        : l10n.t('apiVersion must be {0}', EXPECTATIONS_API_VERSION),
    });
  }
  const kind = kindPair ? scalarValue(doc, kindPair.value) : undefined;
  if (kind !== EXPECTATIONS_KIND) {
    const span = kindPair ? spanOf(kindPair.value, docSpan) : spanOf(apiVersionPair?.key, docSpan);
    problems.push({ span, message: kindPair ? l10n.t('kind must be {0}, not {1}', EXPECTATIONS_KIND, JSON.stringify(kind ?? null)) : l10n.t('kind must be {0}', EXPECTATIONS_KIND) });
  }
  unknownKeys(root, FILE_KEYS, l10n.t('in an expectations file'), problems);
  const descriptionPair = findPair(root, 'description');
  if (descriptionPair && typeof scalarValue(doc, descriptionPair.value) !== 'string') problems.push({ span: spanOf(descriptionPair.value, docSpan), message: l10n.t('description must be a text') });
  const expectPair = findPair(root, 'expect');
  const list = expectPair ? resolveNode(doc, expectPair.value) : undefined;
  if (!expectPair) {
    problems.push({ span: spanOf(kindPair?.key ?? apiVersionPair?.key, docSpan), message: l10n.t('an expectations file needs "expect", the list of expected connections') });
    return { documentIndex, expectations: [], problems };
  }
  if (!isSeq(list)) {
    problems.push({ span: spanOf(expectPair.value, spanOf(expectPair.key, docSpan)), message: l10n.t('expect must be a list of {from, to, port, allowed}') });
    return { documentIndex, expectations: [], problems };
  }
  const expectations: Expectation[] = [];
  list.items.forEach((item, index) => {
    if (isPair(item)) return; // the yaml package never puts pairs in a sequence it composed
    const expectation = readItem(doc, item, index, problems);
    if (expectation) expectations.push(expectation);
  });
  return { documentIndex, expectations, problems };
}

/** Every expectations document of a file (a file may hold several, and other documents besides). */
export function readExpectations(file: YamlFile): ExpectationsDocument[] {
  if (!mentionsExpectations(file.text)) return [];
  const out: ExpectationsDocument[] = [];
  file.documents.forEach((doc, index) => {
    if (isExpectationsDocument(doc)) {
      const read = readExpectationsDocument(doc, index);
      // YAML syntax errors of the document: the values read may be the parser's guesses.
      const end = file.text.length;
      const syntax = doc.errors.map((e) => {
        const start = Math.min(e.pos[0], end);
        let stop = Math.min(end, Math.max(start + 1, e.pos[1]));
        // Never a line break inside the span: the parser may point at the `\r` of a CRLF, which no editor position holds.
        while (stop > start && (file.text[stop - 1] === '\r' || file.text[stop - 1] === '\n')) stop--;
        return { span: [start, stop] as Span, message: l10n.t('YAML syntax error: {0}', e.message.split('\n')[0]!) };
      });
      out.push(syntax.length > 0 ? { ...read, problems: [...syntax, ...read.problems] } : read);
    }
  });
  return out;
}
