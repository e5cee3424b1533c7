/**
 * CNP206's related information: the deciding Admin policy, in another file of the workspace or in the
 * file itself, is pointed at by its metadata.name (the cases check only that the rule fires).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, parseYamlFile } from '../../../server/src/engine';
import { readManifests } from '../../../server/src/engine/reach';

const ADMIN = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: deny-all}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to: [{namespaces: {}}]
`;
const BASELINE = ADMIN.replace('name: deny-all', 'name: default-deny').replace('tier: Admin', 'tier: Baseline');

const shadowed = (text: string, others: Record<string, string>) => {
  const files = [readManifests('input.yaml', parseYamlFile(text)), ...Object.entries(others).map(([uri, t]) => readManifests(uri, parseYamlFile(t)))];
  return analyzeText(text, { workspace: { uri: 'input.yaml', files } }).findings.filter((f) => f.code === 'CNP206');
};

describe('CNP206 related information', () => {
  it('points at the Admin policy of another file', () => {
    const [finding, ...rest] = shadowed(BASELINE, { 'admin.yaml': ADMIN });
    assert.equal(rest.length, 0);
    assert.match(finding!.message, /Admin-tier policy deny-all \(admin\.yaml\)/);
    assert.deepEqual(
      finding!.related?.map((r) => ({ uri: r.uri, line: r.range.start.line, character: r.range.start.character, message: r.message })),
      [{ uri: 'admin.yaml', line: 2, character: 17, message: 'Admin-tier policy deny-all decides these connections first' }],
    );
  });

  it('points at the Admin policy of the same file', () => {
    const text = `${ADMIN}---\n${BASELINE}`;
    const [finding] = shadowed(text, {});
    assert.match(finding!.message, /deny-all \(this file\)/);
    assert.deepEqual(finding!.related?.map((r) => ({ uri: r.uri, line: r.range.start.line, end: r.range.end.character })), [{ uri: 'input.yaml', line: 2, end: 25 }]);
  });

  it('is quiet once the Admin policy hands connections on with a Pass', () => {
    assert.deepEqual(shadowed(BASELINE, { 'admin.yaml': ADMIN.replace('egress:\n', 'egress:\n  - action: Pass\n    to: [{namespaces: {matchLabels: {team: a}}}]\n') }), []);
  });
});
