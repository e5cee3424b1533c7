/**
 * Pull diagnostics (`textDocument/diagnostic`, LSP 3.17) for clients that announce them: each answer has a
 * result id, and a client that sends back the id of what it shows gets `kind: "unchanged"` (no items)
 * when the findings are the same as then, which saves sending and rebuilding thousands of diagnostics
 * after an edit that changed no finding (a comment, a value typed back).
 */
import { DocumentDiagnosticReportKind } from 'vscode-languageserver';
import type { ClientCapabilities, DocumentDiagnosticReport, Range } from 'vscode-languageserver';
import type { ShownFinding } from '../engine';
import { diagnosticsOf } from './diagnosticsEncoder';

/**
 * Whether to answer pulls instead of publishing: the client pulls (`textDocument.diagnostic`) and can be
 * asked to pull again (`workspace.diagnostics.refreshSupport`), which a change in another file (the
 * workspace index, settings, a kustomization) needs. A client without both gets publishDiagnostics.
 */
export function clientPulls(capabilities: ClientCapabilities): boolean {
  return capabilities.textDocument?.diagnostic !== undefined && capabilities.workspace?.diagnostics?.refreshSupport === true;
}

interface Reported {
  readonly resultId: string;
  readonly findings: readonly ShownFinding[];
}

export class DiagnosticReports {
  private readonly reported = new Map<string, Reported>();
  private next = 1;

  /** The answer to a pull for `uri` whose findings are now `findings`. */
  report(uri: string, findings: readonly ShownFinding[], previousResultId: string | undefined): DocumentDiagnosticReport {
    const last = this.reported.get(uri);
    if (last && last.resultId === previousResultId && sameFindings(last.findings, findings)) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: last.resultId };
    }
    const resultId = String(this.next++);
    this.reported.set(uri, { resultId, findings });
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: diagnosticsOf(uri, findings) };
  }

  forget(uri: string): void {
    this.reported.delete(uri);
  }
}

/** The same diagnostics: everything `toDiagnostic` reads, in the same order (fixes are asked for apart). */
export function sameFindings(a: readonly ShownFinding[], b: readonly ShownFinding[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x.code !== y.code || x.severity !== y.severity || x.message !== y.message || x.field !== y.field || !sameRange(x.range, y.range)) return false;
    const xr = x.related ?? [];
    const yr = y.related ?? [];
    if (xr.length !== yr.length) return false;
    for (let j = 0; j < xr.length; j++) {
      if (xr[j]!.uri !== yr[j]!.uri || xr[j]!.message !== yr[j]!.message || !sameRange(xr[j]!.range, yr[j]!.range)) return false;
    }
  }
  return true;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
