/** The editor's reach features as data: hover parts, code lenses, label completion. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/engine';
import { buildWorkspace } from '../../../server/src/engine/reach';
import { labelCompletions, reachHover, reachLenses } from '../../../server/src/engine/reach/editor';
import { KUBE_DNS } from '../../../server/src/engine/model/dns';

const E2E = path.join(__dirname, '..', '..', 'fixtures', 'reach', 'e2e');
const topology = readFileSync(path.join(E2E, 'topology.yaml'), 'utf8');

function workspace(policy: string) {
  const ws = buildWorkspace([{ uri: 'topology.yaml', text: topology }, { uri: 'policy.yaml', text: policy }], DEFAULT_SETTINGS);
  return { ws, views: ws.policies.filter((p) => p.uri === 'policy.yaml').map((p) => p.view) };
}

const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: from-y
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          ns: "y"
      podSelector:
        matchExpressions:
        - {key: pod, operator: In, values: [b, c]}
`;

describe('editor features', () => {
  const { ws, views } = workspace(policy);

  it('hovers a namespaceSelector with the namespaces and the workloads the peer admits', () => {
    const offset = policy.indexOf('ns: "y"');
    const parts = reachHover(ws, views, offset, 'default');
    assert.deepEqual(
      parts.map((p) => p.markdown),
      ['**namespaceSelector** ns=y\n\nmatches 1 namespace of the workspace: `y`.\n\nThis peer (spec.ingress[0].from[0]) admits 2 workloads: `y/b` (Pod), `y/c` (Pod).'],
    );
    assert.equal(policy.slice(parts[0]!.span[0], parts[0]!.span[1]), 'matchLabels:\n          ns: "y"');
  });

  it('hovers the spec podSelector with the workloads it selects', () => {
    assert.deepEqual(
      reachHover(ws, views, policy.indexOf('pod: a'), 'default').map((p) => [p.markdown, policy.slice(p.span[0], p.span[1])]),
      [['**podSelector** pod=a in namespace x selects 1 workload: `x/a` (Pod).', 'matchLabels:\n      pod: a']],
    );
  });

  it('explains the policy on its kind, with the kind as the span', () => {
    const parts = reachHover(ws, views, policy.indexOf('NetworkPolicy'), 'default');
    assert.equal(parts.length, 1);
    assert.equal(policy.slice(parts[0]!.span[0], parts[0]!.span[1]), 'NetworkPolicy');
    assert.match(parts[0]!.markdown, /^\*\*NetworkPolicy x\/from-y\*\* selects pods pod=a in namespace x \(1 workload in the workspace\)\./);
  });

  it('says nothing on other fields', () => {
    assert.deepEqual(reachHover(ws, views, policy.indexOf('- from'), 'default'), []);
  });

  it('puts the count and the defaulted policyTypes above the policy', () => {
    assert.deepEqual(
      reachLenses(ws, views).map((l) => [policy.slice(l.span[0], l.span[1]), l.title, l.workloads?.map((w) => w.key)]),
      [
        ['from-y', 'selects 1 workload', ['x/a']],
        ['from-y', 'policyTypes: Ingress (defaulted)', undefined],
      ],
    );
  });

  it('completes namespace label keys and values in a namespaceSelector', () => {
    const keysText = policy.replace('          ns: "y"\n', '          ns: "y"\n          \n');
    const keysAt = keysText.indexOf('          \n') + 10;
    assert.deepEqual(
      labelCompletions(ws, keysText, keysAt).map((c) => [c.label, c.detail, c.kind, c.insertText, c.replace]),
      [
        ['kubernetes.io/metadata.name', 'matches 3 namespaces', 'property', 'kubernetes.io/metadata.name: ', [keysAt, keysAt]],
        ['ns', 'matches 3 namespaces', 'property', 'ns: ', [keysAt, keysAt]],
      ],
    );
    const valuesText = policy.replace('ns: "y"', 'ns: y');
    const at = valuesText.indexOf('ns: y') + 5;
    assert.deepEqual(
      labelCompletions(ws, valuesText, at).map((c) => [c.label, c.insertText, c.replace]),
      [['x', 'x', [at - 1, at]], ['y', 'y', [at - 1, at]], ['z', 'z', [at - 1, at]]],
    );
  });

  it('completes the key and the values of a matchExpressions item', () => {
    const keyText = policy.replace('        - {key: pod, operator: In, values: [b, c]}\n', '        - key: \n');
    assert.deepEqual(
      labelCompletions(ws, keyText, keyText.indexOf('- key: ') + 7).map((c) => [c.label, c.detail]),
      [['pod', 'matches 9 workloads']],
    );
    const valuesText = policy.replace('        - {key: pod, operator: In, values: [b, c]}\n', '        - key: pod\n          operator: In\n          values:\n          - \n');
    assert.deepEqual(
      labelCompletions(ws, valuesText, valuesText.indexOf('          - \n') + 12).map((c) => [c.label, c.detail]),
      [['a', 'matches 3 workloads'], ['b', 'matches 3 workloads'], ['c', 'matches 3 workloads']],
    );
  });

  it('offers nothing outside matchLabels of a selector', () => {
    assert.deepEqual(labelCompletions(ws, policy, policy.indexOf('  ingress:') + 2), []);
  });
});

describe('hover names the well-known cluster endpoints', () => {
  const dnsPolicy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: dns
  namespace: x
spec:
  podSelector: {}
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          app: metrics-server
    - ipBlock:
        cidr: 169.254.20.10/32
    ports:
    - port: 53
      protocol: UDP
`;
  const hover = (text: string, needle: string, extra: { uri: string; text: string }[] = [], dns = KUBE_DNS) => {
    const ws = buildWorkspace([{ uri: 'topology.yaml', text: topology }, ...extra, { uri: 'policy.yaml', text }], DEFAULT_SETTINGS);
    const views = ws.policies.filter((p) => p.uri === 'policy.yaml').map((p) => p.view);
    return reachHover(ws, views, text.indexOf(needle), 'default', dns).map((p) => p.markdown);
  };

  it('a DNS peer the workspace does not hold: the cluster DNS, present in every cluster, not "matches 0 namespaces"', () => {
    assert.deepEqual(hover(dnsPolicy, 'kubernetes.io/metadata.name: kube-system'), [
      '**namespaceSelector** kubernetes.io/metadata.name=kube-system\n\nThis peer (spec.egress[0].to[0]) is the cluster DNS (kube-dns in kube-system): not in this workspace, present in every cluster.',
    ]);
    assert.deepEqual(hover(dnsPolicy, 'k8s-app: kube-dns'), [
      '**podSelector** k8s-app=kube-dns\n\nThis peer (spec.egress[0].to[0]) is the cluster DNS (kube-dns in kube-system): not in this workspace, present in every cluster.',
    ]);
  });

  it("a peer for the CoreDNS chart's labels is the cluster DNS too, whatever the profile", () => {
    const chart = dnsPolicy.replace('k8s-app: kube-dns', 'app.kubernetes.io/name: coredns');
    assert.deepEqual(hover(chart, 'app.kubernetes.io/name: coredns'), [
      '**podSelector** app.kubernetes.io/name=coredns\n\nThis peer (spec.egress[0].to[0]) is the cluster DNS (kube-dns in kube-system): not in this workspace, present in every cluster.',
    ]);
  });

  it('another peer in kube-system is still said to admit no workload of the workspace', () => {
    assert.deepEqual(hover(dnsPolicy, 'app: metrics-server'), [
      '**podSelector** app=metrics-server\n\nThis peer (spec.egress[0].to[1]) admits no workload of the workspace.',
    ]);
  });

  it('an ipBlock on the node-local cache address names it', () => {
    assert.deepEqual(hover(dnsPolicy, 'cidr: 169.254.20.10/32'), [
      'This peer (spec.egress[0].to[2]) holds the cluster DNS (the node-local DNS cache at 169.254.20.10): not in this workspace, present on every node where NodeLocal DNSCache is installed.',
    ]);
  });

  it('an ipBlock of one address on TCP 6443 is named as the API server; on 443 alone it is not', () => {
    const api = dnsPolicy.replace('    - ipBlock:\n        cidr: 169.254.20.10/32\n    ports:\n    - port: 53\n      protocol: UDP\n', '    ports:\n    - port: 53\n      protocol: UDP\n  - to:\n    - ipBlock:\n        cidr: 172.18.0.2/32\n    ports:\n    - port: 6443\n');
    assert.deepEqual(hover(api, 'cidr: 172.18.0.2/32'), [
      "This peer (spec.egress[1].to[0]) is most likely the API server: one address, on TCP 6443 (the API server's secure port). Not in this workspace; every cluster has one.",
    ]);
    assert.deepEqual(hover(api.replace('port: 6443', 'port: 443'), 'cidr: 172.18.0.2/32'), []);
    assert.deepEqual(hover(api.replace('172.18.0.2/32', '172.18.0.0/16'), 'cidr: 172.18.0.0/16'), []);
  });

  it("OpenShift's DNS, and a DNS the workspace holds (then its workloads, named as the DNS)", () => {
    const openshift = dnsPolicy.replace('kubernetes.io/metadata.name: kube-system\n      podSelector:\n        matchLabels:\n          k8s-app: kube-dns', 'kubernetes.io/metadata.name: openshift-dns');
    assert.deepEqual(hover(openshift, 'openshift-dns'), [
      '**namespaceSelector** kubernetes.io/metadata.name=openshift-dns\n\nThis peer (spec.egress[0].to[0]) is the cluster DNS (dns-default in openshift-dns): not in this workspace, present in every OpenShift cluster.',
    ]);
    const coredns = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: coredns\n  namespace: kube-system\n  labels:\n    k8s-app: kube-dns\nspec:\n  containers:\n  - name: c\n    image: coredns\n';
    assert.deepEqual(hover(dnsPolicy, 'k8s-app: kube-dns', [{ uri: 'dns.yaml', text: coredns }]), [
      '**podSelector** k8s-app=kube-dns\n\nThis peer (spec.egress[0].to[0]) admits 1 workload: `kube-system/coredns` (Pod): the cluster DNS (kube-dns in kube-system).',
    ]);
  });
});
