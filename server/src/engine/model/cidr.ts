import ipaddr from 'ipaddr.js';

/** A parsed CIDR: its family, network address as a bigint and prefix length, for set arithmetic. */
export interface Cidr {
  readonly text: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly network: bigint;
  readonly prefix: number;
}

function bitsOf(family: 'ipv4' | 'ipv6'): number {
  return family === 'ipv4' ? 32 : 128;
}

function toBigInt(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

const parsed = new Map<string, Cidr | undefined>();

/**
 * Parses `10.0.0.0/8` or `fd00::/8`; undefined for anything the API server would reject (NP1xx reports
 * those). Remembered per text: DNS and cluster checks compare every policy with every other, and
 * ipaddr.js's generic parser tries IPv6 first and throws for every IPv4 text.
 */
export function parseCidr(text: string): Cidr | undefined {
  if (parsed.has(text)) return parsed.get(text);
  const result = parseCidrUncached(text);
  if (parsed.size > 10_000) parsed.clear();
  parsed.set(text, result);
  return result;
}

function parseCidrUncached(text: string): Cidr | undefined {
  try {
    const [address, prefix] = text.includes(':') ? ipaddr.IPv6.parseCIDR(text) : ipaddr.IPv4.parseCIDR(text);
    const family = address.kind();
    const bits = bitsOf(family);
    const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
    return { text, family, network: toBigInt(address) & mask, prefix };
  } catch {
    return undefined;
  }
}

/** Is every address of `inner` in `outer`? */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  const shift = BigInt(bitsOf(outer.family) - outer.prefix);
  return inner.network >> shift === outer.network >> shift;
}

/** Two CIDRs either nest or are disjoint: they overlap when one contains the other. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

export function addressInCidr(address: string, cidr: string): boolean {
  const block = parseCidr(cidr);
  const host = parseCidr(`${address}/${address.includes(':') ? 128 : 32}`);
  return !!block && !!host && cidrContains(block, host);
}

/** The whole address space of a family: `0.0.0.0/0` or `::/0`. */
export function isWholeAddressSpace(cidr: string): boolean {
  return parseCidr(cidr)?.prefix === 0;
}

/** A single address: /32 for IPv4, /128 for IPv6. */
export function isHostCidr(cidr: Cidr): boolean {
  return cidr.prefix === bitsOf(cidr.family);
}

/** RFC 1918 private ranges: the article's "keep cluster traffic" rule allows these. */
export const PRIVATE_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
