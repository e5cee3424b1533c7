/**
 * ClusterNetworkPolicy reachability against the network-policy-api conformance suite (held in): each
 * subtest's probes transcribed from kubernetes-sigs/network-policy-api conformance/tests/<file>.go, with
 * the suite's manifests (test/fixtures/reach/cnp-conformance/, verbatim) and the test's own edits of the
 * policies (rule swaps, action and priority changes, a NetworkPolicy deleted), kept from one subtest to
 * the next as the suite keeps them. Pods `name-0`/`name-1` are one StatefulSet: one workload here.
 * Each probe is asked of `reach`, of the matrix and of the pair's port set (connlist): all three agree.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments, stringify } from 'yaml';
import { DEFAULT_SETTINGS } from '../../../server/src/engine';
import { buildWorkspace, computeMatrix, reach } from '../../../server/src/engine/reach';
import { pairPorts, portSetHas } from '../../../server/src/engine/reach/portSets';

const ROOT = path.join(__dirname, '..', '..', 'fixtures', 'reach', 'cnp-conformance');
const topology = readFileSync(path.join(ROOT, 'manifests.yaml'), 'utf8');

type Doc = { kind: string; metadata: { name: string }; spec: Record<string, unknown> & { ingress?: unknown[]; egress?: unknown[] } };
/** [client namespace house, client, server house, server, port/PROTO, allowed] */
type Probe = readonly [string, string, string, string, string, boolean];
interface Step {
  readonly name: string;
  readonly edit?: (docs: Doc[]) => Doc[];
  readonly probes: readonly Probe[];
}
interface Case {
  readonly go: string;
  readonly manifest: string;
  readonly steps: readonly Step[];
}

const swap = (list: unknown[] | undefined, a: number, b: number) => {
  const t = list![a];
  list![a] = list![b];
  list![b] = t;
};
const byName = (docs: Doc[], name: string) => docs.find((d) => d.metadata.name === name)!;
const H = 'gryffindor';
const S = 'slytherin';
const U = 'hufflepuff';
const R = 'ravenclaw';
const HP = 'harry-potter';
const DM = 'draco-malfoy';
const CD = 'cedric-diggory';
const LL = 'luna-lovegood';

