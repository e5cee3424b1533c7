import * as l10n from '../l10n/t';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { detectIndentStyle } from '../fixes/indentStyle';
import { insertBlockMapEntry } from '../fixes/yamlEdits';
import type { PolicyView } from '../model/policyView';
import type { FixProposal, Rule } from './rule';

/** `egress: []` or `egress:` with nothing: what the author wrote to mean "no egress allowed". */
function isEmptyEgress(value: unknown): boolean {
  return value === null || (isScalar(value) && value.value === null) || (isSeq(value) && value.items.length === 0);
}

function policyTypesFix(policy: PolicyView, types: string[], title: string, preferred: boolean): FixProposal | undefined {
  const spec = policy.node(['spec']);
  if (!isMap(spec)) return undefined;
  // policyTypes goes before the first rules key, where kubectl and the docs put it.
  const firstRulesKey = spec.items.find((pair) => isScalar(pair.key) && (pair.key.value === 'ingress' || pair.key.value === 'egress'))?.key as Node | undefined;
  const edit = insertBlockMapEntry(policy.file, spec, firstRulesKey, 'policyTypes', types, detectIndentStyle(policy.file, policy.source.document));
  return edit && { title, isPreferred: preferred, edits: [edit] };
}

export const emptyEgressNotIsolating: Rule = {
  meta: {
    code: 'NP303',
    name: 'empty-egress-not-isolating',
    description: '`egress: []` without policyTypes does not isolate egress: Egress is defaulted in only for a non-empty egress list.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      if ((policy.object.spec?.policyTypes ?? []).length > 0) continue;
      const pair = policy.pair(['spec', 'egress']);
      if (!pair || !isEmptyEgress(pair.value)) continue;
      const span = policy.keySpan(['spec', 'egress']);
      if (!span) continue;
      const fixes = [
        policyTypesFix(policy, ['Ingress', 'Egress'], l10n.t('Isolate egress: set policyTypes to [Ingress, Egress]'), true),
        policyTypesFix(policy, ['Ingress'], l10n.t("Keep today's meaning: set policyTypes to [Ingress]"), false),
      ].filter((f): f is FixProposal => f !== undefined);
      context.report({
        policy,
        span,
        field: ['spec', 'egress'],
        message: l10n.t(
          'This empty egress list does not isolate egress: without policyTypes, the API server adds Egress only when egress has at least one rule, so egress from these pods stays open. Set policyTypes to say which directions this policy isolates.',
        ),
        fixes,
      });
    }
  },
};
