/**
 * CIDRs and addresses as sets of addresses, for the model and reachability: built on the API server's
 * own parse (`parseCIDRSloppy`, `parseIPSloppy`), so that what validation accepts and what the model
 * computes with are one reading. `010.0.0.0/8` is 10.0.0.0/8 here as it is for the API server (never
 * octal), `10.0.0.1/8` is its network 10.0.0.0/8, and an IPv4-mapped network (`::ffff:10.0.0.0/104`) is
 * the IPv4 network Go's `IPNet.Contains` and `String` make of it (10.0.0.0/8).
 *
 * The meaning does not depend on the Kubernetes version: 1.36's strict validation accepts fewer
 * texts (reported by NP103), never reads an accepted one differently. `parseCidrFor` also leaves out
 * what the selected version rejects.
 */
import type { KubernetesVersion } from '../validation/kubernetesVersion';
import { featuresOf } from '../validation/kubernetesVersion';
import type { GoIP } from './ip';
import { goIPString, parseIPSloppy, to4 } from './ip';
import { maskSize, networkNumberAndMask, parseCIDRSloppy, strictCidrProblem } from './prefix';

export type Family = 'ipv4' | 'ipv6';

/** A parsed CIDR: its family, network address as a bigint and prefix length, for set arithmetic. */
export interface Cidr {
  readonly text: string;
  readonly family: Family;
  readonly network: bigint;
  readonly prefix: number;
}

/** One address; IPv4-mapped IPv6 is IPv4, as Go's `To4` makes it. */
export interface Address {
  readonly family: Family;
  readonly value: bigint;
}

export function bitsOf(family: Family): number {
  return family === 'ipv4' ? 32 : 128;
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

const parsed = new Map<string, Cidr | undefined>();

/**
 * Parses `10.0.0.0/8` or `fd00::/8`; undefined for anything no supported API server accepts (NP103
 * reports those). Remembered per text: DNS and cluster checks compare every policy with every other.
 */
export function parseCidr(text: string): Cidr | undefined {
  if (parsed.has(text)) return parsed.get(text);
  const result = parseCidrUncached(text);
  if (parsed.size > 10_000) parsed.clear();
  parsed.set(text, result);
  return result;
}

/**
 * As `parseCidr`, for the API server of `version`: undefined also for what only that version rejects
 * (from 1.36, StrictIPCIDRValidation: leading zeros, IPv4-mapped addresses, host bits), so that rules
 * judging a value stay quiet where NP103 reports it.
 */
export function parseCidrFor(text: string, version: KubernetesVersion): Cidr | undefined {
  const cidr = parseCidr(text);
  if (!cidr || !featuresOf(version).strictCIDR) return cidr;
  return strictCidrProblem(text) === undefined ? cidr : undefined;
}

function parseCidrUncached(text: string): Cidr | undefined {
  const goParsed = parseCIDRSloppy(text);
  const nm = goParsed && networkNumberAndMask(goParsed.net);
  if (!nm) return undefined;
  return { text, family: nm.ip.length === 4 ? 'ipv4' : 'ipv6', network: toBigInt(nm.ip), prefix: maskSize(nm.mask)[0] };
}

function addressOf(ip: GoIP): Address {
  const v4 = to4(ip);
  return v4 ? { family: 'ipv4', value: toBigInt(v4) } : { family: 'ipv6', value: toBigInt(ip) };
}

/** An address as the API server reads one (`netutils.ParseIPSloppy`), surrounding blanks ignored. */
export function parseAddress(text: string): Address | undefined {
  const ip = parseIPSloppy(text.trim());
  return ip && addressOf(ip);
}

/** Go's `IP.String` of an address: `10.0.0.1`, `2001:db8::1`. */
export function addressString(address: Address): string {
  const bytes = new Uint8Array(bitsOf(address.family) / 8);
  let v = address.value;
  for (let i = bytes.length - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return goIPString(bytes);
}

export function sameAddress(a: Address, b: Address): boolean {
  return a.family === b.family && a.value === b.value;
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

export function cidrHoldsAddress(cidr: Cidr, address: Address): boolean {
  if (cidr.family !== address.family) return false;
  const shift = BigInt(bitsOf(cidr.family) - cidr.prefix);
  return address.value >> shift === cidr.network >> shift;
}

/** Is the address (text) in the CIDR (text)? False when either does not parse. */
export function addressInCidr(address: string, cidr: string): boolean {
  const block = parseCidr(cidr);
  const host = parseAddress(address);
  return !!block && !!host && cidrHoldsAddress(block, host);
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
