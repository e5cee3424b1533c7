/** The connectivity webview's page: no network access, scripts only by nonce, the data embedded intact. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Script } from 'node:vm';
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
  matrix: { endpoints: ['shop/web', '8.8.8.8'], entries: [{ from: 'shop/web', to: '8.8.8.8', port: 443, protocol: 'TCP', allowed: true }] },
};

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
