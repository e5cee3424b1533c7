import * as l10n from '@vscode/l10n';
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver';
import type { CodeAction, CodeActionContext, Diagnostic, Range } from 'vscode-languageserver';
import { docsUrl, preferredFixEdits } from '../engine';
import type { Analysis, Finding, Severity } from '../engine';

export const SOURCE = 'netpol-lens';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.netpol-lens`;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticData {
  readonly field?: string;
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const data: DiagnosticData = finding.field ? { field: finding.field } : {};
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: docsUrl(finding.code) },
    source: SOURCE,
    message: finding.message,
    data,
    ...(finding.related ? { relatedInformation: finding.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })) } : {}),
  };
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character
  );
}

/** The findings behind the diagnostics a client sends back with a code action request. */
function findingFor(analysis: Analysis, diagnostic: Diagnostic): Finding | undefined {
  if (diagnostic.source !== SOURCE) return undefined;
  return analysis.findings.find((f) => f.code === diagnostic.code && sameRange(f.range, diagnostic.range) && f.message === diagnostic.message);
}

/** Quick fixes for the diagnostics in the request's context, each tied to the diagnostic it fixes. */
export function quickFixes(uri: string, analysis: Analysis, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const finding = findingFor(analysis, diagnostic);
    for (const fix of finding?.fixes ?? []) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred,
        edit: { changes: { [fix.uri ?? uri]: [...fix.edits] } },
      });
    }
  }
  return actions;
}

/** Every preferred fix at once, as `source.fixAll.netpol-lens` (the same edits as `check --fix`'s first pass). */
export function fixAllAction(uri: string, analysis: Analysis): CodeAction | undefined {
  const edits = preferredFixEdits(analysis.findings).map((edit) => analysis.file.lines.toTextEdit(edit));
  if (edits.length === 0) return undefined;
  return { title: l10n.t('Fix all NetPol Lens problems'), kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } };
}

/** The code actions for a request: quick fixes unless excluded by `only`, the fix-all action when asked for. */
export function codeActions(uri: string, analysis: Analysis, context: CodeActionContext): CodeAction[] {
  const only = context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) actions.push(...quickFixes(uri, analysis, context.diagnostics));
  if (only?.some((requested) => FIX_ALL_KIND === requested || FIX_ALL_KIND.startsWith(`${requested}.`))) {
    const fixAll = fixAllAction(uri, analysis);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}
