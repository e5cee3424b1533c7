/** What the workspace rules (NP951-NP953) share: the walk over the policies the workspace compiled. */
import type { PolicyView } from '../../model/policyView';
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
