/**
 * Property test: the indexed engine against a brute-force evaluator written straight from the API's
 * documentation (types.go), on random namespaces, pods and policies. The brute force shares no code with
 * the engine: its own selector matching, CIDR arithmetic and port rules.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { buildWorkspace, computeMatrix, reach } from '../../../server/src/engine/reach';
import { pairPorts, portSetHas } from '../../../server/src/engine/reach/portSets';

type Sel = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
type Peer = { podSelector?: Sel; namespaceSelector?: Sel; ipBlock?: { cidr: string; except?: string[] } };
type Port = { protocol?: string; port?: number | string; endPort?: number };
type Rule = { peers?: Peer[]; ports?: Port[] };
interface Policy {
  name: string;
  namespace?: string;
  podSelector: Sel;
  policyTypes?: string[];
  ingress?: Rule[];
  egress?: Rule[];
}
interface Pod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  ports: { name: string; containerPort: number; protocol: string }[];
  ip?: string;
}
interface World {
  namespaces: { name: string; labels: Record<string, string> }[];
  pods: Pod[];
  policies: Policy[];
  externals: string[];
}

const KEYS = ['app', 'tier', 'team'];
const VALUES = ['a', 'b', 'c'];
const NAMESPACES = ['default', 'ns1', 'ns2'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const PORT_NAMES = ['http', 'dns', 'metrics'];
const PORTS = [53, 80, 443];

const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 });
const selectorArb: fc.Arbitrary<Sel> = fc.record(
  {
    matchLabels: labelsArb,
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 }) }),
        fc.record({ key: fc.constantFrom(...KEYS, 'kubernetes.io/metadata.name'), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);
const nsSelectorArb: fc.Arbitrary<Sel> = fc.oneof(
  selectorArb,
  fc.constantFrom(...NAMESPACES).map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } })),
);
const cidrArb = fc.constantFrom('10.0.0.0/8', '10.1.0.0/16', '0.0.0.0/0', '8.8.8.8/32', '192.168.0.0/16', 'fd00::/8', '::/0');
const peerArb: fc.Arbitrary<Peer> = fc.oneof(
  fc.record({ podSelector: selectorArb }),
  fc.record({ namespaceSelector: nsSelectorArb }),
  fc.record({ podSelector: selectorArb, namespaceSelector: nsSelectorArb }),
  fc.record(
    { cidr: cidrArb, except: fc.array(fc.constantFrom('10.1.2.0/24', '10.1.0.0/16', '8.8.8.8/32', 'fd00::1/128'), { maxLength: 1 }) },
    { requiredKeys: ['cidr'] },
  ).map((ipBlock) => ({ ipBlock })),
);
const portArb: fc.Arbitrary<Port> = fc.oneof(
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS), port: fc.constantFrom(...PORTS) }, { requiredKeys: ['port'] }),
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS) }),
  fc.record({ port: fc.constantFrom(50, 79), endPort: fc.constantFrom(60, 100, 500) }),
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS), port: fc.constantFrom(...PORT_NAMES) }, { requiredKeys: ['port'] }),
);
const ruleArb: fc.Arbitrary<Rule> = fc.record({ peers: fc.array(peerArb, { maxLength: 3 }), ports: fc.array(portArb, { maxLength: 2 }) }, { requiredKeys: [] });
const policyArb = fc.record(
  {
    namespace: fc.constantFrom(...NAMESPACES),
    podSelector: selectorArb,
    policyTypes: fc.subarray(['Ingress', 'Egress'], { minLength: 1 }),
    ingress: fc.array(ruleArb, { maxLength: 2 }),
    egress: fc.array(ruleArb, { maxLength: 2 }),
  },
  { requiredKeys: ['podSelector'] },
);
const podArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  labels: labelsArb,
  ports: fc.array(fc.record({ name: fc.constantFrom(...PORT_NAMES), containerPort: fc.constantFrom(...PORTS), protocol: fc.constantFrom(...PROTOCOLS) }), { maxLength: 2 }),
  ip: fc.option(fc.constantFrom('10.1.2.3', '10.1.0.7', '10.2.0.1', '192.168.1.1', 'fd00::1', 'fd00::2'), { nil: undefined }),
});
const worldArb: fc.Arbitrary<World> = fc.record({
  namespaces: fc.array(fc.record({ name: fc.constantFrom(...NAMESPACES), labels: labelsArb }), { maxLength: 3 }),
  pods: fc.array(podArb, { minLength: 1, maxLength: 6 }).map((pods) => pods.map((p, i) => ({ ...p, name: `pod${i}` }))),
  policies: fc.array(policyArb, { maxLength: 4 }).map((ps) => ps.map((p, i) => ({ ...p, name: `np${i}` }))),
  externals: fc.uniqueArray(fc.constantFrom('8.8.8.8', '10.1.2.9', '172.16.0.1', 'fd00::9'), { maxLength: 2 }),
});

// ---- the brute force ----

function bfSelector(sel: Sel, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = k(labels, e.key);
    const ok =
      e.operator === 'In' ? has && e.values!.includes(labels[e.key]!) :
      e.operator === 'NotIn' ? !has || !e.values!.includes(labels[e.key]!) :
      e.operator === 'Exists' ? has : !has;
    if (!ok) return false;
  }
  return true;
}
function k(o: object, key: string): boolean {
  return Object.keys(o).includes(key);
}

function ipToBits(ip: string): string | undefined {
  if (ip.includes(':')) {
    const [head, tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
    return 'v6' + groups.map((g) => parseInt(g || '0', 16).toString(2).padStart(16, '0')).join('');
  }
  return 'v4' + ip.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('');
}
function inCidr(ip: string, cidr: string): boolean {
  const [base, prefix] = cidr.split('/');
  const a = ipToBits(ip)!;
  const b = ipToBits(base!)!;
  return a.slice(0, 2) === b.slice(0, 2) && a.slice(2, 2 + Number(prefix)) === b.slice(2, 2 + Number(prefix));
}

interface End {
  key: string;
  pod?: Pod;
  ip?: string;
}

function bfPeer(peer: Peer, policyNs: string, end: End, world: World): boolean {
  if (peer.ipBlock) {
    if (!end.ip) return end.pod !== undefined && /\/0$/.test(peer.ipBlock.cidr) && (peer.ipBlock.except ?? []).length === 0;
    return inCidr(end.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e) => inCidr(end.ip!, e));
  }
  if (!end.pod) return false;
  const nsLabels = (name: string) => ({ ...(world.namespaces.filter((n) => n.name === name).pop()?.labels ?? {}), 'kubernetes.io/metadata.name': name });
  const nsOk = peer.namespaceSelector ? bfSelector(peer.namespaceSelector, nsLabels(end.pod.namespace)) : end.pod.namespace === policyNs;
  return nsOk && (!peer.podSelector || bfSelector(peer.podSelector, end.pod.labels));
}

function bfPort(port: Port, q: { port: number; protocol: string }, dst: End): boolean {
  if ((port.protocol ?? 'TCP') !== q.protocol) return false;
  if (port.port === undefined) return true;
  if (typeof port.port === 'string') return (dst.pod?.ports ?? []).some((p) => p.name === port.port && p.protocol === q.protocol && p.containerPort === q.port);
  return port.endPort !== undefined ? port.port <= q.port && q.port <= port.endPort : port.port === q.port;
}

function bfTypes(p: Policy): string[] {
  if (p.policyTypes && p.policyTypes.length > 0) return p.policyTypes;
  return (p.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function bfAllowed(world: World, src: End, dst: End, q: { port: number; protocol: string }): boolean {
  const side = (selected: End, other: End, dir: 'Ingress' | 'Egress') => {
    if (!selected.pod) return true;
    const applying = world.policies.filter(
      (p) => (p.namespace ?? 'default') === selected.pod!.namespace && bfSelector(p.podSelector, selected.pod!.labels) && bfTypes(p).includes(dir),
    );
    if (applying.length === 0) return true;
    return applying.some((p) =>
      ((dir === 'Ingress' ? p.ingress : p.egress) ?? []).some(
        (r) =>
          ((r.peers ?? []).length === 0 || r.peers!.some((peer) => bfPeer(peer, p.namespace ?? 'default', other, world))) &&
          ((r.ports ?? []).length === 0 || r.ports!.some((port) => bfPort(port, q, dst))),
      ),
    );
  };
  return side(src, dst, 'Egress') && side(dst, src, 'Ingress');
}

// ---- manifests for the engine ----

function manifests(world: World): string {
  const docs: unknown[] = [
    ...world.namespaces.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name, labels: n.labels } })),
    ...world.pods.map((p) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace: p.namespace, labels: p.labels },
      spec: { containers: [{ name: 'c', image: 'x', ports: p.ports }] },
      ...(p.ip ? { status: { podIP: p.ip } } : {}),
    })),
    ...world.policies.map((p) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: p.name, ...(p.namespace ? { namespace: p.namespace } : {}) },
      spec: {
        podSelector: p.podSelector,
        ...(p.policyTypes ? { policyTypes: p.policyTypes } : {}),
        ...(p.ingress ? { ingress: p.ingress.map((r) => ({ ...(r.peers ? { from: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) })) } : {}),
        ...(p.egress ? { egress: p.egress.map((r) => ({ ...(r.peers ? { to: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) })) } : {}),
      },
    })),
  ];
  return docs.map((d) => stringify(d)).join('---\n');
}

describe('engine vs brute force', () => {
  it('agrees on random workspaces, for the matrix and for single connections', () => {
    // Ports on, inside, at the edges of and outside the arbitraries' numbers and ranges (50-60, 79-500).
    const queries = [
      { port: 53, protocol: 'UDP' },
      { port: 80, protocol: 'TCP' },
      { port: 443, protocol: 'SCTP' },
      { port: 50, protocol: 'TCP' },
      { port: 60, protocol: 'TCP' },
      { port: 61, protocol: 'TCP' },
      { port: 500, protocol: 'TCP' },
      { port: 501, protocol: 'TCP' },
      { port: 53, protocol: 'TCP' },
      { port: 9999, protocol: 'UDP' },
    ];
    fc.assert(
      fc.property(worldArb, (world) => {
        const ws = buildWorkspace([{ uri: 'w.yaml', text: manifests(world) }], { defaultNamespace: 'default', ipBlockAppliesToPods: true }, world.externals);
        const ends: End[] = ws.endpoints.map((e) =>
          e.external ? { key: e.key, ip: e.key } : { key: e.key, pod: world.pods.find((p) => `${p.namespace}/${p.name}` === e.key)!, ip: world.pods.find((p) => `${p.namespace}/${p.name}` === e.key)!.ip },
        );
        const matrix = computeMatrix(ws, queries);
        const n = ends.length;
        queries.forEach((q, qi) => {
          for (let s = 0; s < n; s++) {
            for (let d = 0; d < n; d++) {
              if (!ends[s]!.pod && !ends[d]!.pod) continue;
              const want = bfAllowed(world, ends[s]!, ends[d]!, q);
              const label = `${ends[s]!.key} -> ${ends[d]!.key} on ${q.port}/${q.protocol}`;
              assert.equal(matrix.allowed[qi]![s * n + d] === 1, want, `matrix: ${label}`);
              assert.equal(reach(ws, ws.endpoints[s]!, ws.endpoints[d]!, q).allowed, want, `reach: ${label}`);
              assert.equal(portSetHas(pairPorts(ws, ws.endpoints[s]!, ws.endpoints[d]!).ports, q), want, `pairPorts: ${label}`);
            }
          }
        });
      }),
      { numRuns: 300, seed: 20261126 },
    );
  });
});
