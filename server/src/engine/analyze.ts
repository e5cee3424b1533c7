import type { Settings, Severity } from './config/settings';
import { DEFAULT_SETTINGS } from './config/settings';
import { PolicyView } from './model/policyView';
import { formatFieldPath } from './parse/fieldPath';
import { hasUnresolvedAlias } from './parse/aliases';
import { findNetworkPolicies } from './parse/manifests';
import { namespacesNamedIn } from './parse/namespaces';
import { templatedRegions } from './parse/templates';
import { isJsonDocument, nodeSpan, parseYamlFile } from './parse/yamlFile';
import type { Notice } from './limits/notices';
import type { YamlFile } from './parse/yamlFile';
import { RULES } from './rules';
import { findSuppressions } from './suppress/directives';
import type { FixProposal, RelatedLocation, Report, Rule, RuleMeta } from './rules/rule';
import { reportAtWith } from './rules/support/reportAt';
import { LineIndex } from './text/positions';
import { readManifests, Workspace, workspaceOptions } from './reach';
import { checkStructure } from './validation/structure';
import { isValidatable } from './rules/support/apiValidation';
import { structureOf } from './rules/support/structure';
import { mentionsExpectations } from './expectations/format';
import { mentionsClusterPolicies } from './parse/clusterPolicies';
import { mentionsForeignPolicyApi } from './cilium/model';
import type { CompileCache, FileManifests } from './reach';
import type { OffsetEdit, Range, TextEdit } from './text/positions';
import { currentLocale, inLocale } from './l10n/locale';
import type { Locale } from './l10n/locale';

export const DOCS_BASE_URL = 'https://github.com/netpol-lens/netpol-lens/blob/main/docs/rules/';

/** A rule's page, in the locale's language: docs/rules/ in English, docs/zh-cn/rules/ in Chinese. */
export function docsUrl(code: string, locale: Locale = currentLocale()): string {
  const base = locale === 'en' ? DOCS_BASE_URL : DOCS_BASE_URL.replace(/docs\/rules\/$/, `docs/${locale}/rules/`);
  return `${base}${code}.md`;
}

export interface Fix {
  readonly title: string;
  readonly isPreferred: boolean;
  /** Edits of the file analysed, or of `uri` when set. */
  readonly edits: readonly TextEdit[];
  /** Offsets in the file analysed; empty for a fix of another file. */
  readonly offsetEdits: readonly OffsetEdit[];
  /** Another file of the workspace that the fix edits (the other side of a connection). */
  readonly uri?: string;
}

export interface Finding {
  readonly code: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  readonly span: readonly [number, number];
  /** API field path (`spec.egress[0].ports[1].protocol`), where one applies. */
  readonly field?: string;
  readonly fixes: readonly Fix[];
  /** Other places that explain the finding (another policy, maybe in another file). */
  readonly related?: readonly RelatedLocation[];
}

/**
 * What a diagnostic shows of a finding: everything but where its span and fixes are in the text (the editor's
 * incremental analysis hands out such findings of pieces that moved along their lines: their range is right).
 */
export type ShownFinding = Omit<Finding, 'span' | 'fixes'>;

export interface Analysis {
  readonly file: YamlFile;
  readonly policies: readonly PolicyView[];
  readonly findings: readonly Finding[];
  /** Rules (or `parse`, `model`) that failed on this input: bugs of ours, for the log, never shown as findings. */
  readonly internalErrors: readonly { rule: string; error: unknown }[];
}

export interface AnalyzeOptions {
  readonly settings?: Settings;
  /** Policies from other files that apply alongside this file's (the workspace), for cross-policy checks. */
  readonly otherPolicies?: readonly PolicyView[];
  /**
   * The caller knows this file is a patch (a kustomization lists it under `patches`): every policy in it
   * is partial. Patches that carry `$patch`-style directives are recognised without this.
   */
  readonly partial?: boolean;
  /**
   * The other files of the workspace (workloads, Namespaces, policies), for the workspace rules (NP95x);
   * `uri` names this file among them. Without it those rules stay silent.
   */
  readonly workspace?: { readonly uri: string; readonly files: readonly FileManifests[] };
}

type InternalError = { rule: string; error: unknown };

export function severityFor(meta: RuleMeta, settings: Settings): Severity | 'off' {
  return settings.rules[meta.code] ?? settings.rules[meta.name] ?? meta.defaultSeverity;
}

