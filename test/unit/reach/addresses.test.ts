/** parseCidr picks the address family by a ':' instead of letting ipaddr.parseCIDR try IPv6 first: same answers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { parseCidr } from '../../../server/src/engine/reach/addresses';

/** What parseCidr gave before: ipaddr.parseCIDR on the same rewritten text. */
function viaParseCIDR(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const cidr = /^\d{1,3}(\.\d{1,3}){3}$/.test(text.slice(0, slash).trim())
    ? `${text.slice(0, slash).trim().split('.').map((octet) => String(parseInt(octet, 10))).join('.')}${text.slice(slash).trim()}`
    : `${text.slice(0, slash).trim()}${text.slice(slash).trim()}`;
  try {
    const [address, prefix] = ipaddr.parseCIDR(cidr);
    return `${address.kind()} ${address.toNormalizedString()}/${prefix}`;
  } catch {
    return undefined;
  }
}

const shown = (text: string) => {
  const parsed = parseCidr(text);
  return parsed && `${parsed[0].kind()} ${parsed[0].toNormalizedString()}/${parsed[1]}`;
};

describe('parseCidr', () => {
  it('answers as ipaddr.parseCIDR on CIDR-like text of both families, and on junk', () => {
    const piece = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('', '0', '00', '010', 'ff', 'ffff', '0x1f', '::', ':', '.', ' '));
    const v4 = fc.tuple(piece, piece, piece, piece).map((parts) => parts.join('.'));
    const v6 = fc.array(fc.oneof(piece, fc.string({ unit: fc.constantFrom('0', '1', 'a', 'f', 'F', 'g'), maxLength: 5 })), { minLength: 1, maxLength: 9 }).map((parts) => parts.join(':'));
    const mapped = v4.map((a) => `::ffff:${a}`);
    const prefix = fc.oneof(fc.integer({ min: -1, max: 130 }).map(String), fc.constantFrom('', ' 8', '08', 'x'));
    const text = fc.oneof(fc.tuple(fc.oneof(v4, v6, mapped), prefix).map(([a, p]) => `${a}/${p}`), fc.string());
    fc.assert(
      fc.property(text, (t) => assert.equal(shown(t), viaParseCIDR(t))),
      { numRuns: 5000 },
    );
    assert.equal(shown('10.0.0.0/8'), 'ipv4 10.0.0.0/8');
    assert.equal(shown('010.001.0.0/16'), 'ipv4 10.1.0.0/16');
    assert.equal(shown('fd00::/8'), 'ipv6 fd00:0:0:0:0:0:0:0/8');
    assert.equal(shown('::ffff:10.0.0.1/128'), 'ipv6 0:0:0:0:0:ffff:a00:1/128');
    assert.equal(shown('10.0.0.0'), undefined);
  });
});
