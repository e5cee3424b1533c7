import * as l10n from '../l10n/t';
import { isMap } from 'yaml';
import { detectIndentStyle } from '../fixes/indentStyle';
import { appendToBlockMap, appendToFlowMap } from '../fixes/yamlEdits';
import { dnsNamespaceSelector, findDnsPeerMistakes } from '../model/dnsPeers';
import type { FieldPath } from '../parse/fieldPath';
import type { Rule } from './rule';

export const dnsPodSelectorWithoutNamespaceSelector: Rule = {
  meta: {
    code: 'NP205',
    name: 'dns-pod-selector-without-namespace-selector',
    description: "A podSelector for the DNS pods without a namespaceSelector: it only looks in the policy's own namespace.",
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    const dns = context.settings.dns;
    for (const policy of context.policies) {
      for (const mistake of findDnsPeerMistakes(policy, dns)) {
        if (mistake.kind !== 'pod-selector-without-namespace-selector') continue;
        const peerPath: FieldPath = ['spec', 'egress', mistake.ruleIndex, 'to', mistake.peerIndex];
        const field: FieldPath = [...peerPath, 'podSelector'];
        const span = policy.keySpan(field);
        if (!span) continue;
        const peer = policy.node(peerPath);
        const style = detectIndentStyle(policy.file, policy.source.document);
        const selector = dnsNamespaceSelector(dns);
        const edit = isMap(peer) ? (peer.flow ? appendToFlowMap(policy.file, peer, 'namespaceSelector', selector) : appendToBlockMap(policy.file, peer, 'namespaceSelector', selector, style)) : undefined;
        const where = policy.namespace ? l10n.t('namespace {0}', policy.namespace) : l10n.t("the policy's own namespace");
        context.report({
          policy,
          span,
          field,
          message: l10n.t(
            'A peer with only podSelector selects pods in {0}, and the DNS pods run in namespace {1}: this peer does not reach them. Add a namespaceSelector for {1} to the same peer.',
            where,
            dns.namespace,
          ),
          fixes: edit ? [{ title: l10n.t('Add a namespaceSelector for {0}', dns.namespace), isPreferred: true, edits: [edit] }] : [],
        });
      }
    }
  },
};
