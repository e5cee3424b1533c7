/** The connectivity-changes webview's page: no network access, the data embedded intact, a row per change that opens its rules. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { changesHtml, changesTitle, ENGLISH_CHANGES_LABELS } from '../../client/src/changesHtml';
import type { ChangesLabels } from '../../client/src/changesHtml';
import type { ChangesResult } from '../../shared/protocol';

const evil = 'shop/</script><script>alert(1)</script>';
const rule = { uri: 'file:///ws/policy.yaml', range: { start: { line: 24, character: 4 }, end: { line: 30, character: 28 } }, title: 'default/deny-external-egress spec.egress[1]' };
const data: ChangesResult = {
  ready: true,
  against: 'HEAD (1a2b3c4)',
  added: [
    { from: 'default/restricted-app', to: '10.0.0.0/8', ports: 'all', because: ['allowed by default/deny-external-egress spec.egress[1]'], rules: [rule] },
    { from: evil, to: 'default/neighbour', ports: 'TCP 80', because: [], rules: [] },
  ],
  removed: [{ from: 'default/restricted-app', to: 'kube-system/coredns', ports: 'TCP 53', because: ['was allowed by a', 'now b'], rules: [{ ...rule, title: 'default/deny-external-egress' }] }],
  notes: ['/ws/b is not in a git repository: compared with its files as last saved.'],
};

class FakeElement {
  children: FakeElement[] = [];
  textContent = '';
  className = '';
  readonly attributes: Record<string, string> = {};
  readonly listeners: Record<string, () => void> = {};
  constructor(readonly tag: string) {}
  setAttribute(name: string, value: string): void {
    this.attributes[name] = value;
  }
  appendChild(child: FakeElement): FakeElement {
    this.children.push(child);
    return child;
  }
  insertRow(): FakeElement {
    return this.appendChild(new FakeElement('tr'));
  }
  insertCell(): FakeElement {
    return this.appendChild(new FakeElement('td'));
  }
  addEventListener(type: string, listener: () => void): void {
    this.listeners[type] = listener;
  }
}

function render(page: ChangesResult, labels: ChangesLabels = ENGLISH_CHANGES_LABELS) {
  const script = /<script nonce="N">([\s\S]*?)<\/script>/.exec(changesHtml(page, 'N', labels))![1]!;
  const ids: Record<string, FakeElement> = { title: new FakeElement('h2'), summary: new FakeElement('p'), notes: new FakeElement('p'), changes: new FakeElement('div') };
  const document = { getElementById: (id: string) => ids[id], createElement: (tag: string) => new FakeElement(tag) };
  const posted: unknown[] = [];
  runInNewContext(script, { document, acquireVsCodeApi: () => ({ postMessage: (m: unknown) => posted.push(JSON.parse(JSON.stringify(m))) }) });
  const rows = () => ids.changes!.children[0]?.children ?? [];
  const cellText = (c: FakeElement) => (c.children.length > 0 ? c.children.map((d) => d.textContent).join(' / ') : c.textContent);
  return { ids, rows, table: () => rows().map((r) => r.children.map(cellText)), posted };
}

describe('connectivity changes webview', () => {
  const html = changesHtml(data, 'NONCE1');

  it('forbids every network access and loads nothing', () => {
    assert.equal(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1], "default-src 'none'; style-src 'nonce-NONCE1'; script-src 'nonce-NONCE1';");
    assert.doesNotMatch(html, /\ssrc=|<link|https?:/);
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  it('embeds the data so that no workload name can close the script', () => {
    const embedded = /const data = (.*);\n/.exec(html)?.[1];
    assert.ok(embedded);
    assert.doesNotMatch(embedded, /<\/script/i);
    assert.deepEqual(JSON.parse(embedded), data);
  });

  it('says what is compared, and lists the added then the removed connections with ports and reasons', () => {
    const view = render(data);
    assert.equal(view.ids.title!.textContent, 'Connectivity changes vs HEAD (1a2b3c4)');
    assert.equal(view.ids.summary!.textContent, '2 connections added, 1 removed.');
    assert.equal(view.ids.notes!.textContent, data.notes[0]);
    assert.deepEqual(view.table(), [
      ['Change', 'From', 'To', 'Ports', 'Because'],
      ['+ added', 'default/restricted-app', '10.0.0.0/8', 'all', 'allowed by default/deny-external-egress spec.egress[1]'],
      ['+ added', evil, 'default/neighbour', 'TCP 80', ''],
      ['− removed', 'default/restricted-app', 'kube-system/coredns', 'TCP 53', 'was allowed by a / now b'],
    ]);
    assert.deepEqual(view.rows().slice(1).map((r) => r.children[0]!.className), ['added', 'added', 'removed']);
  });

  it('clicking a row opens its rules; a row without rules posts nothing', () => {
    const view = render(data);
    view.rows()[1]!.listeners.click!();
    view.rows()[2]!.listeners.click!();
    view.rows()[3]!.listeners.click!();
    assert.deepEqual(view.posted, [
      { type: 'openRules', rules: [rule] },
      { type: 'openRules', rules: [{ ...rule, title: 'default/deny-external-egress' }] },
    ]);
    assert.equal(view.rows()[1]!.attributes.title, 'opens default/deny-external-egress spec.egress[1]');
    assert.equal(view.rows()[2]!.attributes.title, 'no rule to open');
  });

  it('says so when nothing changed, and draws no table; one policy is named in the title', () => {
    const view = render({ ...data, added: [], removed: [], notes: [], policy: 'default/x' });
    assert.equal(view.ids.summary!.textContent, 'No change in connectivity.');
    assert.deepEqual(view.table(), []);
    assert.equal(changesTitle({ against: 'the files as last saved', policy: 'default/x' }), 'Connectivity changes of default/x vs the files as last saved');
  });
});

describe('connectivity changes webview in the user\'s language', () => {
  const chinese: ChangesLabels = {
    ...ENGLISH_CHANGES_LABELS,
    lang: 'zh-cn',
    titleOne: '{0} 相对于 {1} 的连通性变化',
    noChange: '连通性没有变化。',
    pageTitle: '连通性变化 <b>',
  };

  it('takes its language, title and words from the labels, escaped', () => {
    const html = changesHtml({ ...data, added: [], removed: [], policy: 'default/x' }, 'N', chinese);
    assert.match(html, /<html lang="zh-cn">/);
    assert.ok(html.includes('<title>连通性变化 &lt;b&gt;</title>'));
    const view = render({ ...data, added: [], removed: [], notes: [], policy: 'default/x' }, chinese);
    assert.equal(view.ids.summary!.textContent, '连通性没有变化。');
    assert.equal(view.ids.title!.textContent, 'default/x 相对于 ' + data.against + ' 的连通性变化');
  });
});
