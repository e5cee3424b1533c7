import type { Settings, Severity } from '../config/settings';
import type { PolicyView } from '../model/policyView';
import type { FieldPath } from '../parse/fieldPath';
import type { YamlFile } from '../parse/yamlFile';
import type { OffsetEdit } from '../text/positions';

export interface RuleMeta {
  /** Stable code shown to users and used in settings: `NP201`. */
  readonly code: string;
  /** Stable name, the rule's file name: `dns-egress-missing`. */
  readonly name: string;
  /** One line for the rules table and SARIF. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  readonly fixable: boolean;
}

export interface FixProposal {
  readonly title: string;
  readonly isPreferred?: boolean;
  readonly edits: readonly OffsetEdit[];
}

export interface Report {
  readonly policy: PolicyView;
  /** Offsets of the smallest node that explains the finding. */
  readonly span: readonly [number, number];
  readonly message: string;
  /** API field path of the node at fault, where one applies. */
  readonly field?: FieldPath;
  readonly fixes?: readonly FixProposal[];
}

export interface RuleContext {
  readonly file: YamlFile;
  /** The NetworkPolicies of the file being analysed: the ones findings are reported on. */
  readonly policies: readonly PolicyView[];
  /**
   * Every policy that applies alongside them, this file's included: what cross-policy judgements
   * (such as "do these pods have DNS?") are made over.
   */
  readonly scope: readonly PolicyView[];
  readonly settings: Settings;
  report(report: Report): void;
}

/**
 * What a rule's findings depend on, so that the editor re-checks only what an edit touched
 * (engine/incremental.ts):
 * - `'document'`: only the YAML document of each policy in `context.policies` (and the settings);
 *   the rule is run on one document's policies at a time and its findings kept while the document
 *   is unchanged.
 * - `'file-namespaces'`: as `'document'`, and the namespaces that the file's objects name
 *   (`namespacesInFile`); kept while those stay the same.
 * - `'namespace'`: the policies of `context.policies` and `context.scope` in the same namespace
 *   (`metadata.namespace`); the rule is run per namespace and its findings kept while no policy of
 *   that namespace changed. Findings must be on policies of that namespace.
 * - absent: anything in the file or the scope; the rule runs over the whole file on every analysis.
 */
export type RuleDependence = 'document' | 'file-namespaces' | 'namespace';

export interface Rule {
  readonly meta: RuleMeta;
  readonly dependsOn?: RuleDependence;
  check(context: RuleContext): void;
}
