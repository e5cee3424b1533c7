/**
 * The CIDR parsers against the table of apimachinery's ip_test.go (legacy = StrictIPCIDRValidation
 * off, strict = on) and the places where Go's parsers differ from other parsers (ipaddr.js, browsers) and from each other.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CIDR_HOST_BITS,
  CIDR_INVALID,
  CIDR_IPV4_MAPPED,
  CIDR_LEADING_ZEROS,
  cidrWarnings,
  isStrictSubset,
  networkOf,
  validateLegacyCIDR,
} from '../../../server/src/engine/validation/cidr';

describe('IsValidCIDRForLegacyField', () => {
  const table: [string, string | undefined, string | undefined][] = [
    ['1.0.0.0/8', undefined, undefined],
    ['0.0.0.0/0', undefined, undefined],
    ['1.1.1.1/32', undefined, undefined],
    ['2001:4860:4860::/48', undefined, undefined],
    ['::/0', undefined, undefined],
    ['::1/128', undefined, undefined],
    ['2a00:79e0:2:0::/64', undefined, undefined],
    ['2001:DB8::/64', undefined, undefined],
    ['1.1.01.0/24', undefined, CIDR_LEADING_ZEROS],
    ['::ffff:1.1.1.0/24', undefined, CIDR_IPV4_MAPPED],
    ['::ffff:1.1.1.0/120', undefined, CIDR_IPV4_MAPPED],
    ['1.2.3.4/24', undefined, CIDR_HOST_BITS],
    ['2001:db8::1/64', undefined, CIDR_HOST_BITS],
    ['192.168.0.0/016', undefined, CIDR_LEADING_ZEROS],
    ['', CIDR_INVALID, CIDR_INVALID],
    ['aaaaaaa', CIDR_INVALID, CIDR_INVALID],
    ['1.2.3.4', CIDR_INVALID, CIDR_INVALID],
    ['192.168.0.1/healthz', CIDR_INVALID, CIDR_INVALID],
    ['192.168.0.1/0/99', CIDR_INVALID, CIDR_INVALID],
    ['192.168.0.0/-16', CIDR_INVALID, CIDR_INVALID],
    ['192.168.0.0/+16', CIDR_INVALID, CIDR_INVALID],
    // Beyond the upstream table: what Go's parsers do that other parsers do not.
    ['fe80::/64%eth0', CIDR_INVALID, CIDR_INVALID],
    ['fe80::%eth0/64', CIDR_INVALID, CIDR_INVALID],
    ['10.0.0.0/33', CIDR_INVALID, CIDR_INVALID],
    ['::/129', CIDR_INVALID, CIDR_INVALID],
    ['256.0.0.0/8', CIDR_INVALID, CIDR_INVALID],
    ['10.0.0/8', CIDR_INVALID, CIDR_INVALID],
    [' 10.0.0.0/8', CIDR_INVALID, CIDR_INVALID],
    ['0x0a.0.0.0/8', CIDR_INVALID, CIDR_INVALID],
    ['010.0.0.0/8', undefined, CIDR_LEADING_ZEROS],
    ['10.0.0.0/08', undefined, CIDR_LEADING_ZEROS],
    ['10.0.0.0/00', undefined, CIDR_LEADING_ZEROS],
    ['00001::/64', undefined, CIDR_LEADING_ZEROS],
    ['::ffff:010.0.0.0/104', undefined, CIDR_LEADING_ZEROS],
    ['::10.0.0.0/104', undefined, undefined],
    ['1::2::3/64', CIDR_INVALID, CIDR_INVALID],
    ['1:2:3:4:5:6:7:8::/64', CIDR_INVALID, CIDR_INVALID],
  ];
  for (const [value, legacy, strict] of table) {
    it(JSON.stringify(value), () => {
      assert.equal(validateLegacyCIDR(value, false), legacy, 'legacy');
      assert.equal(validateLegacyCIDR(value, true), strict, 'strict');
    });
  }
});

describe('GetWarningsForCIDR (apimachinery ip_test.go expectations, without the path prefix)', () => {
  const table: [string, string[]][] = [
    ['192.12.2.0/24', []],
    ['192.012.2.0/24', ['non-standard CIDR value "192.012.2.0/24" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"']],
    ['192.12.2.0/024', ['non-standard CIDR value "192.12.2.0/024" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"']],
    ['::ffff:192.12.2.0/120', ['non-standard CIDR value "::ffff:192.12.2.0/120" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"']],
    ['192.12.2.8/24', ['CIDR value "192.12.2.8/24" is ambiguous in this context (should be "192.12.2.0/24" or "192.12.2.8/32"?)']],
    [
      '192.012.2.8/24',
      [
        'CIDR value "192.012.2.8/24" is ambiguous in this context (should be "192.12.2.0/24" or "192.12.2.8/32"?)',
        'non-standard CIDR value "192.012.2.8/24" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"',
      ],
    ],
    ['2001:db8:0:0::/64', ['IPv6 CIDR value "2001:db8:0:0::/64" should be in RFC 5952 canonical format ("2001:db8::/64")']],
    ['2001:db8::/64', []],
    ['2001:0:0:1::/64', []],
    ['2001:db8:0:0:1:0:0:0/112', ['IPv6 CIDR value "2001:db8:0:0:1:0:0:0/112" should be in RFC 5952 canonical format ("2001:db8:0:0:1::/112")']],
    ['not-a-cidr', []],
  ];
  for (const [value, warnings] of table) it(value, () => assert.deepEqual(cidrWarnings(value), warnings));
});

describe('ValidateIPBlock strict subset (Go IPNet.Contains and Mask.Size)', () => {
  it('contained with a longer mask', () => assert.equal(isStrictSubset('10.0.0.0/8', '10.1.0.0/16'), true));
  it('equal prefix is not strict', () => assert.equal(isStrictSubset('10.0.0.0/8', '10.0.0.0/8'), false));
  it('the except network address is what counts (host bits masked away)', () => assert.equal(isStrictSubset('10.0.0.0/16', '10.0.0.1/24'), true));
  it('mixed families are not contained', () => assert.equal(isStrictSubset('10.0.0.0/8', 'fd00::/64'), false));
  it('an IPv4-mapped except inside an IPv4 cidr is contained', () => assert.equal(isStrictSubset('10.0.0.0/8', '::ffff:10.2.0.0/112'), true));
  it("an IPv4-mapped cidr keeps its 128-bit mask length: Go's quirk", () => assert.equal(isStrictSubset('::ffff:10.0.0.0/104', '10.1.0.0/16'), false));
  it('unparseable is undefined', () => assert.equal(isStrictSubset('10.0.0.0/8', 'x'), undefined));
});

describe('network addresses as Go prints them', () => {
  it('masks host bits', () => assert.equal(networkOf('10.0.0.1/8'), '10.0.0.0/8'));
  it('reads leading zeros as decimal', () => assert.equal(networkOf('010.001.0.0/16'), '10.1.0.0/16'));
  it('prints IPv4-mapped networks as IPv4', () => assert.equal(networkOf('::ffff:10.2.0.0/112'), '10.2.0.0/16'));
  it('compresses IPv6 the RFC 5952 way', () => assert.equal(networkOf('2001:DB8:0:0:0:0:0:1/64'), '2001:db8::/64'));
});
