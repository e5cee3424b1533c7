/** The connectivity webview's page: no network access, scripts only by nonce, the data embedded intact. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInNewContext, Script } from 'node:vm';
import { connectivityHtml, ENGLISH_LABELS } from '../../client/src/connectivityHtml';
import type { ConnectivityData, ConnectivityLabels } from '../../client/src/connectivityHtml';

const evil = 'shop/</script><script>alert(1)</script>';
const data: ConnectivityData = {
  picture: {
    nodes: [
      { id: 'shop/web', label: 'web', group: 'shop', kind: 'workload', title: 'Deployment shop/web' },
      { id: evil, label: '</script>', group: 'shop', kind: 'workload', title: 'Deployment </script>' },
      { id: 'kube-system/kube-dns', label: 'kube-dns in kube-system', group: 'kube-system', kind: 'cluster', title: 'kube-dns in kube-system: not in this workspace, present in the cluster' },
      { id: '8.8.8.8', label: 'the internet', group: '(outside the cluster)', kind: 'external', title: 'the internet (probed at 8.8.8.8)' },
    ],
    edges: [
      { from: 'shop/web', to: '8.8.8.8', set: 1, rules: [0] },
      { from: 'shop/web', to: 'kube-system/kube-dns', set: 2, rules: [1] },
      { from: '8.8.8.8', to: 'shop/web', set: 3, rules: [] },
    ],
    sets: [
      { label: 'none', all: false, ranges: [] },
      { label: 'TCP 443', all: false, ranges: [['TCP', 443, 443]] },
      { label: 'TCP 53, UDP 53', all: false, ranges: [['TCP', 53, 53], ['UDP', 53, 53]] },
      { label: 'all', all: true, ranges: [] },
    ],
    rules: [
      { uri: 'file:///ws/web.yaml', range: { start: { line: 9, character: 2 }, end: { line: 14, character: 0 } }, title: 'shop/web spec.egress[0]' },
      { uri: 'file:///ws/web.yaml', range: { start: { line: 14, character: 2 }, end: { line: 22, character: 0 } }, title: 'shop/web spec.egress[1]' },
    ],
    endpoints: ['shop/web', evil, 'kube-system/kube-dns', '8.8.8.8'],
    rows: [
      { from: 0, sets: [3, 0, 2, 1], rules: [[], [], [1], [0]] },
      { from: 1, sets: [0, 0, 0, 0], rules: [[], [], [], []] },
      { from: 2, sets: [0, 0, 3, -1], rules: [[], [], [], []] },
      { from: 3, sets: [3, 0, -1, -1], rules: [[], [], [], []] },
    ],
    columns: [],
  },
  ports: ['53/UDP', '443/TCP', '8080/TCP'],
  notes: [],
};

/** Just enough of a DOM for the page's script: elements with children, text, attributes and listeners. */
class FakeElement {
  children: FakeElement[] = [];
  textContent = '';
  className = '';
  value = '';
  readonly attributes: Record<string, string> = {};
  readonly listeners: Record<string, () => void> = {};
  constructor(readonly tag: string) {}
  get firstChild(): FakeElement | undefined {
    return this.children[0];
  }
  setAttribute(name: string, value: string): void {
    this.attributes[name] = value;
  }
  appendChild(child: FakeElement): FakeElement {
    this.children.push(child);
    return child;
  }
  removeChild(child: FakeElement): void {
    this.children = this.children.filter((c) => c !== child);
  }
  replaceChildren(...children: FakeElement[]): void {
    this.children = children;
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

/** Runs the page's script on a fake DOM; returns the matrix table (cell texts, row by row), the selects and what it posted. */
function render(page: ConnectivityData, labels: ConnectivityLabels = ENGLISH_LABELS) {
  const script = /<script nonce="N">([\s\S]*?)<\/script>/.exec(connectivityHtml(page, 'N', labels))![1]!;
  const ids: Record<string, FakeElement> = {
    workload: new FakeElement('select'),
    port: new FakeElement('select'),
    graph: new FakeElement('svg'),
    matrix: new FakeElement('div'),
    notes: new FakeElement('p'),
  };
  const document = { getElementById: (id: string) => ids[id], createElement: (tag: string) => new FakeElement(tag), createElementNS: (_ns: string, tag: string) => new FakeElement(tag) };
  const posted: unknown[] = [];
  // Posted from the page's realm: compared as plain data.
  runInNewContext(script, { document, acquireVsCodeApi: () => ({ postMessage: (m: unknown) => posted.push(JSON.parse(JSON.stringify(m))) }) });
  const rows = () => ids.matrix!.children[0]!.children;
  const table = () => rows().map((row) => row.children.map((c) => `${c.textContent}${c.className === 'yes' ? '+' : c.className === 'no' ? '-' : ''}`));
  const choose = (select: 'workload' | 'port', value: string) => {
    ids[select]!.value = value;
    ids[select]!.listeners.change!();
  };
  const edges = () => ids.graph!.children.filter((c) => c.attributes.class === 'edge');
  return { table, rows, choose, posted, notes: ids.notes!, workload: ids.workload!, edges, graph: ids.graph! };
}

describe('connectivity webview page', () => {
  const html = connectivityHtml(data, 'NONCE123');

  it('forbids every network access in its Content-Security-Policy', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.equal(csp, "default-src 'none'; style-src 'nonce-NONCE123'; script-src 'nonce-NONCE123'; img-src data:;");
  });

  it('loads nothing from anywhere: every script and style is inline with the nonce', () => {
    assert.doesNotMatch(html, /\ssrc=/);
    assert.doesNotMatch(html, /<link/);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="NONCE123">/);
    assert.match(html, /<style nonce="NONCE123">/);
    // The only URL is the SVG namespace name, which is never fetched.
    assert.deepEqual([...new Set(html.match(/https?:\/\/[^\s'"]+/g))], ['http://www.w3.org/2000/svg']);
  });

  it('embeds the data so that no workload name can close the script', () => {
    const embedded = /const data = (.*);\n/.exec(html)?.[1];
    assert.ok(embedded);
    assert.doesNotMatch(embedded, /<\/script/i);
    assert.deepEqual(JSON.parse(embedded), data);
  });

  it('has a script that compiles', () => {
    const script = /<script nonce="NONCE123">([\s\S]*?)<\/script>/.exec(html)?.[1];
    assert.ok(script);
    assert.doesNotThrow(() => new Script(script));
  });
});

describe('connectivity webview page in the user\'s language', () => {
  const chinese: ConnectivityLabels = {
    ...ENGLISH_LABELS,
    lang: 'zh-cn',
    heading: '连通性 <script>',
    allEndpoints: '所有端点',
    fromTo: '从 \\ 到',
    namespace: '名字空间 {0}',
    outside: '（集群之外）',
  };

  it('says its language, and escapes the words it is given', () => {
    const html = connectivityHtml(data, 'N', chinese);
    assert.match(html, /<html lang="zh-cn">/);
    assert.ok(html.includes('<h2>连通性 &lt;script&gt;</h2>'));
  });

  it('labels the pick list, the matrix and the namespaces with them', () => {
    const view = render(data, chinese);
    assert.equal(view.workload.children[0]!.textContent, '所有端点');
    assert.equal(view.table()[0]![0], '从 \\ 到');
    const groups = view.graph.children.filter((c) => c.attributes.class === 'group-label').map((c) => c.textContent);
    assert.deepEqual(groups.sort(), ['名字空间 kube-system', '名字空间 shop', '（集群之外）'].sort());
  });
});

describe('connectivity webview script', () => {
  it('draws the whole matrix: the allowed port sets, ✗ for none, blank for two outside addresses', () => {
    const view = render(data);
    assert.deepEqual(view.table(), [
      ['from \\ to', 'shop/web', evil, 'kube-dns in kube-system', 'the internet'],
      ['shop/web', 'all+', '✗-', 'TCP 53, UDP 53+', 'TCP 443+'],
      [evil, '✗-', '✗-', '✗-', '✗-'],
      ['kube-dns in kube-system', '✗-', '✗-', 'all+', ''],
      ['the internet', 'all+', '✗-', '', ''],
    ]);
    assert.equal(view.edges().length, 3);
  });

  it('names the well-known and outside endpoints in the endpoint list', () => {
    const view = render(data);
    assert.deepEqual(view.workload.children.map((o) => o.textContent), ['all endpoints', 'shop/web', evil, 'kube-dns in kube-system', 'the internet']);
  });

  it('with a port chosen: ✓ where the set holds it, and only the edges that carry it', () => {
    const view = render(data);
    view.choose('port', '53/UDP');
    assert.deepEqual(view.table()[1], ['shop/web', '✓+', '✗-', '✓+', '✗-']);
    assert.equal(view.edges().length, 2);
    view.choose('port', '8080/TCP');
    assert.deepEqual(view.table()[1], ['shop/web', '✓+', '✗-', '✗-', '✗-']);
  });

  it('clicking an edge or an allowed cell posts the rules that allow it', () => {
    const view = render(data);
    view.edges()[1]!.listeners.click!();
    assert.deepEqual(view.posted, [{ type: 'openRules', rules: [data.picture.rules[1]] }]);
    view.rows()[1]!.children[4]!.listeners.click!();
    assert.deepEqual(view.posted[1], { type: 'openRules', rules: [data.picture.rules[0]] });
    assert.equal(view.rows()[1]!.children[4]!.attributes.title, 'shop/web spec.egress[0]');
    // A denied cell opens nothing; an edge no policy restricts has no rule to open.
    assert.equal(view.rows()[1]!.children[2]!.listeners.click, undefined);
    view.edges()[2]!.listeners.click!();
    assert.equal(view.posted.length, 2);
  });

  it('for one endpoint chosen, lists each other endpoint with both directions', () => {
    const view = render(data);
    view.choose('workload', '8.8.8.8');
    assert.deepEqual(view.table(), [
      ['endpoint', 'the internet → endpoint', 'endpoint → the internet'],
      ['shop/web', 'all+', 'TCP 443+'],
      [evil, '✗-', '✗-'],
    ]);
  });

  it('focused (a large workspace): starts on the focused workload, from its row and its column', () => {
    const focused: ConnectivityData = {
      picture: {
        nodes: [
          { id: 'a/x', label: 'x', group: 'a', kind: 'workload', title: '' },
          { id: 'b/y', label: 'y', group: 'b', kind: 'workload', title: '' },
        ],
        edges: [{ from: 'b/y', to: 'a/x', set: 1, rules: [] }],
        sets: [
          { label: 'none', all: false, ranges: [] },
          { label: 'TCP 80', all: false, ranges: [['TCP', 80, 80]] },
          { label: 'UDP 53', all: false, ranges: [['UDP', 53, 53]] },
        ],
        rules: [],
        endpoints: ['a/x', 'b/y', 'c/z'],
        rows: [{ from: 0, sets: [0, 0, 2], rules: [[], [], []] }],
        columns: [{ to: 0, sets: [0, 1, 0], rules: [[], [], []] }],
      },
      ports: ['80/TCP', '53/UDP'],
      focus: 'a/x',
      notes: ['3 more ranges cut by the policies\' ipBlocks are not drawn'],
    };
    const view = render(focused);
    assert.equal(view.workload.value, 'a/x');
    assert.equal(view.notes.textContent, "3 more ranges cut by the policies' ipBlocks are not drawn");
    assert.deepEqual(view.table(), [
      ['endpoint', 'a/x → endpoint', 'endpoint → a/x'],
      ['a/x', '✗-', '✗-'],
      ['b/y', '✗-', 'TCP 80+'],
      ['c/z', 'UDP 53+', '✗-'],
    ]);
    view.choose('port', '53/UDP');
    assert.deepEqual(view.table()[3], ['c/z', '✓+', '✗-']);
  });
});
