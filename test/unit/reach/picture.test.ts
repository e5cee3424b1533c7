/** The connectivity picture: port sets per pair, the cluster DNS and the outside ranges as endpoints, the rules behind each edge. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KUBE_DNS, NODELOCAL_DNS, OPENSHIFT_DNS } from '../../../server/src/engine/model/dns';
import { buildWorkspace, Workspace } from '../../../server/src/engine/reach';
import { externalRegions } from '../../../server/src/engine/reach/externalRegions';
import { connectivityPicture } from '../../../server/src/engine/reach/picture';
import type { Picture } from '../../../server/src/engine/reach/picture';
import { ALL_PORTS, formatPortSet, intersectPortSets, NO_PORTS, unionPortSets } from '../../../server/src/engine/reach/portSets';
import type { PortSet } from '../../../server/src/engine/reach/portSets';
import { dnsDesignatedBy, wellKnownAdditions } from '../../../server/src/engine/reach/wellKnown';
import { pictureWorkspace } from '../../../server/src/lsp/reachFeatures';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/config/settings';

const deployment = (name: string, labels: string, ports = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
      - name: c
        image: x${ports ? `\n        ports: ${ports}` : ''}
`;

/** The issue's shop: default deny, DNS for all, the frontend open to the internet, the api out to a partner range. */
const SHOP = [
  deployment('frontend', 'app: frontend', '[{containerPort: 8080, name: http}]'),
  deployment('api', 'app: api', '[{containerPort: 9000}]'),
  deployment('cache', 'app: cache', '[{containerPort: 8080}]'),
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
      podSelector: {matchLabels: {k8s-app: kube-dns}}
    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend, namespace: shop}
spec:
  podSelector: {matchLabels: {app: frontend}}
  ingress:
  - from: [{ipBlock: {cidr: 0.0.0.0/0}}]
    ports: [{port: http}]
  egress:
  - to: [{podSelector: {matchLabels: {app: api}}}]
    ports: [{port: 9000}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
  egress:
  - to: [{podSelector: {matchLabels: {app: cache}}}]
    ports: [{port: 8080}]
  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    ports: [{port: 443}, {port: 8000, endPort: 8100}]
`,
];

const settings = { defaultNamespace: 'default', ipBlockAppliesToPods: true };

function shopPicture(dns = KUBE_DNS): { picture: Picture; cell: (from: string, to: string) => string; rulesOf: (from: string, to: string) => string[] } {
  const base = buildWorkspace(SHOP.map((text, i) => ({ uri: `file:///ws/${i}.yaml`, text })), settings);
  const { workspace, names } = pictureWorkspace(base, { ...DEFAULT_SETTINGS, ...settings, dns }, []);
  const picture = connectivityPicture(workspace, names);
  const at = (key: string) => picture.endpoints.indexOf(key);
  const cell = (from: string, to: string) => picture.sets[picture.rows[at(from)]!.sets[at(to)]!]?.label ?? '-';
  const rulesOf = (from: string, to: string) => picture.rows[at(from)]!.rules[at(to)]!.map((r) => picture.rules[r]!.title);
  return { picture, cell, rulesOf };
}

