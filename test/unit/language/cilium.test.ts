/** Hover and completion for Cilium policies (engine/language/cilium.ts): what the user sees at the cursor. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/config/settings';
import { complete, hover } from '../../../server/src/engine/language';
import { setLocale } from '../../../server/src/engine/l10n/locale';
import { parseYamlFile } from '../../../server/src/engine/parse/yamlFile';

const POLICY = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: deny-external-egress
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: web
  ingress:
  - {}
  egress:
  - toEntities:
    - cluster
  - toEndpoints:
    - matchLabels:
        k8s:io.kubernetes.pod.namespace: kube-system
        k8s:k8s-app: kube-dns
    toPorts:
    - ports:
      - port: "53"
        protocol: ANY
      rules:
        dns:
        - matchPattern: "*"
  egressDeny:
  - toEntities:
    - world
`;

function request(text: string, offset: number) {
  return { file: parseYamlFile(text), offset, settings: DEFAULT_SETTINGS, policies: [] };
}

describe('Cilium hover', () => {
  it('explains the policy in plain words on its kind', () => {
    const parts = hover(request(POLICY, POLICY.indexOf('CiliumNetworkPolicy') + 3));
    assert.equal(parts.length, 1);
    assert.equal(
      parts[0]!.markdown,
      [
        '**CiliumNetworkPolicy deny-external-egress** (namespace shop)',
        '',
        'Selects pods with `app=web` of namespace shop.',
        '',
        '**Ingress**: default deny; only what some policy allows gets in.',
        '- `ingress[0]`: an empty rule: allows nothing (it only turns default deny on).',
        '',
        '**Egress**: default deny; only what some policy allows gets out.',
        '- `egress[0]` allows to the `cluster` entity on every port.',
        "- `egress[1]` allows to pods with k8s-app=kube-dns in namespace kube-system on 53/ANY, DNS through Cilium's DNS proxy.",
        '- `egressDeny[0]` denies to the `world` entity on every port, whatever any policy allows.',
        '',
        "Deny rules win over allow rules of every policy; an endpoint no policy selects is not restricted (Cilium's default enforcement mode).",
      ].join('\n'),
    );
    assert.deepEqual(parts[0]!.span, [POLICY.indexOf('CiliumNetworkPolicy'), POLICY.indexOf('CiliumNetworkPolicy') + 'CiliumNetworkPolicy'.length]);
  });

  it('says nothing elsewhere in the policy, nor on a NetworkPolicy', () => {
    assert.deepEqual(hover(request(POLICY, POLICY.indexOf('toEntities'))).filter((p) => p.markdown.includes('default deny')), []);
  });
});

describe('Cilium completion', () => {
  const labels = (text: string, marker: string, delta = marker.length) => complete(request(text, text.indexOf(marker) + delta)).map((e) => e.label);

  it('offers the CRD protocols after protocol:', () => {
    const text = POLICY.replace('protocol: ANY', 'protocol: A');
    assert.deepEqual(labels(text, 'protocol: A'), ['TCP', 'UDP', 'SCTP', 'ANY']);
  });

  it('offers the entities in a toEntities list, without those already there', () => {
    const text = POLICY.replace('    - cluster\n', '    - cluster\n    - wo\n');
    const offered = labels(text, '    - wo');
    assert.ok(offered.includes('world') && offered.includes('kube-apiserver'));
    assert.ok(!offered.includes('cluster'));
  });

  it('offers the keys of an egress rule', () => {
    const text = POLICY.replace('  egressDeny:\n', '  - toF\n  egressDeny:\n');
    const offered = labels(text, '  - toF');
    assert.ok(offered.includes('toFQDNs') && offered.includes('toEndpoints') && offered.includes('toPorts'));
    assert.ok(!offered.includes('fromEndpoints'));
  });
});

describe('Cilium hover in Simplified Chinese (zh-cn)', () => {
  it('the same explanation in Chinese: entities, labels, ports and field paths as they are', () => {
    setLocale('zh-cn');
    try {
      const parts = hover(request(POLICY, POLICY.indexOf('CiliumNetworkPolicy') + 3));
      assert.equal(
        parts[0]!.markdown,
        [
          '**CiliumNetworkPolicy deny-external-egress** (名字空间 shop)',
          '',
          '选择名字空间 shop 的带有 `app=web` 的 Pod。',
          '',
          '**入站**：默认拒绝；只有某个策略允许的流量才能进入。',
          '- `ingress[0]`：空规则：什么都不允许（它只是开启默认拒绝）。',
          '',
          '**出站**：默认拒绝；只有某个策略允许的流量才能出去。',
          '- `egress[0]` 允许去往 `cluster` 实体的流量，端口：所有端口。',
          '- `egress[1]` 允许去往名字空间 kube-system 中的带有 k8s-app=kube-dns 的 Pod 的流量，端口：53/ANY，DNS 经由 Cilium 的 DNS 代理。',
          '- `egressDeny[0]` 拒绝去往 `world` 实体的流量，端口：所有端口，无论任何策略是否允许。',
          '',
          '拒绝规则优先于所有策略的允许规则；没有被任何策略选中的端点不受限制（Cilium 的默认执行模式）。',
        ].join('\n'),
      );
      const text = POLICY.replace('    - cluster\n', '    - cluster\n    - wo\n');
      const entity = complete(request(text, text.indexOf('    - wo') + '    - wo'.length)).find((e) => e.label === 'world');
      assert.equal(entity?.documentation, '集群之外的一切（CIDR 和 FQDN 对端都属于它）。');
    } finally {
      setLocale('en');
    }
  });
});
