import { addressString, bitsOf, parseCidr } from '../net/cidr';
import type { Family } from '../net/cidr';

/**
 * The outside world cut where the policies' ipBlocks draw lines: every `cidr` and `except` starts a range
 * at its first address and ends one at its last, so that every address of a range is in the same blocks
 * and every policy treats it alike. Unlike `externalRegions` (the picture's regions, named by the blocks
 * that hold them), a range here is one interval of addresses, written as a CIDR when it is one.
 */

export interface AddressRange {
  readonly family: Family;
  readonly start: bigint;
  /** Inclusive. */
  readonly end: bigint;
}


function familyEnd(family: Family): bigint {
  return (1n << BigInt(bitsOf(family))) - 1n;
}

/**
 * The ranges the blocks cut each family into, in address order. Both families are always there: a rule
 * without peers admits IPv6 addresses too, and `0.0.0.0/0` does not, so leaving IPv6 out where no block
 * names it would hide connections a dual-stack cluster has (and their loss in a diff). Texts that do not
 * parse are ignored: they match nothing (validation reports them).
 */
export function addressRanges(blockTexts: Iterable<string>): AddressRange[] {
  const cuts: Record<Family, Set<bigint>> = { ipv4: new Set([0n]), ipv6: new Set([0n]) };
  for (const text of blockTexts) {
    const cidr = parseCidr(text);
    if (!cidr) continue;
    const size = 1n << BigInt(bitsOf(cidr.family) - cidr.prefix);
    const start = (cidr.network / size) * size;
    cuts[cidr.family].add(start);
    if (start + size <= familyEnd(cidr.family)) cuts[cidr.family].add(start + size);
  }
  const out: AddressRange[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    const starts = [...cuts[family]].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    starts.forEach((start, i) => out.push({ family, start, end: i + 1 < starts.length ? starts[i + 1]! - 1n : familyEnd(family) }));
  }
  return out;
}

/** The prefix length when the range is exactly one CIDR block, else undefined. */
function prefixOf(range: AddressRange): number | undefined {
  const size = range.end - range.start + 1n;
  if ((size & (size - 1n)) !== 0n || range.start % size !== 0n) return undefined;
  let bits = 0;
  while (1n << BigInt(bits) < size) bits++;
  return bitsOf(range.family) - bits;
}

/** `10.0.0.0/8`, or `10.2.0.0-10.255.255.255` when the range is no single CIDR block. */
export function rangeText(range: AddressRange): string {
  const first = addressString({ family: range.family, value: range.start });
  const prefix = prefixOf(range);
  if (prefix !== undefined) return `${first}/${prefix}`;
  return `${first}-${addressString({ family: range.family, value: range.end })}`;
}

/** Does the range hold this address? */
export function rangeHolds(range: AddressRange, family: Family, value: bigint): boolean {
  return range.family === family && range.start <= value && value <= range.end;
}

/** The first address of the range, the address the engine evaluates it at. */
export function rangeAddress(range: AddressRange): string {
  return addressString({ family: range.family, value: range.start });
}
