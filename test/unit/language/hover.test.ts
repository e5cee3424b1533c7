import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DEFAULT_SETTINGS, hover, normalizeSettings, setLocale } from '../../../server/src/engine';
import { HEAD, requestAt } from './support';

function hoverAt(textWithCursor: string) {
  const { request, text } = requestAt(textWithCursor);
  const parts = hover(request);
  return { markdown: parts.map((p) => p.markdown).join('\n\n'), texts: parts.map((p) => text.slice(p.span[0], p.span[1])) };
}

describe('hover', () => {
  it('a key: its path, type and types.go documentation', () => {
    const { markdown, texts } = hoverAt(`${HEAD}  podSelector: {}\n  ingress:\n  - from:\n    - namespace|Selector: {}\n`);
    assert.deepEqual(texts, ['namespaceSelector']);
    assert.match(markdown, /^\*\*spec\.ingress\[0\]\.from\[0\]\.namespaceSelector\*\*\n\n`namespaceSelector` · `v1\.LabelSelector`\n\nnamespaceSelector selects namespaces using cluster-scoped labels\./);
  });
  it('a port without protocol: the TCP the API server fills in', () => {
    const { markdown, texts } = hoverAt(`${HEAD}  podSelector: {}\n  egress:\n  - ports:\n    - po|rt: 53\n`);
    assert.deepEqual(texts, ['port']);
    assert.match(markdown, /protocol: \*\*TCP\*\* \(not written: the API server defaults it to TCP\)\./);
  });
  it('a port with its protocol: no default, and the value explained', () => {
    const { markdown } = hoverAt(`${HEAD}  podSelector: {}\n  egress:\n  - ports:\n    - port: 53\n      protocol: UD|P\n`);
    assert.doesNotMatch(markdown, /defaults it to TCP\)/);
    assert.match(markdown, /`UDP`: ProtocolUDP is the UDP protocol\./);
  });
  it('spec: the effective policyTypes, defaulted', () => {
    assert.match(hoverAt(`${HEAD.replace('spec:', 'sp|ec:')}  podSelector: {}\n  egress:\n  - {}\n`).markdown, /Effective policyTypes: \*\*\[Ingress, Egress\]\*\* \(not written: defaulted to Ingress always, and Egress because `egress` has rules\)\./);
    assert.match(hoverAt(`${HEAD.replace('spec:', 'sp|ec:')}  podSelector: {}\n  egress: []\n`).markdown, /Effective policyTypes: \*\*\[Ingress\]\*\* \(not written/);
  });
  it('policyTypes as written', () => {
    assert.match(hoverAt(`${HEAD}  podSelector: {}\n  policy|Types: [Egress]\n`).markdown, /Effective policyTypes: \*\*\[Egress\]\*\*\.$/);
  });
  it('metadata without namespace: where the namespace comes from', () => {
    assert.match(hoverAt('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmeta|data:\n  name: a\n').markdown, /namespace: not written: the request's namespace is used/);
    assert.doesNotMatch(hoverAt(`${HEAD.replace('metadata:', 'meta|data:')}  podSelector: {}\n`).markdown, /namespace: not written/);
  });
  it('nothing outside NetworkPolicies or on unknown keys', () => {
    assert.deepEqual(hover(requestAt('apiVersion: apps/v1\nkind: Deployment\nsp|ec: {}\n').request), []);
    assert.deepEqual(hover(requestAt(`${HEAD}  pod|selector: {}\n`).request), []);
  });
});

describe('hover on map entries', () => {
  it('a label in matchLabels shows the matchLabels documentation', () => {
    const { request } = requestAt(`${HEAD}  podSelector:\n    matchLabels:\n      a|pp: web\n`);
    assert.match(hover(request)[0]!.markdown, /^\*\*spec\.podSelector\.matchLabels\*\*\n\n`matchLabels` · `map\[string\]string`/);
  });
});

describe('hover with the explanations (NP601-NP604)', () => {
  const off = normalizeSettings({ rules: { NP601: 'off', NP602: 'off', NP603: 'off', NP604: 'off' } }).settings;
  function explained(textWithCursor: string, settings = off): string[] {
    const { request } = requestAt(textWithCursor);
    return hover({ ...request, settings }).map((p) => p.markdown).filter((m) => !m.startsWith('**'));
  }
  it('a rule turned off still explains its node in the hover', () => {
    assert.deepEqual(explained(`${HEAD}  podSelector: {|}\n`), ['podSelector {} selects every pod in namespace shop: this policy applies to all of them, including pods created later.']);
    assert.deepEqual(explained(`${HEAD}  podSelector: {}\n  egress:\n  - {|}\n`).length, 1);
    assert.match(explained(`${HEAD}  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {|}\n`)[0]!, /namespace/);
    assert.match(explained(`${HEAD}  podSel|ector:\n`)[0]!, /^podSelector has no value: the API server reads it as \{\}/);
  });
  it('says nothing there while the rule reports it (the editor shows the hint in the same hover)', () => {
    assert.deepEqual(explained(`${HEAD}  podSelector: {|}\n`, DEFAULT_SETTINGS), []);
  });
  it('says nothing away from the node explained', () => {
    assert.deepEqual(explained(`${HEAD}  podSelector: {}\n  policy|Types: [Ingress]\n`), []);
  });
});

describe('hover in Simplified Chinese (zh-cn)', () => {
  after(() => setLocale('en'));

  it('a NetworkPolicy field: the official Chinese API reference text, field names and types as they are', () => {
    setLocale('zh-cn');
    const { markdown } = hoverAt(`${HEAD}  podSelector: {}\n  egress:\n  - ports:\n    - port: 53\n      proto|col: UDP\n`);
    assert.equal(
      markdown,
      [
        '**spec.egress[0].ports[0].protocol**',
        '`protocol` · `v1.Protocol`',
        '`protocol` 表示流量必须匹配的网络协议（TCP、UDP 或 SCTP）。如果未指定，此字段默认为 TCP。',
        '默认值：`TCP`',
      ].join('\n\n'),
    );
  });

  it('an enum value, and a struct', () => {
    setLocale('zh-cn');
    assert.match(hoverAt(`${HEAD}  podSelector: {}\n  egress:\n  - ports:\n    - port: 53\n      protocol: UD|P\n`).markdown, /\n\n`UDP`: `"UDP"` 是 UDP 协议。$/);
    assert.match(hoverAt(`${HEAD}  podSelector: {}\n  egress:\n  - to:\n    - ip|Block:\n        cidr: 10.0.0.0/8\n`).markdown, /^\*\*spec\.egress\[0\]\.to\[0\]\.ipBlock\*\*\n\n`ipBlock` · `v1\.IPBlock`\n\n`ipBlock` 针对特定 IPBlock 定义策略。如果设置了此字段，则不可以设置其他字段。/);
  });
});
