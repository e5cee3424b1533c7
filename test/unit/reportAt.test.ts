/** `RuleContext.reportAt`: a finding about a field is shown on that field, else on its nearest written ancestor, never at 0:0. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findPolicies } from '../../server/src/engine';
import { parseYamlFile } from '../../server/src/engine/parse/yamlFile';
import type { Report } from '../../server/src/engine/rules/rule';
import { reportAtWith, spanAt } from '../../server/src/engine/rules/support/reportAt';

const FIRST = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: first\nspec:\n  podSelector: {}\n';
const SECOND = `---
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
spec:
  ingress:
  - ports:
    - port: 80
  podSelector:
    matchLabels:
      app: web
`;
const text = FIRST + SECOND;
const [first, second] = findPolicies(parseYamlFile(text));
const shown = (span: readonly [number, number]) => text.slice(span[0], span[1]);

describe('spanAt', () => {
  it("is the field's value, or its key with on: 'key'", () => {
    assert.equal(shown(spanAt(second!, ['spec', 'podSelector', 'matchLabels', 'app'])), 'web');
    assert.equal(shown(spanAt(second!, ['spec', 'podSelector', 'matchLabels', 'app'], 'key')), 'app');
    assert.equal(shown(spanAt(first!, ['spec', 'podSelector'])), '{}');
  });

  it('falls back to the nearest written ancestor: its key, or a list item', () => {
    assert.equal(shown(spanAt(second!, ['spec', 'ingress', 0, 'from', 0, 'podSelector'])), '- ports:\n    - port: 80'.slice(2));
    assert.equal(shown(spanAt(second!, ['spec', 'egress', 0])), 'spec');
    assert.equal(shown(spanAt(second!, ['metadata', 'name'])), 'kind', 'no metadata: the kind of this policy, not the first one of the file');
  });

  it('is never the start of the file for a policy that does not start there', () => {
    for (const field of [['metadata'], ['spec', 'podSelector', 'matchExpressions', 3, 'values'], ['status', 'conditions', 0]]) {
      assert.ok(spanAt(second!, field)[0] >= FIRST.length, `${field.join('.')}`);
    }
  });
});

describe('reportAtWith', () => {
  it('reports the field path given, with the span derived from it', () => {
    const reports: Report[] = [];
    reportAtWith((r) => reports.push(r))(second!, ['spec', 'egress'], { message: 'm', on: 'key' });
    assert.equal(reports.length, 1);
    assert.deepEqual(reports[0]!.field, ['spec', 'egress']);
    assert.equal(shown(reports[0]!.span), 'spec');
    assert.equal(reports[0]!.policy, second);
    assert.equal('on' in reports[0]!, false);
  });
});
