/**
 * The API server's CIDR validation and warnings (apimachinery pkg/util/validation/ip.go), with its
 * messages, over the parsers of `../net` (the same ones the model and reachability use).
 */
import { goIPString, ipEqual } from '../net/ip';
import type { StrictCidrProblem } from '../net/prefix';
import { goIPNetString, maskSize, netContains, netipParsePrefix, netipPrefixString, parseCIDRSloppy, prefixIs4In6, strictCidrProblem } from '../net/prefix';

export const CIDR_INVALID = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
export const CIDR_LEADING_ZEROS = 'must not have leading 0s in IP or prefix length';
export const CIDR_IPV4_MAPPED = 'must not have an IPv4-mapped IPv6 address';
export const CIDR_HOST_BITS = 'must not have bits set beyond the prefix length';

const STRICT_MESSAGES: Record<StrictCidrProblem, string> = {
  'not-netip': CIDR_LEADING_ZEROS,
  'ipv4-mapped': CIDR_IPV4_MAPPED,
  'host-bits': CIDR_HOST_BITS,
};

/**
 * `IsValidCIDRForLegacyField` (apimachinery pkg/util/validation/ip.go): at most one message; the
 * strict ones only while the StrictIPCIDRValidation gate is on.
 */
export function validateLegacyCIDR(value: string, strict: boolean): string | undefined {
  if (!parseCIDRSloppy(value)) return CIDR_INVALID;
  if (!strict) return undefined;
  const problem = strictCidrProblem(value);
  return problem && STRICT_MESSAGES[problem];
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