const CASES: readonly Case[] = [
  {
    go: 'admin-network-policy-standard-integration.go',
    manifest: 'api_integration-standard-anp-np-banp.yaml',
    steps: [
      { name: 'Should Deny traffic from slytherin to gryffindor respecting admin CNP', probes: [[S, DM, H, HP, '80/TCP', false], [S, DM, H, HP, '8080/TCP', false]] },
      { name: 'Should Deny traffic to slytherin from gryffindor respecting admin CNP', probes: [[H, HP, S, DM, '80/TCP', false], [H, HP, S, DM, '8080/TCP', false]] },
      {
        name: "Should support a 'pass-ingress' policy for admin CNP and respect the match for network policy",
        edit: (docs) => ((byName(docs, 'pass-example').spec.ingress![0] as { action: string }).action = 'Pass', docs),
        probes: [[S, DM, H, HP, '80/TCP', true], [S, DM, H, HP, '8080/TCP', true]],
      },
      {
        name: "Should support a 'pass-egress' policy for admin CNP and respect the match for network policy",
        edit: (docs) => ((byName(docs, 'pass-example').spec.egress![0] as { action: string }).action = 'Pass', docs),
        probes: [[H, HP, S, DM, '80/TCP', true], [H, HP, S, DM, '8080/TCP', true]],
      },
      {
        name: "Should support a 'pass-ingress' policy for admin CNP and respect the match for baseline cluster network policy",
        edit: (docs) => docs.filter((d) => d.kind !== 'NetworkPolicy'),
        probes: [[S, DM, H, HP, '80/TCP', false], [S, DM, H, HP, '8080/TCP', false]],
      },
      { name: "Should support a 'pass-egress' policy for admin CNP and respect the match for baseline cluster network policy", probes: [[H, HP, S, DM, '80/TCP', false], [H, HP, S, DM, '8080/TCP', false]] },
    ],
  },
  {
    go: 'admin-network-policy-standard-priority.go',
    manifest: 'admin_tier-standard-priority-field.yaml',
    steps: [
      { name: 'Should Deny traffic from slytherin to gryffindor respecting admin CNP', probes: [[S, DM, H, HP, '80/TCP', false], [S, DM, H, HP, '8080/TCP', false]] },
      { name: 'Should Deny traffic to slytherin from gryffindor respecting admin CNP', probes: [[H, HP, S, DM, '80/TCP', false], [H, HP, S, DM, '8080/TCP', false]] },
      {
        name: 'Should respect admin CNP priority field; thus passing both ingress and egress traffic over to baseline CNP',
        edit: (docs) => ((byName(docs, 'old-priority-60-new-priority-40-example').spec.priority = 40), docs),
        probes: [[S, DM, H, HP, '80/TCP', true], [S, DM, H, HP, '8080/TCP', true], [H, HP, S, DM, '80/TCP', true], [H, HP, S, DM, '8080/TCP', true]],
      },
    ],
  },
  {
    go: 'admin-network-policy-standard-egress-tcp-rules.go',
    manifest: 'admin_tier-standard-egress-tcp-rules.yaml',
    steps: [
      { name: "Should support an 'allow-egress' policy for TCP protocol; ensure rule ordering is respected", probes: [[H, HP, R, LL, '80/TCP', true], [H, HP, R, LL, '8080/TCP', true]] },
      { name: "Should support an 'allow-egress' policy for TCP protocol at the specified port", probes: [[H, HP, U, CD, '8080/TCP', true], [H, HP, U, CD, '80/TCP', false]] },
      {
        name: "Should support an 'deny-egress' policy for TCP protocol; ensure rule ordering is respected",
        edit: (docs) => (swap(docs[0]!.spec.egress, 0, 1), docs),
        probes: [[H, HP, R, LL, '80/TCP', false], [H, HP, R, LL, '8080/TCP', false]],
      },
      { name: "Should support a 'deny-egress' policy for TCP protocol at the specified port", probes: [[H, HP, S, DM, '80/TCP', false], [H, HP, S, DM, '8080/TCP', true]] },
      {
        name: "Should support an 'pass-egress' policy for TCP protocol; ensure rule ordering is respected",
        edit: (docs) => (swap(docs[0]!.spec.egress, 0, 2), docs),
        probes: [[H, HP, R, LL, '80/TCP', true], [H, HP, R, LL, '8080/TCP', true]],
      },
      {
        name: "Should support a 'pass-egress' policy for TCP protocol at the specified port",
        edit: (docs) => (swap(docs[0]!.spec.egress, 3, 4), docs),
        probes: [[H, HP, S, DM, '80/TCP', true], [H, HP, S, DM, '8080/TCP', true]],
      },
    ],
  },
  {
    go: 'admin-network-policy-standard-ingress-udp-rules.go',
    manifest: 'admin_tier-standard-ingress-udp-rules.yaml',
    steps: [
      { name: "Should support an 'allow-ingress' policy for UDP protocol; ensure rule ordering is respected", probes: [[R, LL, U, CD, '53/UDP', true], [R, LL, U, CD, '5353/UDP', true]] },
      { name: "Should support an 'allow-ingress' policy for UDP protocol at the specified port", probes: [[H, HP, U, CD, '53/UDP', true], [H, HP, U, CD, '5353/UDP', false]] },
      {
        name: "Should support an 'deny-ingress' policy for UDP protocol; ensure rule ordering is respected",
        edit: (docs) => (swap(docs[0]!.spec.ingress, 0, 1), docs),
        probes: [[R, LL, U, CD, '53/UDP', false], [R, LL, U, CD, '5353/UDP', false]],
      },
      { name: "Should support a 'deny-ingress' policy for UDP protocol at the specified port", probes: [[S, DM, U, CD, '5353/UDP', false], [S, DM, U, CD, '53/UDP', true]] },
      {
        name: "Should support an 'pass-ingress' policy for UDP protocol; ensure rule ordering is respected",
        edit: (docs) => (swap(docs[0]!.spec.ingress, 0, 2), docs),
        probes: [[R, LL, U, CD, '5353/UDP', true], [R, LL, U, CD, '53/UDP', true]],
      },
      {
        name: "Should support a 'pass-ingress' policy for UDP protocol at the specified port",
        edit: (docs) => (swap(docs[0]!.spec.ingress, 3, 4), docs),
        probes: [[S, DM, U, CD, '5353/UDP', true], [S, DM, U, CD, '53/UDP', true]],
      },
    ],
  },
  {
    go: 'baseline-admin-network-policy-standard-egress-tcp-rules.go',
    manifest: 'baseline_tier-standard-egress-tcp-rules.yaml',
    steps: [
      { name: "Should support an 'allow-egress' policy for TCP protocol; ensure rule ordering is respected", probes: [[H, HP, R, LL, '80/TCP', true], [H, HP, R, LL, '8080/TCP', true]] },
      { name: "Should support an 'allow-egress' policy for TCP protocol at the specified port", probes: [[H, HP, U, CD, '8080/TCP', true], [H, HP, U, CD, '80/TCP', false]] },
      {
        name: "Should support an 'deny-egress' policy for TCP protocol; ensure rule ordering is respected",
        edit: (docs) => (swap(docs[0]!.spec.egress, 0, 1), docs),
        probes: [[H, HP, R, LL, '80/TCP', false], [H, HP, R, LL, '8080/TCP', false]],
      },
      { name: "Should support a 'deny-egress' policy for TCP protocol at the specified port", probes: [[H, HP, S, DM, '80/TCP', false], [H, HP, S, DM, '8080/TCP', true]] },
    ],
  },
  {
    go: 'admin-network-policy-standard-gress-rules.go',
    manifest: 'admin_tier-standard-gress-rules-combined.yaml',
    steps: [
      {
        name: "Should support an 'allow-gress' policy across different protocols",
        probes: [[H, HP, R, LL, '80/TCP', true], [H, HP, R, LL, '53/UDP', true], [H, HP, R, LL, '9003/SCTP', true], [R, LL, H, HP, '80/TCP', true], [R, LL, H, HP, '53/UDP', true], [R, LL, H, HP, '9003/SCTP', true]],
      },
      {
        name: "Should support an 'allow-gress' policy across different protocols at the specified ports",
        probes: [
          [H, HP, U, CD, '8080/TCP', true], [H, HP, U, CD, '80/TCP', false], [H, HP, U, CD, '5353/UDP', true], [H, HP, U, CD, '53/UDP', false], [H, HP, U, CD, '9003/SCTP', true], [H, HP, U, CD, '9005/SCTP', false],
          [U, CD, H, HP, '80/TCP', true], [U, CD, H, HP, '8080/TCP', false], [U, CD, H, HP, '5353/UDP', true], [U, CD, H, HP, '53/UDP', false], [U, CD, H, HP, '9003/SCTP', true], [U, CD, H, HP, '9005/SCTP', false],
        ],
      },
      {
        name: "Should support an 'deny-gress' policy across different protocols",
        edit: (docs) => (swap(docs[0]!.spec.egress, 0, 1), swap(docs[0]!.spec.ingress, 0, 1), docs),
        probes: [[H, HP, R, LL, '80/TCP', false], [H, HP, R, LL, '53/UDP', false], [H, HP, R, LL, '9003/SCTP', false], [R, LL, H, HP, '80/TCP', false], [R, LL, H, HP, '53/UDP', false], [R, LL, H, HP, '9003/SCTP', false]],
      },
      {
        name: "Should support a 'deny-gress' policy across different protocols at the specified ports",
        probes: [
          [H, HP, S, DM, '80/TCP', false], [H, HP, S, DM, '8080/TCP', true], [H, HP, S, DM, '53/UDP', false], [H, HP, S, DM, '5353/UDP', true], [H, HP, S, DM, '9003/SCTP', false], [H, HP, S, DM, '9005/SCTP', true],
          [S, DM, H, HP, '80/TCP', false], [S, DM, H, HP, '8080/TCP', true], [S, DM, H, HP, '53/UDP', false], [S, DM, H, HP, '5353/UDP', true], [S, DM, H, HP, '9003/SCTP', false], [S, DM, H, HP, '9005/SCTP', true],
        ],
      },
      {
        name: "Should support an 'pass-gress' policy across different protocols",
        edit: (docs) => (swap(docs[0]!.spec.egress, 0, 2), swap(docs[0]!.spec.ingress, 0, 2), docs),
        probes: [[H, HP, R, LL, '80/TCP', true], [H, HP, R, LL, '5353/UDP', true], [H, HP, R, LL, '9003/SCTP', true], [R, LL, H, HP, '80/TCP', true], [R, LL, H, HP, '53/UDP', true], [R, LL, H, HP, '9003/SCTP', true]],
      },
      {
        name: "Should support a 'pass-gress' policy across different protocols at the specified ports",
        edit: (docs) => (swap(docs[0]!.spec.egress, 3, 4), swap(docs[0]!.spec.ingress, 3, 4), docs),
        probes: [
          [H, HP, S, DM, '80/TCP', true], [H, HP, S, DM, '8080/TCP', true], [H, HP, S, DM, '53/UDP', true], [H, HP, S, DM, '5353/UDP', true], [H, HP, S, DM, '9003/SCTP', true], [H, HP, S, DM, '9005/SCTP', true],
          [S, DM, H, HP, '80/TCP', true], [S, DM, H, HP, '8080/TCP', true], [S, DM, H, HP, '53/UDP', true], [S, DM, H, HP, '5353/UDP', true], [S, DM, H, HP, '9003/SCTP', true], [S, DM, H, HP, '9005/SCTP', true],
        ],
      },
    ],
  },
];

