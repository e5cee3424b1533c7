import * as l10n from '../l10n/t';
import type { FieldPath } from '../parse/fieldPath';
import { formatSelector } from '../model/selector';
import { emptyPeer, peerNamespaces, unseenPodsOf } from '../reach/decidable';
import type { Rule } from './rule';
import { didYouMean, labelTypos, typoFix, typosByNode } from './support/labelTypos';
import { describeTargets, likelyTargets } from './support/likelyTargets';
import { forEachCompiled, workloadsElsewhere, workloadsIn } from './support/workspacePolicies';
import { workloadReach } from './support/workloadReach';

/**
 * NP952: a peer whose podSelector matches no workload where it looks (kube-linter
 * dangling-networkpolicypeer-podselector, popeye POP-1201/1202), the policy's namespace for a bare
 * podSelector, the namespaces a namespaceSelector pins by name, when that is evidently a mistake: a label
 * one edit away from a workload's there (a typo), or, where the workspace plausibly holds every pod of the
 * namespace and no Service there stands for pods the peer could match: the pods exist in another
 * namespace only (a namespaceSelector is missing), or a policy there selects the same missing pods while a
 * workload no policy selects carries the selector's label key with another value (likelyTargets.ts). A
 * namespaceSelector that matches no Namespace of the workspace is reported only as a typo of one that
 * does; otherwise the namespace may well be made elsewhere.
 */
export const peerSelectsNothing: Rule = {
  meta: {
    code: 'NP952',
    name: 'peer-selects-nothing',
    description: 'a from/to peer matches no workload or namespace of the workspace',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'workspace',
  reach: workloadReach,
  check(context) {
    forEachCompiled(context, (policy, compiled, workspace) => {
      for (const rule of [...compiled.ingress, ...compiled.egress]) {
        const list = rule.direction === 'Ingress' ? 'from' : 'to';
        for (const peer of rule.peers) {
          if (peer.endpoints.length > 0 || peer.block) continue;
          const path: FieldPath = [...rule.field, list, peer.index];
          const { podSelector, namespaceSelector } = peer.peer;
          if (namespaceSelector && workspace.namespaceIndex.select(namespaceSelector).length === 0) {
            // No Namespace of the workspace matches: a typo of one that does, or a namespace made elsewhere.
            const namespaces = workspace.namespaceNames.map((name) => ({ name, labels: workspace.namespaces.get(name)!.labels }));
            const selectorPath = [...path, 'namespaceSelector'];
            for (const group of typosByNode(labelTypos(namespaceSelector, namespaces))) {
              context.reportAt(policy, [...selectorPath, ...group[0]!.path], {
                on: group[0]!.part,
                message: l10n.t('namespaceSelector {0} matches no Namespace of the workspace: {1}', formatSelector(namespaceSelector), didYouMean(group)),
                fixes: group.flatMap((t) => typoFix(policy, selectorPath, t) ?? []),
              });
            }
            continue;
          }
          const namespaces = peerNamespaces(workspace, peer.peer, compiled.namespace);
          if (!namespaces || !podSelector || namespaces.some((n) => unseenPodsOf(workspace, n, podSelector))) continue;
          const where = namespaces.length === 1 ? l10n.t('namespace {0}', namespaces[0]!) : l10n.t('namespaces {0}', namespaces.join(', '));
          const selectorPath = [...path, 'podSelector'];
          const typos = typosByNode(labelTypos(podSelector, workloadsIn(workspace, namespaces)));
          for (const group of typos) {
            context.reportAt(policy, [...selectorPath, ...group[0]!.path], {
              on: group[0]!.part,
              message: l10n.t('podSelector {0} matches no workload in {1}: {2}', formatSelector(podSelector), where, didYouMean(group)),
              fixes: group.flatMap((t) => typoFix(policy, selectorPath, t) ?? []),
            });
          }
          if (typos.length > 0 || !emptyPeer(workspace, peer.peer, compiled.namespace, peer.endpoints.length)) continue;
          const elsewhere = peer.peer.namespaceSelector ? [] : workloadsElsewhere(workspace, compiled.namespace, podSelector);
          if (elsewhere.length > 0) {
            // The pods exist, in another namespace: the peer needs a namespaceSelector to reach them.
            const others = [...new Set(elsewhere.map((e) => e.namespace!))];
            const shown = elsewhere.slice(0, 3).map((e) => e.key).join(', ') + (elsewhere.length > 3 ? ', …' : '');
            context.reportAt(policy, selectorPath, {
              message:
                others.length === 1
                  ? l10n.t("podSelector {0} matches no workload in namespace {1}, but matches {2} in namespace {3}: a podSelector alone looks only in the policy's own namespace, so this peer admits nothing; add a namespaceSelector beside it", formatSelector(podSelector), compiled.namespace, shown, others.join(', '))
                  : l10n.t("podSelector {0} matches no workload in namespace {1}, but matches {2} in namespaces {3}: a podSelector alone looks only in the policy's own namespace, so this peer admits nothing; add a namespaceSelector beside it", formatSelector(podSelector), compiled.namespace, shown, others.join(', ')),
            });
            continue;
          }
          // Matching nothing is a mistake only when the workload meant is evidently there: a policy of that namespace
          // selects the same missing pods (an app renamed everywhere but in the policies), and a workload no policy selects
          // carries the label key. Else the pods are made elsewhere.
          const target = namespaces.length === 1 ? namespaces[0]! : undefined;
          const written = formatSelector(podSelector);
          const named = target !== undefined && workspace.policiesIn(target).some((p) => p.selected.length === 0 && formatSelector(p.view.object.spec?.podSelector ?? {}) === written);
          const targets = named ? likelyTargets(workspace, target, podSelector) : [];
          if (targets.length === 0) continue;
          const edit = targets.length === 1 ? targets[0]!.edit : undefined;
          const fix = edit ? typoFix(policy, selectorPath, edit) : undefined;
          const hint = peer.peer.namespaceSelector ? '' : l10n.t(" (a podSelector alone looks only in the policy's own namespace)");
          context.reportAt(policy, edit ? [...selectorPath, ...edit.path] : selectorPath, {
            message: l10n.t('podSelector {0} matches no workload in {1}{2}{3}', formatSelector(podSelector), where, hint, describeTargets(targets, podSelector)),
            ...(fix ? { fixes: [fix] } : {}),
          });
        }
      }
    });
  },
};
