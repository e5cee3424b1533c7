/**
 * Property test: `diff` is the difference of `connlist` on OLD and NEW, on random workspaces and random
 * policy edits (a policy added, removed or replaced), probed at every boundary address of both sides'
 * ranges and at the ports around every number the generator uses, for every protocol.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { DEFAULT_SETTINGS } from '../../../server/src/engine';
import { connections, connectionTable } from '../../../server/src/engine/connlist/connections';
import { diffWorkspaces } from '../../../server/src/engine/connlist/diff';
import { addressString, parseAddress } from '../../../server/src/engine/net/cidr';
import { parseYamlFile } from '../../../server/src/engine/parse/yamlFile';
import { readManifests, workspaceOptions } from '../../../server/src/engine/reach';
import type { FileManifests } from '../../../server/src/engine/reach';
import { portSetHas } from '../../../server/src/engine/reach/portSets';
import { lookup } from './lookup';
import type { Name } from './lookup';

const KEYS = ['app', 'tier'];
const VALUES = ['a', 'b'];
const NAMESPACES = ['default', 'ns1'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const PORT_NAMES = ['http', 'dns'];
const NUMBERS = [53, 80, 443];

const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 });
const selectorArb = fc.record({ matchLabels: labelsArb }, { requiredKeys: [] });
const peerArb = fc.oneof(
  fc.record({ podSelector: selectorArb }),
  fc.record({ namespaceSelector: fc.oneof(selectorArb, fc.constantFrom(...NAMESPACES).map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } }))) }),
  fc
    .record(
      { cidr: fc.constantFrom('10.0.0.0/8', '10.1.0.0/16', '0.0.0.0/0', '8.8.8.0/24', 'fd00::/8', '::/0'), except: fc.array(fc.constantFrom('10.1.2.0/24', '10.1.0.0/16', '8.8.8.8/32', 'fd00::1/128'), { maxLength: 1 }) },
      { requiredKeys: ['cidr'] },
    )
    .map((ipBlock) => ({ ipBlock })),
);
const portArb = fc.oneof(
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS), port: fc.constantFrom(...NUMBERS) }, { requiredKeys: ['port'] }),
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS) }),
  fc.record({ port: fc.constantFrom(50, 79), endPort: fc.constantFrom(60, 100, 500) }),
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS), port: fc.constantFrom(...PORT_NAMES) }, { requiredKeys: ['port'] }),
);
const ruleArb = fc.record({ peers: fc.array(peerArb, { maxLength: 2 }), ports: fc.array(portArb, { maxLength: 2 }) }, { requiredKeys: [] });
const policyArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  podSelector: selectorArb,
  policyTypes: fc.subarray(['Ingress', 'Egress'], { minLength: 1 }),
  ingress: fc.array(ruleArb, { maxLength: 2 }),
  egress: fc.array(ruleArb, { maxLength: 2 }),
});
type Policy = typeof policyArb extends fc.Arbitrary<infer T> ? T : never;
const podArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  labels: labelsArb,
  ports: fc.array(fc.record({ name: fc.constantFrom(...PORT_NAMES), containerPort: fc.constantFrom(...NUMBERS), protocol: fc.constantFrom(...PROTOCOLS) }), { maxLength: 2 }),
  ip: fc.option(fc.constantFrom('10.1.2.3', '10.2.0.1', '8.8.8.8', 'fd00::1'), { nil: undefined }),
});
const editArb = fc.record({ kind: fc.constantFrom('add', 'remove', 'replace'), at: fc.nat(), policy: policyArb });

function policyDocs(policies: readonly Policy[]): string {
  return policies
    .map((p, i) =>
      stringify({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `np${i}`, namespace: p.namespace },
        spec: {
          podSelector: p.podSelector,
          policyTypes: p.policyTypes,
          ingress: p.ingress.map((r) => ({ ...(r.peers ? { from: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) })),
          egress: p.egress.map((r) => ({ ...(r.peers ? { to: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) })),
        },
      }),
    )
    .join('---\n');
}

type Pod = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

function files(pods: readonly Pod[], policies: readonly Policy[]): FileManifests[] {
  const podText = pods
    .map((p, i) =>
      stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `pod${i}`, namespace: p.namespace, labels: p.labels },
        spec: { containers: [{ name: 'c', image: 'x', ports: p.ports }] },
        ...(p.ip ? { status: { podIP: p.ip } } : {}),
      }),
    )
    .join('---\n');
  return [readManifests('pods.yaml', parseYamlFile(podText)), readManifests('policies.yaml', parseYamlFile(policyDocs(policies)))];
}

const OPTIONS = workspaceOptions(DEFAULT_SETTINGS);
const PORTS = [1, 65535, ...[50, 60, 79, 100, 500, ...NUMBERS].flatMap((n) => [n - 1, n, n + 1])];

describe('diff is the difference of connlist on OLD and NEW', () => {
  it('on random policy edits', () => {
    fc.assert(
      fc.property(fc.array(podArb, { minLength: 1, maxLength: 4 }), fc.array(policyArb, { maxLength: 3 }), editArb, (pods, before, edit) => {
        const after = [...before];
        const at = before.length === 0 ? 0 : edit.at % before.length;
        if (edit.kind === 'add' || before.length === 0) after.push(edit.policy);
        else if (edit.kind === 'remove') after.splice(at, 1);
        else after[at] = edit.policy;
        const oldFiles = files(pods, before);
        const newFiles = files(pods, after);
        const oldTable = connectionTable(oldFiles, OPTIONS);
        const newTable = connectionTable(newFiles, OPTIONS);
        const oldConn = lookup(connections(oldTable));
        const newConn = lookup(connections(newTable));
        const result = diffWorkspaces(oldFiles, newFiles, OPTIONS);
        const added = lookup(result.added);
        const removed = lookup(result.removed);
        const names: Name[] = [...new Set([...oldTable.workloads, ...newTable.workloads].map((w) => w.name))];
        for (const r of [...oldTable.ranges, ...newTable.ranges]) for (const value of [r.start, r.end]) names.push(parseAddress(addressString({ family: r.family, value }))!);
        for (const from of names) {
          for (const to of names) {
            if (from === to || (typeof from !== 'string' && typeof to !== 'string')) continue;
            for (const protocol of PROTOCOLS) {
              for (const port of PORTS) {
                const q = { port, protocol };
                const has = (get: typeof oldConn) => portSetHas(get(from, to) ?? { all: false, protocols: new Map() }, q);
                const label = `${JSON.stringify(from, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))} -> ${JSON.stringify(to, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))} ${port}/${protocol}`;
                assert.equal(has(added), has(newConn) && !has(oldConn), `added ${label}`);
                assert.equal(has(removed), has(oldConn) && !has(newConn), `removed ${label}`);
              }
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
