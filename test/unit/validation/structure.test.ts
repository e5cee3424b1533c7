import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap } from 'yaml';
import { parseYamlFile } from '../../../server/src/engine';
import { checkStructure, suggestField } from '../../../server/src/engine/validation/structure';

function structure(text: string): string[] {
  const doc = parseYamlFile(text).documents[0]!;
  assert.ok(isMap(doc.contents));
  return checkStructure(doc, doc.contents).map((e) => `${e.kind} ${e.field.join('.')}: ${e.message}${e.suggestion ? ` (${e.suggestion})` : ''}`);
}

const HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a}\n';

describe('decoder structure checks', () => {
  it('nothing below an unknown key or a wrong-typed value is looked at', () => {
    assert.deepEqual(structure(`${HEAD}spec:\n  ingres:\n  - from: {bogus: 1}\n  egress: {to: [{bogus: 1}]}\n`), [
      'unknown spec.ingres: unknown field "spec.ingres" (ingress)',
      'type spec.egress: json: cannot unmarshal object into Go struct field NetworkPolicySpec.spec.egress of type []v1.NetworkPolicyEgressRule',
    ]);
  });
  it('a key both unknown and duplicated is reported once, as unknown', () => {
    assert.deepEqual(structure(`${HEAD}spec:\n  foo: 1\n  foo: 2\n`), ['unknown spec.foo: unknown field "spec.foo"']);
  });
  it('aliases are followed for types', () => {
    assert.deepEqual(structure(`${HEAD}x-labels: &l {app: web}\nspec:\n  podSelector:\n    matchLabels: *l\n`), ['unknown x-labels: unknown field "x-labels"']);
  });
  it('nulls are fine everywhere', () => {
    assert.deepEqual(structure(`${HEAD}spec:\n  podSelector:\n  ingress:\n  - from:\n    ports:\n    - port:\n      protocol: ~\n`), []);
  });
  it('an int32 out of range is a number the decoder cannot fit', () => {
    assert.deepEqual(structure(`${HEAD}spec:\n  egress:\n  - ports:\n    - {port: 80, endPort: 4294967296}\n`), [
      'type spec.egress.0.ports.0.endPort: json: cannot unmarshal number 4294967296 into Go struct field NetworkPolicyPort.spec.egress.ports.endPort of type int32',
    ]);
  });
});

describe('did you mean', () => {
  const spec = ['podSelector', 'ingress', 'egress', 'policyTypes'];
  it('case and separators', () => {
    assert.equal(suggestField('podselector', spec), 'podSelector');
    assert.equal(suggestField('pod_selector', spec), 'podSelector');
    assert.equal(suggestField('PolicyTypes', spec), 'policyTypes');
  });
  it('a unique completion, or the single closest spelling', () => {
    assert.equal(suggestField('ingr', spec), 'ingress');
    assert.equal(suggestField('polcyTypes', spec), 'policyTypes');
    assert.equal(suggestField('namespaceSelectors', ['podSelector', 'namespaceSelector', 'ipBlock']), 'namespaceSelector');
  });
  it('nothing when nothing is close, or two are as close', () => {
    assert.equal(suggestField('status', spec), undefined);
    assert.equal(suggestField('ngress', spec), undefined);
  });
});
