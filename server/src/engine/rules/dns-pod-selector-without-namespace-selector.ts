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
        const where = policy.namespace ? `namespace ${policy.namespace}` : "the policy's own namespace";
        context.report({
          policy,
          span,
          field,
          message:
            `A peer with only podSelector selects pods in ${where}, and the DNS pods run in namespace ${dns.namespace}: ` +
            `this peer does not reach them. Add a namespaceSelector for ${dns.namespace} to the same peer.`,
          fixes: edit ? [{ title: `Add a namespaceSelector for ${dns.namespace}`, isPreferred: true, edits: [edit] }] : [],
        });
      }
    }
  },
};
