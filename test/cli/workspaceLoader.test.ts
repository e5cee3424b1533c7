/**
 * What a workspace is made of, read by `check`, `reach`/`matrix` and the editor's index alike (issue #14.7,
 * #15.5): JSON manifests, items of typed lists, BOMs, the size cap, skipped folders, and what is said on
 * stderr about input that is not understood. The CLI runs as built (dist/cli.js); the index in process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SETTINGS, normalizeSettings, parseYamlFile } from '../../server/src/engine';
import { DEFAULT_LIMITS } from '../../server/src/engine/config/limits';
import { readManifests } from '../../server/src/engine/reach';
import { WorkspaceIndex } from '../../server/src/lsp/workspaceIndex';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n          ports:\n            - containerPort: 80\n`;

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-ingress
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: api
`;

const API_JSON = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api' },
  spec: { template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 8080 }] }] } } },
});

/** `kubectl get pods -o json` against the API: a PodList whose items carry no kind. */
const POD_LIST = `apiVersion: v1
kind: PodList
items:
  - metadata:
      name: db
      labels:
        app: db
    spec:
      containers:
        - name: c
          image: postgres
`;

const LIMITS = { ...DEFAULT_LIMITS, maxFileSize: 1000 };
const BIG = `${deployment('huge')}# ${'x'.repeat(1200)}\n`;

