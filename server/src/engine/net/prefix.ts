/**
 * CIDR prefixes read exactly as the API server reads them:
 * - `k8s.io/utils/net.ParseCIDRSloppy`, a copy of Go 1.16's `net.ParseCIDR`: the address as typed (16
 *   bytes for IPv4) and its network (the address masked; 4 bytes for IPv4). Every supported Kubernetes
 *   version gives an accepted value this meaning;
 * - `net/netip.ParsePrefix`, which rejects leading zeros, zones and signs: what the StrictIPCIDRValidation
 *   gate (Kubernetes 1.36+) additionally requires, with no IPv4-mapped address and no host bits.
 */
import type { GoIP } from './ip';
import { formatIPv6, goIPString, IPV4_LEN, IPV6_LEN, isV4InV6, netipParseAddr, parseIPv4Legacy, parseIPv6Legacy, to4, dtoi } from './ip';

/** Go's `net.IPNet`. */
export interface GoIPNet {
  readonly ip: GoIP;
  readonly mask: Uint8Array;
}

/** Go's `CIDRMask(ones, bits)`. */
export function cidrMask(ones: number, bits: number): Uint8Array {
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
export function maskSize(mask: Uint8Array): [number, number] {
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

/** `netutils.ParseCIDRSloppy` (Go 1.16 `net.ParseCIDR`): the address as typed, and its network. */
export function parseCIDRSloppy(s: string): { ip: GoIP; net: GoIPNet } | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const maskText = s.slice(slash + 1);
  let ipLen = IPV4_LEN;
  let ip = parseIPv4Legacy(addr);
  if (!ip) {
    ipLen = IPV6_LEN;
    ip = parseIPv6Legacy(addr);
  }
  const { n, i, ok } = dtoi(maskText);
  if (!ip || !ok || i !== maskText.length || n < 0 || n > 8 * ipLen) return undefined;
  const mask = cidrMask(n, 8 * ipLen);
  return { ip, net: { ip: maskIP(ip, mask)!, mask } };
}

/** Go's `networkNumberAndMask`: the network as 4 bytes when it is IPv4, with a mask of the same length. */
export function networkNumberAndMask(net: GoIPNet): { ip: GoIP; mask: Uint8Array } | undefined {
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
export function netContains(net: GoIPNet, candidate: GoIP): boolean {
  const nm = networkNumberAndMask(net);
  if (!nm) return false;
  const ip = to4(candidate) ?? candidate;
  if (ip.length !== nm.ip.length) return false;
  for (let i = 0; i < ip.length; i++) if ((nm.ip[i]! & nm.mask[i]!) !== (ip[i]! & nm.mask[i]!)) return false;
  return true;
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

/** `netip.ParsePrefix`: strict; no leading zeros or sign in the length, no IPv6 zone. */
export function netipParsePrefix(s: string): NetipPrefix | undefined {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return undefined;
  const parsed = netipParseAddr(s.slice(0, slash));
  if (!parsed || parsed.zone) return undefined;
  const bitsText = s.slice(slash + 1);
  if (bitsText.length > 1 && (bitsText[0]! < '1' || bitsText[0]! > '9')) return undefined;
  if (!/^[0-9]+$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > (parsed.is4 ? 32 : 128)) return undefined;
  return { addr: parsed.addr, is4: parsed.is4, bits };
}

export function prefixIs4In6(prefix: NetipPrefix): boolean {
  return !prefix.is4 && isV4InV6(prefix.addr);
}

/** The prefix has bits set beyond its length (`10.0.0.1/8`). */
export function prefixHasHostBits(prefix: NetipPrefix): boolean {
  const mask = cidrMask(prefix.bits, prefix.addr.length * 8);
  return prefix.addr.some((b, i) => (b & mask[i]!) !== b);
}

/** `netip.Prefix.String`. */
export function netipPrefixString(prefix: NetipPrefix): string {
  const a = prefix.addr;
  if (prefix.is4) return `${[...a].join('.')}/${prefix.bits}`;
  if (isV4InV6(a)) return `::ffff:${[...a.subarray(12)].join('.')}/${prefix.bits}`;
  return `${formatIPv6(a)}/${prefix.bits}`;
}

/** Why the StrictIPCIDRValidation gate rejects a CIDR that Go's `ParseCIDR` reads, in the order the API server checks. */
export type StrictCidrProblem = 'not-netip' | 'ipv4-mapped' | 'host-bits';

/** `IsValidCIDRForLegacyField`'s strict checks, for a value `parseCIDRSloppy` accepts. */
export function strictCidrProblem(s: string): StrictCidrProblem | undefined {
  const prefix = netipParsePrefix(s);
  if (!prefix) return 'not-netip';
  if (prefixIs4In6(prefix)) return 'ipv4-mapped';
  if (prefixHasHostBits(prefix)) return 'host-bits';
  return undefined;
}
