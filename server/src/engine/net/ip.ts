/**
 * IP addresses read exactly as the API server reads them. Two Go parsers are mirrored, because
 * Kubernetes uses both and they disagree on purpose:
 * - Go 1.16's `net.ParseIP` (kept as `k8s.io/utils/net.ParseIPSloppy`): leading zeros in IPv4 fields are
 *   decimal (`010` is 10, never octal), IPv6 groups may have any number of leading zeros, no zone;
 * - `net/netip.ParseAddr` (strict): no leading zeros in IPv4 fields, at most four hex digits a group.
 * Both share one IPv6 scanner (`parseIPv6With`), differing only in the group width and the IPv4 tail.
 * Addresses are Go's byte slices: 4 bytes, or 16 with IPv4 kept as IPv4-mapped IPv6 (`::ffff:a.b.c.d`).
 */

export const IPV4_LEN = 4;
export const IPV6_LEN = 16;
const BIG = 0xffffff;
const V4_IN_V6_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Go's `net.IP`: 4 or 16 bytes. */
export type GoIP = Uint8Array;

/** Go's `dtoi`: decimal digits at the start of `s`, up to `big`. */
export function dtoi(s: string): { n: number; i: number; ok: boolean } {
  let n = 0;
  let i = 0;
  for (; i < s.length && s[i]! >= '0' && s[i]! <= '9'; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= BIG) return { n: BIG, i, ok: false };
  }
  if (i === 0) return { n: 0, i: 0, ok: false };
  return { n, i, ok: true };
}

function hexDigit(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 97 + 10;
  if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 65 + 10;
  return -1;
}

/** Go 1.16 `parseIPv4`: four decimal fields, leading zeros allowed (decimal); 4 bytes. */
function parseIPv4Sloppy(input: string): Uint8Array | undefined {
  let s = input;
  const p = new Uint8Array(IPV4_LEN);
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
  return s.length === 0 ? p : undefined;
}

/** `netip.ParseAddr` for IPv4: four fields of one to three digits, no leading zero, each at most 255; 4 bytes. */
function parseIPv4Strict(s: string): Uint8Array | undefined {
  const fields = s.split('.');
  if (fields.length !== IPV4_LEN) return undefined;
  const out = new Uint8Array(IPV4_LEN);
  for (let i = 0; i < IPV4_LEN; i++) {
    const f = fields[i]!;
    if (!/^[0-9]{1,3}$/.test(f) || (f.length > 1 && f[0] === '0')) return undefined;
    const n = Number(f);
    if (n > 0xff) return undefined;
    out[i] = n;
  }
  return out;
}

/** What differs between Go's two IPv6 readers. */
interface IPv6Dialect {
  /** Hex digits allowed in one group: any number for Go 1.16 (the value must fit 16 bits), four for netip. */
  readonly groupDigits: number;
  readonly ipv4Tail: (s: string) => Uint8Array | undefined;
}

const SLOPPY: IPv6Dialect = { groupDigits: Infinity, ipv4Tail: parseIPv4Sloppy };
const STRICT: IPv6Dialect = { groupDigits: 4, ipv4Tail: parseIPv4Strict };

/** Go's `parseIPv6` (both Go 1.16's and netip's, which differ only in `dialect`), without zone. */
function parseIPv6With(input: string, dialect: IPv6Dialect): Uint8Array | undefined {
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
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const digit = hexDigit(s[off]!);
      if (digit < 0) break;
      acc = acc * 16 + digit;
      if (off + 1 > dialect.groupDigits || acc > 0xffff) return undefined;
    }
    if (off === 0) return undefined;
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== IPV6_LEN - IPV4_LEN) return undefined;
      if (i + IPV4_LEN > IPV6_LEN) return undefined;
      const ip4 = dialect.ipv4Tail(s);
      if (!ip4) return undefined;
      ip.set(ip4, i);
      s = '';
      i += IPV4_LEN;
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
  if (i < IPV6_LEN) {
    if (ellipsis < 0) return undefined;
    const n = IPV6_LEN - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return undefined;
  }
  return ip;
}

function v4InV6(ip4: Uint8Array): GoIP {
  return Uint8Array.from([...V4_IN_V6_PREFIX, ...ip4]);
}

/** Go 1.16 `parseIPv4`, as `net.ParseIP` returns it: 16 bytes. */
export function parseIPv4Legacy(s: string): GoIP | undefined {
  const ip4 = parseIPv4Sloppy(s);
  return ip4 && v4InV6(ip4);
}

/** Go 1.16 `parseIPv6`. */
export function parseIPv6Legacy(s: string): GoIP | undefined {
  return parseIPv6With(s, SLOPPY);
}

/** `netutils.ParseIPSloppy` (Go 1.16 `net.ParseIP`): the family is decided by whichever of '.' and ':' comes first. */
export function parseIPSloppy(s: string): GoIP | undefined {
  for (const c of s) {
    if (c === '.') return parseIPv4Legacy(s);
    if (c === ':') return parseIPv6Legacy(s);
  }
  return undefined;
}

/** `netip.ParseAddr`: 4 bytes for IPv4, 16 for IPv6; an IPv6 zone is reported apart. */
export function netipParseAddr(s: string): { addr: Uint8Array; is4: boolean; zone: boolean } | undefined {
  for (const c of s) {
    if (c === '.') {
      const addr = parseIPv4Strict(s);
      return addr && { addr, is4: true, zone: false };
    }
    if (c === ':') {
      const percent = s.indexOf('%');
      if (percent === s.length - 1) return undefined;
      const addr = parseIPv6With(percent < 0 ? s : s.slice(0, percent), STRICT);
      return addr && { addr, is4: false, zone: percent >= 0 };
    }
    if (c === '%') return undefined;
  }
  return undefined;
}

export function isV4InV6(ip: GoIP): boolean {
  return ip.length === IPV6_LEN && V4_IN_V6_PREFIX.every((b, i) => ip[i] === b);
}

/** Go's `IP.To4`. */
export function to4(ip: GoIP): GoIP | undefined {
  if (ip.length === IPV4_LEN) return ip;
  if (isV4InV6(ip)) return ip.subarray(12);
  return undefined;
}

/** Go's `IP.Equal`. */
export function ipEqual(a: GoIP, b: GoIP): boolean {
  const x = a.length === b.length ? a : to4(a);
  const y = a.length === b.length ? b : to4(b);
  return !!x && !!y && x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The eight 16-bit groups of an IPv6 address, compressed as RFC 5952 (and Go) do: `2001:db8::1`. */
export function formatIPv6(bytes: Uint8Array): string {
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
