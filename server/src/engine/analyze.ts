import type { Settings, Severity } from './config/settings';
import { DEFAULT_SETTINGS } from './config/settings';
import { PolicyView } from './model/policyView';
import { formatFieldPath } from './parse/fieldPath';
import { findNetworkPolicies } from './parse/manifests';
import { parseYamlFile } from './parse/yamlFile';
import type { YamlFile } from './parse/yamlFile';
import { RULES } from './rules';
import { findSuppressions } from './suppress/directives';
import type { Report, Rule, RuleMeta } from './rules/rule';
import type { OffsetEdit, Range, TextEdit } from './text/positions';

export const DOCS_BASE_URL = 'https://github.com/netpol-lens/netpol-lens/blob/main/docs/rules/';

export function docsUrl(code: string): string {
  return `${DOCS_BASE_URL}${code}.md`;
}

export interface Fix {
  readonly title: string;
  readonly isPreferred: boolean;
  readonly edits: readonly TextEdit[];
  readonly offsetEdits: readonly OffsetEdit[];
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
}

export interface Analysis {
  readonly file: YamlFile;
  readonly policies: readonly PolicyView[];
  readonly findings: readonly Finding[];
  /** Rules that failed on this input: bugs of ours, for the log, never shown as findings. */
  readonly internalErrors: readonly { rule: string; error: unknown }[];
}

export interface AnalyzeOptions {
  readonly settings?: Settings;
  /** Policies from other files that apply alongside this file's (the workspace), for cross-policy checks. */
  readonly otherPolicies?: readonly PolicyView[];
}

export function severityFor(meta: RuleMeta, settings: Settings): Severity | 'off' {
  return settings.rules[meta.code] ?? settings.rules[meta.name] ?? meta.defaultSeverity;
}

/** Parses a text and runs every enabled rule over its NetworkPolicies. Never throws on any input. */
export function analyzeText(text: string, options: AnalyzeOptions = {}): Analysis {
  return analyzeFile(parseYamlFile(text), options);
}

export function findPolicies(file: YamlFile): PolicyView[] {
  return findNetworkPolicies(file).map((source) => new PolicyView(file, source));
}

export function analyzeFile(file: YamlFile, options: AnalyzeOptions = {}): Analysis {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const policies = findPolicies(file);
  const findings: Finding[] = [];
  const internalErrors: { rule: string; error: unknown }[] = [];
  if (!settings.enable || policies.length === 0) return { file, policies, findings, internalErrors };

  const scope = [...policies, ...(options.otherPolicies ?? [])];
  for (const rule of RULES) {
    const severity = severityFor(rule.meta, settings);
    if (severity === 'off') continue;
    const report = (r: Report) => findings.push(toFinding(file, rule, severity, r));
    try {
      rule.check({ file, policies, scope, settings, report });
    } catch (error) {
      internalErrors.push({ rule: rule.meta.code, error });
    }
  }
  const suppressions = findSuppressions(file.text, file.lines);
  const kept = findings.filter((f) => !suppressions.isSuppressed(f.range.start.line, f.code, f.rule));
  kept.sort(compareFindings);
  return { file, policies, findings: kept, internalErrors };
}

/** Findings in the order they are shown: by position, then code. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.span[0] - b.span[0] || a.span[1] - b.span[1] || a.code.localeCompare(b.code);
}

export function toFinding(file: YamlFile, rule: Rule, severity: Severity, report: Report): Finding {
  const [start, end] = report.span;
  return {
    code: rule.meta.code,
    rule: rule.meta.name,
    severity,
    message: report.message,
    range: file.lines.range(start, end),
    span: [start, end],
    ...(report.field ? { field: formatFieldPath(report.field) } : {}),
    fixes: (report.fixes ?? []).map((fix) => ({
      title: fix.title,
      isPreferred: fix.isPreferred ?? false,
      edits: fix.edits.map((edit) => file.lines.toTextEdit(edit)),
      offsetEdits: fix.edits,
    })),
  };
}
