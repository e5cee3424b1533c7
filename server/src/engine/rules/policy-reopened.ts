import type { PolicyType } from '../model/defaults';
import { formatFieldPath } from '../parse/fieldPath';
import { describePeer, describePort } from '../reach/explain';
import { admitsOutside } from '../reach/decidable';
import type { CompiledPolicy, CompiledRule } from '../reach/workspace';
import type { Rule } from './rule';
import { spanAt } from './support/reportAt';
import { forEachCompiled } from './support/workspacePolicies';

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
            const towards = direction === 'Egress' ? 'egress to' : 'ingress from';
            const peers = rule.allPeers ? 'anywhere' : rule.peers.map((p) => describePeer(p.peer, other.namespace)).join(' or ');
            const ports = rule.ports.length === 0 ? 'any port' : rule.ports.map(describePort).join(', ');
            const pods = shared.slice(0, 3).map((id) => workspace.endpoints[id]!.key).join(', ') + (shared.length > 3 ? ', …' : '');
            const otherSpan = spanAt(other.view, rule.field);
            const typesIndex = (policy.object.spec?.policyTypes ?? []).indexOf(direction);
            // On the policyTypes entry this restriction comes from; with policyTypes left to defaulting, on the name.
            context.reportAt(policy, typesIndex >= 0 ? ['spec', 'policyTypes', typesIndex] : ['metadata', 'name'], {
              message: `${other.key} also selects ${pods} and allows ${towards} ${peers} on ${ports} (${formatFieldPath(rule.field)}), letting in or out addresses outside the cluster that this policy keeps away. Policies add up, so this policy's ${direction.toLowerCase()} restriction does not hold for those pods`,
              related: [{ uri: other.uri, range: other.view.file.lines.range(otherSpan[0], otherSpan[1]), message: `${other.key} ${formatFieldPath(rule.field)} allows ${towards} ${peers}` }],
            });
          }
        }
      }
    });
  },
};
