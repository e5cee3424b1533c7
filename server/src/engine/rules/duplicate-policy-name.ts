import * as l10n from '../l10n/t';
import type { PolicyView } from '../model/policyView';
import type { RelatedLocation, Rule } from './rule';
import { spanAt } from './support/reportAt';

const NAME = ['metadata', 'name'];

/** Where a same-named policy is, and why it is applied with this one. */
interface Duplicate {
  readonly view: PolicyView;
  /** Only in the same folder: two versions of one policy, for the same pods, may be kept side by side. */
  readonly byFolder?: boolean;
  readonly where: string;
  readonly related?: RelatedLocation;
}

/** The podSelector written in a canonical order, to compare two policies' targets. */
function canonicalSelector(policy: PolicyView): string {
  const selector = policy.object.spec?.podSelector ?? {};
  const labels = Object.entries(selector.matchLabels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const expressions = (selector.matchExpressions ?? []).map((e) => `${e.key} ${e.operator} ${[...(e.values ?? [])].sort().join(',')}`).sort();
  return JSON.stringify([labels, expressions]);
}

function sameSelector(a: PolicyView, b: PolicyView): boolean {
  return canonicalSelector(a) === canonicalSelector(b);
}

function baseName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/**
 * NP902: two NetworkPolicies with the same namespace and name that are applied together, so that the one
 * applied last replaces the other: in one file, in one folder (`kubectl apply -f folder/`), or among the
 * resources of one kustomization (which kustomize itself refuses). Policies in files that are alternatives
 * (`examples/` beside `deploy/`, two lessons of a tutorial, two overlays) are left alone: they are never
 * in the cluster together. Across files only with the workspace, which knows the files and kustomizations
 * (reach/kustomizeLayout.ts); without it, only copies in the same file.
 */
export const duplicatePolicyName: Rule = {
  meta: {
    code: 'NP902',
    name: 'duplicate-policy-name',
    description: 'Two NetworkPolicies with the same namespace and name applied together: the one applied last replaces the other.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'workspace',
  // A policy's finding reads the file's policies of its namespace and name only (from the scope, so that it can be judged
  // alone): an edit of a policy of another name leaves it as it was.
  reach: { affects: (changed, policy) => changed.name !== undefined && changed.name === policy.name },
  check(context) {
    const { workspace } = context;
    const uri = context.policies.length > 0 && workspace ? workspace.uriOf(context.policies[0]!) : undefined;
    const namespaceOf = (view: PolicyView) => (workspace && uri !== undefined ? workspace.namespaceOf(uri, view.namespace) : (view.namespace ?? ''));
    // The file's policies of the names judged (all of them in the scope, whichever policies are judged), grouped once
    // rather than searched per policy: a file of thousands of policies stays linear.
    const inFile = new Map<string, PolicyView[]>();
    for (const policy of context.policies) if (policy.name !== undefined) inFile.set(`${namespaceOf(policy)}/${policy.name}`, []);
    for (const policy of context.scope) {
      if (policy.name === undefined || policy.file !== context.file) continue;
      inFile.get(`${namespaceOf(policy)}/${policy.name}`)?.push(policy);
    }
    const elsewhere = new Map<string, Duplicate[]>();
    if (workspace && uri !== undefined) {
      for (const namespace of new Set(context.policies.map(namespaceOf))) {
        for (const other of workspace.policySourcesIn(namespace)) {
          if (other.view.name === undefined || other.uri === uri) continue;
          const together = workspace.layout.appliedTogether(uri, other.uri);
          if (!together) continue;
          const where =
            together === 'folder'
              ? l10n.t('in {0}, in the same folder (kubectl apply -f on the folder applies both)', baseName(other.uri))
              : together === 'file'
                ? l10n.t('in {0}', other.uri)
                : l10n.t('in {0}, which {1} applies with this file', baseName(other.uri), together.kustomization);
          const span = spanAt(other.view, NAME);
          const related = { uri: other.uri, range: other.view.file.lines.range(span[0], span[1]), message: l10n.t('the other NetworkPolicy named {0}', other.view.name) };
          const key = `${namespace}/${other.view.name}`;
          const list = elsewhere.get(key);
          const duplicate = { view: other.view, byFolder: together === 'folder', where, related };
          if (list) list.push(duplicate);
          else elsewhere.set(key, [duplicate]);
        }
      }
    }
    for (const policy of context.policies) {
      const name = policy.name;
      if (name === undefined) continue;
      const namespace = namespaceOf(policy);
      const key = `${namespace}/${name}`;
      // In this file, the later copies are reported; copies in other files are reported in every file that has one.
      const sameFile = inFile.get(key) ?? [];
      const earlier = sameFile.indexOf(policy) > 0 ? sameFile[0]! : undefined;
      // Two files of one folder for the same pods are two versions of one policy (a lesson's steps), not both applied.
      const other = elsewhere.get(key)?.find((d) => !d.byFolder || !sameSelector(policy, d.view));
      const duplicate: Duplicate | undefined = earlier ? { view: earlier, where: l10n.t('earlier in this file') } : other;
      if (!duplicate) continue;
      const ns = namespace ? l10n.t('namespace {0}', namespace) : l10n.t('the same (unnamed) namespace');
      context.reportAt(policy, NAME, {
        message: l10n.t(
          "Another NetworkPolicy named {0} in {1} appears {2}: applying both keeps only the one applied last, and its rules silently replace the other's. Rename one, or merge their rules.",
          name,
          ns,
          duplicate.where,
        ),
        ...(duplicate.related ? { related: [duplicate.related] } : {}),
      });
    }
  },
};