describe('the connectivity picture of a workspace', () => {
  it('adds the cluster DNS and the outside world cut where the ipBlocks draw lines', () => {
    const { picture } = shopPicture();
    assert.deepEqual(
      picture.nodes.map((n) => [n.id, n.label, n.group, n.kind]),
      [
        ['shop/frontend', 'frontend', 'shop', 'workload'],
        ['shop/api', 'api', 'shop', 'workload'],
        ['shop/cache', 'cache', 'shop', 'workload'],
        ['kube-system/kube-dns', 'kube-dns in kube-system', 'kube-system', 'cluster'],
        ['8.8.8.8', 'the internet (outside 10.0.0.0/8)', '(outside the cluster)', 'external'],
        ['10.0.0.0', '10.0.0.0/8 except 10.1.0.0/16', '(outside the cluster)', 'external'],
        ['10.1.0.0', '10.1.0.0/16', '(outside the cluster)', 'external'],
      ],
    );
  });

  it('gives each pair its allowed port set, named ports resolved on the destination', () => {
    const { cell } = shopPicture();
    assert.equal(cell('8.8.8.8', 'shop/frontend'), 'TCP 8080');
    assert.equal(cell('10.1.0.0', 'shop/frontend'), 'TCP 8080');
    assert.equal(cell('shop/frontend', 'shop/api'), 'TCP 9000');
    assert.equal(cell('shop/api', 'kube-system/kube-dns'), 'TCP 53, UDP 53');
    assert.equal(cell('shop/api', '10.0.0.0'), 'TCP 443, 8000-8100');
    assert.equal(cell('shop/api', '10.1.0.0'), 'none');
    assert.equal(cell('shop/api', '8.8.8.8'), 'none');
    // api's egress allows cache on 8080, but nothing admits api into cache: the one-sided allow carries nothing.
    assert.equal(cell('shop/api', 'shop/cache'), 'none');
    // The made-up DNS pods are not isolated: anything may reach them, and they may reach out.
    assert.equal(cell('kube-system/kube-dns', 'shop/cache'), 'none');
    assert.equal(cell('kube-system/kube-dns', '8.8.8.8'), 'all');
    assert.equal(cell('8.8.8.8', '10.0.0.0'), '-');
  });

  it('names the rules on both ends that allow a pair, and none for a denied one', () => {
    const { rulesOf, picture } = shopPicture();
    assert.deepEqual(rulesOf('shop/frontend', 'shop/api'), ['shop/frontend spec.egress[0]', 'shop/api spec.ingress[0]']);
    assert.deepEqual(rulesOf('8.8.8.8', 'shop/frontend'), ['shop/frontend spec.ingress[0]']);
    assert.deepEqual(rulesOf('shop/api', 'shop/cache'), []);
    const rule = picture.rules.find((r) => r.title === 'shop/frontend spec.ingress[0]')!;
    assert.equal(rule.uri, 'file:///ws/3.yaml');
    assert.equal(SHOP[3]!.slice(rule.span[0], rule.span[1]).split('\n')[0], 'from: [{ipBlock: {cidr: 0.0.0.0/0}}]');
    // Self-connections and denied pairs are not edges; an allowed pair is, with its set.
    const edge = picture.edges.find((e) => e.from === 'shop/frontend' && e.to === 'shop/api')!;
    assert.equal(picture.sets[edge.set]!.label, 'TCP 9000');
    assert.ok(!picture.edges.some((e) => e.from === e.to || picture.sets[e.set]!.label === 'none'));
  });

  it('focused on one endpoint: the same cells as the whole picture, in its row and column', () => {
    const { picture } = shopPicture();
    const base = buildWorkspace(SHOP.map((text, i) => ({ uri: `file:///ws/${i}.yaml`, text })), settings);
    const { workspace, names } = pictureWorkspace(base, { ...DEFAULT_SETTINGS, ...settings }, []);
    const focus = picture.endpoints.indexOf('shop/api');
    const focused = connectivityPicture(workspace, names, focus);
    const label = (p: Picture, s: number) => (s < 0 ? '-' : p.sets[s]!.label);
    assert.deepEqual(focused.rows[0]!.sets.map((s) => label(focused, s)), picture.rows[focus]!.sets.map((s) => label(picture, s)));
    assert.deepEqual(focused.columns[0]!.sets.map((s) => label(focused, s)), picture.rows.map((r) => label(picture, r.sets[focus]!)));
    assert.ok(focused.edges.every((e) => e.from === 'shop/api' || e.to === 'shop/api'));
    // Only what api reaches or is reached by: the frontend, the DNS and the partner range (cache never admits it).
    assert.deepEqual(focused.nodes.map((n) => n.id), ['shop/frontend', 'shop/api', 'kube-system/kube-dns', '10.0.0.0']);
  });

  it('names a /32 on TCP 6443 the API server', () => {
    const withApi = SHOP.map((t) => t.replace('    ports: [{port: 443}, {port: 8000, endPort: 8100}]\n', '    ports: [{port: 443}, {port: 8000, endPort: 8100}]\n  - to: [{ipBlock: {cidr: 172.18.0.2/32}}]\n    ports: [{port: 6443}]\n'));
    const base = buildWorkspace(withApi.map((text, i) => ({ uri: `file:///ws/${i}.yaml`, text })), settings);
    const { workspace, names } = pictureWorkspace(base, { ...DEFAULT_SETTINGS, ...settings }, []);
    const picture = connectivityPicture(workspace, names);
    assert.equal(picture.nodes.find((n) => n.id === '172.18.0.2')?.label, 'the API server (172.18.0.2, TCP 6443)');
    const at = (key: string) => picture.endpoints.indexOf(key);
    assert.equal(picture.sets[picture.rows[at('shop/api')]!.sets[at('172.18.0.2')]!]!.label, 'TCP 6443');
  });

  it('with the NodeLocal profile: the node-local cache is an outside endpoint of its own', () => {
    const { picture } = shopPicture(NODELOCAL_DNS);
    const node = picture.nodes.find((n) => n.id === '169.254.20.10');
    assert.deepEqual(node && [node.label, node.kind], ['the node-local DNS cache at 169.254.20.10', 'cluster']);
    // The policies name kube-dns too: it stays.
    assert.ok(picture.nodes.some((n) => n.id === 'kube-system/kube-dns'));
  });
});

