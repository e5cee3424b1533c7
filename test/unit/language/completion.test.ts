import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, complete, setLocale } from '../../../server/src/engine';
import { HEAD, requestAt } from './support';

const labels = (textWithCursor: string) => complete(requestAt(textWithCursor).request).map((e) => e.label);

describe('completion: keys at each level', () => {
  it('top level of a NetworkPolicy: the keys not yet written', () => {
    assert.deepEqual(labels('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n|\n'), ['metadata', 'spec']);
  });
  it('spec: never a key already present', () => {
    assert.deepEqual(labels(`${HEAD}  podSelector: {}\n  |\n  policyTypes: [Ingress]\n`), ['ingress', 'egress']);
  });
  it('replaces the word being typed, with types.go docs and the Go type', () => {
    const { request } = requestAt(`${HEAD}  pod|Sel\n`);
    const [entry] = complete(request).filter((e) => e.label === 'podSelector');
    assert.deepEqual(request.file.text.slice(entry!.replace[0], entry!.replace[1]), 'podSel');
    assert.equal(entry!.detail, 'v1.LabelSelector');
    assert.match(entry!.documentation!, /^`podSelector` · `v1.LabelSelector`\n\npodSelector selects the pods to which this NetworkPolicy object applies\./);
    assert.match(entry!.documentation!, /Default: `\{\}` \(every pod in the namespace\)/);
  });
  it('in Simplified Chinese: the official Chinese API reference text and default; key and Go type as they are', () => {
    setLocale('zh-cn');
    try {
      const [entry] = complete(requestAt(`${HEAD}  pod|Sel\n`).request).filter((e) => e.label === 'podSelector');
      assert.equal(entry!.detail, 'v1.LabelSelector');
      assert.match(entry!.documentation!, /^`podSelector` · `v1.LabelSelector`\n\n`podSelector` 选择此 NetworkPolicy 对象适用的一组 Pod。/);
      assert.match(entry!.documentation!, /\n\n默认值：`\{\}`（名字空间中的所有 Pod）$/);
      const [tcp] = complete(requestAt(`${HEAD}  podSelector: {}\n  egress:\n  - ports:\n    - protocol: |\n`).request).filter((e) => e.label === 'TCP');
      assert.equal(tcp!.documentation, '`"TCP"` 是 TCP 协议。');
    } finally {
      setLocale('en');
    }
  });
  it('an ingress rule item: ports and from, and the rule skeleton', () => {
    assert.deepEqual(labels(`${HEAD}  podSelector: {}\n  ingress:\n  - |\n`), ['ports', 'from', 'ingress rule']);
  });
  it('an egress rule under indented sequences: ports and to', () => {
    assert.deepEqual(labels(`${HEAD}  podSelector: {}\n  egress:\n    - ports: []\n      |\n`), ['to']);
  });
  it('a new peer: selectors, ipBlock, and the peer skeletons', () => {
    assert.deepEqual(labels(`${HEAD}  podSelector: {}\n  ingress:\n  - from:\n    - |\n`), [
      'podSelector',
      'namespaceSelector',
      'ipBlock',
      'pods in namespaces',
      'ipBlock with except',
    ]);
  });
  it('beside a selector, ipBlock is not offered (the API forbids the pair)', () => {
    assert.deepEqual(labels(`${HEAD}  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n      |\n`), ['namespaceSelector']);
  });
  it('beside an ipBlock, no selector is offered', () => {
    assert.deepEqual(labels(`${HEAD}  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n      |\n`), []);
  });
  it('inside an ipBlock: except, once cidr is there', () => {
    assert.deepEqual(labels(`${HEAD}  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        |\n`), ['except']);
  });
  it('a port item: its fields, and the port range skeleton', () => {
    assert.deepEqual(labels(`${HEAD}  podSelector: {}\n  egress:\n  - ports:\n    - |\n`), ['protocol', 'port', 'endPort', 'port range']);
  });
  it('a selector requirement: key and operator first (required), then values', () => {
    assert.deepEqual(labels(`${HEAD}  podSelector:\n    matchExpressions:\n    - |\n`), ['key', 'operator', 'values']);
  });
  it('inside a List item', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata: {name: a}\n  spec:\n    |\n';
    assert.deepEqual(labels(text), ['podSelector', 'ingress', 'egress', 'policyTypes']);
  });
  it('nothing outside NetworkPolicies, and nothing in a Calico NetworkPolicy', () => {
    assert.deepEqual(labels('apiVersion: apps/v1\nkind: Deployment\nspec:\n  |\n'), []);
    assert.deepEqual(labels('apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nspec:\n  |\n'), []);
    assert.deepEqual(labels(`${HEAD}  podSelector: {}\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  |\n`), []);
  });
});

