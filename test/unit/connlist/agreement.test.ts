/**
 * connlist against matrix and the upstream truth tables: at every probe port (each port a policy or a
 * container names, and its neighbours, so range ends are probed) and at the first, middle and last
 * address of every outside range, the connection sets say what the per-port evaluator says.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { DEFAULT_SETTINGS } from '../../../server/src/engine';
import { connections, connectionTable } from '../../../server/src/engine/connlist/connections';
import type { ConnectionTable } from '../../../server/src/engine/connlist/connections';
import { computeMatrix, defaultPortQueries, workspaceOptions, Workspace } from '../../../server/src/engine/reach';
import type { FileManifests, PortQuery } from '../../../server/src/engine/reach';
import { portSetHas } from '../../../server/src/engine/reach/portSets';
import { addressString } from '../../../server/src/engine/net/cidr';
import { lookup } from './lookup';
import type { Name } from './lookup';
import { loadFiles } from '../../../server/src/cli/workspace';

const ROOT = path.join(__dirname, '..', '..', 'fixtures');
const OPTIONS = workspaceOptions(DEFAULT_SETTINGS);

function probeAddresses(table: ConnectionTable): string[] {
  const out = new Set<string>();
  for (const r of table.ranges) for (const value of [r.start, (r.start + r.end) / 2n, r.end]) out.add(addressString({ family: r.family, value }));
  return [...out];
}

function probePorts(ws: Workspace): PortQuery[] {
  const out = new Map<string, PortQuery>();
  for (const q of defaultPortQueries(ws)) {
    for (const port of [q.port - 1, q.port, q.port + 1]) if (port >= 1 && port <= 65535) out.set(`${port}/${q.protocol}`, { port, protocol: q.protocol });
  }
  for (const protocol of ['TCP', 'UDP', 'SCTP']) for (const port of [1, 65535]) out.set(`${port}/${protocol}`, { port, protocol });
  return [...out.values()];
}

/** Compares every probe; returns how many were compared. */
function agree(files: readonly FileManifests[], label: string): number {
  const table = connectionTable(files, OPTIONS);
  const get = lookup(connections(table));
  const ws = new Workspace(files, { ...OPTIONS, externalAddresses: probeAddresses(table) });
  const queries = probePorts(ws);
  const matrix = computeMatrix(ws, queries);
  const n = ws.endpoints.length;
  const nameOf = new Map<number, Name>();
  for (const w of table.workloads) for (const m of w.members) nameOf.set(m, w.name);
  for (const e of ws.endpoints) if (e.external) nameOf.set(e.id, e.addresses[0]!);
  const wrong: string[] = [];
  let compared = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const from = nameOf.get(a)!;
      const to = nameOf.get(b)!;
      if (from === to || (typeof from !== 'string' && typeof to !== 'string')) continue;
      const set = get(from, to);
      queries.forEach((q, qi) => {
        compared++;
        const want = matrix.allowed[qi]![a * n + b] === 1;
        const got = set !== undefined && portSetHas(set, q);
        if (want !== got) wrong.push(`${ws.endpoints[a]!.key} -> ${ws.endpoints[b]!.key} ${q.port}/${q.protocol}: matrix ${want}, connlist ${got}`);
      });
    }
  }
  assert.deepEqual(wrong.slice(0, 10), [], `${label}: ${wrong.length} disagreements`);
  return compared;
}

describe('connlist agrees with matrix at every probe', () => {
  const corpora = [
    ...readdirSync(path.join(ROOT, 'realworld'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(ROOT, 'realworld', d.name)),
    path.join(__dirname, '..', '..', 'e2e', 'fixtures', 'workspace'),
  ];
  for (const dir of corpora) {
    it(path.basename(dir), async () => {
      const loaded = await loadFiles([dir], DEFAULT_SETTINGS);
      agree(loaded.files, dir);
    });
  }
  it('the seed, with and without the private-ranges rule', async () => {
    for (const policy of ['deny-external-egress.yaml', 'private-ranges-rule.yaml']) {
      const loaded = await loadFiles([path.join(ROOT, 'reach', 'seed', 'workloads.yaml'), path.join(ROOT, 'reach', 'seed', policy)], DEFAULT_SETTINGS);
      assert.ok(agree(loaded.files, policy) > 100);
    }
  });
  it('the upstream e2e cases (pods with addresses, ipBlocks with except, named ports, SCTP)', async () => {
    const e2e = path.join(ROOT, 'reach', 'e2e');
    for (const name of readdirSync(e2e).filter((n) => !n.endsWith('.yaml'))) {
      const loaded = await loadFiles([path.join(e2e, 'topology.yaml'), path.join(e2e, name, 'policies.yaml')], DEFAULT_SETTINGS);
      assert.ok(agree(loaded.files, name) > 1000);
    }
  });
});

describe('connlist against the upstream e2e truth tables', () => {
  const e2e = path.join(ROOT, 'reach', 'e2e');
  for (const name of readdirSync(e2e).filter((n) => !n.endsWith('.yaml')).sort()) {
    it(name, async () => {
      const expected = parse(readFileSync(path.join(e2e, name, 'expected.yaml'), 'utf8')) as {
        pods: string[];
        probes: { port: string; expect: { from: string; to: string; allowed: boolean }[] }[];
      };
      const loaded = await loadFiles([path.join(e2e, 'topology.yaml'), path.join(e2e, name, 'policies.yaml')], DEFAULT_SETTINGS);
      const get = lookup(connections(connectionTable(loaded.files, OPTIONS)));
      const matches = (pattern: string, pod: string) => pattern === '*' || (pattern.endsWith('/*') ? pod.startsWith(pattern.slice(0, -1)) : pattern === pod);
      for (const probe of expected.probes) {
        const [port, protocol] = probe.port.split('/');
        const q = { port: Number(port), protocol: protocol! };
        for (const from of expected.pods) {
          for (const to of expected.pods) {
            if (from === to) continue; // connlist leaves self-pairs out
            let want = true;
            for (const e of probe.expect) if (matches(e.from, from) && matches(e.to, to)) want = e.allowed;
            const set = get(from, to);
            assert.equal(set !== undefined && portSetHas(set, q), want, `${from} -> ${to} on ${probe.port}`);
          }
        }
      }
    });
  }
});
