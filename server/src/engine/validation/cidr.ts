/**
 * CIDR parsing exactly as the API server does it. Two parsers are mirrored, because validation uses
 * both and they disagree on purpose:
 * - `k8s.io/utils/net.ParseCIDRSloppy`, a copy of Go 1.16's `net.ParseCIDR` that accepts leading zeros
 *   (as decimal) and returns the address as 16 bytes for IPv4 and the network as 4 bytes;
 * - Go's `net/netip.ParsePrefix`, which rejects leading zeros, zones and signs.
 * Hand-written rather than ipaddr.js: ipaddr.js reads `010` as octal and accepts forms Go rejects, and
 * the messages depend on the exact byte layout Go keeps (an IPv4-mapped network stays 16 bytes).
 */

const IPV4_LEN = 4;
const IPV6_LEN = 16;
const BIG = 0xffffff;
const V4_IN_V6_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

export type GoIP = Uint8Array;

export interface GoIPNet {
  readonly ip: GoIP;
  readonly mask: Uint8Array;
}

/** Go's `dtoi`: decimal digits at the start of `s`, up to `big`. */
function dtoi(s: string): { n: number; i: number; ok: boolean } {
  let n = 0;
  let i = 0;
  for (; i < s.length && s[i]! >= '0' && s[i]! <= '9'; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= BIG) return { n: BIG, i, ok: false };
  }
  if (i === 0) return { n: 0, i: 0, ok: false };
  return { n, i, ok: true };
}

/** Go's `xtoi`: hexadecimal digits at the start of `s`, up to `big`. */
function xtoi(s: string): { n: number; i: number; ok: boolean } {
  let n = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s[i]!;
    let digit: number;
    if (c >= '0' && c <= '9') digit = s.charCodeAt(i) - 48;
    else if (c >= 'a' && c <= 'f') digit = s.charCodeAt(i) - 97 + 10;
    else if (c >= 'A' && c <= 'F') digit = s.charCodeAt(i) - 65 + 10;
    else break;
    n = n * 16 + digit;
    if (n >= BIG) return { n: 0, i, ok: false };
  }
  if (i === 0) return { n: 0, i, ok: false };
  return { n, i, ok: true };
}

function ipv4(a: number, b: number, c: number, d: number): GoIP {
  return Uint8Array.from([...V4_IN_V6_PREFIX, a, b, c, d]);
}

/** Go 1.16 `parseIPv4`: four decimal fields, leading zeros allowed; the result is 16 bytes. */
function parseIPv4Sloppy(input: string): GoIP | undefined {
  let s = input;
  const p = [0, 0, 0, 0];
  for (let i = 0; i < IPV4_LEN; i++) {
    if (s.length === 0) return undefined;
    if (i > 0) {
      if (s[0] !== '.') return undefined;
      s = s.slice(1);
    }
    const { n, i: c, ok } = dtoi(s);
    if (!ok || n > 0xff) return undefined;
    s = s.slice(c);
    p[i] = n;
  }
  if (s.length !== 0) return undefined;
  return ipv4(p[0]!, p[1]!, p[2]!, p[3]!);
}

/** Go 1.16 `parseIPv6` (no zone). */
function parseIPv6Sloppy(input: string): GoIP | undefined {
  let s = input;
  const ip = new Uint8Array(IPV6_LEN);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < IPV6_LEN) {
    const { n, i: c, ok } = xtoi(s);
    if (!ok || n > 0xffff) return undefined;
    if (c < s.length && s[c] === '.') {
      if (ellipsis < 0 && i !== IPV6_LEN - IPV4_LEN) return undefined;
      if (i + IPV4_LEN > IPV6_LEN) return undefined;
      const ip4 = parseIPv4Sloppy(s);
      if (!ip4) return undefined;
      ip.set(ip4.subarray(12), i);
      s = '';
      i += IPV4_LEN;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < IPV6_LEN) {
    if (ellipsis < 0) return undefined;
    const n = IPV6_LEN - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return undefined;
  }
  return ip;
}

