/**
 * The editor's incremental analysis and ClusterNetworkPolicies: a file that may hold one is analysed
 * whole (path 'cluster policies'), with the same findings as analyzeText, edit after edit; a file of
 * NetworkPolicies alone keeps the incremental path.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../../server/src/engine';
import { IncrementalAnalyzer } from '../../../server/src/engine/incremental';

const NP = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const CNP = 'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: c}\nspec:\n  tier: admin\n  priority: 1\n  subject: {namespaces: {}}\n';

const summary = (findings: readonly { code: string; span: readonly [number, number] }[]) => findings.map((f) => `${f.code}@${f.span[0]}`);

describe('incremental analysis with ClusterNetworkPolicies', () => {
  it('a file with one is analysed whole, with the findings of analyzeText at every edit', () => {
    const analyzer = new IncrementalAnalyzer();
    let text = `${NP}---\n${CNP}`;
    for (const next of [text, text.replace('priority: 1', 'priority: 2000'), text.replace('tier: admin', 'tier: Admin')]) {
      text = next;
      const result = analyzer.analyze(text);
      assert.equal(result.path.kind, 'full');
      assert.equal(result.path.kind === 'full' && result.path.reason, 'cluster policies');
      assert.deepEqual(summary(result.findings), summary(analyzeText(text).findings));
    }
    assert.deepEqual(summary(analyzer.analyze(text).findings.filter((f) => f.code.startsWith('CNP'))), []);
  });

  it('a file of NetworkPolicies alone stays on the incremental path', () => {
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(NP);
    assert.equal(analyzer.analyze(NP.replace('name: a', 'name: b')).path.kind, 'incremental');
  });

  it('a ClusterNetworkPolicy or a Cilium policy pasted into a file of NetworkPolicies sends it whole, and back when removed', () => {
    const CILIUM = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: shop}\nspec:\n  endpointSelector: {}\n  egress: [{}]\n';
    const padding = Array.from({ length: 40 }, (_, i) => NP.replace('name: a', `name: p${i}`)).join('---\n');
    for (const [pasted, reason] of [[CNP, 'cluster policies'], [CILIUM, 'notices present']] as const) {
      const analyzer = new IncrementalAnalyzer();
      analyzer.analyze(`${padding}---\n${NP}`);
      const text = `${padding}---\n${pasted}---\n${NP}`;
      const result = analyzer.analyze(text);
      assert.equal(result.path.kind === 'full' && result.path.reason, reason);
      assert.deepEqual(summary(result.findings), summary(analyzeText(text).findings));
      analyzer.analyze(text.replace('name: a', 'name: b'));
      analyzer.analyze(`${padding}---\n${NP}`);
      assert.equal(analyzer.analyze(`${padding}---\n${NP.replace('name: a', 'name: z')}`).path.kind, 'incremental');
    }
  });
});
