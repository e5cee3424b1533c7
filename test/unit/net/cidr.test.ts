/**
 * The net module against a reference written differently (split and regular expressions instead of Go's
 * scanner) from the rules of Go 1.16's net.ParseCIDR that k8s.io/utils/net.ParseCIDRSloppy keeps, and
 * the one-reading promise: what validation accepts is exactly what the model parses, to the same network.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addressInCidr,
  addressString,
  cidrHoldsAddress,
  cidrsOverlap,
  isWholeAddressSpace,
  parseAddress,
  parseCidr,
  parseCidrFor,
  PRIVATE_RANGES,
  sameAddress,
} from '../../../server/src/engine/net/cidr';
import { featuresOf, SUPPORTED_KUBERNETES_VERSIONS } from '../../../server/src/engine/validation/kubernetesVersion';
import { networkOf, validateLegacyCIDR } from '../../../server/src/engine/validation/cidr';

/** Go 1.16 parseIPv4: four decimal fields, any number of leading zeros, each at most 255. */
function refIPv4(text: string): number[] | undefined {
  const m = /^([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)$/.exec(text);
  if (!m) return undefined;
  const fields = m.slice(1).map((f) => Number(f));
  return fields.every((n) => n <= 255) ? fields : undefined;
}

/** Go 1.16 parseIPv6: hex groups of any width up to 0xffff, one `::` standing for at least one group, an IPv4 tail last. */
function refIPv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): number[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    const bytes: number[] = [];
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!;
      if (k === parts.length - 1 && part.includes('.') && halves.indexOf(half) === halves.length - 1) {
        const v4 = refIPv4(part);
        if (!v4 || !/^[0-9a-fA-F]+\./.test(part)) return undefined;
        bytes.push(...v4);
        continue;
      }
      if (!/^[0-9a-fA-F]+$/.test(part) || parseInt(part, 16) > 0xffff) return undefined;
      const n = parseInt(part, 16);
      bytes.push(n >> 8, n & 0xff);
    }
    return bytes;
  };
  const left = groupsOf(halves[0]!);
  if (halves.length === 1) return left && left.length === 16 ? left : undefined;
  const right = groupsOf(halves[1]!);
  if (!left || !right || left.length + right.length > 14) return undefined;
  return [...left, ...new Array<number>(16 - left.length - right.length).fill(0), ...right];
}

