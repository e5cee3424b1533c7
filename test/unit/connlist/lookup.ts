/** Reading a list of connections back: the port set of a pair of workloads, or of a workload and an address in some range. */
import assert from 'node:assert/strict';
import type { Connection } from '../../../server/src/engine/connlist/connections';
import { parseAddress, parseCidr } from '../../../server/src/engine/net/cidr';
import type { Address } from '../../../server/src/engine/net/cidr';
import type { PortSet } from '../../../server/src/engine/reach/portSets';

/** The addresses a range text (`10.0.0.0/8`, `10.2.0.0-10.255.255.255`) holds, as an interval. */
export function interval(text: string): { family: string; start: bigint; end: bigint } | undefined {
  if (text.includes('-')) {
    const [a, b] = text.split('-').map((t) => parseAddress(t));
    return a && b ? { family: a.family, start: a.value, end: b.value } : undefined;
  }
  const cidr = parseCidr(text);
  if (!cidr) return undefined;
  const size = 1n << BigInt((cidr.family === 'ipv4' ? 32 : 128) - cidr.prefix);
  return { family: cidr.family, start: cidr.network, end: cidr.network + size - 1n };
}

export type Name = string | Address;

export function lookup(list: readonly Connection[]): (from: Name, to: Name) => PortSet | undefined {
  const byPair = new Map<string, PortSet>();
  const external: { from?: string; to?: string; range: ReturnType<typeof interval>; ports: PortSet }[] = [];
  for (const c of list) {
    const fromRange = interval(c.from);
    const toRange = interval(c.to);
    if (fromRange) external.push({ to: c.to, range: fromRange, ports: c.ports });
    else if (toRange) external.push({ from: c.from, range: toRange, ports: c.ports });
    else byPair.set(`${c.from}>${c.to}`, c.ports);
  }
  const inRange = (r: ReturnType<typeof interval>, a: Address) => !!r && r.family === a.family && r.start <= a.value && a.value <= r.end;
  return (from, to) => {
    if (typeof from === 'string' && typeof to === 'string') return byPair.get(`${from}>${to}`);
    const found = external.filter((e) => (typeof from === 'string' ? e.from === from && inRange(e.range, to as Address) : e.to === to && inRange(e.range, from)));
    assert.ok(found.length <= 1, `ranges of one pair overlap: ${JSON.stringify(found.map((f) => [f.from, f.to]))}`);
    return found[0]?.ports;
  };
}

