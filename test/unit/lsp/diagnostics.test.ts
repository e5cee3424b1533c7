/** A finding as an LSP diagnostic (lsp/diagnostics.ts): what each field carries. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../../server/src/engine';
import { toDiagnostic } from '../../../server/src/lsp/diagnostics';

const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } };

describe('toDiagnostic', () => {
  it("sends the API server's field path (data.field) for validation findings only", () => {
    const sent = (code: string, field: string | undefined) => toDiagnostic({ rule: 'r', code, severity: 'error', message: 'm', range, field }).data as unknown;
    assert.deepEqual(sent('NP101', 'spec.ingress[0].ports[0].protocol'), { field: 'spec.ingress[0].ports[0].protocol' });
    assert.deepEqual(sent('CNP104', 'spec.priority'), { field: 'spec.priority' });
    assert.deepEqual(sent('CIL101', 'specs[0].egress[0].toEndpoint'), { field: 'specs[0].egress[0].toEndpoint' });
    assert.equal(sent('NP101', undefined), undefined);
    for (const code of ['NP201', 'NP401', 'CNP201', 'CIL201', 'NP960']) assert.equal(sent(code, 'spec.egress[0]'), undefined, code);
  });

  it('gives a real validation finding its field path, and a semantic one none', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: a, namespace: x}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - ports:
        - protocol: udp
          port: 53
`;
    const diagnostics = analyzeText(text).findings.map(toDiagnostic);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.data as unknown]),
      diagnostics.map((d) => [d.code, String(d.code).startsWith('NP1') ? { field: 'spec.egress[0].ports[0].protocol' } : undefined]),
    );
    assert.ok(diagnostics.some((d) => d.code === 'NP101'));
    assert.ok(diagnostics.some((d) => !String(d.code).startsWith('NP1')), diagnostics.map((d) => d.code).join(' '));
  });
});
