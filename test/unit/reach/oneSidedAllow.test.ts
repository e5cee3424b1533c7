/** NP954 one-sided-allow: each "does not fire when" of docs/rules/NP954.md, and the findings it makes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, parseYamlFile } from '../../../server/src/engine';
import { readManifests } from '../../../server/src/engine/reach';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'rules', 'NP954', 'egress-never-admitted');
const read = (name: string) => readFileSync(path.join(FIXTURE, name), 'utf8');
const WORKLOADS = read('workspace/workloads.yaml');
const DENY = read('workspace/default-deny.yaml');
const CACHE = read('workspace/cache.yaml');
const API = read('input.yaml');

/** NP954 findings on `text` among `others` (file name to text): the text under each and its message. */
function np954(text: string, others: Record<string, string>) {
  const files = Object.entries(others).map(([name, body]) => readManifests(`file:///ws/${name}`, parseYamlFile(body)));
  const findings = analyzeText(text, { workspace: { uri: 'file:///ws/input.yaml', files } }).findings.filter((f) => f.code === 'NP954');
  return findings.map((f) => ({ text: text.slice(f.span[0], f.span[1]).replace(/\s+/g, ' '), message: f.message, related: (f.related ?? []).map((r) => r.message), fixes: f.fixes.map((x) => x.uri ?? 'here') }));
}

const shop = { 'workloads.yaml': WORKLOADS, 'default-deny.yaml': DENY, 'cache.yaml': CACHE };

describe('NP954 one-sided-allow', () => {
  it("fires on the issue's case, with the other side's isolating policies as related information and a fix in cache's file", () => {
    assert.deepEqual(np954(API, shop), [
      {
        text: 'podSelector: matchLabels: app: cache',
        message:
          'spec.egress[0] allows egress to shop/cache on TCP 8080, but shop/cache never admits it: isolated for ingress by shop/cache, shop/default-deny, with no ingress rule admitting shop/api on those ports. This rule carries no traffic to it',
        related: ['shop/cache isolates shop/cache for ingress', 'shop/default-deny isolates shop/cache for ingress'],
        fixes: ['file:///ws/cache.yaml'],
      },
    ]);
  });

  it('offers no fix when only a namespace-wide policy isolates the other side (the fix would open every pod)', () => {
    const found = np954(API, { 'workloads.yaml': WORKLOADS, 'default-deny.yaml': DENY });
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]!.fixes, []);
  });

  it('does not fire when the other side admits the source on some of the ports', () => {
    const admits = CACHE.replace('app: frontend', 'app: api');
    assert.deepEqual(np954(API, { ...shop, 'cache.yaml': admits }), []);
    const oneOfTwo = API.replace('    - port: 8080\n      protocol: TCP', '    - port: 8080\n      protocol: TCP\n    - port: 6379');
    assert.deepEqual(np954(oneOfTwo, { ...shop, 'cache.yaml': CACHE.replace('app: frontend', 'app: api').replace('port: 8080', 'port: 6379') }), []);
  });

  it('does not fire when a Service shows pods of that label the workspace does not hold', () => {
    // The Service selects app=cache pods with a label no workload of the workspace has: pods made elsewhere
    // (an operator, another repository), whose own policies the workspace may not hold either.
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: cache-replica\n  namespace: shop\nspec:\n  selector:\n    app: cache\n    role: replica\n  ports:\n  - port: 8080\n';
    assert.deepEqual(np954(API, { ...shop, 'service.yaml': service }), []);
    // A Service that selects the workspace's own cache pods shows nothing new: the finding stays.
    const own = service.replace('    role: replica\n', '');
    assert.equal(np954(API, { ...shop, 'service.yaml': own }).length, 1);
  });

  it('does not fire when the other side is not isolated in that direction', () => {
    assert.deepEqual(np954(API, { 'workloads.yaml': WORKLOADS }), []);
  });

  it('does not fire when some pair of the selected and the peer workloads is allowed', () => {
    // Every pod of shop sends to cache; cache admits the frontend: the rule carries traffic from the frontend.
    const everyone = API.replace('  podSelector:\n    matchLabels:\n      app: api\n', '  podSelector: {}\n');
    assert.deepEqual(np954(everyone, shop), []);
  });

  it('does not fire on a peer in another namespace, or named by labels other than the namespace name', () => {
    const elsewhere = API.replace('    - podSelector:\n        matchLabels:\n          app: cache', '    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: store\n      podSelector:\n        matchLabels:\n          app: cache');
    assert.deepEqual(np954(elsewhere, { ...shop, 'store.yaml': WORKLOADS.replace(/namespace: shop/g, 'namespace: store'), 'store-deny.yaml': DENY.replace('namespace: shop', 'namespace: store') }), []);
    const byTeam = API.replace('    - podSelector:\n        matchLabels:\n          app: cache', '    - namespaceSelector:\n        matchLabels:\n          team: shop\n      podSelector:\n        matchLabels:\n          app: cache');
    assert.deepEqual(np954(byTeam, shop), []);
    // The namespace named by its name label is the policy's own: judged like a bare podSelector.
    const ownByName = API.replace('    - podSelector:\n        matchLabels:\n          app: cache', '    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: shop\n      podSelector:\n        matchLabels:\n          app: cache');
    assert.equal(np954(ownByName, shop).length, 1);
  });

  it('does not fire when the workspace holds no workload of the namespace, or the peer matches none', () => {
    assert.deepEqual(np954(API, { 'default-deny.yaml': DENY, 'cache.yaml': CACHE }), []);
    assert.deepEqual(np954(API.replace('app: cache', 'app: redis'), shop), []);
  });

  it("does not fire when the other side's rules name an ipBlock (which may hold the source's pod addresses)", () => {
    const byAddress = CACHE.replace('    - podSelector:\n        matchLabels:\n          app: frontend', '    - ipBlock:\n        cidr: 10.0.0.0/8');
    assert.deepEqual(np954(API, { ...shop, 'cache.yaml': byAddress }), []);
  });

  it('does not fire when a policy of the namespace is not read (a template)', () => {
    const template = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {{ .Values.name }}\n  namespace: shop\nspec:\n  podSelector: {}\n  ingress:\n  - {{ .Values.rule }}\n';
    assert.deepEqual(np954(API, { ...shop, 'template.yaml': template }), []);
  });

  it('does not fire on a rule with no peers, on an ipBlock peer, nor without a workspace', () => {
    const toAll = API.replace('  - to:\n    - podSelector:\n        matchLabels:\n          app: cache\n', '  - ');
    assert.deepEqual(np954(toAll, shop), []);
    const toRange = API.replace('    - podSelector:\n        matchLabels:\n          app: cache', '    - ipBlock:\n        cidr: 10.0.0.0/8');
    assert.deepEqual(np954(toRange, shop), []);
    assert.deepEqual(analyzeText(API).findings.filter((f) => f.code === 'NP954'), []);
  });

  it('does not fire on the rules of a direction the policy does not isolate (they are ignored)', () => {
    const ingressOnly = API.replace('  - Egress', '  - Ingress');
    assert.deepEqual(np954(ingressOnly, shop), []);
  });
});
