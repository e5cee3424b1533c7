/** The connectivity webview's page: no network access, scripts only by nonce, the data embedded intact. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInNewContext, Script } from 'node:vm';
import { connectivityHtml } from '../../client/src/connectivityHtml';
import type { ConnectivityData } from '../../client/src/connectivityHtml';

const data: ConnectivityData = {
  graph: {
    nodes: [
      { id: 'shop/web', label: 'web', group: 'shop', external: false },
      { id: 'shop/</script><script>alert(1)</script>', label: '</script>', group: 'shop', external: false },
      { id: '8.8.8.8', label: '8.8.8.8', group: '(outside the cluster)', external: true },
    ],
    edges: [{ from: 'shop/web', to: '8.8.8.8', ports: ['443/TCP'] }],
    ports: ['443/TCP'],
  },
  matrix: {
    endpoints: ['shop/web', 'shop/</script><script>alert(1)</script>', '8.8.8.8'],
    ports: ['443/TCP'],
    rows: [
      { from: 0, cells: ['101'] },
      { from: 1, cells: ['000'] },
      { from: 2, cells: ['10-'] },
    ],
    columns: [],
  },
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

/** Runs the page's script on a fake DOM; returns the matrix table (cell texts, row by row) and the selects. */
function render(page: ConnectivityData) {
  const script = /<script nonce="N">([\s\S]*?)<\/script>/.exec(connectivityHtml(page, 'N'))![1]!;
  const ids: Record<string, FakeElement> = { workload: new FakeElement('select'), port: new FakeElement('select'), graph: new FakeElement('svg'), matrix: new FakeElement('div') };
  const document = { getElementById: (id: string) => ids[id], createElement: (tag: string) => new FakeElement(tag), createElementNS: (_ns: string, tag: string) => new FakeElement(tag) };
  runInNewContext(script, { document });
  const table = () => ids.matrix!.children[0]!.children.map((row) => row.children.map((c) => `${c.textContent}${c.className === 'yes' ? '+' : c.className === 'no' ? '-' : ''}`));
  const choose = (select: 'workload' | 'port', value: string) => {
    ids[select]!.value = value;
    ids[select]!.listeners.change!();
  };
  return { table, choose, workload: ids.workload!, edges: () => ids.graph!.children.filter((c) => c.attributes.class === 'edge').length };
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

describe('connectivity webview script', () => {
  it('draws the whole matrix: allowed, denied, and blank for two outside addresses', () => {
    const view = render(data);
    const evil = 'shop/</script><script>alert(1)</script>';
    assert.deepEqual(view.table(), [
      ['from \\ to', 'shop/web', evil, '8.8.8.8'],
      ['shop/web', '✓+', '✗-', '✓+'],
      [evil, '✗-', '✗-', '✗-'],
      ['8.8.8.8', '✓+', '✗-', ''],
    ]);
    assert.equal(view.edges(), 1);
  });

  it('for one workload chosen, lists each other endpoint with both directions', () => {
    const view = render(data);
    view.choose('workload', '8.8.8.8');
    assert.deepEqual(view.table(), [
      ['endpoint', '8.8.8.8 → endpoint', 'endpoint → 8.8.8.8'],
      ['shop/web', '✓+', '✓+'],
      ['shop/</script><script>alert(1)</script>', '✗-', '✗-'],
    ]);
  });

  it('focused (a large workspace): starts on the focused workload, from its row and its column', () => {
    const focused: ConnectivityData = {
      graph: { nodes: [{ id: 'a/x', label: 'x', group: 'a', external: false }, { id: 'b/y', label: 'y', group: 'b', external: false }], edges: [{ from: 'b/y', to: 'a/x', ports: ['80/TCP'] }], ports: ['80/TCP', '53/UDP'] },
      matrix: { endpoints: ['a/x', 'b/y', 'c/z'], ports: ['80/TCP', '53/UDP'], rows: [{ from: 0, cells: ['000', '001'] }], columns: [{ to: 0, cells: ['010', '000'] }] },
      focus: 'a/x',
    };
    const view = render(focused);
    assert.equal(view.workload.value, 'a/x');
    assert.deepEqual(view.table(), [
      ['endpoint', 'a/x → endpoint', 'endpoint → a/x'],
      ['a/x', '0/2-', '0/2-'],
      ['b/y', '0/2-', '1/2+'],
      ['c/z', '1/2+', '0/2-'],
    ]);
    view.choose('port', '53/UDP');
    assert.deepEqual(view.table()[3], ['c/z', '✓+', '✗-']);
  });
});