/** Parses a text and runs every enabled rule over its NetworkPolicies. Never throws on any input. */
export function analyzeText(text: string, options: AnalyzeOptions = {}): Analysis {
  const { file, error } = parseSafely(text, options.settings ?? DEFAULT_SETTINGS);
  if (error) return { file, policies: [], findings: [], internalErrors: [error] };
  return analyzeFile(file, options);
}

/**
 * Parses within the settings' limits. The yaml package is not known to throw; if it ever does, the file
 * is reported as unanalysed.
 */
function parseSafely(text: string, settings: Settings): { file: YamlFile; error?: InternalError } {
  try {
    return { file: parseYamlFile(text, settings.limits) };
  } catch (error) {
    return { file: { text, lines: new LineIndex(text), documents: [], notices: [], skippedDocuments: new Set() }, error: { rule: 'parse', error } };
  }
}

/** Templates of NetworkPolicies in the file, and the parsed documents that start inside one. */
function templates(file: YamlFile): { notices: Notice[]; documents: Set<number> } {
  const regions = templatedRegions(file.text);
  const documents = new Set<number>();
  if (regions.length === 0) return { notices: [], documents };
  file.documents.forEach((document, index) => {
    const start = document.range[0];
    if (regions.some((r) => start >= r.span[0] && start < r.span[1])) documents.add(index);
  });
  return { notices: regions.map((r) => ({ kind: 'templated', span: r.action })), documents };
}

export function findPolicies(file: YamlFile, options: AnalyzeOptions = {}, internalErrors: InternalError[] = []): PolicyView[] {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const templated = templates(file).documents;
  const policies: PolicyView[] = [];
  for (const source of findNetworkPolicies(file)) {
    try {
      policies.push(
        new PolicyView(file, source, { aliasBudget: settings.limits.aliasBudget, partial: options.partial, templated: templated.has(source.documentIndex) }),
      );
    } catch (error) {
      internalErrors.push({ rule: 'model', error });
    }
  }
  return policies;
}

/** Every notice of the file: parse limits, templates, and policies cut short by the alias budget. */
function noticesFor(file: YamlFile, policies: readonly PolicyView[], settings: Settings): Notice[] {
  const notices: Notice[] = [...file.notices, ...templates(file).notices];
  for (const policy of policies) {
    const alias = policy.aliasBudgetExceededAt;
    const span = nodeSpan(alias);
    if (alias && span) notices.push({ kind: 'alias-budget', span, limit: settings.limits.aliasBudget, documentIndex: policy.source.documentIndex });
  }
  return notices;
}

export function analyzeFile(file: YamlFile, options: AnalyzeOptions = {}): Analysis {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const internalErrors: InternalError[] = [];
  const policies = findPolicies(file, options, internalErrors);
  const workspace = options.workspace;
  // Every policy, templates and patches too: the workspace leaves them out of its policies itself, and rules
  // such as NP954 must see that a namespace has policies they cannot read (as the editor's index shows them).
  const build = workspace ? () => workspaceFor(workspace.uri, file, policies, workspace.files, settings) : undefined;
  return runRules(file, options, policies, internalErrors, build);
}

/** The policies every rule sees: analysable (not templated, not cut short) and not a partial patch. */
function wholePolicies(policies: readonly PolicyView[]): PolicyView[] {
  return policies.filter((p) => p.isAnalysable && !p.isPartial);
}