/** Go's `CIDRMask(ones, bits)`. */
function cidrMask(ones: number, bits: number): Uint8Array {
  const mask = new Uint8Array(bits / 8);
  let n = ones;
  for (let i = 0; i < mask.length; i++) {
    if (n >= 8) {
      mask[i] = 0xff;
      n -= 8;
      continue;
    }
    mask[i] = ~(0xff >> n) & 0xff;
    n = 0;
  }
  return mask;
}

function isV4InV6(ip: GoIP): boolean {
  return ip.length === IPV6_LEN && V4_IN_V6_PREFIX.every((b, i) => ip[i] === b);
}

/** Go's `IP.To4`. */
function to4(ip: GoIP): GoIP | undefined {
  if (ip.length === IPV4_LEN) return ip;
  if (isV4InV6(ip)) return ip.subarray(12);
  return undefined;
}

/** Go's `IP.Mask`. */
function maskIP(ip: GoIP, mask: Uint8Array): GoIP | undefined {
  let m = mask;
  let p = ip;
  if (m.length === IPV6_LEN && p.length === IPV4_LEN && m.subarray(0, 12).every((b) => b === 0xff)) m = m.subarray(12);
  if (m.length === IPV4_LEN && p.length === IPV6_LEN && isV4InV6(p)) p = p.subarray(12);
  if (p.length !== m.length) return undefined;
  return p.map((b, i) => b & m[i]!);
}

/** Go's `IPMask.Size`: [ones, bits], or [0, 0] for a non-canonical mask. */
function maskSize(mask: Uint8Array): [number, number] {
  let ones = 0;
  let seenZero = false;
  for (const b of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      if (b & (1 << bit)) {
        if (seenZero) return [0, 0];
        ones++;
      } else seenZero = true;
    }
  }
  return [ones, mask.length * 8];
}

/** `netutils.ParseCIDRSloppy`: the address as typed, and its network (address masked). */
export function parseCIDRSloppy(s: string): { ip: GoIP; net: GoIPNet } | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const maskText = s.slice(slash + 1);
  let ipLen = IPV4_LEN;
  let ip = parseIPv4Sloppy(addr);
  if (!ip) {
    ipLen = IPV6_LEN;
    ip = parseIPv6Sloppy(addr);
  }
  const { n, i, ok } = dtoi(maskText);
  if (!ip || !ok || i !== maskText.length || n < 0 || n > 8 * ipLen) return undefined;
  const mask = cidrMask(n, 8 * ipLen);
  return { ip, net: { ip: maskIP(ip, mask)!, mask } };
}

/** `networkNumberAndMask`: the network as 4 bytes when it is IPv4, with a mask of the same length. */
function networkNumberAndMask(net: GoIPNet): { ip: GoIP; mask: Uint8Array } | undefined {
  let ip = to4(net.ip);
  if (!ip) {
    ip = net.ip;
    if (ip.length !== IPV6_LEN) return undefined;
  }
  let mask = net.mask;
  if (mask.length === IPV4_LEN) {
    if (ip.length !== IPV4_LEN) return undefined;
  } else if (mask.length === IPV6_LEN) {
    if (ip.length === IPV4_LEN) mask = mask.subarray(12);
  } else return undefined;
  return { ip, mask };
}

/** Go's `IPNet.Contains`. */
function netContains(net: GoIPNet, candidate: GoIP): boolean {
  const nm = networkNumberAndMask(net);
  if (!nm) return false;
  const ip = to4(candidate) ?? candidate;
  if (ip.length !== nm.ip.length) return false;
  for (let i = 0; i < ip.length; i++) if ((nm.ip[i]! & nm.mask[i]!) !== (ip[i]! & nm.mask[i]!)) return false;
  return true;
}

