import * as l10n from '../l10n/t';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import type { Node } from 'yaml';
import { insertCommentLineAbove, mergeIntoPreviousItem } from '../fixes/yamlEdits';
import { describePeer } from '../model/describe';
import { NAMESPACE_NAME_LABEL } from '../model/namespaceNameLabel';
import type { PolicyView } from '../model/policyView';
import { formatSelector, isEmptySelector } from '../model/selector';
import type { FieldPath } from '../parse/fieldPath';
import { asSeq } from '../parse/yamlFile';
import type { FixProposal, Rule } from './rule';
import { allRulesOf } from './support/policyRules';

/** The comment that says two adjacent peers are ORed on purpose; it silences this rule for them. */
export const OR_INTENDED_MARKER = 'netpol-lens: or-intended';

/** The one namespace a selector names, by `kubernetes.io/metadata.name` (or a hand-set `name`) label. */
function singleNamespace(selector: LabelSelector): string | undefined {
  const labels = selector.matchLabels ?? {};
  const byLabel = labels[NAMESPACE_NAME_LABEL] ?? labels.name;
  if (byLabel !== undefined) return byLabel;
  const expression = (selector.matchExpressions ?? []).find((e) => e.key === NAMESPACE_NAME_LABEL && e.operator === 'In' && e.values?.length === 1);
  return expression?.values?.[0];
}

const onlyNamespaceSelector = (p: NetworkPolicyPeer) => !!p.namespaceSelector && !p.podSelector && !p.ipBlock && !isEmptySelector(p.namespaceSelector);
const onlyPodSelector = (p: NetworkPolicyPeer) => !!p.podSelector && !p.namespaceSelector && !p.ipBlock && !isEmptySelector(p.podSelector);

/** Is the marker comment anywhere from the line above the first peer to the first line of the second? */
function markedOrIntended(policy: PolicyView, first: Node, second: Node): boolean {
  const { lines, text } = policy.file;
  const firstLine = lines.positionAt(first.range![0]).line;
  const from = lines.offsetAt({ line: Math.max(0, firstLine - 1), character: 0 });
  const to = lines.nextLineStart(second.range![0]);
  return text.slice(from, to).includes(OR_INTENDED_MARKER);
}

export const andOrPeerSplit: Rule = {
  meta: {
    code: 'NP401',
    name: 'and-or-peer-split',
    description: 'A namespaceSelector peer for one namespace followed by a separate podSelector peer: two peers (OR) where one (AND) was probably meant.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of context.policies) {
      for (const rule of allRulesOf(policy)) {
        const peers = rule.peers ?? [];
        const listPath = rule.peersPath;
        const seq = asSeq(policy.source.document, policy.node(listPath));
        for (let i = 1; i < peers.length; i++) {
          const nsPeer = peers[i - 1]!;
          const podPeer = peers[i]!;
          if (!onlyNamespaceSelector(nsPeer) || !onlyPodSelector(podPeer)) continue;
          const namespace = singleNamespace(nsPeer.namespaceSelector!);
          if (namespace === undefined || namespace === policy.namespace) continue;
          const firstNode = seq?.items[i - 1] as Node | undefined;
          const secondNode = seq?.items[i] as Node | undefined;
          if (!seq || !firstNode?.range || !secondNode?.range || markedOrIntended(policy, firstNode, secondNode)) continue;
          const field: FieldPath = [...listPath, i, 'podSelector'];
          const span = policy.keySpan(field);
          if (!span) continue;
          const pods = formatSelector(podPeer.podSelector!);
          context.report({
            policy,
            span,
            field,
            message: l10n.t(
              'These are two peers, ORed: {0}, or {1}. If you meant pods {2} in namespace {3}, write both selectors in one peer (no "-" before podSelector).',
              describePeer(nsPeer, policy.namespace),
              describePeer(podPeer, policy.namespace),
              pods,
              namespace,
            ),
            // Made when asked for (Report.lazyFixes): both edit only this policy's document, and a crowded file has
            // thousands of these findings.
            lazyFixes: () => {
              const fixes: FixProposal[] = [];
              const merge = mergeIntoPreviousItem(policy.file, seq, i);
              if (merge) fixes.push({ title: l10n.t('Merge into one peer: pods {0} in namespace {1}', pods, namespace), edits: [merge] });
              fixes.push({ title: l10n.t('Keep two peers (OR) and mark them as intended'), edits: [insertCommentLineAbove(policy.file, firstNode, OR_INTENDED_MARKER)] });
              return fixes;
            },
          });
        }
      }
    }
  },
};