describe('completion: values', () => {
  it('protocol: TCP, UDP, SCTP with their docs', () => {
    const entries = complete(requestAt(`${HEAD}  podSelector: {}\n  egress:\n  - ports:\n    - port: 53\n      protocol: |\n`).request);
    assert.deepEqual(
      entries.map((e) => [e.label, e.kind]),
      [
        ['TCP', 'value'],
        ['UDP', 'value'],
        ['SCTP', 'value'],
      ],
    );
  });
  it('policyTypes items: the ones not yet listed', () => {
    assert.deepEqual(labels(`${HEAD}  podSelector: {}\n  policyTypes:\n  - Egress\n  - |\n`), ['Ingress']);
  });
  it('policyTypes in a flow list', () => {
    assert.deepEqual(labels(`${HEAD}  podSelector: {}\n  policyTypes: [|]\n`), ['Ingress', 'Egress']);
    const { request, text } = requestAt(`${HEAD}  podSelector: {}\n  policyTypes: [Ingress, Eg|]\n`);
    const entries = complete(request);
    assert.deepEqual(entries.map((e) => e.label), ['Egress']);
    assert.equal(text.slice(entries[0]!.replace[0], entries[0]!.replace[1]), 'Eg');
  });
  it('matchExpressions operators', () => {
    assert.deepEqual(labels(`${HEAD}  podSelector:\n    matchExpressions:\n    - key: app\n      operator: |\n`), ['In', 'NotIn', 'Exists', 'DoesNotExist']);
  });
  it('apiVersion', () => {
    assert.deepEqual(labels('apiVersion: |\nkind: NetworkPolicy\n'), ['networking.k8s.io/v1']);
  });
});

describe('completion: inserted text follows the document style', () => {
  it('an enum key inserts a choice; a list key starts its first item flush or indented as the document does', () => {
    const flush = complete(requestAt(`${HEAD}  podSelector: {}\n  ingress:\n  - ports:\n    - |\n`).request);
    assert.equal(flush.find((e) => e.label === 'protocol')!.insertText, 'protocol: ${1|TCP,UDP,SCTP|}');
    assert.equal(complete(requestAt(`${HEAD}  podSelector: {}\n  ingress:\n  - |\n`).request).find((e) => e.label === 'from')!.insertText, 'from:\n- $0');
    const indented = `${HEAD}  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n      |\n`;
    assert.equal(complete(requestAt(indented).request).find((e) => e.label === 'ports')!.insertText, 'ports:\n  - $0');
  });
  it('the ipBlock skeleton, applied, is a valid ipBlock', () => {
    const { request, text } = requestAt(`${HEAD}  podSelector: {}\n  egress:\n  - to:\n    - |\n`);
    const entry = complete(request).find((e) => e.label === 'ipBlock with except')!;
    assert.equal(entry.insertText, 'ipBlock:\n  cidr: ${1:10.0.0.0/8}\n  except:\n  - ${2:10.1.0.0/16}');
    // As the editor expands it: placeholders to their defaults, lines indented like the cursor's line.
    const expanded = entry.insertText.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\n/g, '\n      ');
    assert.equal(
      applyEdits(text, [{ start: entry.replace[0], end: entry.replace[1], newText: expanded }]),
      `${HEAD}  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        except:\n        - 10.1.0.0/16\n`,
    );
  });
});
