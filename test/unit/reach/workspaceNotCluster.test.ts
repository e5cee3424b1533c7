/**
 * The workspace is not the cluster (#14.3, #14.4): NP951/NP952 say a selector matches nothing only where
 * the workspace evidently shows a mistake, and NP902 only for policies applied together. Each "fires
 * when" and "does not fire when" of docs/rules/NP902.md, NP951.md and NP952.md, checked as `check` on a
 * folder sees it: several files analysed together.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, applyEdits } from '../../../server/src/engine';
import { buildWorkspace } from '../../../server/src/engine/reach';
import { explainPolicy } from '../../../server/src/engine/reach/explain';

interface Shown {
  file: string;
  code: string;
  text: string;
  message: string;
}

function check(files: Record<string, string>, codes = /^NP9/): Shown[] {
  const inputs = Object.entries(files).map(([uri, text]) => ({ uri, text }));
  return analyzeFiles(inputs).flatMap((analysis, i) =>
    analysis.findings.filter((f) => codes.test(f.code)).map((f) => ({ file: inputs[i]!.uri, code: f.code, text: inputs[i]!.text.slice(f.span[0], f.span[1]), message: f.message })),
  );
}

const deployment = (name: string, labels: Record<string, string>, namespace?: string, extraMetadata = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}${extraMetadata}spec:
  template:
    metadata:
      labels:
${Object.entries(labels)
  .map(([k, v]) => `        ${k}: ${v}\n`)
  .join('')}`;

const policy = (name: string, selector: string, namespace?: string, rest = '') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  podSelector:
    matchLabels:
      ${selector}
${rest}`;

const prometheusCr = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
  namespace: shop
`;

const service = (selector: string) => `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    ${selector}
  ports:
  - port: 80
`;

describe('NP951: a podSelector that matches no workload', () => {
  // shop holds one workload, web, that no policy selects; the policy selects app=api, which nothing carries.
  const base = { 'shop/web.yaml': deployment('web', { app: 'web' }, 'shop'), 'shop/policy.yaml': policy('api', 'app: api', 'shop') };
  const baseFinding = {
    file: 'shop/policy.yaml',
    code: 'NP951',
    text: 'api',
    message: 'podSelector app=api matches no workload in namespace shop, while no policy selects Deployment web (app=web) there: was it meant?',
  };

  it('fires when the namespace holds a workload that no policy selects with the same label key, with a fix', () => {
    assert.deepEqual(check(base), [baseFinding]);
    const [analysis] = analyzeFiles([{ uri: 'shop/policy.yaml', text: base['shop/policy.yaml'] }, { uri: 'shop/web.yaml', text: base['shop/web.yaml'] }]);
    const fix = analysis!.findings[0]!.fixes[0]!;
    assert.equal(fix.title, 'Change label value `api` to `web`');
    assert.equal(fix.isPreferred, false, 'a guess at what was meant is never applied by fix-all');
    assert.equal(applyEdits(base['shop/policy.yaml'], fix.offsetEdits), policy('api', 'app: web', 'shop'));
  });

  it('does not fire when custom resources are in the namespace (an operator makes pods from them)', () => {
    assert.deepEqual(check({ ...base, 'shop/prometheus.yaml': prometheusCr }), []);
  });

  it('does not fire when a Service there selects pods the workspace does not show and the policy could match', () => {
    assert.deepEqual(check({ ...base, 'shop/service.yaml': service('app: api') }), []);
    // A Service of the workspace's own workload is no evidence of other pods.
    assert.deepEqual(check({ ...base, 'shop/service.yaml': service('app: web') }), [baseFinding]);
  });

  it('does not fire when a workload of the namespace is run by an operator', () => {
    const owned = deployment('db', { role: 'db' }, 'shop', '  ownerReferences:\n  - apiVersion: acid.zalan.do/v1\n    kind: postgresql\n    name: db\n    uid: 1\n');
    assert.deepEqual(check({ ...base, 'shop/db.yaml': owned }), []);
    const managed = deployment('db', { role: 'db' }, 'shop', '  labels:\n    app.kubernetes.io/managed-by: strimzi-cluster-operator\n');
    assert.deepEqual(check({ ...base, 'shop/db.yaml': managed }), []);
    const helm = deployment('db', { role: 'db' }, 'shop', '  labels:\n    app.kubernetes.io/managed-by: Helm\n');
    assert.deepEqual(check({ ...base, 'shop/db.yaml': helm }), [baseFinding], 'Helm is a deployment tool, not an operator');
  });

  it('does not fire when other selectors of the namespace match nothing too: workloads are missing, not one renamed', () => {
    const two = { ...base, 'shop/db-policy.yaml': policy('db', 'app: db', 'shop') };
    assert.deepEqual(check(two), []);
  });

  it('does not fire when every workload of the namespace is selected by some policy', () => {
    assert.deepEqual(check({ ...base, 'shop/web-policy.yaml': policy('web', 'app: web', 'shop') }), []);
  });

  it('does not fire when the selector matches a workload of another namespace (only the namespace is in question)', () => {
    assert.deepEqual(check({ ...base, 'other/api.yaml': deployment('api', { app: 'api' }, 'other') }), []);
  });

  it('fires on a label one edit away from a workload, as a warning, even where the namespace is not complete', () => {
    const typo = { 'shop/web.yaml': deployment('carts', { name: 'carts' }, 'shop'), 'shop/policy.yaml': policy('cart', 'name: cart', 'shop'), 'shop/prometheus.yaml': prometheusCr };
    assert.deepEqual(check(typo), [
      { file: 'shop/policy.yaml', code: 'NP951', text: 'cart', message: 'podSelector name=cart matches no workload in namespace shop: did you mean `carts`? With it the selector matches shop/carts' },
    ]);
    // A mistyped key too.
    const key = { 'shop/web.yaml': deployment('carts', { name: 'carts' }, 'shop'), 'shop/policy.yaml': policy('cart', 'nmae: carts', 'shop') };
    assert.deepEqual(check(key).map((f) => [f.text, f.message]), [['nmae', 'podSelector nmae=carts matches no workload in namespace shop: did you mean `name`? With it the selector matches shop/carts']]);
  });

  it('does not take another member of a series for a typo (web-1 / web-2, team-a / team-b)', () => {
    for (const [written, meant] of [
      ['web-2', 'web-1'],
      ['team-b', 'team-a'],
      ['db', 'dc'],
      ['node10', 'node11'],
    ]) {
      const files = { 'shop/web.yaml': deployment('w', { app: meant! }, 'shop'), 'shop/policy.yaml': policy('p', `app: ${written!}`, 'shop'), 'shop/prometheus.yaml': prometheusCr };
      assert.deepEqual(check(files), [], `${written} -> ${meant}`);
    }
  });

  it('quotes a value that YAML would read as another type', () => {
    const files = { 'shop/web.yaml': deployment('w', { version: '"1234"' }, 'shop'), 'shop/policy.yaml': policy('p', 'version: "123"', 'shop') };
    const [analysis] = analyzeFiles([{ uri: 'shop/policy.yaml', text: files['shop/policy.yaml'] }, { uri: 'shop/web.yaml', text: files['shop/web.yaml'] }]);
    const fix = analysis!.findings.find((f) => f.code === 'NP951')!.fixes[0]!;
    assert.equal(applyEdits(files['shop/policy.yaml'], fix.offsetEdits), policy('p', 'version: "1234"', 'shop'));
    const plain = policy('p', "version: '123'", 'shop');
    const [again] = analyzeFiles([{ uri: 'shop/policy.yaml', text: plain }, { uri: 'shop/web.yaml', text: files['shop/web.yaml'] }]);
    assert.equal(applyEdits(plain, again!.findings.find((f) => f.code === 'NP951')!.fixes[0]!.offsetEdits), policy('p', "version: '1234'", 'shop'));
  });
});

describe("kustomize's namespace: applies to the resources it lists", () => {
  const files = {
    'app/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n- deploy.yaml\n',
    'app/deploy.yaml': deployment('carts', { name: 'carts' }),
    'policies/policy.yaml': policy('cart', 'name: cart', 'shop'),
  };

  it('counts a Deployment without metadata.namespace as in the kustomization namespace', () => {
    assert.deepEqual(check(files).map((f) => [f.file, f.code, f.text]), [['policies/policy.yaml', 'NP951', 'cart']]);
    const without = Object.fromEntries(Object.entries(files).filter(([name]) => name !== 'app/kustomization.yaml'));
    assert.deepEqual(check(without), [], 'without the kustomization the Deployment is in default, and shop holds no workload');
  });

  it('is the namespace the explanation (hover, explain) names, and the workloads it counts', () => {
    const ws = buildWorkspace(
      [
        { uri: 'app/kustomization.yaml', text: 'namespace: shop\nresources:\n- deploy.yaml\n- policy.yaml\n' },
        { uri: 'app/deploy.yaml', text: deployment('carts', { name: 'carts' }) },
        { uri: 'app/policy.yaml', text: policy('carts', 'name: carts') },
      ],
      { defaultNamespace: 'default', ipBlockAppliesToPods: true },
    );
    const compiled = ws.policies[0]!;
    const explanation = explainPolicy(compiled.view, { defaultNamespace: 'default', workspace: ws, compiled });
    assert.equal(explanation.policy, 'shop/carts');
    assert.deepEqual(explanation.workloads, ['shop/carts']);
  });

  it('overrides the namespace an object names, an overlay overriding its base', () => {
    const overlay = {
      'base/kustomization.yaml': 'namespace: staging\nresources:\n- deploy.yaml\n',
      'base/deploy.yaml': deployment('carts', { name: 'carts' }, 'default'),
      'prod/kustomization.yaml': 'namespace: shop\nresources:\n- ../base\n',
      'policies/policy.yaml': policy('cart', 'name: cart', 'shop'),
    };
    assert.deepEqual(check(overlay).map((f) => [f.file, f.code, f.text]), [['policies/policy.yaml', 'NP951', 'cart']]);
  });

  it('leaves a base that overlays put in different namespaces where it is, and those namespaces unjudged', () => {
    const overlays = {
      'base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      'base/deploy.yaml': deployment('web', { app: 'web' }),
      'dev/kustomization.yaml': 'namespace: dev\nresources:\n- ../base\n- db.yaml\n- policy.yaml\n',
      'dev/db.yaml': deployment('db', { app: 'db' }),
      'dev/policy.yaml': policy('api', 'app: api'),
      'prod/kustomization.yaml': 'namespace: prod\nresources:\n- ../base\n',
    };
    // web may be in dev or in prod: dev is not known whole.
    assert.deepEqual(check(overlays), []);
    // With dev the only overlay, web is in dev with db, and the policy meant one of them.
    const dev = Object.fromEntries(Object.entries(overlays).filter(([name]) => name !== 'prod/kustomization.yaml'));
    assert.deepEqual(check(dev).map((f) => [f.file, f.message]), [
      ['dev/policy.yaml', 'podSelector app=api matches no workload in namespace dev, while no policy selects Deployment web (app=web), Deployment db (app=db) there: was one of them meant?'],
    ]);
  });
});

describe('NP952: a peer that matches nothing', () => {
  it('fires when the pods exist in another namespace only: a namespaceSelector is missing', () => {
    const files = {
      'monitoring/prometheus.yaml': deployment('prometheus', { app: 'prometheus' }, 'monitoring'),
      'shop/web.yaml': deployment('web', { app: 'web' }, 'shop'),
      'shop/policy.yaml': policy('web', 'app: web', 'shop', '  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: prometheus\n'),
    };
    assert.deepEqual(check(files), [
      {
        file: 'shop/policy.yaml',
        code: 'NP952',
        text: 'matchLabels:\n          app: prometheus',
        message:
          "podSelector app=prometheus matches no workload in namespace shop, but matches monitoring/prometheus in namespace monitoring: a podSelector alone looks only in the policy's own namespace, so this peer admits nothing; add a namespaceSelector beside it",
      },
    ]);
    assert.deepEqual(check({ ...files, 'shop/prometheus.yaml': prometheusCr }), [], 'not where an operator may run such pods in shop too');
  });

  it('does not fire for a Namespace manifest of another namespace: namespaces are made outside the repository too', () => {
    const files = {
      'shop/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: shop\n',
      'shop/web.yaml': deployment('web', { app: 'web' }, 'shop'),
      'shop/policy.yaml': policy('web', 'app: web', 'shop', '  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: monitoring\n'),
    };
    assert.deepEqual(check(files), []);
  });

  it('fires on the peer of a renamed app that a policy also selects, and not on a peer nothing else names', () => {
    const files = {
      'ci/controller.yaml': deployment('runner-controller', { app: 'runner-controller' }, 'ci'),
      'ci/tunnel.yaml': deployment('tunnel', { app: 'tunnel' }, 'ci'),
      'ci/policies.yaml': [
        policy('scaler', 'app: webhook-scaler', 'ci'),
        policy('tunnel', 'app: tunnel', 'ci', '  egress:\n  - to:\n    - podSelector:\n        matchLabels:\n          app: webhook-scaler\n'),
      ].join('---\n'),
    };
    assert.deepEqual(
      check(files).map((f) => [f.code, f.text]),
      [
        ['NP951', 'webhook-scaler'],
        ['NP952', 'webhook-scaler'],
      ],
    );
    const unnamed = { ...files, 'ci/policies.yaml': policy('tunnel', 'app: tunnel', 'ci', '  egress:\n  - to:\n    - podSelector:\n        matchLabels:\n          app: webhook-scaler\n') };
    assert.deepEqual(check(unnamed), []);
  });
});

describe('NP902: the same name applied together', () => {
  const a = policy('backend', 'run: backend', 'default', '  ingress:\n  - {}\n');
  const b = policy('backend', 'run: backend-db', 'default');
  const message = (where: string) =>
    `Another NetworkPolicy named backend in namespace default appears ${where}: applying both keeps only the one applied last, and its rules silently replace the other's. Rename one, or merge their rules.`;

  it('fires for two in one file (the later one)', () => {
    assert.deepEqual(check({ 'np.yaml': `${a}---\n${b}` }), [{ file: 'np.yaml', code: 'NP902', text: 'backend', message: message('earlier in this file') }]);
  });

  it('fires for two files of one folder for different pods (kubectl apply -f folder/ applies both)', () => {
    assert.deepEqual(check({ 'np/a.yaml': a, 'np/b.yaml': b }), [
      { file: 'np/a.yaml', code: 'NP902', text: 'backend', message: message('in b.yaml, in the same folder (kubectl apply -f on the folder applies both)') },
      { file: 'np/b.yaml', code: 'NP902', text: 'backend', message: message('in a.yaml, in the same folder (kubectl apply -f on the folder applies both)') },
    ]);
  });

  it('does not fire for two files of one folder for the same pods: two versions of one policy, lesson steps', () => {
    assert.deepEqual(check({ 'lesson/step1.yaml': a, 'lesson/step2.yaml': policy('backend', 'run: backend', 'default') }), []);
  });

  it('does not fire for examples/ beside deploy/, nor two tracks of a tutorial', () => {
    assert.deepEqual(check({ 'examples/np.yaml': a, 'deploy/np.yaml': b }), []);
    assert.deepEqual(check({ 'tutorial/track-1/np.yaml': a, 'tutorial/track-2/np.yaml': b }), []);
  });

  it("fires for the resources of one kustomization, through its bases, and not for two overlays' own files", () => {
    const files = {
      'base/kustomization.yaml': 'resources:\n- policies/a.yaml\n',
      'base/policies/a.yaml': a,
      'overlays/dev/kustomization.yaml': 'resources:\n- ../../base\n- b.yaml\n',
      'overlays/dev/b.yaml': policy('backend', 'run: backend', 'default'),
      'overlays/prod/kustomization.yaml': 'resources:\n- ../../base\n- c.yaml\n',
      'overlays/prod/c.yaml': b,
    };
    assert.deepEqual(
      check(files).map((f) => [f.file, f.message]),
      [
        ['base/policies/a.yaml', message('in b.yaml, which overlays/dev/kustomization.yaml applies with this file')],
        ['overlays/dev/b.yaml', message('in a.yaml, which overlays/dev/kustomization.yaml applies with this file')],
        ['overlays/prod/c.yaml', message('in a.yaml, which overlays/prod/kustomization.yaml applies with this file')],
      ].sort(),
    );
  });

  it('does not fire for a file of a kustomized folder that the kustomization does not list', () => {
    const files = { 'deploy/kustomization.yaml': 'resources:\n- a.yaml\n', 'deploy/a.yaml': a, 'deploy/b.yaml': b };
    assert.deepEqual(check(files), []);
  });

  it('reads an extensionless Kustomization file', () => {
    const files = { 'deploy/Kustomization': 'resources:\n- x/a.yaml\n- y/b.yaml\n', 'deploy/x/a.yaml': a, 'deploy/y/b.yaml': b };
    assert.deepEqual(
      check(files).map((f) => f.file),
      ['deploy/x/a.yaml', 'deploy/y/b.yaml'],
    );
  });
});
