/**
 * NP201 / NP202 judged the way the cluster does: per workload, over every policy that selects it
 * (with workloads in the workspace), or by labels over the namespace's policies (without them).
 * Through analyzeFiles, as `netpol-lens check` runs a folder.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, applyEdits, normalizeSettings } from '../../../server/src/engine';
import type { Finding } from '../../../server/src/engine';

interface Seen {
  file: string;
  code: string;
  severity: string;
  text: string;
  message: string;
}

function check(files: Record<string, string>, rawSettings: Record<string, unknown> = {}, codes = ['NP201', 'NP202']): Seen[] {
  const { settings } = normalizeSettings(rawSettings);
  const inputs = Object.entries(files).map(([name, text]) => ({ uri: `file:///ws/${name}`, text }));
  return analyzeFiles(inputs, settings).flatMap((analysis, i) =>
    analysis.findings
      .filter((f: Finding) => codes.includes(f.code))
      .map((f) => ({ file: Object.keys(files)[i]!, code: f.code, severity: f.severity, text: inputs[i]!.text.slice(f.span[0], f.span[1]), message: f.message })),
  );
}

function fixed(files: Record<string, string>, file: string, code: string): string {
  const inputs = Object.entries(files).map(([name, text]) => ({ uri: `file:///ws/${name}`, text }));
  const index = Object.keys(files).indexOf(file);
  const finding = analyzeFiles(inputs)[index]!.findings.find((f) => f.code === code)!;
  return applyEdits(inputs[index]!.text, finding.fixes[0]!.offsetEdits);
}

const deployment = (name: string, labels: Record<string, string>, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels: ${JSON.stringify(labels)}
  template:
    metadata:
      labels: ${JSON.stringify(labels)}
    spec:
      containers:
      - name: main
        image: example
`;

const netpol = (name: string, spec: string, namespace = 'shop') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}`;

const DEFAULT_DENY = netpol('default-deny', '  podSelector: {}\n  policyTypes:\n  - Ingress\n  - Egress\n');
const KUBE_DNS_RULE = `  - to:
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
const allowDnsFor = (name: string, app: string, rule = KUBE_DNS_RULE) =>
  netpol(name, `  podSelector:\n    matchLabels:\n      app: ${app}\n  policyTypes:\n  - Egress\n  egress:\n${rule}`);
const WORKLOADS = [deployment('web', { app: 'web' }), deployment('api', { app: 'api' }), deployment('worker', { app: 'worker' })].join('---\n');

describe('NP201 with workloads: per workload, over the union of the policies selecting it', () => {
  it('is silent for a default deny beside one `egress: [{}]` policy per workload', () => {
    const perApp = ['web', 'api', 'worker'].map((app) => netpol(`${app}-egress`, `  podSelector:\n    matchLabels:\n      app: ${app}\n  policyTypes:\n  - Egress\n  egress:\n  - {}\n`));
    assert.deepEqual(check({ 'workloads.yaml': WORKLOADS, 'deny.yaml': DEFAULT_DENY, 'apps.yaml': perApp.join('---\n') }), []);
  });

  it('names each workload left without DNS once: on its own policy, or on the default deny when it has none', () => {
    const apiDb = allowDnsFor('api-db', 'api', '  - to:\n    - podSelector:\n        matchLabels:\n          app: db\n');
    const found = check({ 'workloads.yaml': WORKLOADS, 'deny.yaml': DEFAULT_DENY, 'dns.yaml': allowDnsFor('allow-dns-web', 'web'), 'api.yaml': apiDb });
    assert.deepEqual(found, [
      {
        file: 'deny.yaml',
        code: 'NP201',
        severity: 'warning',
        text: 'Egress',
        message:
          'Egress from all pods in namespace shop is denied except where a rule allows it, and no policy selecting Deployment worker allows DNS (pods k8s-app=kube-dns in namespace kube-system on port 53, UDP and TCP): its pods cannot resolve names.',
      },
      {
        file: 'api.yaml',
        code: 'NP201',
        severity: 'warning',
        text: 'Egress',
        message:
          'Egress from pods app=api in namespace shop is denied except where a rule allows it, and no policy selecting Deployment api allows DNS (pods k8s-app=kube-dns in namespace kube-system on port 53, UDP and TCP): its pods cannot resolve names.',
      },
    ]);
  });

  it('puts one finding naming them all on the default deny when no workload has a policy of its own', () => {
    const files = { 'workloads.yaml': WORKLOADS, 'deny.yaml': DEFAULT_DENY, 'dns.yaml': allowDnsFor('allow-dns-web', 'web') };
    const found = check(files);
    assert.deepEqual(found.map((f) => [f.file, f.code]), [['deny.yaml', 'NP201']]);
    assert.match(found[0]!.message, /no policy selecting Deployment api, Deployment worker allows DNS .*: their pods cannot resolve names\.$/);
    // One edit on the default deny gives every one of them DNS.
    const after = fixed(files, 'deny.yaml', 'NP201');
    assert.deepEqual(check({ ...files, 'deny.yaml': after }), []);
  });

  it('puts the finding on the only policy isolating the workload when there is no default deny', () => {
    const found = check({ 'workloads.yaml': WORKLOADS, 'api.yaml': allowDnsFor('api-db', 'api', '  - to:\n    - podSelector:\n        matchLabels:\n          app: db\n') });
    assert.deepEqual(
      found.map((f) => [f.file, f.code, f.text, f.message.includes('no policy selecting Deployment api allows DNS') && f.message.endsWith('its pods cannot resolve names.')]),
      [['api.yaml', 'NP201', 'Egress', true]],
    );
  });

  it('keeps a genuinely missing DNS: a default deny and nothing else', () => {
    const found = check({ 'workloads.yaml': WORKLOADS, 'deny.yaml': DEFAULT_DENY });
    assert.deepEqual(
      found.map((f) => [f.file, f.code, f.severity]),
      [['deny.yaml', 'NP201', 'warning']],
    );
    assert.match(found[0]!.message, /Deployment web, Deployment api, Deployment worker allows DNS/);
  });

  it('does not let a same-named alternative (examples/ beside deploy/) lend its DNS rule', () => {
    const withDns = netpol('default-deny', `  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n${KUBE_DNS_RULE}`);
    const found = check({ 'workloads.yaml': WORKLOADS, 'examples/deny.yaml': DEFAULT_DENY, 'deploy/deny.yaml': withDns });
    assert.deepEqual(found.map((f) => [f.file, f.code]), [['examples/deny.yaml', 'NP201']]);
  });

  it('judges a policy that selects no workload of a known namespace by labels (its pods may be made at run time)', () => {
    const found = check({ 'workloads.yaml': WORKLOADS, 'batch.yaml': netpol('batch', '  podSelector:\n    matchLabels:\n      app: batch\n  policyTypes:\n  - Egress\n') });
    assert.deepEqual(found.map((f) => [f.file, f.code, f.severity]), [['batch.yaml', 'NP201', 'warning']]);
    assert.match(found[0]!.message, /no rule allows DNS/);
  });
});

describe('NP201 without workloads: by labels', () => {
  it('says which pods are covered, at information level, when other policies give DNS to some labels', () => {
    const found = check({ 'deny.yaml': DEFAULT_DENY, 'dns.yaml': allowDnsFor('allow-dns-web', 'web') });
    assert.deepEqual(found, [
      {
        file: 'deny.yaml',
        code: 'NP201',
        severity: 'information',
        text: 'Egress',
        message:
          'Egress from all pods in namespace shop is denied except where a rule allows it; DNS is allowed only to pods app=web (allow-dns-web): pods selected here without those labels have no path to DNS (pods k8s-app=kube-dns in namespace kube-system on port 53, UDP and TCP).',
      },
    ]);
  });

  it('never raises a severity the user lowered', () => {
    const found = check({ 'deny.yaml': DEFAULT_DENY, 'dns.yaml': allowDnsFor('allow-dns-web', 'web') }, { rules: { NP201: 'hint' } });
    assert.deepEqual(found.map((f) => f.severity), ['hint']);
  });

  it('warns when no policy of the namespace gives any pod DNS', () => {
    const found = check({ 'deny.yaml': DEFAULT_DENY, 'dns.yaml': allowDnsFor('allow-dns-web', 'web').replace(/namespace: shop/, 'namespace: other') });
    assert.deepEqual(found.map((f) => [f.file, f.code, f.severity]), [['deny.yaml', 'NP201', 'warning']]);
  });

  it('still warns for pods whose labels no DNS grant can reach (app=api beside allow-dns for app=web)', () => {
    const found = check({ 'dns.yaml': allowDnsFor('allow-dns-web', 'web'), 'api.yaml': allowDnsFor('api-db', 'api', '  - to:\n    - podSelector:\n        matchLabels:\n          app: db\n') });
    assert.deepEqual(found.map((f) => [f.file, f.code, f.severity]), [['api.yaml', 'NP201', 'warning']]);
  });
});

describe('NP202 with workloads', () => {
  it('reports UDP-only DNS given by two policies together, naming the workloads', () => {
    const udpOnly = netpol('allow-dns', `  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n  - ports:\n    - port: 53\n      protocol: UDP\n`);
    const found = check({ 'workloads.yaml': WORKLOADS, 'deny.yaml': DEFAULT_DENY, 'dns.yaml': udpOnly });
    assert.deepEqual(found, [
      {
        file: 'dns.yaml',
        code: 'NP202',
        severity: 'warning',
        text: 'port: 53\n      protocol: UDP',
        message:
          'DNS is allowed on UDP but not on TCP port 53 for Deployment web, Deployment api, Deployment worker: answers too large for UDP are retried over TCP, so large lookups will fail.',
      },
    ]);
  });

  it('is silent when another policy selecting the same workloads allows TCP', () => {
    const udp = netpol('dns-udp', `  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n  - ports:\n    - port: 53\n      protocol: UDP\n`);
    const tcp = netpol('dns-tcp', `  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n  - ports:\n    - port: 53\n      protocol: TCP\n`);
    assert.deepEqual(check({ 'workloads.yaml': WORKLOADS, 'udp.yaml': udp, 'tcp.yaml': tcp }), []);
  });

  it('names only the workloads that lack the other protocol', () => {
    const udp = netpol('dns-udp', `  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n  - ports:\n    - port: 53\n      protocol: UDP\n`);
    const tcpForWeb = allowDnsFor('dns-tcp-web', 'web', '  - ports:\n    - port: 53\n      protocol: TCP\n');
    const found = check({ 'workloads.yaml': WORKLOADS, 'udp.yaml': udp, 'tcp.yaml': tcpForWeb });
    assert.deepEqual(found.map((f) => [f.file, f.code, f.message.split(':')[0]]), [['udp.yaml', 'NP202', 'DNS is allowed on UDP but not on TCP port 53 for Deployment api, Deployment worker']]);
  });
});

describe('NP202 without workloads', () => {
  it('stays quiet when another policy may give some of these pods the other protocol by label', () => {
    const udp = netpol('dns-udp', `  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n  - ports:\n    - port: 53\n      protocol: UDP\n`);
    const tcpForWeb = allowDnsFor('dns-tcp-web', 'web', '  - ports:\n    - port: 53\n      protocol: TCP\n');
    assert.deepEqual(check({ 'udp.yaml': udp, 'tcp.yaml': tcpForWeb }), []);
    assert.deepEqual(check({ 'udp.yaml': udp }).map((f) => [f.file, f.code]), [['udp.yaml', 'NP202']], 'alone, UDP only is reported');
  });
});

describe('NP201 fix follows the flavour the policies show', () => {
  it('adds the OpenShift DNS rule where other policies name openshift-* namespaces', () => {
    const fromRouter = netpol('allow-router', `  podSelector: {}\n  policyTypes:\n  - Ingress\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: openshift-ingress\n`);
    const files = { 'deny.yaml': DEFAULT_DENY, 'router.yaml': fromRouter };
    const found = check(files);
    assert.match(found[0]!.message, /dns\.operator\.openshift\.io\/daemonset-dns=default in namespace openshift-dns on port 5353/);
    const after = fixed(files, 'deny.yaml', 'NP201');
    assert.match(after, /kubernetes\.io\/metadata\.name: openshift-dns/);
    assert.match(after, /port: 5353/);
    assert.deepEqual(check({ ...files, 'deny.yaml': after }), []);
  });
});

describe('NP201: grants the cluster gives that the policies do not spell as DNS', () => {
  it('counts a policy without metadata.namespace as one of namespace default', () => {
    const allowAll = netpol('allow-all-egress', '  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n  - {}\n').replace('  namespace: shop\n', '');
    const db = netpol('db', '  podSelector:\n    matchLabels:\n      role: db\n  policyTypes:\n  - Egress\n', 'default');
    assert.deepEqual(check({ 'all.yaml': allowAll, 'db.yaml': db }), []);
  });

  it('counts ipBlocks that hold every pod range, where ipBlocks apply to pods (the default)', () => {
    const ranges = netpol('exporter', `  podSelector: {}\n  policyTypes:\n  - Egress\n  egress:\n  - to:\n${['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => `    - ipBlock:\n        cidr: ${c}\n`).join('')}`);
    assert.deepEqual(check({ 'p.yaml': ranges }), []);
    assert.deepEqual(check({ 'p.yaml': ranges }, { ipBlockAppliesToPods: false }).map((f) => f.code), ['NP201'], 'not where ipBlocks never match pods');
    const oneRange = ranges.replace(/ {4}- ipBlock:\n {8}cidr: 172[^\n]*\n/, '');
    assert.deepEqual(check({ 'p.yaml': oneRange }).map((f) => f.code), ['NP201'], 'two of the three private ranges may miss the DNS pods');
    const onPort53 = `${oneRange}    ports:\n    - port: 53\n      protocol: UDP\n    - port: 53\n      protocol: TCP\n`;
    assert.deepEqual(check({ 'p.yaml': onPort53 }), [], 'a pod range on port 53 is written for DNS');
    assert.deepEqual(check({ 'p.yaml': oneRange }, { cluster: { podCidrs: ['10.244.0.0/16'] } }), [], 'the configured pod range is held');
  });

  it("takes OpenShift's network policy group label as the cluster's flavour for the fix", () => {
    const withGroup = netpol('web', `  podSelector:\n    matchLabels:\n      app: web\n  policyTypes:\n  - Ingress\n  - Egress\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          network.openshift.io/policy-group: ingress\n`);
    const found = check({ 'web.yaml': withGroup });
    assert.match(found[0]!.message, /in namespace openshift-dns on port 5353/);
  });
});
