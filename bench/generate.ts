/**
 * Realistic benchmark inputs, the same on every run (a seeded generator): NetworkPolicies as people
 * write them and as `kubectl get netpol -A -o yaml` prints them, spread over namespaces of about ten
 * policies each, with comments, label and expression selectors, ipBlocks with exceptions, named and
 * numbered ports, and the mistakes the rules find (no DNS egress, UDP-only DNS, ignored rules).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** mulberry32: a tiny seeded generator, so every run benchmarks the same text. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APPS = ['web', 'api', 'worker', 'db', 'cache', 'queue', 'auth', 'billing', 'search', 'metrics', 'gateway', 'frontend'];
const TIERS = ['frontend', 'backend', 'data'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function namespaceOf(index: number): string {
  return `team-${String(Math.floor(index / 10)).padStart(4, '0')}`;
}

const DNS_RULE = `  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
`;

/** One NetworkPolicy document (without the `---` line). `index` picks its namespace and its shape. */
export function policyDocument(index: number, rand: () => number): string {
  const namespace = namespaceOf(index);
  const app = pick(rand, APPS);
  const peer = pick(rand, APPS);
  const port = pick(rand, [80, 443, 8080, 8443, 5432, 6379, 9090]);
  const header = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${app}-${index}
  namespace: ${namespace}
  labels:
    app.kubernetes.io/part-of: ${namespace}
    app.kubernetes.io/managed-by: platform
`;
  switch (index % 10) {
    case 0:
      // The namespace's default deny, with the DNS allowance beside it (policy 1 of the namespace).
      return `# Default deny for ${namespace}: every pod is isolated both ways.
${header}spec:
  podSelector: {}
  policyTypes:
  - Ingress
  - Egress
`;
    case 1:
      return `${header}  annotations:
    description: "Lets every pod of ${namespace} resolve names through CoreDNS"
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
${DNS_RULE}`;
    case 2:
      return `${header}spec:
  podSelector:
    matchLabels:
      app: ${app}
      tier: ${pick(rand, TIERS)}
  policyTypes:
  - Ingress
  ingress:
  # Traffic from the ingress controller and from ${peer} pods of this namespace.
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: ingress-nginx
      podSelector:
        matchLabels:
          app.kubernetes.io/name: ingress-nginx
    - podSelector:
        matchLabels:
          app: ${peer}
    ports:
    - protocol: TCP
      port: ${port}
`;
    case 3:
      return `${header}spec:
  podSelector:
    matchExpressions:
    - key: app
      operator: In
      values: [${app}, ${peer}]
    - key: canary
      operator: DoesNotExist
  policyTypes:
  - Egress
  egress:
  - to:
    - ipBlock:
        cidr: 10.${index % 256}.0.0/16
        except:
        - 10.${index % 256}.${Math.floor(rand() * 256)}.0/24
    ports:
    - port: ${port}
      protocol: TCP
    - port: 8000
      endPort: 8100
      protocol: TCP
`;
    case 4:
      // Egress-isolated pods with no DNS of their own: covered by policy 1 of the namespace.
      return `${header}spec:
  podSelector:
    matchLabels:
      app: ${app}
  policyTypes:
  - Egress
  egress:
  - to:
    - podSelector:
        matchLabels:
          app: ${peer}
    ports:
    - port: ${port}
`;
    case 5:
      // policyTypes leaves out Egress: the egress rules are ignored (NP301).
      return `${header}spec:
  podSelector:
    matchLabels:
      app: ${app}
  policyTypes:
  - Ingress
  ingress:
  - from:
    - podSelector: {}
  egress:
  - to:
    - ipBlock:
        cidr: 0.0.0.0/0
        except: [169.254.169.254/32]
`;
    case 6:
      return `${header}spec:
  podSelector:
    matchLabels:
      app: ${app}
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions:
        - {key: kubernetes.io/metadata.name, operator: In, values: [monitoring, logging]}
    ports:
    - port: metrics
      protocol: TCP
    - port: 9100
`;
    case 7:
      return `${header}spec:
  podSelector:
    matchLabels:
      app: ${app}
      tier: ${pick(rand, TIERS)}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - podSelector:
        matchLabels: {app: ${peer}}
  egress:
  - to:
    - podSelector:
        matchLabels:
          app: ${peer}
    - ipBlock:
        cidr: 192.168.${index % 256}.0/24
    ports:
    - {port: ${port}, protocol: TCP}
`;
    case 8:
      return `${header}spec:
  podSelector:
    matchLabels:
      app: ${app}
  policyTypes:
  - Ingress
  - Egress
  ingress: []
  egress:
  - ports:
    - port: 443
      protocol: TCP
`;
    default:
      // A list of rules, written with four-space indentation as some generators do.
      return `${header}spec:
    podSelector:
        matchLabels:
            app: ${app}
    policyTypes:
        - Ingress
    ingress:
        - from:
              - podSelector:
                    matchLabels:
                        app: ${peer}
              - ipBlock:
                    cidr: 172.16.0.0/12
          ports:
              - port: ${port}
                protocol: TCP
`;
  }
}

/** A file of `count` NetworkPolicies, `---` between them. */
export function policyFile(count: number, seed = 7): string {
  const rand = random(seed + count);
  const docs: string[] = [];
  // A single policy is an ordinary, egress-isolated one (index 4 of its namespace).
  for (let i = 0; i < count; i++) docs.push(policyDocument(count === 1 ? 4 : i, rand));
  return docs.join('---\n');
}

/**
 * Where the benchmark types: the first label value of the `spec.podSelector` of the policy in the
 * middle of the file. Typing there changes which pods the policy selects, so cross-policy judgements
 * (DNS coverage in its namespace) are recomputed on every keystroke, not only that one document.
 */
export function editOffset(text: string): number {
  const documents = text.split(/^---\n/m);
  let offset = 0;
  for (let i = 0; i < documents.length; i++) {
    const doc = documents[i]!;
    const match = i >= Math.floor(documents.length / 2) ? /^ {2}podSelector:\n {4}matchLabels:\n {6}app: [a-z]+/m.exec(doc) : null;
    if (match) return offset + match.index + match[0].length;
    offset += doc.length + 4;
  }
  throw new Error('no podSelector label value to type into');
}

function namespaceManifest(name: string): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
    kubernetes.io/metadata.name: ${name}
    team: ${name.replace('team-', 't')}
`;
}

