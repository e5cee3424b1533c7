/** What an expectation means (docs/expectations.md), judged by the one evaluator over small workspaces. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/config/settings';
import { checkExpectation, expectationWorkspace } from '../../../server/src/engine/expectations/evaluate';
import { readExpectations } from '../../../server/src/engine/expectations/format';
import { parseYamlFile } from '../../../server/src/engine/parse/yamlFile';
import { buildWorkspace } from '../../../server/src/engine/reach';

const WORKLOADS = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: web, ports: [{containerPort: 8080}, {containerPort: 9090}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: c, image: c}]}
`;

const EGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
  - to: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 8080}]
`;

function statuses(expect: string): string[] {
  const ws = buildWorkspace([{ uri: 'w.yaml', text: WORKLOADS }, { uri: 'p.yaml', text: EGRESS }], DEFAULT_SETTINGS);
  const [document] = readExpectations(parseYamlFile(`apiVersion: netpol-lens/v1\nkind: ConnectivityExpectations\nexpect:\n${expect}`));
  assert.deepEqual(document!.problems, []);
  const ew = expectationWorkspace(ws, document!.expectations.flatMap((e) => [e.from, e.to]), DEFAULT_SETTINGS.dns);
  return document!.expectations.map((e) => {
    const o = checkExpectation(ew, e);
    return o.status === 'broken' ? `broken ${o.source.key}->${o.destination.key}${o.witness ? ` ${o.witness.port}/${o.witness.protocol}` : ''}` : o.status;
  });
}

describe('expectations: what allowed and port mean', () => {
  it('a single port: that port', () => {
    assert.deepEqual(statuses('- {from: shop/client, to: shop/web, port: 8080, allowed: true}\n- {from: shop/client, to: shop/web, port: 9090, allowed: false}\n'), ['holds', 'holds']);
    assert.deepEqual(statuses('- {from: shop/client, to: shop/web, port: 8080/UDP, allowed: true}\n'), ['broken shop/client->shop/web 8080/UDP']);
  });

  it('no port: allowed means some port, denied means none', () => {
    assert.deepEqual(statuses('- {from: shop/client, to: shop/web, allowed: true}\n- {from: shop/client, to: shop/web, allowed: false}\n'), ['holds', 'broken shop/client->shop/web 8080/TCP']);
  });

  it('a range: allowed means every port of it, denied means none of it', () => {
    assert.deepEqual(
      statuses('- {from: shop/client, to: shop/web, port: 8080-8081, allowed: true}\n- {from: shop/client, to: shop/web, port: 8000-8079, allowed: false}\n- {from: shop/client, to: shop/web, port: 8079-8080, allowed: false}\n'),
      ['broken shop/client->shop/web 8081/TCP', 'holds', 'broken shop/client->shop/web 8080/TCP'],
    );
  });

  it('an address range: every address of it, cut where the ipBlocks cut it', () => {
    assert.deepEqual(
      statuses(
        [
          '- {from: shop/client, to: 10.0.0.0/8, port: 443, allowed: true}', // 10.1.0.0/16 is excepted
          '- {from: shop/client, to: 10.2.0.0/16, port: 443, allowed: true}',
          '- {from: shop/client, to: 10.1.0.0/16, allowed: false}',
          '- {from: shop/client, to: 0.0.0.0/0, allowed: false}',
          '- {from: shop/client, to: 8.8.8.8, allowed: false}',
          '- {from: 0.0.0.0/0, to: shop/web, port: 9090, allowed: true}', // web is not isolated for ingress
        ].join('\n') + '\n',
      ),
      ['broken shop/client->10.1.0.0 443/TCP', 'holds', 'holds', 'broken shop/client->10.0.0.0 443/TCP', 'holds', 'holds'],
    );
  });

  it('a label selector: every workload it matches', () => {
    assert.deepEqual(statuses('- {from: shop/app=client, to: shop/web, port: 8080, allowed: true}\n- {from: shop/app=nothing, to: shop/web, allowed: true}\n'), ['holds', 'unknown']);
  });

  it('the cluster DNS is an endpoint though the workspace does not hold it', () => {
    assert.deepEqual(statuses('- {from: shop/client, to: kube-system/kube-dns, port: 53/UDP, allowed: false}\n- {from: shop/web, to: kube-system/kube-dns, port: 53/UDP, allowed: true}\n'), ['holds', 'holds']);
  });
});

describe('expectations with ClusterNetworkPolicies', () => {
  const CNP = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: allow-listed-domains}
spec:
  tier: Admin
  priority: 5
  subject: {namespaces: {}}
  egress:
  - action: Accept
    to: [{domainNames: [api.example.com]}]
  - action: Deny
    to: [{networks: [0.0.0.0/0]}]
`;
  function judged(expect: string): string[] {
    const ws = buildWorkspace([{ uri: 'w.yaml', text: WORKLOADS }, { uri: 'c.yaml', text: CNP }], DEFAULT_SETTINGS);
    const [document] = readExpectations(parseYamlFile(`apiVersion: netpol-lens/v1\nkind: ConnectivityExpectations\nexpect:\n${expect}`));
    assert.deepEqual(document!.problems, []);
    const ew = expectationWorkspace(ws, document!.expectations.flatMap((e) => [e.from, e.to]), DEFAULT_SETTINGS.dns);
    return document!.expectations.map((e) => checkExpectation(ew, e).status);
  }

  it('the tiers decide: an Admin Deny to 0.0.0.0/0 breaks an expected pod-to-pod allow', () => {
    assert.deepEqual(judged('- {from: shop/client, to: shop/web, port: 8080, allowed: true}\n- {from: shop/client, to: shop/web, port: 8080, allowed: false}\n'), ['broken', 'holds']);
  });

  it('an unknown answer (domainNames and an outside address) breaks neither an expected allow nor an expected deny', () => {
    assert.deepEqual(judged('- {from: shop/client, to: 203.0.113.7, port: 443, allowed: true}\n- {from: shop/client, to: 203.0.113.7, port: 443, allowed: false}\n'), ['holds', 'holds']);
  });
});
