import * as l10n from '../l10n/t';
import { ciliumPoliciesOf } from '../cilium/model';
import type { CiliumPeerRule } from '../cilium/model';
import { reportOn } from '../cilium/report';
import { portsMayCover } from '../cilium/semantics';
import { mergeIntoPreviousItem } from '../fixes/yamlEdits';
import type { Rule } from './rule';

const PEER_KEYS = ['toEndpoints', 'toEntities', 'toCIDR', 'toCIDRSet', 'toFQDNs', 'toServices', 'toGroups', 'toNodes', 'fromEndpoints', 'fromEntities', 'fromCIDR', 'fromCIDRSet', 'fromGroups', 'fromNodes'];

function peersOnly(item: CiliumPeerRule): boolean {
  return item.keys.size > 0 && [...item.keys].every((k) => PEER_KEYS.includes(k));
}

function portsOnly(item: CiliumPeerRule): boolean {
  return item.keys.size === 1 && item.keys.has('toPorts');
}

/**
 * A stray `-` before `toPorts` makes two rules of one: the peers on every port, and the ports to (or
 * from) anything (pkg/policy/api egress.go/ingress.go: "If multiple members are set, all of them need
 * to match"; an item with `toPorts` alone has no L3 part and matches every peer). The Cilium face of NP402.
 */
export const ciliumRuleSplitByDash: Rule = {
  meta: {
    code: 'CIL207',
    name: 'cilium-rule-split-by-dash',
    description: 'A stray `-` splits peers and `toPorts` into two rules: the peers on every port, and the ports to or from anything.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of ciliumPoliciesOf(context.file)) {
      for (const rule of policy.rules) {
        for (const direction of ['ingress', 'egress'] as const) {
          const section = rule.sections[direction];
          if (!section?.seq) continue;
          const items = section.items;
          for (let i = 1; i < items.length; i++) {
            const before = items[i - 1]!;
            const item = items[i]!;
            if (item.index !== before.index + 1 || !peersOnly(before) || !portsOnly(item)) continue;
            const edit = mergeIntoPreviousItem(policy.file, section.seq, item.index);
            const way = direction === 'egress' ? l10n.t('to any destination') : l10n.t('from any source');
            // Allowing DNS to anything is a common choice of its own: then ask, do not claim.
            const dns = portsMayCover(item.toPorts, 53) && (item.toPorts ?? []).every((r) => r.ports.every((p) => p.port === '53'));
            reportOn(
              context,
              policy,
              item.keyNodes.get('toPorts'),
              [...item.path, 'toPorts'],
              l10n.t("this '-' makes toPorts a rule of its own: these ports are allowed {0}, and the rule above allows its peers on every port; remove the '-' to allow only these ports of those peers", way),
              [edit ? { title: l10n.t("Join toPorts to the rule above (remove the '-')"), isPreferred: true, edits: [edit] } : undefined],
              dns ? 'information' : undefined,
            );
          }
        }
      }
    }
  },
};