function runRules(
  file: YamlFile,
  options: AnalyzeOptions,
  policies: PolicyView[],
  internalErrors: InternalError[],
  buildWorkspace: (() => Workspace) | undefined,
): Analysis {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const findings: Finding[] = [];
  if (!settings.enable) return { file, policies, findings, internalErrors };
  const notices = noticesFor(file, policies, settings);
  // An expectations file has no policy, but rules of its own (NP96x); nor have cluster-wide policies (CNPxxx),
  // read from the file by their rules, nor a file of Cilium or Calico policies (CIL, CAL).
  if (policies.length === 0 && notices.length === 0 && !mentionsExpectations(file.text) && !mentionsClusterPolicies(file.text) && !mentionsForeignPolicyApi(file.text)) {
    return { file, policies, findings, internalErrors };
  }

  // Templates and policies cut short never reach a rule; patches only reach rules about present values.
  const analysable = policies.filter((p) => p.isAnalysable);
  const whole = wholePolicies(policies);
  const scope = [...whole, ...(options.otherPolicies ?? []).filter((p) => p.isAnalysable && !p.isPartial)];
  const workspace = buildWorkspace?.();
  const namespacesInFile = namespacesNamedIn(file.documents);
  for (const rule of RULES) {
    const severity = severityFor(rule.meta, settings);
    if (severity === 'off') continue;
    const report = (r: Report) => findings.push(toFinding(file, rule, severity, r));
    try {
      rule.check({
        file,
        policies: rule.meta.appliesToPartial ? analysable : whole,
        scope,
        settings,
        notices,
        namespacesInFile,
        report,
        reportAt: reportAtWith(report),
        ...(workspace ? { workspace } : {}),
      });
    } catch (error) {
      internalErrors.push({ rule: rule.meta.code, error });
    }
  }
  const suppressions = findSuppressions(file.text, file.lines);
  const kept = keepFindings(findings, (f) => suppressions.isSuppressed(f.range.start.line, f.code, f.rule));
  return { file, policies, findings: kept, internalErrors };
}

/** One file of a set analysed together: its path (or URI), text, and whether a kustomization patches it. */
export interface FileInput {
  readonly uri: string;
  readonly text: string;
  readonly partial?: boolean;
}

/**
 * Several files as one workspace, as `netpol-lens check` sees them: each file is parsed once and its
 * policies found once, one Workspace is built from those same policies (the workspace rules find a
 * policy by its PolicyView), and every file is analysed against it with the others' policies in scope.
 * Building the workspace per file, as analyzeFile must for an editor's changing text, would make a
 * check of n files cost n workspaces.
 */
export function analyzeFiles(inputs: readonly FileInput[], settings: Settings = DEFAULT_SETTINGS): Analysis[] {
  const parsed = inputs.map((input) => {
    const { file, error } = parseSafely(input.text, settings);
    const internalErrors: InternalError[] = error ? [error] : [];
    const options = { settings, ...(input.partial ? { partial: true } : {}) };
    return { input, file, options, internalErrors, policies: findPolicies(file, options, internalErrors) };
  });
  const manifests = parsed.map((p) => readManifests(p.input.uri, p.file, p.policies));
  let workspace: Workspace | undefined;
  const shared = () => (workspace ??= new Workspace(manifests, workspaceOptions(settings)));
  return parsed.map((p, index) => {
    const otherPolicies = parsed.flatMap((other, i) => (i === index ? [] : other.policies));
    return runRules(p.file, { ...p.options, otherPolicies }, p.policies, p.internalErrors, shared);
  });
}

/**
 * The findings that are shown, in order. A node reached through several aliases is one place in the
 * text: each rule says a thing about it once, not once per use (an alias fan-out would otherwise turn
 * one mistake into hundreds of diagnostics that differ only in the list indexes of their field path).
 * Shared by analyzeText and the incremental analyzer, whose results must be identical.
 */
export function keepFindings(findings: readonly Finding[], isSuppressed: (finding: Finding) => boolean): Finding[] {
  // A stable sort puts the findings of one code and span next to each other, in the order they came;
  // within such a run, a message that only differs in list indexes from an earlier one is the same thing said again.
  return keepSortedFindings(findings.slice().sort(compareFindings), isSuppressed);
}

/** keepFindings of findings already in order: as sorted stably by `compareFindings` (the incremental analyser orders them by piece). */
export function keepSortedFindings(sorted: readonly Finding[], isSuppressed: (finding: Finding) => boolean): Finding[] {
  const kept: Finding[] = [];
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    const finding = sorted[i]!;
    if (i > 0 && compareFindings(sorted[i - 1]!, finding) !== 0) run = i;
    let said = false;
    for (let j = run; j < i && !said; j++) said = withoutIndexes(sorted[j]!.message) === withoutIndexes(finding.message);
    if (!said && !isSuppressed(finding)) kept.push(finding);
  }
  return kept;
}

export function withoutIndexes(message: string): string {
  return message.includes('[') ? message.replace(/\[\d+\]/g, '[]') : message;
}

