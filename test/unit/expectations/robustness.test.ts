/**
 * Bad expectations files never crash the analysis, with a workspace around them (the fuzz tests analyse
 * files alone, where NP960 and NP961 do not run): every prefix of the example and a few hostile shapes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFiles, DEFAULT_SETTINGS } from '../../../server/src/engine';

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'expectations');
const read = (name: string) => readFileSync(path.join(EXAMPLE, name), 'utf8');
const others = [
  { uri: 'workloads.yaml', text: read('workloads.yaml') },
  { uri: 'policy.yaml', text: read('policy.yaml') },
];

function analyse(text: string): void {
  const [analysis] = analyzeFiles([{ uri: 'e.yaml', text }, ...others], DEFAULT_SETTINGS);
  assert.deepEqual(analysis!.internalErrors, [], text);
  for (const f of analysis!.findings) {
    assert.ok(f.span[0] >= 0 && f.span[0] <= f.span[1] && f.span[1] <= text.length, `${f.code} span inside the text: ${text}`);
    assert.notEqual(f.message, '');
  }
}

describe('expectations: bad input with a workspace', () => {
  it('every prefix of the example file', () => {
    const text = read('netpol-expectations.yaml');
    for (let end = 0; end <= text.length; end += 3) analyse(text.slice(0, end));
  });

  it('hostile shapes', () => {
    const head = 'apiVersion: netpol-lens/v1\nkind: ConnectivityExpectations\n';
    for (const body of [
      'expect: !!binary aGVsbG8=\n',
      'expect:\n- &x {from: shop/api, to: *x, allowed: true}\n',
      'expect:\n- {from: shop/api, to: "::/0", allowed: false}\n- {from: "::ffff:10.0.0.1", to: shop/api, allowed: true}\n',
      'expect:\n- {from: shop/api, to: 10.0.0.0/8, port: 1-65535/SCTP, allowed: false}\n',
      'expect:\n- {from: shop/api, to: shop/api, port: "08080", allowed: true}\n',
      `expect:\n${'- {from: shop/app=restricted-app, to: 0.0.0.0/0, allowed: false}\n'.repeat(200)}`,
      'expect:\n- {from: "shop/a=b=c", to: shop/api, allowed: true}\n- {from: "shop/=x", to: shop/api, allowed: true}\n',
      'expect:\n- ? [from]\n  : shop/api\n',
      '\t\texpect: [',
    ]) {
      analyse(head + body);
      analyse(head.replace(/\n/g, '\r\n') + body.replace(/\n/g, '\r\n'));
    }
  });
});
