/**
 * Checking expectations against a workspace, with the one evaluator (reach/evaluate.ts, reach/portSets.ts):
 * each expectation is a set of pairs (a selector or an address range stands for several endpoints) and
 * a range of ports (or any port); the first pair that breaks it is the witness, explained direction by
 * direction in `reach`'s words.
 */
import * as l10n from '../l10n/t';
import type { DnsTarget } from '../model/dns';
import type { PolicyType } from '../model/defaults';
import { selectorMatches } from '../model/selector';
import { addressString, bitsOf, parseAddress, parseCidr } from '../net/cidr';
import type { Cidr } from '../net/cidr';
import { reach } from '../reach/evaluate';
import type { PortQuery } from '../reach/evaluate';
import { isEmptyPortSet, pairPorts, unionPortSets } from '../reach/portSets';
import type { PortSet } from '../reach/portSets';
import { wellKnownAdditions } from '../reach/wellKnown';
import { Workspace } from '../reach/workspace';
import type { CompiledPolicy, CompiledRule, Endpoint } from '../reach/workspace';
import type { EndpointRef, Expectation, PortRange } from './format';

/** A workspace ready for these expectations: their addresses, and the cluster DNS, are endpoints of it. */
export interface ExpectationWorkspace {
  readonly ws: Workspace;
  /** For each address range written, the outside endpoints standing for it (one per region the policies' ipBlocks cut). */
  readonly regions: ReadonlyMap<string, readonly string[]>;
}

function blockBounds(cidr: Cidr): [bigint, bigint] {
  const size = 1n << BigInt(bitsOf(cidr.family) - cidr.prefix);
  const start = (cidr.network / size) * size;
  return [start, start + size - 1n];
}

/**
 * The addresses of `cidr` where some ipBlock of the policies starts or ends: every address between two of
 * them is treated alike by every policy, so these few stand for the whole range, exactly.
 */
function regionAddresses(cidr: Cidr, boundaries: readonly Cidr[]): string[] {
  const [start, end] = blockBounds(cidr);
  const points = new Set<bigint>([start]);
  for (const b of boundaries) {
    if (b.family !== cidr.family) continue;
    const [s, e] = blockBounds(b);
    if (s > start && s <= end) points.add(s);
    if (e + 1n > start && e + 1n <= end) points.add(e + 1n);
  }
  const sorted = [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Each region is named by an address in it: a well-known public one where the region holds it (8.8.8.8 reads better than 0.0.0.0).
  const preferred = (PUBLIC[cidr.family] ?? []).map((text) => parseAddress(text)!.value);
  return sorted.map((value, i) => {
    const next = sorted[i + 1] ?? end + 1n;
    const chosen = preferred.find((p) => value <= p && p < next) ?? value;
    return addressString({ family: cidr.family, value: chosen });
  });
}

const PUBLIC: Partial<Record<Cidr['family'], readonly string[]>> = { ipv4: ['8.8.8.8', '1.1.1.1'], ipv6: ['2001:4860:4860::8888'] };

/** The workspace of `base`'s files, with the expectations' addresses and the cluster DNS as endpoints. */
export function expectationWorkspace(base: Workspace, refs: readonly EndpointRef[], dns: DnsTarget): ExpectationWorkspace {
  const boundaries: Cidr[] = [];
  for (const policy of base.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers) {
        const block = peer.peer.ipBlock;
        if (!block) continue;
        for (const text of [block.cidr, ...(block.except ?? [])]) {
          const cidr = typeof text === 'string' ? parseCidr(text) : undefined;
          if (cidr) boundaries.push(cidr);
        }
      }
    }
  }
  const regions = new Map<string, string[]>();
  const addresses = new Set<string>();
  for (const ref of refs) {
    if (ref.kind !== 'address' || regions.has(ref.text)) continue;
    const points = ref.single ? [addressString({ family: ref.cidr.family, value: ref.cidr.network })] : regionAddresses(ref.cidr, boundaries);
    regions.set(ref.text, points);
    for (const p of points) addresses.add(p);
  }
  const wellKnown = wellKnownAdditions(base, dns);
  for (const a of wellKnown.addresses) addresses.add(a);
  const ws = new Workspace([...base.files, ...(wellKnown.file ? [wellKnown.file] : [])], { ...base.options, externalAddresses: [...addresses] });
  return { ws, regions };
}