/** Findings in the order they are shown: by position, then code. */
export function compareFindings(a: Finding, b: Finding): number {
  // Codes are ASCII (NP201): compared by code unit, which orders them as localeCompare did, many times faster.
  return a.span[0] - b.span[0] || a.span[1] - b.span[1] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/**
 * Fixes are offered only where their edits are sure to land right: not in a document with YAML syntax
 * errors (its nodes are the parser's guesses) or with an alias that names no anchor, not in a JSON
 * document (the edits are YAML, and kubectl reads a file that starts with `{` as JSON), and not in a
 * policy with a key written twice (which of the two would the edit change?).
 */
function acceptsFixes(policy: PolicyView | undefined): boolean {
  if (!policy) return true;
  const document = policy.source.document;
  return document.errors.length === 0 && !hasUnresolvedAlias(document) && !isJsonDocument(document) && !hasDuplicateKeys(policy);
}

// Across analyses, safely: a view's document never changes, and the answer holds no offsets.
const duplicateKeysByPolicy = new WeakMap<PolicyView, boolean>();

/**
 * A key written twice (NP132): the API server keeps the last, so which one an edit should touch is
 * ambiguous, and removing one can bring the other back into force. No fix is offered until it is resolved.
 */
function hasDuplicateKeys(policy: PolicyView): boolean {
  let known = duplicateKeysByPolicy.get(policy);
  if (known === undefined) {
    // The NP13x rules' structure errors when they have them (computed once for both).
    const errors = isValidatable(policy) ? structureOf(policy) : checkStructure(policy.source.document, policy.source.node);
    known = errors.some((error) => error.kind === 'duplicate');
    duplicateKeysByPolicy.set(policy, known);
  }
  return known;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { hint: 0, information: 1, warning: 2, error: 3 };

// Findings whose fixes are made when first read (Report.lazyFixes).
const lazy = new WeakSet<Finding>();

/** Whether a finding's fixes are made when first read: reading them makes them (Report.lazyFixes). */
export function hasLazyFixes(finding: Finding): boolean {
  return lazy.has(finding);
}

/**
 * How the fixes of a finding with lazy fixes are made when first read (`make` makes them in `file` as it is
 * then): the editor's analysis, whose file changes under the findings it keeps, makes them where the finding
 * was found (IncrementalAnalyzer). By default, at once.
 */
export type LazyFixes = (make: () => readonly Fix[]) => readonly Fix[];

export function toFinding(file: YamlFile, rule: Rule, configured: Severity, report: Report, lazyFixes: LazyFixes = (make) => make()): Finding {
  const [start, end] = report.span;
  const severity = report.atMost && SEVERITY_RANK[report.atMost] < SEVERITY_RANK[configured] ? report.atMost : configured;
  const shown = {
    code: rule.meta.code,
    rule: rule.meta.name,
    severity,
    message: report.message,
    range: file.lines.range(start, end),
    span: [start, end] as const,
    ...(report.field ? { field: formatFieldPath(report.field) } : {}),
    ...(report.related ? { related: report.related } : {}),
  };
  const make = report.lazyFixes;
  if (!make) return { ...shown, fixes: acceptsFixes(report.policy) ? toFixes(file, report.fixes ?? []) : [] };
  const policy = report.policy;
  // Made later, in the language of the message (the CLI and the tests switch locales between analyses).
  const locale = currentLocale();
  let fixes: readonly Fix[] | undefined;
  const finding: Finding = {
    ...shown,
    get fixes() {
      return (fixes ??= lazyFixes(() => (acceptsFixes(policy) ? inLocale(locale, () => toFixes(file, make())) : [])));
    },
  };
  lazy.add(finding);
  return finding;
}

function toFixes(file: YamlFile, fixes: readonly FixProposal[]): Fix[] {
  return fixes.map((fix) =>
    fix.inFile
      ? { title: fix.title, isPreferred: false, edits: fix.edits.map((edit) => fix.inFile!.file.lines.toTextEdit(edit)), offsetEdits: [], uri: fix.inFile.uri }
      : { title: fix.title, isPreferred: fix.isPreferred ?? false, edits: fix.edits.map((edit) => file.lines.toTextEdit(edit)), offsetEdits: fix.edits },
  );
}

/** The workspace with this file's current text in place of what the index holds for it (`cache`: see CompileCache). */
export function workspaceFor(
  uri: string,
  file: YamlFile,
  policies: readonly PolicyView[],
  others: readonly FileManifests[],
  settings: Settings,
  cache?: CompileCache,
  own: () => FileManifests = () => readManifests(uri, file, policies),
): Workspace {
  const files = [...others.filter((f) => f.uri !== uri), own()];
  return new Workspace(files, workspaceOptions(settings), cache);
}
