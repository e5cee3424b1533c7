/**
 * The generic CRD validator (server/src/engine/crd/validate.ts) on the vendored ClusterNetworkPolicy
 * schema: one invalid object per constraint kind, each message in the API server's words
 * (apiextensions-apiserver validation.go, `kubeOpenAPIResultToFieldErrors`), at the exact node.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap } from 'yaml';
import { CLUSTER_NETWORK_POLICY_EXPERIMENTAL } from '../../../server/src/engine/crd/generated/clusterNetworkPolicy.experimental';
import { CLUSTER_NETWORK_POLICY_STANDARD } from '../../../server/src/engine/crd/generated/clusterNetworkPolicy.standard';
import type { CrdSchema } from '../../../server/src/engine/crd/schema';
import { validateCustomResource } from '../../../server/src/engine/crd/validate';
import { formatFieldPath } from '../../../server/src/engine/parse/fieldPath';
import { parseYamlFile } from '../../../server/src/engine/parse/yamlFile';

const VALID = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: deny-external
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces: {}
  egress:
    - name: dns
      action: Accept
      to:
        - pods:
            namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
            podSelector: {matchLabels: {k8s-app: kube-dns}}
      protocols:
        - udp: {destinationPort: {number: 53}}
        - tcp: {destinationPort: {number: 53}}
    - action: Deny
      to:
        - networks: [0.0.0.0/0]
`;

function errors(text: string, schema: CrdSchema = CLUSTER_NETWORK_POLICY_EXPERIMENTAL.schema) {
  const file = parseYamlFile(text);
  const doc = file.documents[0]!;
  assert.ok(isMap(doc.contents));
  return validateCustomResource(doc, doc.contents, schema, undefined, { skip: ['metadata'] }).map((e) => ({
    kind: e.kind,
    field: formatFieldPath(e.field),
    message: e.message,
    text: text.slice(e.span[0], e.span[1]),
  }));
}

/** `VALID` with one line replaced. */
function edit(from: string, to: string): string {
  assert.ok(VALID.includes(from), from);
  return VALID.replace(from, to);
}

