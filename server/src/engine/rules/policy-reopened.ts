import * as l10n from '../l10n/t';
import type { PolicyType } from '../model/defaults';
import { formatFieldPath } from '../parse/fieldPath';
import { describePeer, describePort } from '../reach/explain';
import { admitsOutside } from '../reach/decidable';
import type { CompiledPolicy, CompiledRule } from '../reach/workspace';
import type { Rule } from './rule';
import { spanAt } from './support/reportAt';
import { forEachCompiled } from './support/workspacePolicies';
import { workloadReach } from './support/workloadReach';

function rules(policy: CompiledPolicy, direction: PolicyType): readonly CompiledRule[] {
  return direction === 'Ingress' ? policy.ingress : policy.egress;
}

/**
 * NP953: this policy restricts a direction to some peers but keeps the outside world out, and another
 * policy selecting some of the same workloads lets the outside world in or out (policies add up: the pods
 * get the union of the rules). A pure default-deny (no rules) is left alone: pairing it with allow
 * policies is the usual pattern. Decided on the workspace's workloads: both policies must select one.
 */
export const policyReopened: Rule = {
  meta: {
    code: 'NP953',
    name: 'policy-reopened',
    description: 'another policy selecting the same workloads allows what this policy closes',
    defaultSeverity: 'information',
    fixable: false,
  },
  dependsOn: 'workspace',
  reach: workloadReach,
  check(context) {
    forEachCompiled(context, (policy, compiled, workspace) => {
      if (compiled.selected.length === 0) return;
      const mine = new Set(compiled.selected);
      for (const direction of compiled.policyTypes) {
        const closed = rules(compiled, direction);
        if (closed.length === 0 || closed.some(admitsOutside)) continue;
        // A policy selects pods of its own namespace only: the others that share pods are of this namespace.
        for (const other of workspace.policiesIn(compiled.namespace)) {
          if (other === compiled || !other.policyTypes.includes(direction)) continue;
          const shared = other.selected.filter((id) => mine.has(id));
          if (shared.length === 0) continue;
          for (const rule of rules(other, direction)) {
            if (!admitsOutside(rule)) continue;
            const towards = direction === 'Egress' ? l10n.t('egress to') : l10n.t('ingress from');
            const peers = rule.allPeers ? l10n.t('anywhere') : rule.peers.map((p) => describePeer(p.peer, other.namespace)).join(l10n.t(' or '));
            const ports = rule.ports.length === 0 ? l10n.t('any port') : rule.ports.map(describePort).join(', ');
            const pods = shared.slice(0, 3).map((id) => workspace.endpoints[id]!.key).join(', ') + (shared.length > 3 ? ', …' : '');
            const otherSpan = spanAt(other.view, rule.field);
            const typesIndex = (policy.object.spec?.policyTypes ?? []).indexOf(direction);
            // On the policyTypes entry this restriction comes from; with policyTypes left to defaulting, on the name.
            context.reportAt(policy, typesIndex >= 0 ? ['spec', 'policyTypes', typesIndex] : ['metadata', 'name'], {
              message:
                direction === 'Egress'
                  ? l10n.t("{0} also selects {1} and allows {2} {3} on {4} ({5}), letting in or out addresses outside the cluster that this policy keeps away. Policies add up, so this policy's egress restriction does not hold for those pods", other.key, pods, towards, peers, ports, formatFieldPath(rule.field))
                  : l10n.t("{0} also selects {1} and allows {2} {3} on {4} ({5}), letting in or out addresses outside the cluster that this policy keeps away. Policies add up, so this policy's ingress restriction does not hold for those pods", other.key, pods, towards, peers, ports, formatFieldPath(rule.field)),
              related: [{ uri: other.uri, range: other.view.file.lines.range(otherSpan[0], otherSpan[1]), message: l10n.t('{0} {1} allows {2} {3}', other.key, formatFieldPath(rule.field), towards, peers) }],
            });
          }
        }
      }
    });
  },
};
