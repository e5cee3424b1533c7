import * as l10n from '../l10n/t';
import type { FieldPath } from '../parse/fieldPath';
import { formatSelector } from '../model/selector';
import { knowsNamespace, unseenPodsOf } from '../reach/decidable';
import type { Rule } from './rule';
import { didYouMean, labelTypos, typoFix, typosByNode } from './support/labelTypos';
import { describeTargets, likelyTargets } from './support/likelyTargets';
import { forEachCompiled, workloadsIn } from './support/workspacePolicies';
import { workloadReach } from './support/workloadReach';

const POD_SELECTOR: FieldPath = ['spec', 'podSelector'];

/**
 * NP951: a policy whose podSelector matches none of the workloads the workspace holds in its namespace
 * (kube-linter dangling-networkpolicy, kube-score networkpolicy-targets-pod), when that is evidently a
 * mistake: a label one edit away from a workload's (a typo), or, where the workspace plausibly holds every
 * pod of the namespace (decidable.ts: `knowsNamespace`), a workload there that no policy selects and that
 * carries the selector's label key with another value (likelyTargets.ts). A Service there whose pods the
 * selector could match silences it: those pods exist.
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
  reach: workloadReach,
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
          message: l10n.t('podSelector {0} matches no workload in namespace {1}: {2}', formatSelector(selector), namespace, didYouMean(group)),
          fixes: group.flatMap((t) => typoFix(policy, POD_SELECTOR, t) ?? []),
        });
      }
      if (typos.length > 0 || !knowsNamespace(workspace, namespace)) return;
      // Matching nothing is a mistake only when the workload meant is evidently there: else the pods are made elsewhere.
      const targets = likelyTargets(workspace, namespace, selector);
      if (targets.length === 0) return;
      const edit = targets.length === 1 ? targets[0]!.edit : undefined;
      const fix = edit ? typoFix(policy, POD_SELECTOR, edit) : undefined;
      context.reportAt(policy, edit ? [...POD_SELECTOR, ...edit.path] : POD_SELECTOR, {
        message: l10n.t('podSelector {0} matches no workload in namespace {1}{2}', formatSelector(selector), namespace, describeTargets(targets, selector)),
        ...(fix ? { fixes: [fix] } : {}),
      });
    });
  },
};