describe('one workspace loader', () => {
  let dir: string;
  let ws: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-loader-'));
    ws = path.join(dir, 'ws');
    mkdirSync(path.join(ws, 'node_modules'), { recursive: true });
    writeFileSync(path.join(ws, 'web.yaml'), `\uFEFF${deployment('web')}---\n${POLICY}`);
    writeFileSync(path.join(ws, 'api.json'), API_JSON);
    writeFileSync(path.join(ws, 'pods.yml'), POD_LIST);
    writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0' }));
    writeFileSync(path.join(ws, 'dashboard.json'), JSON.stringify({ title: 'Traffic', panels: [{ kind: 'graph' }] }));
    writeFileSync(path.join(ws, 'big.yaml'), BIG);
    writeFileSync(path.join(ws, 'node_modules', 'vendored.yaml'), deployment('vendored'));
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ 'limits.maxFileSize': 1000 }));
    writeFileSync(path.join(dir, 'policy-only.yaml'), POLICY);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const READ = ['api.json', 'big.yaml', 'pods.yml', 'web.yaml'];
  const WORKLOADS = ['default/api', 'default/db', 'default/web'];
  const BIG_NOTE = `netpol-lens: ${path.join('ws', 'big.yaml')}: ${BIG.length} characters, more than netpolLens.limits.maxFileSize (1000): not analysed\n`;

  it('check reads *.json manifests, skips JSON that is no Kubernetes object and node_modules, and names the file over the size cap', () => {
    const r = run(dir, 'check', '--format', 'json', '--config', 'config.json', 'ws');
    assert.equal(r.stderr, BIG_NOTE);
    assert.equal(r.code, 0);
    const files = (JSON.parse(r.stdout) as { results: { file: string }[] }).results.map((f) => path.basename(f.file));
    assert.deepEqual(files, READ);
  });

  it('matrix and reach see the same workloads: the JSON Deployment, the PodList item without kind, the file with a BOM', () => {
    const matrix = run(dir, 'matrix', '--format', 'json', '--config', 'config.json', 'ws');
    assert.equal(matrix.stderr, BIG_NOTE);
    assert.equal(matrix.code, 0);
    assert.deepEqual((JSON.parse(matrix.stdout) as { endpoints: string[] }).endpoints.sort(), WORKLOADS);
    const reach = run(dir, 'reach', '--from', 'default/db', '--to', 'default/web', '--port', '80', '--config', 'config.json', 'ws');
    assert.equal(reach.code, 0, reach.stderr);
    assert.match(reach.stdout, /^default\/db -> default\/web on 80\/TCP: denied\n/);
  });

  it('the editor index holds the same files and workloads, the BOM left out of the text, and logs the file over the cap', async () => {
    const logged: string[] = [];
    const index = new WorkspaceIndex(() => undefined, { limits: () => Promise.resolve(LIMITS), log: (m) => logged.push(m) });
    await index.scan([ws]);
    const files = index.files();
    assert.deepEqual(files.map((f) => path.basename(fileURLToPath(f.uri))).sort(), READ);
    assert.deepEqual(index.workspace(DEFAULT_SETTINGS).workloads().map((w) => w.key).sort(), WORKLOADS);
    const web = files.find((f) => f.uri.endsWith('web.yaml'))!;
    assert.ok(web.file.text.startsWith('apiVersion'), 'no BOM in the text');
    assert.deepEqual(logged, [`Indexed in part: ${path.join(ws, 'big.yaml')}: ${BIG.length} characters, more than netpolLens.limits.maxFileSize (1000): not analysed`]);
  });

  it('without the config, the default cap lets big.yaml in, for the CLI and the index alike', async () => {
    const matrix = run(dir, 'matrix', '--format', 'json', 'ws');
    assert.equal(matrix.stderr, '');
    assert.deepEqual((JSON.parse(matrix.stdout) as { endpoints: string[] }).endpoints.sort(), ['default/api', 'default/db', 'default/huge', 'default/web']);
    const index = new WorkspaceIndex(() => undefined);
    await index.scan([ws]);
    assert.deepEqual(index.workspace(DEFAULT_SETTINGS).workloads().map((w) => w.key).sort(), ['default/api', 'default/db', 'default/huge', 'default/web']);
  });

  it('the index reads the folders again when the limits change (reread), and the file over the old cap comes in', async () => {
    let limits = LIMITS;
    const index = new WorkspaceIndex(() => undefined, { limits: () => Promise.resolve(limits), log: () => undefined });
    await index.scan([ws]);
    assert.ok(!index.workspace(DEFAULT_SETTINGS).workloads().some((w) => w.key === 'default/huge'));
    limits = DEFAULT_LIMITS;
    await index.reread();
    assert.ok(index.workspace(DEFAULT_SETTINGS).workloads().some((w) => w.key === 'default/huge'));
  });

  it('a device named on the command line is refused with its kind, once', () => {
    const r = run(dir, 'check', '/dev/null');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'netpol-lens: /dev/null: skipped: a device, not a regular file\n');
  });

  it('a JSON file named on the command line is read whatever it holds (nothing in it is a manifest, nothing is said)', () => {
    const r = run(dir, 'check', path.join('ws', 'package.json'));
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'No problems in 1 file.\n');
  });

  it('matrix and reach with no workload in the paths: a message on stderr, nothing on stdout, exit 2', () => {
    const matrix = run(dir, 'matrix', 'policy-only.yaml');
    assert.equal(matrix.code, 2);
    assert.equal(matrix.stdout, '');
    assert.equal(
      matrix.stderr,
      'netpol-lens: no workloads found in policy-only.yaml (1 file read; looked for Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ' +
        'ReplicationController, Job, CronJob, also as items of a List): give the paths of the workload manifests too\n',
    );
    const reach = run(dir, 'reach', '--from', '10.0.0.1', '--to', '10.0.0.2', '--port', '80', 'policy-only.yaml');
    assert.equal(reach.code, 2);
    assert.equal(reach.stdout, '');
    assert.match(reach.stderr, /^netpol-lens: no workloads found in policy-only\.yaml \(1 file read;/);
  });

  it('check on a folder names the file and place of a YAML syntax error on stderr, broken JSON manifests included', () => {
    const broken = path.join(dir, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: [a, b\n');
    // Not valid JSON, but a manifest by its keys: read, so that its syntax error is named too.
    writeFileSync(path.join(broken, 'pod.json'), '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}\n');
    // Not valid JSON and no manifest: skipped without a word.
    writeFileSync(path.join(broken, 'notes.json'), '{"title": \n');
    const r = run(dir, 'check', 'broken');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'No problems in 2 files.\n');
    const lines = r.stderr.split('\n');
    assert.equal(lines.length, 3, r.stderr);
    assert.match(lines[0]!, /^netpol-lens: broken\/cm\.yaml:6:1: YAML syntax error: .+$/);
    assert.match(lines[1]!, /^netpol-lens: broken\/pod\.json:\d+:\d+: YAML syntax error: .+$/);
  });
});

