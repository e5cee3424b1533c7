import * as l10n from '../l10n/t';
import type { Rule } from './rule';
import { fileClusterPolicies, keyAt, ruleField, spanOf } from './support/cnpPitfalls';

/**
 * CNP202: `domainNames` in a Deny or Pass rule. clusternetworkpolicy_types.go, `DomainNames`: "DomainNames
 * is only supported for Accept rules. In order to control access, DomainNames Accept rules should be used
 * with a lower precedence egress deny". The CRD does not reject it, so the API server takes it; what an
 * implementation then does is not defined.
 */
export const cnpDomainNamesOutsideAccept: Rule = {
  meta: {
    code: 'CNP202',
    name: 'cnp-domain-names-outside-accept',
    description: 'a ClusterNetworkPolicy `domainNames` peer in a Deny or Pass rule: the API supports domainNames in Accept rules only',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    for (const { source, model } of fileClusterPolicies(context)) {
      for (const rule of model.egress) {
        if (rule.action === 'Accept') continue;
        for (const peer of rule.peers) {
          if (!peer.domainNames) continue;
          const key = keyAt(source, ['spec', 'egress', rule.index, 'to', peer.index, 'domainNames']) as never;
          context.report({
            span: spanOf(source, key),
            message: l10n.t('{0} is a {1} rule with domainNames: the API supports domainNames only in Accept rules (an allow-list, with a Deny after it for the rest); the API server accepts it, but what an implementation does with it is not defined', ruleField('Egress', rule.index), String(rule.action)),
          });
        }
      }
    }
  },
};