describe('ClusterNetworkPolicy conformance (network-policy-api conformance/tests)', () => {
  for (const c of CASES) {
    describe(c.go, () => {
      let docs = parseAllDocuments(readFileSync(path.join(ROOT, c.manifest), 'utf8')).map((d) => d.toJS() as Doc);
      for (const step of c.steps) {
        it(step.name, () => {
          if (step.edit) docs = step.edit(docs);
          const policies = docs.map((d) => stringify(d)).join('---\n');
          const ws = buildWorkspace([{ uri: 'manifests.yaml', text: topology }, { uri: 'policies.yaml', text: policies }], DEFAULT_SETTINGS);
          assert.equal(ws.clusterPolicies.length, docs.filter((d) => d.kind === 'ClusterNetworkPolicy').length, 'every ClusterNetworkPolicy is read');
          for (const [fromHouse, from, toHouse, to, port, expected] of step.probes) {
            const [number, protocol] = port.split('/');
            const query = { port: Number(number), protocol: protocol! };
            const source = ws.findEndpoints(`network-policy-conformance-${fromHouse}/${from}`)[0]!;
            const destination = ws.findEndpoints(`network-policy-conformance-${toHouse}/${to}`)[0]!;
            const what = `${source.key} -> ${destination.key} ${port}`;
            const verdict = reach(ws, source, destination, query);
            assert.equal(verdict.unknown, false, what);
            assert.equal(verdict.allowed, expected, what);
            const matrix = computeMatrix(ws, [query]);
            assert.equal(matrix.allowed[0]![source.id * ws.endpoints.length + destination.id], expected ? 1 : 0, `matrix: ${what}`);
            assert.equal(portSetHas(pairPorts(ws, source, destination).ports, query), expected, `pairPorts: ${what}`);
          }
        });
      }
    });
  }
});
