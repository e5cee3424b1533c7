/**
 * The CEL subset (server/src/engine/crd/cel.ts): every `x-kubernetes-validations` rule of the vendored
 * CRDs compiles, and each CEL rule of the ClusterNetworkPolicy CRD rejects one invalid object with the
 * CRD's own message, at the API server's field path. Sources:
 * kubernetes-sigs/network-policy-api@0eec1b0e config/crd/{standard,experimental}/policy.networking.k8s.io_clusternetworkpolicies.yaml
 * and apis/v1alpha2/clusternetworkpolicy_types.go (the +kubebuilder:validation:XValidation markers).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap } from 'yaml';
import { CelError, celProgram, compileCel } from '../../../server/src/engine/crd/cel';
import { CLUSTER_NETWORK_POLICY_EXPERIMENTAL } from '../../../server/src/engine/crd/generated/clusterNetworkPolicy.experimental';
import { CLUSTER_NETWORK_POLICY_STANDARD } from '../../../server/src/engine/crd/generated/clusterNetworkPolicy.standard';
import type { CrdSchema } from '../../../server/src/engine/crd/schema';
import { validateCustomResource } from '../../../server/src/engine/crd/validate';
import { formatFieldPath } from '../../../server/src/engine/parse/fieldPath';
import { parseYamlFile } from '../../../server/src/engine/parse/yamlFile';

function rulesOf(schema: CrdSchema): string[] {
  const out: string[] = [];
  const visit = (s: CrdSchema | undefined) => {
    if (!s) return;
    for (const r of s['x-kubernetes-validations'] ?? []) out.push(r.rule);
    for (const child of Object.values(s.properties ?? {})) visit(child);
    visit(s.items);
    if (typeof s.additionalProperties === 'object') visit(s.additionalProperties);
  };
  visit(schema);
  return out;
}

function celErrors(text: string, schema: CrdSchema = CLUSTER_NETWORK_POLICY_EXPERIMENTAL.schema) {
  const doc = parseYamlFile(text).documents[0]!;
  assert.ok(isMap(doc.contents));
  return validateCustomResource(doc, doc.contents, schema, undefined, { skip: ['metadata'] })
    .filter((e) => e.kind === 'cel')
    .map((e) => ({ field: formatFieldPath(e.field), message: e.message, text: text.slice(e.span[0], e.span[1]) }));
}

const policy = (egress: string) => `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: p}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  egress:
${egress}`;

describe('CEL subset', () => {
  it('compiles every rule of the vendored ClusterNetworkPolicy CRDs', () => {
    const rules = [...rulesOf(CLUSTER_NETWORK_POLICY_STANDARD.schema), ...rulesOf(CLUSTER_NETWORK_POLICY_EXPERIMENTAL.schema)];
    assert.ok(rules.length >= 13, `found ${rules.length} rules`);
    for (const rule of rules) assert.ok(!(celProgram(rule) instanceof CelError), rule);
  });

  it('evaluates CEL as the spec says: has(), exists, all, size, in, logic absorbing errors', () => {
    const self = { a: [1, 2, 3], m: { k: 'v' }, s: 'example.com' };
    const eval_ = (src: string) => compileCel(src).evaluate(self);
    assert.equal(eval_('has(self.m) && !has(self.x)'), true);
    assert.equal(eval_('self.a.exists(x, x > 2)'), true);
    assert.equal(eval_('self.a.all(x, x > 1)'), false);
    assert.equal(eval_('size(self.a) == 3 && self.a.size() == 3'), true);
    assert.equal(eval_("'k' in self.m && 2 in self.a"), true);
    assert.equal(eval_('self.x == 1 || true'), true);
    assert.throws(() => eval_('self.x == 1'), CelError);
    assert.equal(eval_("self.s.endsWith('.com') ? 1 : 2"), 1);
    assert.equal(eval_("isCIDR('10.0.0.0/8') && !isCIDR('10.0.0.0/33') && !isCIDR('::ffff:1.2.3.4/120') && isCIDR('10.0.0.1/8')"), true);
    assert.throws(() => compileCel('self.foo(1)'), CelError);
  });
});

describe('ClusterNetworkPolicy CEL rules: one invalid object each', () => {
  it('PortRange: "self.start < self.end" (clusternetworkpolicy_types.go PortRange)', () => {
    const text = policy(`    - action: Deny
      to: [{networks: [10.0.0.0/8]}]
      protocols:
        - tcp: {destinationPort: {range: {start: 9000, end: 8000}}}
`);
    assert.deepEqual(celErrors(text), [
      { field: 'spec.egress[0].protocols[0].tcp.destinationPort.range', message: 'Invalid value: "object": Start port must be less than End port', text: 'range' },
    ]);
    // The same in ingress, udp and sctp; equal ends are rejected too (start < end, not <=).
    for (const proto of ['udp', 'sctp']) {
      const t = policy(`    - action: Deny
      to: [{networks: [10.0.0.0/8]}]
      protocols:
        - ${proto}: {destinationPort: {range: {start: 80, end: 80}}}
`);
      assert.equal(celErrors(t).length, 1, proto);
    }
    assert.deepEqual(celErrors(text.replace('start: 9000, end: 8000', 'start: 8000, end: 9000')), []);
  });

  it('CIDR: "isCIDR(self)" (clusternetworkpolicy_types.go CIDR)', () => {
    const text = policy(`    - action: Deny
      to: [{networks: [10.0.0.0/33, "::ffff:10.0.0.0/104", 10.0.0.1/8]}]
`);
    assert.deepEqual(celErrors(text), [
      { field: 'spec.egress[0].to[0].networks[0]', message: 'Invalid value: "string": Invalid CIDR format provided', text: '10.0.0.0/33' },
      { field: 'spec.egress[0].to[0].networks[1]', message: 'Invalid value: "string": Invalid CIDR format provided', text: '"::ffff:10.0.0.0/104"' },
    ]);
  });

  it('egress rule: networks/nodes/domainNames peer with a named port (experimental channel only)', () => {
    const text = policy(`    - action: Accept
      to: [{networks: [10.0.0.0/8]}]
      protocols: [{destinationNamedPort: http}]
`);
    const message = 'Invalid value: "object": networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames';
    assert.deepEqual(celErrors(text), [{ field: 'spec.egress[0]', message, text: 'action' }]);
    // The standard CRD does not carry the rule (the marker is <network-policy-api:experimental:validation>).
    assert.deepEqual(celErrors(text, CLUSTER_NETWORK_POLICY_STANDARD.schema), []);
    // A pods peer has named ports: fine.
    assert.deepEqual(celErrors(text.replace('{networks: [10.0.0.0/8]}', '{pods: {namespaceSelector: {}, podSelector: {}}}')), []);
  });
});
