import { formatSelector, isEmptySelector } from '../model/selector';
import { knowsNamespace } from '../reach/decidable';
import type { Rule } from './rule';

/**
 * NP951: a policy whose podSelector matches none of the workloads the workspace holds in its namespace
 * (kube-linter dangling-networkpolicy, kube-score networkpolicy-targets-pod), only when the workspace
 * holds workloads of that namespace at all.
 */
export const policySelectsNoWorkload: Rule = {
  meta: {
    code: 'NP951',
    name: 'policy-selects-no-workload',
    description: "the policy's podSelector matches no workload of its namespace in the workspace",
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'workspace',
  check(context) {
    const { policies, workspace } = context;
    if (!workspace) return;
    for (const policy of policies) {
      const compiled = workspace.compiledOf(policy);
      if (!compiled || compiled.selected.length > 0 || !knowsNamespace(workspace, compiled.namespace)) continue;
      const selector = policy.object.spec?.podSelector ?? {};
      const span = isEmptySelector(selector) ? undefined : policy.valueSpan(['spec', 'podSelector']);
      const others = workspace.namespaces.get(compiled.namespace)!.workloads.map((id) => workspace.endpoints[id]!.workload!.name);
      context.report({
        policy,
        span: span ?? policy.keySpan(['spec', 'podSelector']) ?? policy.keySpan(['spec']) ?? policy.keySpan(['kind']) ?? [0, 0],
        field: ['spec', 'podSelector'],
        message: `podSelector ${formatSelector(selector)} matches no workload in namespace ${compiled.namespace}; the workspace has ${others.length} there (${others.slice(0, 5).join(', ')}${others.length > 5 ? ', …' : ''}), so this policy applies to no pod`,
      });
    }
  },
};
