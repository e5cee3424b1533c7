/** Workspace.replaceViews: a workspace whose policy views were replaced answers as one made anew from the new views. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, parseYamlFile } from '../../../server/src/engine';
import { newCompileCache, readManifests, Workspace, workspaceOptions } from '../../../server/src/engine/reach';
import type { FileManifests } from '../../../server/src/engine/reach/manifests';
import type { PolicyView } from '../../../server/src/engine/model/policyView';

const SEED = path.join(__dirname, '..', '..', 'fixtures', 'reach', 'seed');
const WORKLOADS = readManifests('file:///ws/workloads.yaml', parseYamlFile(readFileSync(path.join(SEED, 'workloads.yaml'), 'utf8')));
const URI = 'file:///ws/policies.yaml';

const policy = (name: string, selector: string, from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
spec:
  podSelector:
    matchLabels:
      app: ${selector}
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: ${from}
  egress:
  - to:
    - namespaceSelector: {}
`;

/** What a workspace says of each of `views`, and which policies apply to each endpoint. */
function answers(workspace: Workspace, views: readonly PolicyView[]) {
  const compiled = views.map((view) => {
    const policy = workspace.compiledOf(view);
    return policy && {
      key: policy.key,
      uri: workspace.uriOf(view),
      selected: policy.selected,
      selectedBy: workspace.selectedBy(view),
      policyTypes: policy.policyTypes,
      ingress: policy.ingress.map((rule) => [...rule.peerSet]),
      egress: policy.egress.map((rule) => [...rule.peerSet]),
    };
  });
  const applying = workspace.endpoints.map((endpoint) => ({
    ingress: workspace.policiesFor(endpoint.id, 'Ingress').map((p) => p.key),
    egress: workspace.policiesFor(endpoint.id, 'Egress').map((p) => p.key),
  }));
  return { compiled, applying, all: workspace.policies.map((p) => p.key), inDefault: workspace.policiesIn('default').map((p) => ({ key: p.key, id: p.id, view: views.indexOf(p.view) })) };
}

describe('Workspace.replaceViews', () => {
  it('answers, after policies were replaced, as a workspace made from the new ones', () => {
    const before = [policy('a', 'restricted-app', 'neighbour'), policy('b', 'neighbour', 'restricted-app'), policy('c', 'nothing', 'nothing')].join('---\n');
    // b now selects the restricted app and admits nothing; c selects the neighbour.
    const after = [policy('a', 'restricted-app', 'neighbour'), policy('b', 'restricted-app', 'nothing'), policy('c', 'neighbour', 'restricted-app')].join('---\n');
    const options = workspaceOptions(DEFAULT_SETTINGS);
    const old: FileManifests = readManifests(URI, parseYamlFile(before));
    const cache = newCompileCache();
    const workspace = new Workspace([WORKLOADS, old], options, cache);
    // Everything asked once, so that what it keeps is there to be made stale.
    answers(workspace, old.policies);

    const next: FileManifests = { ...readManifests(URI, parseYamlFile(after)) };
    // The first policy's view is kept (as the editor's analysis keeps an unchanged document's).
    const views = [old.policies[0]!, ...next.policies.slice(1)];
    const files = [WORKLOADS, { ...next, policies: views }];
    const replaced = new Map(views.slice(1).map((view, i) => [old.policies[i + 1]!, view]));
    assert.equal(workspace.replaceViews(files, replaced), true);

    const fresh = new Workspace(files, options);
    assert.deepEqual(answers(workspace, views), answers(fresh, views));
    assert.equal(workspace.compiledOf(old.policies[1]!), undefined, 'a replaced view is no longer one of its policies');
    assert.equal(workspace.files, files);
  });

  it('refuses, changing nothing, a view that is not one of its policies or a new one that already is', () => {
    const text = [policy('a', 'restricted-app', 'neighbour'), policy('b', 'neighbour', 'restricted-app')].join('---\n');
    const own = readManifests(URI, parseYamlFile(text));
    const other = readManifests(URI, parseYamlFile(text));
    const workspace = new Workspace([WORKLOADS, own], workspaceOptions(DEFAULT_SETTINGS));
    const files = workspace.files;
    assert.equal(workspace.replaceViews([], new Map([[other.policies[0]!, other.policies[1]!]])), false);
    assert.equal(workspace.replaceViews([], new Map([[own.policies[0]!, own.policies[1]!]])), false);
    assert.equal(workspace.files, files);
    assert.equal(workspace.compiledOf(own.policies[0]!)?.key, 'default/a');
  });
});
