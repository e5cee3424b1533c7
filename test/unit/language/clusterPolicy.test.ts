/** Completion, hover and outline in a ClusterNetworkPolicy, from the vendored CRD (engine/language/clusterPolicy.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, complete, hover, normalizeSettings, outlineFile, setLocale } from '../../../server/src/engine';
import { requestAt } from './support';

const HEAD = 'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n  name: deny-external\nspec:\n';

function withChannel(textWithCursor: string, channel: string) {
  const { request, text } = requestAt(textWithCursor);
  return { request: { ...request, settings: normalizeSettings({ clusterNetworkPolicy: { channel } }).settings }, text };
}

describe('ClusterNetworkPolicy: completion', () => {
  it('spec keys not yet written, required first, with the CRD description', () => {
    const { request } = requestAt(`${HEAD}  tier: Admin\n  |\n`);
    const entries = complete(request);
    const labels = entries.sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((e) => e.label);
    assert.deepEqual(labels, ['priority', 'subject', 'egress', 'ingress']);
    const priority = entries.find((e) => e.label === 'priority')!;
    assert.equal(priority.detail, '`integer` · required · 0 to 1000');
    assert.match(priority.documentation!, /^Priority is a value from 0 to 1000 indicating the precedence of the policy within its tier\./);
  });

  it('enum values: tier, action', () => {
    assert.deepEqual(complete(requestAt(`${HEAD}  tier: |\n`).request).map((e) => e.label), ['Admin', 'Baseline']);
    assert.deepEqual(complete(requestAt(`${HEAD}  egress:\n  - action: |\n`).request).map((e) => e.label), ['Accept', 'Deny', 'Pass']);
  });

  it('egress peers: domainNames and nodes only on the experimental channel', () => {
    const text = `${HEAD}  egress:\n  - action: Deny\n    to:\n    - |\n`;
    assert.deepEqual(complete(requestAt(text).request).map((e) => e.label).sort(), ['namespaces', 'networks', 'pods']);
    assert.deepEqual(complete(withChannel(text, 'experimental').request).map((e) => e.label).sort(), ['domainNames', 'namespaces', 'networks', 'nodes', 'pods']);
  });
});

describe('ClusterNetworkPolicy: hover', () => {
  it('a key: its path, constraints and the CRD description', () => {
    const { request, text } = requestAt(`${HEAD}  tier: Admin\n  prio|rity: 10\n`);
    const parts = hover(request);
    assert.deepEqual(parts.map((p) => text.slice(p.span[0], p.span[1])), ['priority']);
    assert.match(parts[0]!.markdown, /^\*\*spec\.priority\*\* · `integer` · required · 0 to 1000\n\nPriority is a value from 0 to 1000/);
  });

  it('a port range: its CEL rule and message', () => {
    const { request } = requestAt(`${HEAD}  egress:\n  - action: Deny\n    to: [{networks: [10.0.0.0/8]}]\n    protocols:\n    - tcp:\n        destinationPort:\n          ran|ge: {start: 1, end: 2}\n`);
    assert.match(hover(request)[0]!.markdown, /rule `self\.start < self\.end` \("Start port must be less than End port"\)/);
  });

  it('an experimental field says so, without the generator marker', () => {
    const { request } = withChannel(`${HEAD}  egress:\n  - action: Accept\n    to:\n    - domain|Names: [example.com]\n`, 'experimental');
    const markdown = hover(request)[0]!.markdown;
    assert.match(markdown, /experimental channel/);
    assert.doesNotMatch(markdown, /<network-policy-api/);
  });

  it('in Simplified Chinese: the constraints and the CRD description translated, names and values as they are', () => {
    setLocale('zh-cn');
    try {
      const { request } = requestAt(`${HEAD}  tier: Admin\n  prio|rity: 10\n`);
      const markdown = hover(request)[0]!.markdown;
      assert.match(markdown, /^\*\*spec\.priority\*\* · `integer` · 必需 · 0 到 1000\n\nPriority 是 0 到 1000 之间的值，表示策略在其 tier 内的优先顺序。/);
      const experimental = hover(withChannel(`${HEAD}  egress:\n  - action: Accept\n    to:\n    - domain|Names: [example.com]\n`, 'experimental').request)[0]!.markdown;
      assert.match(experimental, / · experimental 通道\n\nDomainNames 提供一种以域名作为对端的方式。\n\nDomainNames 仅在 Accept 规则中受支持。/);
      assert.doesNotMatch(experimental, /<network-policy-api/);
      const tier = hover(requestAt(`${HEAD}  ti|er: Admin\n`).request)[0]!.markdown;
      assert.ok(tier.includes('各策略 tier 按以下顺序评估：\n* Admin tier\n* NetworkPolicy tier\n* Baseline tier'), tier);
    } finally {
      setLocale('en');
    }
  });

  it('nothing on Antrea ClusterNetworkPolicies', () => {
    assert.deepEqual(hover(requestAt('apiVersion: crd.antrea.io/v1beta1\nkind: ClusterNetworkPolicy\nspec:\n  prio|rity: 5\n').request), []);
  });
});

describe('ClusterNetworkPolicy: outline', () => {
  it('name, tier and priority, subject, rules with their action', () => {
    const text = `${HEAD}  tier: Admin\n  priority: 10\n  subject:\n    namespaces: {}\n  egress:\n  - name: dns\n    action: Accept\n    to: [{pods: {namespaceSelector: {}, podSelector: {}}}]\n    protocols: [{udp: {destinationPort: {number: 53}}}]\n  - action: Deny\n    to: [{networks: [0.0.0.0/0]}]\n`;
    const analysis = analyzeText(text);
    const symbols = outlineFile(analysis.file, analysis.policies);
    const flat = (s: (typeof symbols)[number]): unknown => ({ name: s.name, detail: s.detail, children: s.children.map(flat) });
    assert.deepEqual(symbols.map(flat), [
      {
        name: 'ClusterNetworkPolicy deny-external',
        detail: 'tier Admin, priority 10',
        children: [
          { name: 'subject', detail: 'namespaces', children: [] },
          {
            name: 'egress',
            detail: '2 rules',
            children: [
              { name: 'egress[0] dns', detail: 'Accept to 1 peer', children: [] },
              { name: 'egress[1]', detail: 'Deny to 1 peer, all ports', children: [] },
            ],
          },
        ],
      },
    ]);
  });

  it('in Simplified Chinese: details in Chinese, actions, tiers and field names as they are', () => {
    setLocale('zh-cn');
    try {
      const text = `${HEAD}  tier: Admin\n  priority: 10\n  subject:\n    namespaces: {}\n  egress:\n  - name: dns\n    action: Accept\n    to: [{pods: {namespaceSelector: {}, podSelector: {}}}]\n    protocols: [{udp: {destinationPort: {number: 53}}}]\n  - action: Deny\n    to: [{networks: [0.0.0.0/0]}]\n`;
      const analysis = analyzeText(text);
      const [policy] = outlineFile(analysis.file, analysis.policies);
      assert.equal(policy!.detail, 'tier Admin，优先级 10');
      assert.deepEqual(policy!.children[1]!.children.map((c) => c.detail), ['Accept 到 1 个对端', 'Deny 到 1 个对端，所有端口']);
      assert.equal(policy!.children[1]!.detail, '2 条规则');
    } finally {
      setLocale('en');
    }
  });
});