describe('well-known cluster endpoints', () => {
  const policy = (peer: string, namespace = 'shop') =>
    buildWorkspace([{ uri: 'file:///p.yaml', text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ${namespace}}\nspec:\n  podSelector: {}\n  egress:\n  - to: [${peer}]\n` }], settings);

  it('adds the configured profile, and any other a policy names, unless the workspace holds those pods', () => {
    const openshiftPeer = '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: openshift-dns}}}';
    assert.deepEqual([...wellKnownAdditions(policy(openshiftPeer), KUBE_DNS).names.keys()], ['kube-system/kube-dns', 'openshift-dns/dns-default']);
    assert.deepEqual([...wellKnownAdditions(policy('{podSelector: {}}'), OPENSHIFT_DNS).names.keys()], ['openshift-dns/dns-default']);
    const held = buildWorkspace([{ uri: 'file:///d.yaml', text: deployment('coredns', 'k8s-app: kube-dns').replace('namespace: shop', 'namespace: kube-system') }], settings);
    assert.deepEqual(wellKnownAdditions(held, KUBE_DNS), { addresses: [], names: new Map() });
  });

  it('recognises a peer that designates the DNS, not one that merely includes it', () => {
    const peer = (text: string) => policy(text).policies[0]!.egress[0]!.peers[0]!.peer;
    const designated = (text: string, namespace = 'shop') => dnsDesignatedBy(peer(text), namespace, KUBE_DNS)?.profile;
    assert.equal(designated('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}'), 'kube-dns');
    assert.equal(designated('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}'), 'kube-dns');
    assert.equal(designated('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: openshift-dns}}}'), 'openshift');
    assert.equal(designated('{ipBlock: {cidr: 169.254.20.10/32}}'), 'nodelocal');
    assert.equal(designated('{podSelector: {matchLabels: {k8s-app: kube-dns}}}', 'kube-system'), 'kube-dns');
    // Everything, another app in kube-system, a pod label alone elsewhere, the whole address space: not the DNS.
    assert.equal(designated('{namespaceSelector: {}}'), undefined);
    assert.equal(designated('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {app: metrics}}}'), undefined);
    assert.equal(designated('{podSelector: {matchLabels: {k8s-app: kube-dns}}}'), undefined);
    assert.equal(designated('{ipBlock: {cidr: 0.0.0.0/0}}'), undefined);
  });
});

describe('outside regions', () => {
  it('the internet alone without ipBlocks; IPv6 regions only when a block is IPv6', () => {
    const ws = new Workspace([], { defaultNamespace: 'default', ipBlockAppliesToPods: true });
    assert.deepEqual(externalRegions(ws), { regions: [{ address: '8.8.8.8', name: 'the internet' }], dropped: 0 });
    const v6 = policyWith('[{ipBlock: {cidr: "::/0", except: ["fd00::/8"]}}, {ipBlock: {cidr: 8.8.8.0/24}}]');
    assert.deepEqual(externalRegions(v6).regions, [
      { address: '1.1.1.1', name: 'the internet (outside 8.8.8.0/24)' },
      { address: '8.8.8.8', name: '8.8.8.0/24' },
      { address: '2001:4860:4860::8888', name: 'the internet (IPv6) (outside fd00::/8)' },
      { address: 'fd00::', name: 'fd00::/8' },
    ]);
  });

  it('leaves out a block its excepts cover whole, and normalises a cidr written with host bits', () => {
    const ws = policyWith('[{ipBlock: {cidr: 10.1.2.3/16, except: [10.1.0.0/17, 10.1.128.0/17]}}]');
    assert.deepEqual(externalRegions(ws).regions, [
      { address: '8.8.8.8', name: 'the internet (outside 10.1.0.0/16)' },
      { address: '10.1.0.0', name: '10.1.0.0/17' },
      { address: '10.1.128.0', name: '10.1.128.0/17' },
    ]);
  });

  it('are cut by a ClusterNetworkPolicy\'s networks too, as in connlist', () => {
    const text = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: no-partner}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {}}
  egress:
  - name: partner
    action: Deny
    to: [{networks: [203.0.113.0/24]}]
`;
    const ws = buildWorkspace([{ uri: 'file:///cnp.yaml', text }], settings);
    assert.deepEqual(externalRegions(ws).regions, [
      { address: '8.8.8.8', name: 'the internet (outside 203.0.113.0/24)' },
      { address: '203.0.113.0', name: '203.0.113.0/24' },
    ]);
  });
});