/** Go 1.16 ParseCIDR, then IPNet.String: the network, IPv4-mapped networks of /96 or longer as IPv4. */
function refNetwork(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  if (!/^[0-9]+$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  const v4 = refIPv4(address);
  let bytes = v4 ?? refIPv6(address);
  if (!bytes || bits > bytes.length * 8) return undefined;
  bytes = bytes.map((b, i) => b & (0xff << Math.max(0, Math.min(8, 8 * (i + 1) - bits)) & 0xff));
  let prefix = bits;
  const mapped = bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) {
    bytes = bytes.slice(12);
    prefix = bits - 96;
  }
  if (bytes.length === 4) return `${bytes.join('.')}/${prefix}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return `${groups.join(':')}/${prefix}`;
}

/** The model's reading, written out the reference's way (IPv6 uncompressed). */
function modelNetwork(text: string): string | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return undefined;
  if (cidr.family === 'ipv4') return `${addressString({ family: 'ipv4', value: cidr.network })}/${cidr.prefix}`;
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((cidr.network >> BigInt(16 * i)) & 0xffffn).toString(16));
  return `${groups.join(':')}/${cidr.prefix}`;
}

const piece = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('', '0', '00', '010', '0010', 'ff', 'ffff', '00001', '10000', '0x1f', '::', ':', '.', ' ', '%eth0'));
const v4 = fc.tuple(piece, piece, piece, piece).map((parts) => parts.join('.'));
const v6 = fc.array(fc.oneof(piece, fc.string({ unit: fc.constantFrom('0', '1', 'a', 'f', 'F', 'g'), maxLength: 5 })), { minLength: 1, maxLength: 9 }).map((parts) => parts.join(':'));
const mapped = v4.map((a) => `::ffff:${a}`);
const prefix = fc.oneof(fc.integer({ min: -1, max: 130 }).map(String), fc.constantFrom('', ' 8', '08', '008', '+8', 'x'));
const cidrText = fc.oneof(fc.tuple(fc.oneof(v4, v6, mapped), prefix).map(([a, p]) => `${a}/${p}`), fc.string());

describe('net: one reading of CIDRs', () => {
  it("parses CIDRs as Go 1.16's ParseCIDR (the reference) does", () => {
    fc.assert(
      fc.property(cidrText, (text) => assert.equal(modelNetwork(text), refNetwork(text), text)),
      { numRuns: 5000 },
    );
  });

  it('models exactly what validation accepts, as the network the API server names', () => {
    fc.assert(
      fc.property(cidrText, (text) => {
        const accepted = validateLegacyCIDR(text, false) === undefined;
        assert.equal(parseCidr(text) !== undefined, accepted, text);
        if (accepted) assert.deepEqual(parseCidr(networkOf(text)!), { ...parseCidr(text)!, text: networkOf(text)! }, text);
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves out, for each Kubernetes version, exactly what that API server rejects', () => {
    fc.assert(
      fc.property(cidrText, fc.constantFrom(...SUPPORTED_KUBERNETES_VERSIONS), (text, version) => {
        const accepted = validateLegacyCIDR(text, featuresOf(version).strictCIDR) === undefined;
        assert.equal(parseCidrFor(text, version) !== undefined, accepted, `${text} in ${version}`);
        if (accepted) assert.deepEqual(parseCidrFor(text, version), parseCidr(text));
      }),
      { numRuns: 5000 },
    );
    assert.equal(modelNetwork('010.0.0.0/8'), '10.0.0.0/8');
    assert.equal(parseCidrFor('010.0.0.0/8', '1.35')?.prefix, 8);
    assert.equal(parseCidrFor('010.0.0.0/8', '1.36'), undefined);
    assert.equal(parseCidrFor('10.0.0.1/8', '1.36'), undefined);
    assert.equal(parseCidrFor('10.0.0.0/8', '1.36')?.prefix, 8);
  });

  it('reads leading zeros as decimal, never octal', () => {
    assert.equal(modelNetwork('010.0.0.0/8'), '10.0.0.0/8');
    assert.equal(modelNetwork('010.001.0.0/16'), '10.1.0.0/16');
    assert.equal(modelNetwork('10.0.0.0/08'), '10.0.0.0/8');
    assert.equal(modelNetwork('::ffff:010.0.0.0/104'), '10.0.0.0/8');
  });

  it('masks host bits, keeps IPv6 apart, and rejects what the API server rejects', () => {
    assert.equal(modelNetwork('10.0.0.1/8'), '10.0.0.0/8');
    assert.equal(modelNetwork('fd00::1/8'), 'fd00:0:0:0:0:0:0:0/8');
    assert.equal(modelNetwork('::ffff:10.0.0.0/90'), '0:0:0:0:0:ffc0:0:0/90');
    for (const text of ['0x0a.0.0.0/8', '10/8', '10.0.0/8', ' 10.0.0.0/8', '10.0.0.0/33', 'fe80::/64%eth0', '10.0.0.0']) assert.equal(parseCidr(text), undefined, text);
  });

  it('parses addresses as ParseIPSloppy does', () => {
    assert.equal(addressString(parseAddress('010.000.000.001')!), '10.0.0.1');
    assert.equal(addressString(parseAddress(' 2001:DB8::0001 ')!), '2001:db8::1');
    assert.equal(addressString(parseAddress('::ffff:10.0.0.1')!), '10.0.0.1');
    for (const text of ['0x0a.0.0.1', '167772161', 'fe80::1%eth0', '1.2.3', '']) assert.equal(parseAddress(text), undefined, text);
  });
});

describe('net: relations between blocks and addresses', () => {
  const cidr = (text: string) => {
    const parsed = parseCidr(text);
    assert.ok(parsed, text);
    return parsed;
  };
  const address = (text: string) => {
    const parsed = parseAddress(text);
    assert.ok(parsed, text);
    return parsed;
  };

  it('sameAddress: the same value in the same family only', () => {
    assert.equal(sameAddress(address('10.0.0.1'), address('10.0.0.1')), true);
    assert.equal(sameAddress(address('10.0.0.1'), address('10.0.0.2')), false);
    // ::a00:1 has the value of 10.0.0.1 in IPv6: not the same address.
    assert.equal(sameAddress(address('10.0.0.1'), address('::a00:1')), false);
  });

  it('cidrsOverlap: nested either way, never disjoint blocks', () => {
    assert.equal(cidrsOverlap(cidr('10.0.0.0/8'), cidr('10.1.0.0/16')), true);
    assert.equal(cidrsOverlap(cidr('10.1.0.0/16'), cidr('10.0.0.0/8')), true);
    assert.equal(cidrsOverlap(cidr('10.0.0.0/16'), cidr('10.1.0.0/16')), false);
  });

  it('cidrHoldsAddress and addressInCidr: the family must match, the prefix decides', () => {
    assert.equal(cidrHoldsAddress(cidr('10.0.0.0/8'), address('10.255.0.1')), true);
    assert.equal(cidrHoldsAddress(cidr('10.0.0.0/8'), address('11.0.0.1')), false);
    // ::/0 holds every IPv6 address and no IPv4 one, whatever the values.
    assert.equal(cidrHoldsAddress(cidr('::/0'), address('10.0.0.1')), false);
    assert.equal(addressInCidr('169.254.20.10', '169.254.0.0/16'), true);
    assert.equal(addressInCidr('169.254.20.10', '10.0.0.0/8'), false);
    assert.equal(addressInCidr('not an address', '0.0.0.0/0'), false);
    assert.equal(addressInCidr('10.0.0.1', 'not a cidr'), false);
  });

  it('isWholeAddressSpace: /0 of either family, nothing narrower, nothing unparsed', () => {
    assert.equal(isWholeAddressSpace('0.0.0.0/0'), true);
    assert.equal(isWholeAddressSpace('::/0'), true);
    assert.equal(isWholeAddressSpace('0.0.0.0/1'), false);
    assert.equal(isWholeAddressSpace('garbage'), false);
  });

  it('PRIVATE_RANGES: the three RFC 1918 blocks', () => {
    assert.deepEqual([...PRIVATE_RANGES], ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
  });
});
