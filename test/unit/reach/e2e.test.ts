/**
 * The engine against the upstream e2e suite's truth tables (test/fixtures/reach/e2e/<case>/): each case's
 * policies beside the suite's cluster (topology.yaml), and the expectations transcribed from
 * kubernetes/kubernetes test/e2e/network/netpol/network_policy.go, applied the way its Reachability does.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { DEFAULT_SETTINGS } from '../../../server/src/engine';
import { buildWorkspace, computeMatrix } from '../../../server/src/engine/reach';

const ROOT = path.join(__dirname, '..', '..', 'fixtures', 'reach', 'e2e');
const topology = readFileSync(path.join(ROOT, 'topology.yaml'), 'utf8');

interface Expectation {
  from: string;
  to: string;
  allowed: boolean;
}
interface Expected {
  pods: string[];
  probes: { port: string; expect: Expectation[] }[];
}

function matches(pattern: string, pod: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('/*')) return pod.startsWith(pattern.slice(0, -1));
  return pattern === pod;
}

/** `.` allowed, `X` denied, one row per source: the layout the suite prints. */
function table(pods: string[], allowed: (from: string, to: string) => boolean): string {
  const rows = [['-', ...pods].join('\t')];
  for (const from of pods) rows.push([from, ...pods.map((to) => (allowed(from, to) ? '.' : 'X'))].join('\t'));
  return rows.join('\n');
}

describe('upstream e2e truth tables', () => {
  for (const name of readdirSync(ROOT).filter((n) => !n.endsWith('.yaml')).sort()) {
    it(name, () => {
      const expected = parse(readFileSync(path.join(ROOT, name, 'expected.yaml'), 'utf8')) as Expected;
      const policies = readFileSync(path.join(ROOT, name, 'policies.yaml'), 'utf8');
      const ws = buildWorkspace(
        [
          { uri: 'topology.yaml', text: topology },
          { uri: 'policies.yaml', text: policies },
        ],
        DEFAULT_SETTINGS,
      );
      assert.ok(ws.policies.length > 0, 'the case has policies');
      const queries = expected.probes.map((p) => {
        const [port, protocol] = p.port.split('/');
        return { port: Number(port), protocol: protocol! };
      });
      const matrix = computeMatrix(ws, queries);
      const index = new Map(ws.endpoints.map((e) => [e.key, e.id]));
      const n = ws.endpoints.length;
      expected.probes.forEach((probe, q) => {
        const want = new Map<string, boolean>();
        for (const from of expected.pods) for (const to of expected.pods) want.set(`${from}>${to}`, true);
        for (const e of probe.expect) {
          for (const from of expected.pods) for (const to of expected.pods) if (matches(e.from, from) && matches(e.to, to)) want.set(`${from}>${to}`, e.allowed);
        }
        const got = (from: string, to: string) => matrix.allowed[q]![index.get(from)! * n + index.get(to)!] === 1;
        assert.equal(
          table(expected.pods, got),
          table(expected.pods, (from, to) => want.get(`${from}>${to}`)!),
          `port ${probe.port}`,
        );
      });
    });
  }
});