/** The endpoints an end stands for, or why it names none. */
export function resolveEndpoint(ew: ExpectationWorkspace, ref: EndpointRef): Endpoint[] | string {
  const { ws } = ew;
  if (ref.kind === 'workload') {
    const found = ws.findEndpoints(ref.text).filter((e) => !e.external);
    if (found.length > 1) return ambiguity(ref.text, found);
    if (found.length === 0) return l10n.t('no workload {0} in the workspace{1}', ref.text, knownHint(ws, ref.text));
    return found;
  }
  if (ref.kind === 'selector') {
    const found = ws.workloads().filter((e) => e.namespace === ref.namespace && selectorMatches({ matchLabels: ref.labels }, e.labels));
    return found.length > 0
      ? found
      : l10n.t('no workload of namespace {0} in the workspace has the labels {1}', ref.namespace, Object.entries(ref.labels).map(([k, v]) => `${k}=${v}`).join(','));
  }
  if (ref.single) {
    // A Pod's own address names that Pod, as in `reach`.
    const found = ws.findEndpoints(ew.regions.get(ref.text)![0]!);
    return found.length > 0 ? [found[0]!] : l10n.t('{0} names no endpoint', ref.text);
  }
  const points = new Set(ew.regions.get(ref.text) ?? []);
  const seen = new Set<string>();
  return ws.endpoints.filter((e) => e.external && points.has(e.key) && !seen.has(e.key) && seen.add(e.key));
}

/**
 * Why a name stands for several workloads. Of different kinds, `namespace/Kind/name` tells them apart; the same
 * workload in several files (copies in folders applied apart, overlays) cannot be told apart by name, so the
 * message names the files.
 */
function ambiguity(text: string, found: readonly Endpoint[]): string {
  const byKey = new Map<string, string[]>();
  for (const e of found) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e.workload?.uri ?? '']);
  const copied = [...byKey].find(([, uris]) => uris.length > 1);
  if (!copied) return l10n.t('{0} is ambiguous: {1}; write namespace/Kind/name', text, [...byKey.keys()].join(', '));
  const [key, uris] = copied;
  return l10n.t('{0} is ambiguous: {1} is defined in {2} files ({3}); check those folders apart', text, key, uris.length, shortNames(uris).join(', '));
}

