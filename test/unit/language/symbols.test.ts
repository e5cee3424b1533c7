import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, outline, setLocale } from '../../../server/src/engine';
import type { OutlineSymbol } from '../../../server/src/engine';

function shape(text: string, symbols: readonly OutlineSymbol[]): unknown[] {
  return symbols.map((s) => ({
    name: s.name,
    detail: s.detail,
    selection: text.slice(s.selectionSpan[0], s.selectionSpan[1]),
    ...(s.children.length > 0 ? { children: shape(text, s.children) } : {}),
  }));
}

describe('document symbols', () => {
  it('each policy of a multi-document file by namespace/name, with its selector and rules', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: api}
  ingress:
  - from:
    - podSelector: {}
    - namespaceSelector: {}
    ports:
    - port: 8080
  egress:
  - ports:
    - {port: 53, protocol: UDP}
    - {port: 30000, endPort: 30100}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: not-a-policy}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
spec:
  podSelector: {}
  policyTypes: [Egress]
  ingress: []
`;
    assert.deepEqual(shape(text, outline(analyzeText(text).policies)), [
      {
        name: 'shop/api',
        detail: 'policyTypes: Ingress, Egress',
        selection: 'api',
        children: [
          { name: 'podSelector', detail: 'app=api', selection: 'podSelector' },
          { name: 'ingress', detail: '1 rule', selection: 'ingress', children: [{ name: 'ingress[0]', detail: 'from 2 peers, 8080/TCP', selection: text.slice(text.indexOf('from:\n    - podSelector'), text.indexOf('8080') + 4) }] },
          { name: 'egress', detail: '1 rule', selection: 'egress', children: [{ name: 'egress[0]', detail: 'to anywhere, 53/UDP, 30000-30100/TCP', selection: text.slice(text.indexOf('ports:\n    - {port: 53'), text.indexOf('30100}') + 6) }] },
        ],
      },
      {
        name: '<default namespace>/deny',
        detail: 'policyTypes: Egress',
        selection: 'deny',
        children: [
          { name: 'podSelector', detail: 'all pods in the namespace', selection: 'podSelector' },
          { name: 'ingress', detail: '0 rules (ignored: not in policyTypes)', selection: 'ingress' },
        ],
      },
    ]);
  });
});

describe('document symbols in Simplified Chinese (zh-cn)', () => {
  it('the details of rules and selectors in Chinese, names, ports and policyTypes as they are', () => {
    setLocale('zh-cn');
    try {
      const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  ingress: []\n  egress:\n  - to: [{podSelector: {}}]\n    ports: [{port: 53, protocol: UDP}]\n';
      assert.deepEqual(shape(text, outline(analyzeText(text).policies)), [
        {
          name: 'shop/deny',
          detail: 'policyTypes: Egress',
          selection: 'deny',
          children: [
            { name: 'podSelector', detail: '名字空间中的所有 Pod', selection: 'podSelector' },
            { name: 'ingress', detail: '0 条规则（被忽略：不在 policyTypes 中）', selection: 'ingress' },
            { name: 'egress', detail: '1 条规则', selection: 'egress', children: [{ name: 'egress[0]', detail: '到 1 个对端，53/UDP', selection: text.slice(text.indexOf('to: ['), text.indexOf('UDP}]') + 5) }] },
          ],
        },
      ]);
    } finally {
      setLocale('en');
    }
  });
});