function ipEqual(a: GoIP, b: GoIP): boolean {
  const a4 = to4(a);
  const b4 = to4(b);
  const x = a.length === b.length ? a : a4;
  const y = a.length === b.length ? b : b4;
  return !!x && !!y && x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The eight 16-bit groups of an IPv6 address, compressed as RFC 5952 (and Go) do: `2001:db8::1`. */
function formatIPv6(bytes: Uint8Array): string {
  let e0 = -1;
  let e1 = -1;
  for (let i = 0; i < IPV6_LEN; i += 2) {
    let j = i;
    while (j < IPV6_LEN && bytes[j] === 0 && bytes[j + 1] === 0) j += 2;
    if (j > i && j - i > e1 - e0) {
      e0 = i;
      e1 = j;
      i = j;
    }
  }
  if (e1 - e0 <= 2) {
    e0 = -1;
    e1 = -1;
  }
  let out = '';
  for (let i = 0; i < IPV6_LEN; i += 2) {
    if (i === e0) {
      out += '::';
      i = e1;
      if (i >= IPV6_LEN) break;
    } else if (i > 0) out += ':';
    out += ((bytes[i]! << 8) | bytes[i + 1]!).toString(16);
  }
  return out;
}

/** Go's `IP.String`: dotted for IPv4 (and IPv4-mapped IPv6), RFC 5952 otherwise. */
export function goIPString(ip: GoIP): string {
  const v4 = to4(ip);
  if (v4) return [...v4].join('.');
  if (ip.length !== IPV6_LEN) return '?';
  return formatIPv6(ip);
}

/** Go's `IPNet.String`: `10.0.0.0/8`. */
export function goIPNetString(net: GoIPNet): string {
  const nm = networkNumberAndMask(net);
  if (!nm) return '<nil>';
  const [ones, bits] = maskSize(nm.mask);
  if (ones === 0 && bits === 0) return `${goIPString(nm.ip)}/${[...nm.mask].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  return `${goIPString(nm.ip)}/${ones}`;
}

/** What `netip.ParsePrefix` makes of a string, where it accepts it. */
export interface NetipPrefix {
  /** 4 bytes for IPv4, 16 for IPv6. */
  readonly addr: Uint8Array;
  readonly is4: boolean;
  readonly bits: number;
}

/** `netip.ParseAddr` for IPv4: no leading zeros, each field at most 255. */
function netipParseIPv4(s: string): Uint8Array | undefined {
  const fields = s.split('.');
  if (fields.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const f = fields[i]!;
    if (!/^[0-9]{1,3}$/.test(f) || (f.length > 1 && f[0] === '0')) return undefined;
    const n = Number(f);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** `netip.ParseAddr` for IPv6: at most four hex digits a group, one `::`, a strict IPv4 tail; zones kept apart. */
function netipParseIPv6(input: string): { addr: Uint8Array; zone: boolean } | undefined {
  let s = input;
  let zone = false;
  const percent = s.indexOf('%');
  if (percent >= 0) {
    if (percent === s.length - 1) return undefined;
    zone = true;
    s = s.slice(0, percent);
  }
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { addr: ip, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    while (off < s.length && /[0-9a-fA-F]/.test(s[off]!)) {
      acc = acc * 16 + parseInt(s[off]!, 16);
      off++;
      if (off > 4) return undefined;
    }
    if (off === 0) return undefined;
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const v4 = netipParseIPv4(s);
      if (!v4) return undefined;
      ip.set(v4, i);
      i += 4;
      s = '';
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) return undefined;
  return { addr: ip, zone };
}

/** `netip.ParsePrefix`: strict; no leading zeros or sign in the length, no IPv6 zone. */
export function netipParsePrefix(s: string): NetipPrefix | undefined {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return undefined;
  const addrText = s.slice(0, slash);
  let addr: Uint8Array | undefined;
  let is4 = false;
  // netip.ParseAddr decides the family by whichever of '.' and ':' comes first.
  const family = /[.:]/.exec(addrText)?.[0];
  if (family === ':') {
    const parsed = netipParseIPv6(addrText);
    if (!parsed || parsed.zone) return undefined;
    addr = parsed.addr;
  } else if (family === '.') {
    addr = netipParseIPv4(addrText);
    is4 = true;
  }
  if (!addr) return undefined;
  const bitsText = s.slice(slash + 1);
  if (bitsText.length > 1 && (bitsText[0]! < '1' || bitsText[0]! > '9')) return undefined;
  if (!/^[0-9]+$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > (is4 ? 32 : 128)) return undefined;
  return { addr, is4, bits };
}

function prefixIs4In6(prefix: NetipPrefix): boolean {
  return !prefix.is4 && isV4InV6(prefix.addr);
}

function maskedAddr(prefix: NetipPrefix): Uint8Array {
  const mask = cidrMask(prefix.bits, prefix.addr.length * 8);
  return prefix.addr.map((b, i) => b & mask[i]!);
}

/** `netip.Prefix.String`. */
function netipPrefixString(prefix: NetipPrefix): string {
  const a = prefix.addr;
  if (prefix.is4) return `${[...a].join('.')}/${prefix.bits}`;
  if (isV4InV6(a)) return `::ffff:${[...a.subarray(12)].join('.')}/${prefix.bits}`;
  return `${formatIPv6(a)}/${prefix.bits}`;
}

export const CIDR_INVALID = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
export const CIDR_LEADING_ZEROS = 'must not have leading 0s in IP or prefix length';
export const CIDR_IPV4_MAPPED = 'must not have an IPv4-mapped IPv6 address';
export const CIDR_HOST_BITS = 'must not have bits set beyond the prefix length';

/**
 * `IsValidCIDRForLegacyField` (apimachinery pkg/util/validation/ip.go): at most one message; the
 * strict ones only while the StrictIPCIDRValidation gate is on.
 */
export function validateLegacyCIDR(value: string, strict: boolean): string | undefined {
  if (!parseCIDRSloppy(value)) return CIDR_INVALID;
  if (!strict) return undefined;
  const prefix = netipParsePrefix(value);
  if (!prefix) return CIDR_LEADING_ZEROS;
  if (prefixIs4In6(prefix)) return CIDR_IPV4_MAPPED;
  const masked = maskedAddr(prefix);
  if (masked.some((b, i) => b !== prefix.addr[i])) return CIDR_HOST_BITS;
  return undefined;
}

/** `GetWarningsForCIDR`, without the field path the server puts in front of each warning. */
export function cidrWarnings(value: string): string[] {
  const parsed = parseCIDRSloppy(value);
  if (!parsed) return [];
  const warnings: string[] = [];
  const network = goIPNetString(parsed.net);
  if (!ipEqual(parsed.ip, parsed.net.ip)) {
    const [, addrLen] = maskSize(parsed.net.mask);
    const single = `${goIPString(parsed.ip)}/${addrLen}`;
    warnings.push(`CIDR value ${quoteAscii(value)} is ambiguous in this context (should be ${quoteAscii(network)} or ${quoteAscii(single)}?)`);
  }
  const prefix = netipParsePrefix(value);
  if (!prefix || prefixIs4In6(prefix)) {
    warnings.push(`non-standard CIDR value ${quoteAscii(value)} will be considered invalid in a future Kubernetes release: use ${quoteAscii(network)}`);
  }
  if (warnings.length === 0 && prefix && !prefix.is4 && netipPrefixString(prefix) !== value) {
    warnings.push(`IPv6 CIDR value ${quoteAscii(value)} should be in RFC 5952 canonical format (${quoteAscii(netipPrefixString(prefix))})`);
  }
  return warnings;
}

/** Values that parse as CIDRs hold only ASCII without quotes or backslashes, so `%q` is plain quoting. */
function quoteAscii(value: string): string {
  return `"${value}"`;
}

/** The network a CIDR names, as Go prints it (`10.0.0.1/8` -> `10.0.0.0/8`); undefined when unparseable. */
export function networkOf(value: string): string | undefined {
  const parsed = parseCIDRSloppy(value);
  return parsed ? goIPNetString(parsed.net) : undefined;
}

/** The single address a CIDR's IP names, with the full mask (`10.0.0.1/8` -> `10.0.0.1/32`). */
export function singleAddressOf(value: string): string | undefined {
  const parsed = parseCIDRSloppy(value);
  if (!parsed) return undefined;
  return `${goIPString(parsed.ip)}/${maskSize(parsed.net.mask)[1]}`;
}

/**
 * The strict-subset test of `ValidateIPBlock`: the except's network address inside the cidr, with a
 * strictly longer mask. Both parsed sloppily; undefined when either does not parse.
 */
export function isStrictSubset(cidr: string, except: string): boolean | undefined {
  const outer = parseCIDRSloppy(cidr);
  const inner = parseCIDRSloppy(except);
  if (!outer || !inner) return undefined;
  const [outerOnes] = maskSize(outer.net.mask);
  const [innerOnes] = maskSize(inner.net.mask);
  return netContains(outer.net, inner.net.ip) && outerOnes < innerOnes;
}