function policyWith(peers: string): Workspace {
  return buildWorkspace([{ uri: 'file:///p.yaml', text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  egress:\n  - to: ${peers}\n` }], settings);
}

describe('port sets', () => {
  const tcp = (ranges: [number, number][]): PortSet => ({ all: false, protocols: new Map([['TCP', ranges]]) });
  it('are written protocol by protocol, `all` for every port and protocol', () => {
    assert.equal(formatPortSet(ALL_PORTS), 'all');
    assert.equal(formatPortSet(NO_PORTS), 'none');
    const three = ['TCP', 'UDP', 'SCTP'].reduce<PortSet>((s, p) => unionPortSets(s, { all: false, protocols: new Map([[p, [[1, 65535]]]]) }), NO_PORTS);
    assert.equal(formatPortSet(three), 'all');
    assert.equal(formatPortSet(unionPortSets({ all: false, protocols: new Map([['UDP', [[53, 53]]]]) }, tcp([[53, 53]]))), 'TCP 53, UDP 53');
    assert.equal(formatPortSet(unionPortSets(tcp([[80, 80], [82, 90]]), tcp([[81, 81], [443, 443]]))), 'TCP 80-90, 443');
    assert.equal(formatPortSet(tcp([[1, 65535]])), 'TCP all ports');
  });

  it('intersect per protocol, `all` being the identity', () => {
    assert.equal(formatPortSet(intersectPortSets(tcp([[80, 90]]), tcp([[85, 100]]))), 'TCP 85-90');
    assert.equal(formatPortSet(intersectPortSets(ALL_PORTS, tcp([[80, 80]]))), 'TCP 80');
    assert.equal(formatPortSet(intersectPortSets(tcp([[80, 80]]), { all: false, protocols: new Map([['UDP', [[80, 80]]]]) })), 'none');
  });
});
