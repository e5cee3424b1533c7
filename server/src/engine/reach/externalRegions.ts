import * as l10n from '../l10n/t';
import { addressString, bitsOf, parseCidr } from '../net/cidr';
import type { Family } from '../net/cidr';
import type { Workspace } from './workspace';

/**
 * The outside world as the policies divide it: every `ipBlock.cidr` and `except` is a boundary, and the
 * addresses between the same boundaries are treated alike by every policy. Each region is one endpoint of
 * the picture, stood for by one address inside it (so the engine evaluates it like any outside address):
 * `10.0.0.0/8 except 10.1.0.0/16`, `10.1.0.0/16`, and the internet (the addresses in no block).
 */

export interface ExternalRegion {
  /** An address in the region (and in no narrower block): the endpoint's key. */
  readonly address: string;
  /** `the internet`, `10.0.0.0/8`, `10.0.0.0/8 except 10.1.0.0/16` */
  readonly name: string;
}

interface Block {
  readonly family: Family;
  readonly start: bigint;
  readonly end: bigint;
  readonly text: string;
  readonly children: Block[];
}

function fromBigInt(value: bigint, family: Family): string {
  return addressString({ family, value });
}

function blockOf(text: string): Block | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return undefined;
  const size = 1n << BigInt(bitsOf(cidr.family) - cidr.prefix);
  const start = (cidr.network / size) * size;
  return { family: cidr.family, start, end: start + size - 1n, text: `${fromBigInt(start, cidr.family)}/${cidr.prefix}`, children: [] };
}

/** The first address of `[block.start, block.end]` in none of its children, preferring a well-known public one. */
function representative(block: Block, preferred: readonly string[]): bigint | undefined {
  const inChild = (a: bigint) => block.children.some((c) => c.start <= a && a <= c.end);
  for (const text of preferred) {
    const b = blockOf(`${text}/${block.family === 'ipv4' ? 32 : 128}`);
    if (b && b.family === block.family && block.start <= b.start && b.start <= block.end && !inChild(b.start)) return b.start;
  }
  let at = block.start;
  for (const child of [...block.children].sort((a, b) => (a.start < b.start ? -1 : 1))) {
    if (child.start > at) return at;
    if (child.end >= at) at = child.end + 1n;
  }
  return at <= block.end ? at : undefined;
}

const PUBLIC: Record<'ipv4' | 'ipv6', readonly string[]> = { ipv4: ['8.8.8.8', '1.1.1.1'], ipv6: ['2001:4860:4860::8888'] };

/** At most this many regions are drawn; a note says when there were more. */
export const MAX_REGIONS = 40;

/** The `cidr` and `except` texts of every ipBlock of the workspace's policies. */
export function ipBlockTexts(ws: Workspace): string[] {
  const texts = new Set<string>();
  for (const policy of ws.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers) {
        if (!peer.peer.ipBlock) continue;
        texts.add(peer.peer.ipBlock.cidr);
        for (const e of peer.peer.ipBlock.except ?? []) texts.add(e);
      }
    }
  }
  // ClusterNetworkPolicy `networks` cut the outside world too.
  for (const policy of ws.clusterPolicies) {
    for (const rule of policy.egress) for (const peer of rule.rule.peers) for (const network of peer.networks ?? []) texts.add(network.trim());
  }
  return [...texts];
}

/**
 * The regions the workspace's ipBlocks (and ClusterNetworkPolicy networks) cut the address space into, most general first. The IPv4 internet is
 * always one (a rule without peers admits it); IPv6 regions appear when some block is IPv6.
 */
export function externalRegions(ws: Workspace): { regions: ExternalRegion[]; dropped: number } {
  const texts = ipBlockTexts(ws);
  const blocks = new Map<string, Block>();
  for (const text of texts) {
    const block = blockOf(text);
    if (block && !blocks.has(block.text)) blocks.set(block.text, block);
  }
  const regions: ExternalRegion[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    const mine = [...blocks.values()].filter((b) => b.family === family).sort((a, b) => (b.end - b.start > a.end - a.start ? 1 : b.end - b.start < a.end - a.start ? -1 : 0));
    if (family === 'ipv6' && mine.length === 0) continue;
    const rootText = family === 'ipv4' ? '0.0.0.0/0' : '::/0';
    const root = blocks.get(rootText) ?? { ...blockOf(rootText)!, children: [] };
    const tree = [root];
    for (const block of mine) {
      if (block === root) continue;
      // Largest first: the narrowest block already placed that holds this one is its parent.
      let parent = root;
      for (const candidate of tree) if (candidate.start <= block.start && block.end <= candidate.end && candidate.end - candidate.start < parent.end - parent.start) parent = candidate;
      parent.children.push(block);
      tree.push(block);
    }
    for (const block of tree) {
      const at = representative(block, PUBLIC[family]);
      if (at === undefined) continue;
      const except = block.children.map((c) => c.text);
      const internet = family === 'ipv6' ? l10n.t('the internet (IPv6)') : l10n.t('the internet');
      const name =
        block === root
          ? except.length > 0
            ? l10n.t('{0} (outside {1})', internet, except.join(', '))
            : internet
          : except.length > 0
            ? l10n.t('{0} except {1}', block.text, except.join(', '))
            : block.text;
      regions.push({ address: fromBigInt(at, family), name });
    }
  }
  return { regions: regions.slice(0, MAX_REGIONS), dropped: Math.max(0, regions.length - MAX_REGIONS) };
}
