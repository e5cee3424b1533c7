/**
 * Benchmark of the reach engine on a generated workspace: N namespaces of M workloads each, with four
 * policies per namespace (default deny, same-app ingress, ingress from a monitoring namespace, DNS egress).
 * Run: node --import tsx bench/reach.ts [namespaces] [workloadsPerNamespace]
 */
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { DEFAULT_SETTINGS } from '../server/src/engine';
import { parseYamlFile } from '../server/src/engine';
import { computeMatrix, reach, readManifests, Workspace, workspaceOptions } from '../server/src/engine/reach';

const namespaces = Number(process.argv[2] ?? 50);
const perNamespace = Number(process.argv[3] ?? 40);

const docs: unknown[] = [];
for (let n = 0; n < namespaces; n++) {
  const ns = `team-${n}`;
  docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { tier: n % 5 === 0 ? 'monitoring' : 'apps' } } });
  for (let w = 0; w < perNamespace; w++) {
    docs.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `app-${w}`, namespace: ns },
      spec: { template: { metadata: { labels: { app: `app-${w % 10}`, role: w % 3 === 0 ? 'db' : 'web' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 8080, name: 'http' }] }] } } },
    });
  }
  const policy = (name: string, spec: unknown) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
  docs.push(policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
  docs.push(policy('same-app', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'role', operator: 'NotIn', values: ['db'] }] } }], ports: [{ port: 'http' }] }] }));
  docs.push(policy('from-monitoring', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { tier: 'monitoring' } } }], ports: [{ port: 8080 }] }] }));
  docs.push(policy('dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {} }], ports: [{ port: 53, protocol: 'UDP' }, { port: 8080 }] }] }));
}
const text = docs.map((d) => stringify(d)).join('---\n');

function time<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  console.log(`${label.padEnd(36)} ${(performance.now() - start).toFixed(1).padStart(9)} ms`);
  return result;
}

console.log(`${namespaces} namespaces x ${perNamespace} workloads = ${namespaces * perNamespace} workloads, ${namespaces * 4} policies, ${(text.length / 1e6).toFixed(1)} MB of YAML`);
const file = time('parse YAML', () => parseYamlFile(text));
const manifests = time('read manifests (decode objects)', () => readManifests('bench.yaml', file));
const ws = time('build workspace (index + compile)', () => new Workspace([manifests], workspaceOptions(DEFAULT_SETTINGS, ['8.8.8.8'])));
const n = ws.endpoints.length;
const matrix = time(`matrix ${n}x${n}, 2 ports`, () => computeMatrix(ws, [{ port: 8080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }]));
let allowed = 0;
for (const row of matrix.allowed) for (const cell of row) allowed += cell;
console.log(`allowed cells: ${allowed} of ${2 * n * n}`);
time('1000 single reach() verdicts', () => {
  for (let i = 0; i < 1000; i++) reach(ws, ws.endpoints[(i * 7919) % n]!, ws.endpoints[(i * 104729) % n]!, { port: 8080, protocol: 'TCP' });
});
