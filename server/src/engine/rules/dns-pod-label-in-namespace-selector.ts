import * as l10n from '../l10n/t';
import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import { detectIndentStyle } from '../fixes/indentStyle';
import { replaceNode } from '../fixes/yamlEdits';
import type { DnsTarget } from '../model/dns';
import { dnsNamespaceSelector, findDnsPeerMistakes } from '../model/dnsPeers';
import type { PolicyView } from '../model/policyView';
import { selectorMatches } from '../model/selector';
import type { FieldPath } from '../parse/fieldPath';
import type { FixProposal, Rule } from './rule';

/**
 * The peer the user meant: the DNS namespace by `kubernetes.io/metadata.name` AND the DNS pods by their
 * labels. Offered only when the namespaceSelector holds nothing but DNS pod labels and any podSelector
 * already matches the DNS pods, so no condition the user wrote is dropped.
 */
function fixPeer(policy: PolicyView, peerPath: FieldPath, peer: NetworkPolicyPeer, dns: DnsTarget): FixProposal | undefined {
  const nsSelector = peer.namespaceSelector ?? {};
  const labels = nsSelector.matchLabels ?? {};
  const onlyPodLabels = (nsSelector.matchExpressions ?? []).length === 0 && Object.entries(labels).every(([k, v]) => dns.podLabels[k] === v);
  if (!onlyPodLabels || (peer.podSelector && !selectorMatches(peer.podSelector, dns.podLabels))) return undefined;
  const style = detectIndentStyle(policy.file, policy.source.document);
  let edit;
  if (peer.podSelector) {
    const node = policy.node([...peerPath, 'namespaceSelector']);
    if (node?.range) edit = replaceNode(policy.file, node, dnsNamespaceSelector(dns), style);
  } else {
    const node = policy.node(peerPath);
    if (node?.range) edit = replaceNode(policy.file, node, { namespaceSelector: dnsNamespaceSelector(dns), podSelector: { matchLabels: { ...labels } } }, style);
  }
  return edit && { title: l10n.t('Select namespace {0} by name and the DNS pods by podSelector', dns.namespace), isPreferred: true, edits: [edit] };
}

export const dnsPodLabelInNamespaceSelector: Rule = {
  meta: {
    code: 'NP203',
    name: 'dns-pod-label-in-namespace-selector',
    description: 'A label of the DNS pods (k8s-app: kube-dns) used in a namespaceSelector: no namespace has it.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    const dns = context.settings.dns;
    for (const policy of context.policies) {
      for (const mistake of findDnsPeerMistakes(policy, dns)) {
        if (mistake.kind !== 'pod-label-in-namespace-selector') continue;
        const peerPath: FieldPath = ['spec', 'egress', mistake.ruleIndex, 'to', mistake.peerIndex];
        const field: FieldPath = [...peerPath, 'namespaceSelector', 'matchLabels', mistake.labelKey];
        const span = policy.keySpan(field);
        const peer = policy.object.spec?.egress?.[mistake.ruleIndex]?.to?.[mistake.peerIndex];
        if (!span || !peer) continue;
        const fix = fixPeer(policy, peerPath, peer, dns);
        context.report({
          policy,
          span,
          field,
          message: l10n.t(
            '{0}={1} is a label of the DNS pods, not of namespaces: this namespaceSelector matches no namespace, so the peer allows nothing. Select namespace {2} by kubernetes.io/metadata.name and the pods by podSelector, in one peer.',
            mistake.labelKey,
            dns.podLabels[mistake.labelKey] ?? '',
            dns.namespace,
          ),
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};