describe('items of typed lists take the list kind', () => {
  const read = (text: string) => readManifests('list.yaml', parseYamlFile(text));
  it('PodList, DeploymentList and NamespaceList items without kind are read', () => {
    const manifests = read(
      `${POD_LIST}---\napiVersion: apps/v1\nkind: DeploymentList\nitems:\n  - metadata: {name: web}\n    spec: {template: {metadata: {labels: {app: web}}}}\n` +
        `---\napiVersion: v1\nkind: NamespaceList\nitems:\n  - metadata: {name: shop, labels: {team: a}}\n`,
    );
    assert.deepEqual(manifests.workloads.map((w) => `${w.kind}/${w.name}`), ['Pod/db', 'Deployment/web']);
    assert.deepEqual(manifests.namespaces.map((n) => n.name), ['shop']);
  });
  it('an item of a plain List must say its kind; an item that says its own kind keeps it', () => {
    const manifests = read('apiVersion: v1\nkind: List\nitems:\n  - metadata: {name: a}\n  - kind: Namespace\n    metadata: {name: b}\n');
    assert.deepEqual(manifests.workloads, []);
    assert.deepEqual(manifests.namespaces.map((n) => n.name), ['b']);
  });
});

describe('--config keys', () => {
  let dir: string;
  const withoutDns = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-egress
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: [Egress]
`;
  const config = (settings: unknown) => {
    writeFileSync(path.join(dir, 'c.json'), JSON.stringify(settings));
    return ['--config', 'c.json'];
  };
  const np201 = (stdout: string) => stdout.split('\n').filter((l) => l.endsWith('NP201'));
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-config-'));
    writeFileSync(path.join(dir, 'np.yaml'), withoutDns);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('flat, nested and prefixed keys mean the same setting', () => {
    const openshift = /no rule allows DNS \(pods dns\.operator\.openshift\.io\/daemonset-dns=default in namespace openshift-dns on port 5353, UDP and TCP\)/;
    for (const settings of [{ 'dns.profile': 'openshift' }, { dns: { profile: 'openshift' } }, { 'netpolLens.dns.profile': 'openshift' }, { netpolLens: { dns: { profile: 'openshift' } } }]) {
      const r = run(dir, 'check', ...config(settings), 'np.yaml');
      assert.equal(r.stderr, '', JSON.stringify(settings));
      const [line] = np201(r.stdout);
      assert.match(line ?? '', openshift, JSON.stringify(settings));
    }
  });

  it('rules.CODE turns one rule off, beside a nested rules object', () => {
    const r = run(dir, 'check', ...config({ 'rules.NP201': 'off', rules: { NP601: 'off' } }), 'np.yaml');
    assert.equal(r.code, 0);
    assert.deepEqual(np201(r.stdout), []);
  });

  it('an unknown key is an error naming it, with the key it most likely means; exit 2', () => {
    const r = run(dir, 'check', ...config({ 'dns.profil': 'openshift' }), 'np.yaml');
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^netpol-lens: --config c\.json: unknown setting "dns\.profil" \(did you mean "dns\.profile"\?\); the settings are enable, rules, dns\.profile, /);
    const bare = run(dir, 'check', ...config({ profile: 'openshift' }), 'np.yaml');
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /unknown setting "profile" \(did you mean "dns\.profile"\?\)/);
  });

  it('a bad value and an unknown rule are errors naming the key; exit 2', () => {
    const value = run(dir, 'check', ...config({ 'dns.profile': 'opensift' }), 'np.yaml');
    assert.equal(value.code, 2);
    assert.equal(value.stderr, 'netpol-lens: --config c.json: netpolLens.dns.profile: expected one of kube-dns, openshift, nodelocal, custom\n');
    const rule = run(dir, 'check', ...config({ rules: { NP2O1: 'off' } }), 'np.yaml');
    assert.equal(rule.code, 2);
    assert.equal(rule.stderr, 'netpol-lens: --config c.json: rules: unknown rule "NP2O1" (did you mean "NP201"?)\n');
  });

  it('matrix takes the same file and rejects the same mistakes', () => {
    const r = run(dir, 'matrix', ...config({ 'limits.maxFileSiz': 1000 }), 'np.yaml');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown setting "limits\.maxFileSiz" \(did you mean "limits\.maxFileSize"\?\)/);
  });

  it('settings of the editor alone (trace.server) are accepted and change nothing', () => {
    const plain = run(dir, 'check', 'np.yaml');
    const r = run(dir, 'check', ...config({ 'trace.server': 'verbose' }), 'np.yaml');
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, plain.stdout);
    assert.ok(normalizeSettings({}).problems.length === 0);
  });
});
