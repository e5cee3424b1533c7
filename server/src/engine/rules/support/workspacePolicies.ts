/** What the workspace rules (NP951-NP953) share: the walk over the policies the workspace compiled. */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PolicyView } from '../../model/policyView';
import { selectorMatches } from '../../model/selector';
import type { CompiledPolicy, Endpoint, Workspace } from '../../reach/workspace';
import type { RuleContext } from '../rule';
import type { Labelled } from './labelTypos';

/** Calls `each` for every policy of the context that is part of the workspace; nothing without a workspace. */
export function forEachCompiled(context: RuleContext, each: (policy: PolicyView, compiled: CompiledPolicy, workspace: Workspace) => void): void {
  const { policies, workspace } = context;
  if (!workspace) return;
  for (const policy of policies) {
    const compiled = workspace.compiledOf(policy);
    if (compiled) each(policy, compiled, workspace);
  }
}

/** The workloads of these namespaces, as what a podSelector may match (named `ns/name`). */
export function workloadsIn(workspace: Workspace, namespaces: readonly string[]): (Labelled & { readonly endpoint: Endpoint })[] {
  return namespaces.flatMap((namespace) =>
    (workspace.namespaces.get(namespace)?.workloads ?? []).map((id) => {
      const endpoint = workspace.endpoints[id]!;
      return { name: endpoint.key, labels: endpoint.labels, endpoint };
    }),
  );
}

/**
 * Workloads of other namespaces that the selector matches, in namespaces that are names (not a template's
 * `${NAMESPACE}` left unfilled).
 */
export function workloadsElsewhere(workspace: Workspace, namespace: string, selector: LabelSelector): Endpoint[] {
  return workspace.workloads().filter((e) => e.namespace !== namespace && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(e.namespace ?? '') && selectorMatches(selector, e.labels));
}