/** The URIs without the folder they all share (`a/api.yaml`, `b/api.yaml`), in order. */
function shortNames(uris: readonly string[]): string[] {
  const parts = uris.map((u) => u.split('/'));
  let shared = 0;
  while (parts.every((p) => shared < p.length - 1 && p[shared] === parts[0]![shared])) shared++;
  return parts.map((p) => decoded(p.slice(shared).join('/')));
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function knownHint(ws: Workspace, text: string): string {
  const namespace = text.includes('/') ? text.split('/')[0] : ws.options.defaultNamespace;
  const known = ws.workloads().filter((e) => e.namespace === namespace).map((e) => e.key);
  if (known.length === 0) return l10n.t(' (it has no workload in namespace {0})', namespace ?? '');
  return l10n.t(' (in {0}: {1})', namespace ?? '', `${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}`);
}

/** One side's part in a pair's verdict: the end a policy may isolate, and the policies and rules that decide. */
export interface SideReason {
  readonly direction: PolicyType;
  /** The end whose policies decide this direction: the source for egress, the destination for ingress. */
  readonly end: Endpoint;
  readonly isolatedBy: readonly CompiledPolicy[];
  /** The rules that allow the witness port (or, without one, any port, with what they allow). */
  readonly allowedBy: readonly { readonly policy: CompiledPolicy; readonly rule: CompiledRule; readonly ports?: PortSet }[];
  /** Allowed on the witness port (without one: on some port). */
  readonly allowed: boolean;
}

export type Outcome =
  | { readonly status: 'holds'; readonly pairs: number }
  | {
      readonly status: 'broken';
      readonly source: Endpoint;
      readonly destination: Endpoint;
      /** The port that breaks it; absent when the expectation is "allowed on some port" and none is. */
      readonly witness?: PortQuery;
      /** What the pair may use, all ports considered. */
      readonly allowedPorts: PortSet;
      readonly egress: SideReason;
      readonly ingress: SideReason;
      /** How many pairs of the expectation break it (the witness is the first). */
      readonly brokenPairs: number;
      readonly pairs: number;
    }
  | { readonly status: 'unknown'; readonly end: 'from' | 'to'; readonly message: string };

function firstMissing(set: PortSet, range: PortRange): number | undefined {
  if (set.all) return undefined;
  let at = range.from;
  for (const [a, b] of set.protocols.get(range.protocol) ?? []) {
    if (b < at) continue;
    if (a > at) break;
    at = b + 1;
  }
  return at <= range.to ? at : undefined;
}

function firstPresent(set: PortSet, range: PortRange): number | undefined {
  if (set.all) return range.from;
  for (const [a, b] of set.protocols.get(range.protocol) ?? []) {
    const lo = Math.max(a, range.from);
    if (lo <= Math.min(b, range.to)) return lo;
  }
  return undefined;
}

/** A port the set allows, preferring one the destination listens on. */
function somePort(set: PortSet, destination: Endpoint): PortQuery {
  const listened = destination.ports.find((p) => firstPresent(set, { protocol: p.protocol, from: p.port, to: p.port }) !== undefined);
  if (listened) return { port: listened.port, protocol: listened.protocol };
  if (set.all) return { port: 443, protocol: 'TCP' };
  const [protocol, ranges] = [...set.protocols][0]!;
  return { port: ranges[0]![0], protocol };
}

/** The witness that breaks the expectation on this pair, or undefined when the pair keeps it. */
function breaks(expectation: Expectation, ports: PortSet, destination: Endpoint): { witness?: PortQuery } | undefined {
  const range = expectation.port;
  if (range) {
    const port = expectation.allowed ? firstMissing(ports, range) : firstPresent(ports, range);
    return port === undefined ? undefined : { witness: { port, protocol: range.protocol } };
  }
  if (expectation.allowed) return isEmptyPortSet(ports) ? {} : undefined;
  return isEmptyPortSet(ports) ? undefined : { witness: somePort(ports, destination) };
}

/** Each direction's part in the verdict of one pair, on `witness` (without one: on any port). */
export function sides(ew: ExpectationWorkspace, source: Endpoint, destination: Endpoint, witness: PortQuery | undefined): { egress: SideReason; ingress: SideReason } {
  const { ws } = ew;
  if (witness) {
    const v = reach(ws, source, destination, witness);
    return {
      egress: { direction: 'Egress', end: source, isolatedBy: v.egress.isolatedBy, allowedBy: v.egress.allowedBy, allowed: v.egress.allowed },
      ingress: { direction: 'Ingress', end: destination, isolatedBy: v.ingress.isolatedBy, allowedBy: v.ingress.allowedBy, allowed: v.ingress.allowed },
    };
  }
  const pair = pairPorts(ws, source, destination);
  const side = (direction: PolicyType, end: Endpoint, d: typeof pair.egress): SideReason => ({
    direction,
    end,
    isolatedBy: ws.policiesFor(end.id, direction),
    allowedBy: d.rules,
    allowed: !isEmptyPortSet(d.ports),
  });
  return { egress: side('Egress', source, pair.egress), ingress: side('Ingress', destination, pair.ingress) };
}

/** Checks one expectation: every pair of its ends, on its ports. */
export function checkExpectation(ew: ExpectationWorkspace, expectation: Expectation): Outcome {
  const sources = resolveEndpoint(ew, expectation.from);
  if (typeof sources === 'string') return { status: 'unknown', end: 'from', message: sources };
  const destinations = resolveEndpoint(ew, expectation.to);
  if (typeof destinations === 'string') return { status: 'unknown', end: 'to', message: destinations };
  let first: Extract<Outcome, { status: 'broken' }> | undefined;
  let broken = 0;
  let pairs = 0;
  for (const source of sources) {
    for (const destination of destinations) {
      if (source.external && destination.external) continue;
      pairs++;
      const pair = pairPorts(ew.ws, source, destination);
      // Ports of unknown answer (ClusterNetworkPolicy peers the manifests cannot tell) break nothing: an
      // expected allow may hold on them, an expected deny is not shown broken by them.
      const ports = expectation.allowed && pair.unknown ? unionPortSets(pair.ports, pair.unknown) : pair.ports;
      const found = breaks(expectation, ports, destination);
      if (!found) continue;
      broken++;
      first ??= { status: 'broken', source, destination, ...found, allowedPorts: ports, ...sides(ew, source, destination, found.witness), brokenPairs: 0, pairs: 0 };
    }
  }
  return first ? { ...first, brokenPairs: broken, pairs } : { status: 'holds', pairs };
}
