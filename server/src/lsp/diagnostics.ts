import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver';
import { docsUrl } from '../engine';
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
        edit: { changes: { [uri]: [...fix.edits] } },
      });
    }
  }
  return actions;
}
