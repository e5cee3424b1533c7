import type { FieldPath } from '../parse/fieldPath';
import { formatSelector } from '../model/selector';
import { knowsNamespace, unseenPodsOf } from '../reach/decidable';
import type { Rule } from './rule';
import { didYouMean, labelTypos, typoFix, typosByNode } from './support/labelTypos';
import { forEachCompiled, workloadsIn } from './support/workspacePolicies';

const POD_SELECTOR: FieldPath = ['spec', 'podSelector'];

/**
 * NP951: a policy whose podSelector matches none of the workloads the workspace holds in its namespace
 * (kube-linter dangling-networkpolicy, kube-score networkpolicy-targets-pod). A label one edit away from
 * a workload's is reported as a typo wherever the workspace holds workloads of the namespace; anything
 * else only where the workspace plausibly holds every pod of it (decidable.ts: `knowsNamespace`) and no
 * Service there stands for pods the selector could match.
 */
export const policySelectsNoWorkload: Rule = {
  meta: {
    code: 'NP951',
    name: 'policy-selects-no-workload',
    description: "the policy's podSelector matches no workload of its namespace in the workspace",
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'workspace',
  check(context) {
    forEachCompiled(context, (policy, compiled, workspace) => {
      const { namespace } = compiled;
      if (compiled.selected.length > 0) return;
      const selector = policy.object.spec?.podSelector ?? {};
      // A Service whose pods the workspace does not show, and that the selector could match: those pods exist.
      if (unseenPodsOf(workspace, namespace, selector)) return;
      const workloads = workloadsIn(workspace, [namespace]);
      const typos = typosByNode(labelTypos(selector, workloads));
      for (const group of typos) {
        const typo = group[0]!;
        context.reportAt(policy, [...POD_SELECTOR, ...typo.path], {
          on: typo.part,
          message: `podSelector ${formatSelector(selector)} matches no workload in namespace ${namespace}: ${didYouMean(group)}`,
          fixes: group.flatMap((t) => typoFix(policy, POD_SELECTOR, t) ?? []),
        });
      }
      if (typos.length > 0 || !knowsNamespace(workspace, namespace)) return;
      const names = workloads.map((w) => w.endpoint.workload!.name);
      context.reportAt(policy, POD_SELECTOR, {
        message: `podSelector ${formatSelector(selector)} matches no workload in namespace ${namespace}; the workspace has ${names.length} there (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}), so this policy applies to no pod`,
      });
    });
  },
};