describe('CRD validator: ClusterNetworkPolicy v1alpha2', () => {
  it('accepts a valid policy under both channels', () => {
    assert.deepEqual(errors(VALID), []);
    assert.deepEqual(errors(VALID, CLUSTER_NETWORK_POLICY_STANDARD.schema), []);
  });

  it('required: spec.tier (types.go `Tier Tier json:"tier"`, CRD required)', () => {
    assert.deepEqual(errors(edit('  tier: Admin\n', '')), [{ kind: 'required', field: 'spec.tier', message: 'Required value', text: 'spec' }]);
  });

  it('enum: tier Admin | Baseline', () => {
    assert.deepEqual(errors(edit('tier: Admin', 'tier: admin')), [
      { kind: 'enum', field: 'spec.tier', message: 'Unsupported value: "admin": supported values: "Admin", "Baseline"', text: 'admin' },
    ]);
  });

  it('maximum: priority <= 1000', () => {
    assert.deepEqual(errors(edit('priority: 10', 'priority: 1001')), [
      { kind: 'range', field: 'spec.priority', message: 'Invalid value: 1001: spec.priority in body should be less than or equal to 1000', text: '1001' },
    ]);
  });

  it('type: priority given as a string', () => {
    assert.deepEqual(errors(edit('priority: 10', 'priority: "10"')), [
      { kind: 'type', field: 'spec.priority', message: 'Invalid value: "string": spec.priority in body must be of type integer: "string"', text: '"10"' },
    ]);
  });

  it('unknown field, by its full path, on the key', () => {
    assert.deepEqual(errors(edit('    - action: Deny', '    - action: Deny\n      port: 80')), [
      { kind: 'unknown', field: 'spec.egress[1].port', message: 'unknown field "spec.egress[1].port"', text: 'port' },
    ]);
  });

  it('minProperties / maxProperties: subject has exactly one of namespaces, pods', () => {
    assert.deepEqual(errors(edit('    namespaces: {}', '    {}').replace('subject:\n    {}', 'subject: {}')), [
      { kind: 'properties', field: 'spec.subject', message: 'Invalid value: 0: spec.subject in body should have at least 1 properties', text: 'subject' },
    ]);
    const both = edit('    namespaces: {}', '    namespaces: {}\n    pods: {namespaceSelector: {}, podSelector: {}}');
    assert.deepEqual(errors(both), [{ kind: 'properties', field: 'spec.subject', message: 'Too many: 2: must have at most 1 items', text: 'subject' }]);
  });

  it('minItems: an empty `to`', () => {
    assert.deepEqual(errors(edit('        - networks: [0.0.0.0/0]', '        []').replace('to:\n        []', 'to: []')), [
      { kind: 'items', field: 'spec.egress[1].to', message: 'Invalid value: 0: spec.egress[1].to in body should have at least 1 items', text: 'to' },
    ]);
  });

  it('maxLength: a rule name of 101 characters', () => {
    assert.deepEqual(errors(edit('name: dns', `name: ${'a'.repeat(101)}`)), [
      { kind: 'length', field: 'spec.egress[0].name', message: 'Too long: may not be more than 100 bytes', text: 'a'.repeat(101) },
    ]);
  });

  it('pattern: a domain name that is not one (experimental)', () => {
    const text = edit('        - networks: [0.0.0.0/0]', '        - domainNames: ["*example"]').replace('action: Deny', 'action: Accept');
    assert.deepEqual(errors(text), [
      {
        kind: 'pattern',
        field: 'spec.egress[1].to[0].domainNames[0]',
        message: `Invalid value: "*example": spec.egress[1].to[0].domainNames[0] in body should match '^(\\*\\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$'`,
        text: '"*example"',
      },
    ]);
  });

  it('a field of the experimental channel is unknown under the standard CRD', () => {
    const text = edit('        - networks: [0.0.0.0/0]', '        - domainNames: [example.com]').replace('action: Deny', 'action: Accept');
    assert.deepEqual(errors(text), []);
    assert.deepEqual(errors(text, CLUSTER_NETWORK_POLICY_STANDARD.schema), [
      { kind: 'unknown', field: 'spec.egress[1].to[0].domainNames', message: 'unknown field "spec.egress[1].to[0].domainNames"', text: 'domainNames' },
    ]);
  });

  it('x-kubernetes-list-type set: a CIDR listed twice', () => {
    assert.deepEqual(errors(edit('networks: [0.0.0.0/0]', 'networks: [10.0.0.0/8, 10.0.0.0/8]')), [
      { kind: 'duplicate', field: 'spec.egress[1].to[0].networks[1]', message: 'Duplicate value: "10.0.0.0/8"', text: '10.0.0.0/8' },
    ]);
  });

  it('null values count as absent (pruned before validation)', () => {
    assert.deepEqual(errors(edit('  tier: Admin', '  tier:')), [{ kind: 'required', field: 'spec.tier', message: 'Required value', text: 'spec' }]);
  });

  it('nothing below a value of the wrong type is looked at', () => {
    assert.deepEqual(
      errors(edit('    namespaces: {}', '    namespaces: [a]')).map((e) => e.kind),
      ['type'],
    );
  });
});

describe('CRD validator: bounded work', () => {
  it('an alias fan-out stops at the budget, and says it was cut short', () => {
    const expressions = `[&e {key: k, operator: In, values: [${Array(300).fill('v').join(', ')}]}, ${Array(300).fill('*e').join(', ')}]`;
    const rule = `    - &r {action: Deny, from: [&p {namespaces: {matchExpressions: ${expressions}}}, ${Array(24).fill('*p').join(', ')}]}\n`;
    const text = VALID.replace(/ {2}egress:[\s\S]*$/, `  ingress:\n${rule}${'    - *r\n'.repeat(24)}`);
    const doc = parseYamlFile(text).documents[0]!;
    const errors = validateCustomResource(doc, doc.contents, CLUSTER_NETWORK_POLICY_STANDARD.schema, undefined, { skip: ['metadata'], budget: 10_000 });
    assert.equal(errors.cutShort, true);
    // 25 x 25 x 301 x 300 nodes through aliases, unbounded; none of them is wrong.
    assert.equal(errors.length, 0);
    assert.equal(validateCustomResource(doc, doc.contents, CLUSTER_NETWORK_POLICY_STANDARD.schema, undefined, { skip: ['metadata'] }).cutShort, true);
    assert.equal(validateCustomResource(parseYamlFile(VALID).documents[0]!, parseYamlFile(VALID).documents[0]!.contents, CLUSTER_NETWORK_POLICY_STANDARD.schema).cutShort, undefined);
  });
});
