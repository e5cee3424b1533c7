import * as l10n from '../../l10n/t';
import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import { detectIndentStyle } from '../../fixes/indentStyle';
import { appendToSeq } from '../../fixes/yamlEdits';
import type { PolicyType } from '../../model/defaults';
import { asMap, asSeq } from '../../parse/yamlFile';
import type { OffsetEdit } from '../../text/positions';
import type { PolicyView } from '../../model/policyView';
import type { FixProposal, RuleContext } from '../rule';

/**
 * Deletes a whole `key: value` block, when the key starts its line (a block mapping entry) and is the
 * only one of its name: with a duplicate key, removing the last leaves the earlier one in force.
 */
function removeEntryEdit(policy: PolicyView, key: 'ingress' | 'egress'): OffsetEdit | undefined {
  const spec = asMap(policy.source.document, policy.node(['spec']));
  if (!spec || spec.items.filter((p) => isScalar(p.key) && String(p.key.value) === key).length !== 1) return undefined;
  const pair = policy.pair(['spec', key]);
  const keyNode = pair?.key as Node | undefined;
  const value = pair?.value as Node | undefined;
  if (!keyNode?.range || !value?.range) return undefined;
  const { lines, text } = policy.file;
  const lineStart = lines.lineStartOf(keyNode.range[0]);
  if (text.slice(lineStart, keyNode.range[0]).trim() !== '') return undefined;
  return { start: lineStart, end: lines.nextLineStart(Math.max(value.range[1] - 1, keyNode.range[0])), newText: '' };
}

/**
 * Rules of one direction in a policy whose explicit policyTypes leave that direction out: the API
 * server stores them, and no network plugin applies them (types.go, NetworkPolicySpec.policyTypes).
 */
export function checkIgnoredRules(context: RuleContext, direction: PolicyType): void {
  const key = direction === 'Egress' ? 'egress' : 'ingress';
  for (const policy of context.policies) {
    const spec = policy.object.spec;
    const declared = spec?.policyTypes ?? [];
    const rules = spec?.[key] ?? [];
    if (declared.length === 0 || rules.length === 0 || declared.includes(direction)) continue;
    // `policyTypes: [ingress]` is rejected by the API server (NP107, whose fix corrects the case): this
    // direction was probably meant, and adding it as well would leave a duplicate.
    if (declared.some((t) => t.toLowerCase() === direction.toLowerCase())) continue;
    const span = policy.keySpan(['spec', key]);
    if (!span) continue;
    const listed = declared.map((t) => t).join(', ');
    context.report({
      policy,
      span,
      field: ['spec', key],
      message: l10n.t(
        'These {0} rules are ignored: policyTypes is [{1}] without {2}, so this policy neither isolates nor allows {0} traffic. Add {2} to policyTypes to apply them.',
        key,
        listed,
        direction,
      ),
      // Made when asked for (Report.lazyFixes): the yaml stringifier and the document's indent style; both edit
      // only this policy's document.
      lazyFixes: () => {
        const fixes: FixProposal[] = [];
        const types = asSeq(policy.source.document, policy.node(['spec', 'policyTypes']));
        if (types) {
          const style = detectIndentStyle(policy.file, policy.source.document);
          fixes.push({ title: l10n.t('Add {0} to policyTypes', direction), isPreferred: true, edits: [appendToSeq(policy.file, types, direction, style)] });
        }
        const removal = removeEntryEdit(policy, key);
        if (removal) fixes.push({ title: l10n.t('Remove the ignored {0} rules', key), edits: [removal] });
        return fixes;
      },
    });
  }
}
