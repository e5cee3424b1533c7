import ipaddr from 'ipaddr.js';
import type { IPBlock } from 'kubernetes-types/networking/v1';

export type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/**
 * IPv4 octets with leading zeros are decimal for Kubernetes (netutils.ParseIPSloppy keeps the legacy
 * reading) but octal for ipaddr.js, so they are rewritten before parsing.
 */
function sloppyIPv4(text: string): string {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) ? text.split('.').map((octet) => String(parseInt(octet, 10))).join('.') : text;
}

/** An address, IPv4-mapped IPv6 seen as IPv4; undefined when it is not an address. */
export function parseAddress(text: string): Address | undefined {
  try {
    return ipaddr.process(sloppyIPv4(text.trim()));
  } catch {
    return undefined;
  }
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const cidr = `${sloppyIPv4(text.slice(0, slash).trim())}${text.slice(slash).trim()}`;
  try {
    // ipaddr.parseCIDR tries IPv6 first and catches its throw for every IPv4 block; a ':' decides the same.
    const [address, prefix] = cidr.includes(':') ? ipaddr.IPv6.parseCIDR(cidr) : ipaddr.IPv4.parseCIDR(cidr);
    return [address, prefix];
  } catch {
    return undefined;
  }
}

function inCidr(address: Address, cidr: Cidr): boolean {
  return address.kind() === cidr[0].kind() && address.match(cidr);
}

/** A compiled ipBlock: `cidr` minus each `except`. An unparsable cidr matches nothing. */
export class AddressBlock {
  private readonly cidr: Cidr | undefined;
  private readonly except: readonly Cidr[];

  constructor(readonly block: IPBlock) {
    this.cidr = parseCidr(block.cidr);
    this.except = (block.except ?? []).map(parseCidr).filter((c): c is Cidr => c !== undefined);
  }

  /** The whole address space of a family with no exceptions: matches any address of that family. */
  get isEverything(): boolean {
    return this.cidr !== undefined && this.cidr[1] === 0 && this.except.length === 0;
  }

  contains(address: Address): boolean {
    if (!this.cidr || !inCidr(address, this.cidr)) return false;
    return !this.except.some((e) => inCidr(address, e));
  }
}
