import type { Settings, Severity } from '../config/settings';
import type { Notice } from '../limits/notices';
import type { PolicyView } from '../model/policyView';
import type { FieldPath } from '../parse/fieldPath';
import type { YamlFile } from '../parse/yamlFile';
import type { OffsetEdit, Range } from '../text/positions';
import type { Workspace } from '../reach/workspace';
import type { FieldFinding } from './support/reportAt';

export interface RuleMeta {
  /** Stable code shown to users and used in settings: `NP201`. */
  readonly code: string;
  /** Stable name, the rule's file name: `dns-egress-missing`. */
  readonly name: string;
  /** One line for the rules table and SARIF. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  readonly fixable: boolean;
  /**
   * Whether the rule also runs on partial policies (Kustomize patches, `PolicyView.isPartial`). Only for
   * rules about the value of a field that is present (a bad CIDR is bad in a patch too); rules that
   * judge a whole policy, or report a missing field, leave this unset.
   */
  readonly appliesToPartial?: boolean;
}

export interface FixProposal {
  readonly title: string;
  readonly isPreferred?: boolean;
  readonly edits: readonly OffsetEdit[];
  /**
   * Set when the edits are offsets in another file of the workspace (the other side of a connection):
   * offered as a quick fix there, never preferred (fix-all and `check --fix` edit the file checked).
   */
  readonly inFile?: { readonly uri: string; readonly file: YamlFile };
}

/** A place in some file of the workspace, with why it matters. */
export interface RelatedLocation {
  readonly uri: string;
  readonly range: Range;
  readonly message: string;
}

export interface Report {
  /** The policy the finding is about; absent for file-level findings (NP0xx). */
  readonly policy?: PolicyView;
  /** Offsets of the smallest node that explains the finding. */
  readonly span: readonly [number, number];
  readonly message: string;
  /** API field path of the node at fault, where one applies. */
  readonly field?: FieldPath;
  readonly fixes?: readonly FixProposal[];
  /**
   * Fixes made when first read instead of `fixes`: most findings' fixes are never asked for (an editor asks for
   * those of the diagnostics under the cursor), and making them with the `yaml` stringifier is a large share of
   * an analysis. They may read only the document of `policy` (which must be set) and edit only it: the editor's
   * analysis makes them in the text as it is when they are read, for the document as it was when found
   * (IncrementalAnalyzer), and leaves out any fix that edits outside it.
   */
  readonly lazyFixes?: () => readonly FixProposal[];
  readonly related?: readonly RelatedLocation[];
  /**
   * The most this finding may claim, when the rule is less sure of it than of its usual findings
   * (`information` for "some of these pods may lack DNS", or for a question rather than a claim): it lowers
   * the configured severity, never raises it, whatever the user set the rule to.
   */
  readonly atMost?: Severity;
}

export interface RuleContext {
  readonly file: YamlFile;
  /**
   * The NetworkPolicies of the file being analysed: the ones findings are reported on. Templates and
   * policies cut short by a limit are never here; partial policies (patches) only for rules with
   * `appliesToPartial`.
   */
  readonly policies: readonly PolicyView[];
  /**
   * Every policy that applies alongside them, this file's included: what cross-policy judgements
   * (such as "do these pods have DNS?") are made over.
   */
  readonly scope: readonly PolicyView[];
  readonly settings: Settings;
  /** Parts of the file left out of the analysis, and why: what the NP0xx rules report. */
  readonly notices: readonly Notice[];
  /**
   * The distinct namespaces that the file's objects (every document, List items included) name in
   * `metadata.namespace`, in order of appearance. A fact of the whole file, also when `policies` is one
   * document's: the analysis works it out once (the incremental one per piece of the file).
   */
  readonly namespacesInFile: readonly string[];
  /** The workspace around the file (only when the caller has one: the editor's index, `check` on a folder). */
  readonly workspace?: Workspace;
  report(report: Report): void;
  /**
   * Reports a finding about `field` of `policy` (an API field path, `['spec', 'podSelector']`), shown on
   * that field's node, or on its nearest written ancestor when the field is not written (never on the
   * file's first character): `context.reportAt(policy, ['spec', 'podSelector'], { message, fixes })`.
   * `report` stays for findings whose span is not a field's node.
   */
  reportAt(policy: PolicyView, field: FieldPath, finding: FieldFinding): void;
}

