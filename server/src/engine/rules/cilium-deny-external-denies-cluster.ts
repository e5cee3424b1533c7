import * as l10n from '../l10n/t';
import { ciliumPoliciesOf } from '../cilium/model';
import type { CiliumPeerRule, CiliumPolicy, CiliumRule } from '../cilium/model';
import { reportOn } from '../cilium/report';
import { acceptsFixes, isolates } from '../cilium/semantics';
import { detectIndentStyle } from '../fixes/indentStyle';
import { appendToSeq } from '../fixes/yamlEdits';
import type { FixProposal, Rule } from './rule';

const EXTERNAL_WORDS = /extern|internet|world/i;

/** Does the policy say it is about denying external traffic (name, description or an annotation)? */
function saysDeniesExternal(policy: CiliumPolicy, rule: CiliumRule): boolean {
  const name = policy.name ?? '';
  if (/allow|permit/i.test(name)) return false;
  if (EXTERNAL_WORDS.test(name) || EXTERNAL_WORDS.test(rule.description ?? '')) return true;
  return [...policy.annotations].some(([key, value]) => /extern|internet/i.test(key) || /extern|internet/i.test(value));
}

/** Can the item reach in-cluster endpoints other than through DNS alone? */
function reachesCluster(item: CiliumPeerRule): boolean {
  if (item.entities.some((e) => ['cluster', 'all'].includes(e.value.toLowerCase()))) return true;
  if (item.endpoints !== undefined) {
    // A rule to the DNS pods alone (port 53) is the DNS rule, not the cluster.
    const dnsOnly = (item.toPorts ?? []).length > 0 && (item.toPorts ?? []).every((r) => r.ports.length > 0 && r.ports.every((p) => p.port === '53'));
    return !dnsOnly;
  }
  if (item.otherPeerKeys.some((k) => k === 'toServices' || k === 'toNodes')) return true;
  // An item with ports and no peer allows those ports to anything, the cluster included.
  return item.entities.length === 0 && item.cidrs.length === 0 && item.fqdns.length === 0 && item.otherPeerKeys.length === 0 && item.keys.size > 0;
}

function addClusterFix(policy: CiliumPolicy, rule: CiliumRule): FixProposal | undefined {
  const seq = rule.sections.egress?.seq;
  if (!seq || !acceptsFixes(policy) || seq.items.length === 0) return undefined;
  const style = detectIndentStyle(policy.file, policy.document);
  return { title: l10n.t('Allow egress inside the cluster (toEntities: [cluster])'), isPreferred: true, edits: [appendToSeq(policy.file, seq, { toEntities: ['cluster'] }, style)] };
}

/**
 * A policy that reads as "deny external egress" whose egress allow-list has nothing in the cluster: it
 * denies pod-to-pod egress too. The Cilium face of NP403: what was meant is `toEntities: [cluster]`
 * beside the external allowances (Cilium docs, language.rst "Entities based": `cluster` is every
 * endpoint of the local cluster).
 */
export const ciliumDenyExternalDeniesCluster: Rule = {
  meta: {
    code: 'CIL209',
    name: 'cilium-deny-external-denies-cluster',
    description: 'A "deny external" Cilium policy whose egress allow-list lacks `cluster`: it denies in-cluster egress too.',
    defaultSeverity: 'information',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of ciliumPoliciesOf(context.file)) {
      for (const rule of policy.rules) {
        if (rule.nodeSelector || !isolates(rule, 'egress') || !saysDeniesExternal(policy, rule)) continue;
        const items = rule.sections.egress?.items ?? [];
        if (items.some(reachesCluster)) continue;
        const section = rule.sections.egress ?? rule.sections.egressDeny;
        if (!section) continue;
        reportOn(
          context,
          policy,
          section.keyNode,
          section.path,
          l10n.t('"{0}" reads as denying external egress, but its egress rules allow nothing inside the cluster: the selected pods cannot reach other pods or services either; add toEntities: [cluster] if in-cluster traffic should stay allowed', policy.name ?? l10n.t('this policy')),
          [addClusterFix(policy, rule)],
        );
      }
    }
  },
};
