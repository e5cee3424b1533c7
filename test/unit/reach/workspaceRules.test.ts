/** NP951-NP953: the workspace rules, through analyzeText with the other files of a workspace. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, parseYamlFile } from '../../../server/src/engine';
import type { Finding } from '../../../server/src/engine';
import { readManifests } from '../../../server/src/engine/reach';

const SEED = path.join(__dirname, '..', '..', 'fixtures', 'reach', 'seed');
const workloads = readManifests('file:///ws/workloads.yaml', parseYamlFile(readFileSync(path.join(SEED, 'workloads.yaml'), 'utf8')));

function analyze(text: string, others = [workloads]) {
  const findings = analyzeText(text, { workspace: { uri: 'file:///ws/policy.yaml', files: others } }).findings;
  return findings.filter((f) => f.code.startsWith('NP95')).map((f: Finding) => ({ code: f.code, text: text.slice(f.span[0], f.span[1]), message: f.message, related: f.related }));
}

const policy = (spec: string, namespace = '') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
${spec}`;

describe('NP951 policy-selects-no-workload', () => {
  it('reports a podSelector that matches none of the workloads of its namespace', () => {
    const text = policy('  podSelector:\n    matchLabels:\n      app: restricted\n  policyTypes:\n  - Ingress\n');
    assert.deepEqual(analyze(text), [
      {
        code: 'NP951',
        text: 'matchLabels:\n      app: restricted',
        message:
          'podSelector app=restricted matches no workload in namespace default, while no policy selects Deployment restricted-app (app=restricted-app), Pod neighbour (app=neighbour) there: was one of them meant?',
        related: undefined,
      },
    ]);
  });

  it('stays quiet for a namespace the workspace holds no workload of, and without a workspace', () => {
    const text = policy('  podSelector:\n    matchLabels:\n      app: web\n  policyTypes:\n  - Ingress\n', 'shop');
    assert.deepEqual(analyze(text), []);
    assert.deepEqual(analyzeText(policy('  podSelector:\n    matchLabels:\n      app: nope\n')).findings.filter((f) => f.code.startsWith('NP95')), []);
  });
});

describe('NP952 peer-selects-nothing', () => {
  it('reports a bare podSelector peer one edit away from a workload of the policy namespace', () => {
    const text = policy('  podSelector: {}\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: nieghbour\n');
    const found = analyze(text);
    assert.deepEqual(found.map((f) => [f.code, f.text, f.message]), [
      ['NP952', 'nieghbour', 'podSelector app=nieghbour matches no workload in namespace default: did you mean `neighbour`? With it the selector matches default/neighbour'],
    ]);
  });

  it('says nothing of a bare podSelector peer that matches no workload and names nothing the workspace holds', () => {
    const text = policy('  podSelector: {}\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: fronted\n');
    assert.deepEqual(analyze(text), []);
  });

  it('does not judge kube-system, whose workloads the workspace may not hold, nor a matching peer', () => {
    const dnsOnly = readFileSync(path.join(SEED, 'deny-external-egress.yaml'), 'utf8').replace('k8s-app: kube-dns', 'k8s-app: coredns');
    assert.deepEqual(analyze(dnsOnly, []), []);
    const matching = policy('  podSelector: {}\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: neighbour\n');
    assert.deepEqual(analyze(matching), []);
  });

  it('in a pinned namespace, reports a typo of a workload label there, and nothing else', () => {
    const seed = readFileSync(path.join(SEED, 'deny-external-egress.yaml'), 'utf8');
    assert.deepEqual(analyze(seed.replace('k8s-app: kube-dns', 'k8s-app: kube-dsn')).map((f) => [f.code, f.text, f.message]), [
      ['NP952', 'kube-dsn', 'podSelector k8s-app=kube-dsn matches no workload in namespace kube-system: did you mean `kube-dns`? With it the selector matches kube-system/coredns'],
    ]);
    // k8s-app=coredns is no slip of kube-dns, and kube-system has pods of its own that no repository holds.
    assert.deepEqual(analyze(seed.replace('k8s-app: kube-dns', 'k8s-app: coredns')), []);
  });

  it('says nothing of a namespaceSelector that matches no Namespace manifest: the namespace may be made elsewhere', () => {
    const namespaces = readManifests('file:///ws/ns.yaml', parseYamlFile('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: shop\n'));
    const text = policy('  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: monitoring\n');
    assert.deepEqual(analyze(text, [workloads, namespaces]), []);
    assert.deepEqual(analyze(text), []);
  });

  it('reports a namespaceSelector one edit away from a Namespace of the workspace, with the fix', () => {
    const namespaces = readManifests('file:///ws/ns.yaml', parseYamlFile('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: monitoring\n'));
    const text = policy('  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: monitorign\n');
    assert.deepEqual(analyze(text, [workloads, namespaces]).map((f) => [f.code, f.text, f.message]), [
      ['NP952', 'monitorign', 'namespaceSelector team=monitorign matches no Namespace of the workspace: did you mean `monitoring`? With it the selector matches shop'],
    ]);
  });
});

describe('NP953 policy-reopened', () => {
  const allowAll = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-internet
spec:
  podSelector:
    matchLabels:
      app: restricted-app
  egress:
  - to:
    - ipBlock:
        cidr: 0.0.0.0/0
`;
  it('points at the policy that lets the selected pods out to 0.0.0.0/0', () => {
    const other = readManifests('file:///ws/allow.yaml', parseYamlFile(allowAll));
    const found = analyze(readFileSync(path.join(SEED, 'deny-external-egress.yaml'), 'utf8'), [workloads, other]);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.code, 'NP953');
    assert.equal(found[0]!.text, 'Egress');
    assert.equal(
      found[0]!.message,
      "default/allow-internet also selects default/restricted-app and allows egress to addresses 0.0.0.0/0 on any port (spec.egress[0]), letting in or out addresses outside the cluster that this policy keeps away. Policies add up, so this policy's egress restriction does not hold for those pods",
    );
    assert.deepEqual(found[0]!.related, [
      { uri: 'file:///ws/allow.yaml', range: { start: { line: 9, character: 4 }, end: { line: 11, character: 23 } }, message: 'default/allow-internet spec.egress[0] allows egress to addresses 0.0.0.0/0' },
    ]);
  });

  it('leaves a default-deny beside allow policies alone, and the private-ranges rule too', () => {
    const other = readManifests('file:///ws/allow.yaml', parseYamlFile(allowAll));
    const denyAll = policy('  podSelector: {}\n  policyTypes:\n  - Egress\n');
    assert.deepEqual(analyze(denyAll, [workloads, other]), []);
    const privateRanges = readManifests('file:///ws/allow.yaml', parseYamlFile(allowAll.replace('0.0.0.0/0', '10.0.0.0/8')));
    assert.deepEqual(analyze(readFileSync(path.join(SEED, 'deny-external-egress.yaml'), 'utf8'), [workloads, privateRanges]), []);
  });
});