/**
 * What a rule's findings depend on, so that the editor re-checks only what an edit touched
 * (engine/incremental/):
 * - `'document'`: only the YAML document of each policy in `context.policies` (and the settings);
 *   the rule is run on one document's policies at a time and its findings kept while the document
 *   is unchanged.
 * - `'file-namespaces'`: as `'document'`, and the namespaces that the file's objects name
 *   (`namespacesInFile`); kept while those stay the same.
 * - `'namespace'`: the policies of `context.policies` and `context.scope` in the same namespace
 *   (`metadata.namespace`); the rule is run per namespace and its findings kept while no policy of
 *   that namespace changed. Findings must be on policies of that namespace.
 * - `'workspace'`: as `'namespace'` (the policies of the same namespace, in this file and the others,
 *   counting a policy without one in the workspace's default namespace), and the workspace's workloads,
 *   Namespaces and the namespaces its policies name (`context.workspace`); kept while neither changed.
 *   Findings must be on policies of that namespace; related locations in the same file make the run be
 *   made again on the next analysis (they would not move with the text). Without a workspace the rule
 *   still runs per namespace, over the whole scope (NP201 then judges by labels).
 * - `'notices'`: only `context.notices`, the parts of the file left out of the analysis. The editor's
 *   incremental analysis hands every file with a notice to analyzeText, so there these rules have
 *   nothing to report and are not run.
 * - `'expectations'`: the file's connectivity expectations documents and the workspace (NP96x). The
 *   editor's incremental analysis hands every file that has one to analyzeText, so there these rules
 *   are not run either.
 * - `'cluster-policies'`: the file's cluster-wide policy objects (ClusterNetworkPolicy and its kin,
 *   parse/clusterPolicies.ts), read from `context.file`. The editor's incremental analysis hands every file
 *   that may hold one to analyzeText, so there these rules are not run either.
 * - absent: anything in the file or the scope; the rule runs over the whole file on every analysis.
 */
export type RuleDependence = 'document' | 'file-namespaces' | 'namespace' | 'workspace' | 'notices' | 'expectations' | 'cluster-policies';

/**
 * For a `'namespace'` or `'workspace'` rule: which edited policies can change its findings on a policy
 * of the same namespace. With it, an edit re-judges only the policies it can concern (issue 16: a namespace
 * of hundreds of policies), not every policy of the namespace; the rule must judge each policy of
 * `context.policies` on its own (against `context.scope`), as the DNS rules do.
 */
export interface RuleReach {
  /**
   * Can a change of `changed` (as it was before the edit, or as it is after it), a policy of the same
   * namespace, change the findings on `policy`? When unsure: true.
   */
  readonly affects: (changed: PolicyView, policy: PolicyView) => boolean;
  /** Can a change of `changed` change the findings on every policy (a fact the rule reads from the whole scope)? */
  readonly affectsAll?: (changed: PolicyView, settings: Settings) => boolean;
  /**
   * For a `'workspace'` rule that reads the other policies only through workloads (those they select, or that a
   * selector looks for): while the workspace holds no workload at all, its findings on a policy depend on that
   * policy alone (and the workspace's Namespaces and Services), and an edit re-judges only the policies it
   * changed, whatever `affects` says.
   */
  readonly aloneWithoutWorkloads?: boolean;
}

export interface Rule {
  readonly meta: RuleMeta;
  readonly dependsOn?: RuleDependence;
  /** See RuleReach; without it, an edit of a policy re-judges every policy of its namespace. */
  readonly reach?: RuleReach;
  check(context: RuleContext): void;
}