function deploymentManifest(name: string, namespace: string, rand: () => number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app: ${name}
spec:
  replicas: ${1 + Math.floor(rand() * 5)}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        tier: ${pick(rand, TIERS)}
    spec:
      containers:
      - name: ${name}
        image: registry.example.com/${namespace}/${name}:1.${Math.floor(rand() * 40)}.0
        ports:
        - containerPort: 8080
          name: http
        - containerPort: 9100
          name: metrics
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {memory: 256Mi}
`;
}

/**
 * A repository of `count` manifest files: per namespace a Namespace, Deployments and a file of
 * NetworkPolicies (one to four documents), in nested folders as people keep them.
 */
export function writeWorkspace(dir: string, count: number, seed = 11): { files: number; policies: number } {
  rmSync(dir, { recursive: true, force: true });
  const rand = random(seed);
  let files = 0;
  let policies = 0;
  let policyIndex = 0;
  for (let ns = 0; files < count; ns++) {
    const namespace = `team-${String(ns).padStart(4, '0')}`;
    const folder = path.join(dir, 'clusters', `cluster-${ns % 3}`, namespace);
    mkdirSync(folder, { recursive: true });
    const write = (name: string, text: string) => {
      if (files >= count) return;
      writeFileSync(path.join(folder, name), text);
      files++;
    };
    write('namespace.yaml', namespaceManifest(namespace));
    for (const app of APPS.slice(0, 2 + (ns % 4))) write(`deployment-${app}.yaml`, deploymentManifest(app, namespace, rand));
    const docs: string[] = [];
    const n = 1 + (ns % 4);
    for (let i = 0; i < n; i++) docs.push(policyDocument(ns * 10 + ((policyIndex++ * 3) % 10), rand).replaceAll(namespaceOf(ns * 10), namespace));
    policies += n;
    write('networkpolicies.yaml', docs.join('---\n'));
  }
  return { files, policies };
}

/**
 * A workspace for the reachability matrix: `workloads` Deployments spread over namespaces of ten,
 * their Namespaces, and `policies` NetworkPolicies over the same namespaces.
 */
export function writeMatrixWorkspace(dir: string, workloads: number, policies: number, seed = 13): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rand = random(seed);
  const namespaces = Math.max(1, Math.ceil(workloads / 10));
  const manifests: string[] = [];
  for (let ns = 0; ns < namespaces; ns++) manifests.push(namespaceManifest(`team-${String(ns).padStart(4, '0')}`));
  writeFileSync(path.join(dir, 'namespaces.yaml'), manifests.join('---\n'));
  const deployments: string[] = [];
  for (let i = 0; i < workloads; i++) {
    const namespace = `team-${String(i % namespaces).padStart(4, '0')}`;
    deployments.push(deploymentManifest(`${APPS[i % APPS.length]!}-${i}`, namespace, rand).replace(/app: ([a-z]+)-\d+/g, 'app: $1'));
  }
  writeFileSync(path.join(dir, 'deployments.yaml'), deployments.join('---\n'));
  const docs: string[] = [];
  for (let i = 0; i < policies; i++) docs.push(policyDocument((i % namespaces) * 10 + (i % 10), rand));
  writeFileSync(path.join(dir, 'networkpolicies.yaml'), docs.join('---\n'));
}

/** The namespaces of the crowded shape: a platform of a few large tenants. */
export const CROWDED_NAMESPACES = 17;

/**
 * One policy of the crowded shape (issue 16): valid and varied, in one of 17 namespaces (about 300 per
 * namespace at 5,000), each with an ingress rule from a namespace and from pods listed apart (NP401; every
 * fifth also from Prometheus in any namespace, NP602), an egress rule to an ipBlock with `except` and a port
 * range, and a DNS rule on UDP only (NP202): about 11,000 findings at 5,000.
 */
export function crowdedPolicyDocument(index: number, rand: () => number): string {
  const namespace = `tenant-${String(index % CROWDED_NAMESPACES).padStart(2, '0')}`;
  const app = pick(rand, APPS);
  const peer = pick(rand, APPS);
  const port = pick(rand, [80, 443, 8080, 8443, 5432, 6379, 9090]);
  const from = 1024 + Math.floor(rand() * 20_000);
  const octet = index % 250;
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${app}-${index}
  namespace: ${namespace}
  labels:
    app.kubernetes.io/part-of: ${namespace}
spec:
  podSelector:
    matchLabels:
      app: ${app}-${index}
      tier: ${pick(rand, TIERS)}
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: tenant-${String((index + 1 + Math.floor(rand() * 16)) % CROWDED_NAMESPACES).padStart(2, '0')}
    - podSelector:
        matchLabels:
          app: ${peer}
${index % 5 === 0 ? `    - namespaceSelector: {}
      podSelector:
        matchLabels:
          app.kubernetes.io/name: prometheus
` : ''}    ports:
    - protocol: TCP
      port: ${port}
  egress:
  - to:
    - ipBlock:
        cidr: 10.${octet}.0.0/16
        except:
        - 10.${octet}.${Math.floor(rand() * 256)}.0/24
    ports:
    - protocol: TCP
      port: ${from}
      endPort: ${from + 1 + Math.floor(rand() * 100)}
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - protocol: UDP
      port: 53
`;
}

/** A file of `count` policies of the crowded shape, `---` between them. */
export function crowdedPolicyFile(count: number, seed = 17): string {
  const rand = random(seed + count);
  const docs: string[] = [];
  for (let i = 0; i < count; i++) docs.push(crowdedPolicyDocument(i, rand));
  return docs.join('---\n');
}

/** Where the benchmark types in the crowded shape: the end of the ingress port value of the policy in the middle of the file. */
export function crowdedEditOffset(text: string): number {
  const documents = text.split(/^---\n/m);
  let offset = 0;
  for (let i = 0; i < documents.length; i++) {
    const doc = documents[i]!;
    const match = i >= Math.floor(documents.length / 2) ? /^ {4}- protocol: TCP\n {6}port: \d+/m.exec(doc) : null;
    if (match) return offset + match.index + match[0].length;
    offset += doc.length + 4;
  }
  throw new Error('no port value to type into');
}
