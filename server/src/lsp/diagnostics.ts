import * as l10n from '../engine/l10n/t';
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver';
import type { ClientCapabilities, CodeAction, CodeActionContext, Diagnostic, Range } from 'vscode-languageserver';
import { docsUrl, preferredFixEdits } from '../engine';
import type { Analysis, Finding, Severity, ShownFinding } from '../engine';

export const SOURCE = 'netpol-lens';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.netpol-lens`;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The LSP severity of a finding's. */
export function diagnosticSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITY[severity];
}

export interface DiagnosticData {
  readonly field?: string;
}

/** The codes of the validation rules (NP1xx, CNP1xx, CIL1xx): what the API server would refuse, at its field path. */
const VALIDATION_CODE = /^[A-Z]+1\d\d$/;

/**
 * The field path a diagnostic carries as `data.field`: that of a validation finding, the path the API server
 * names (docs/validation.md). Other rules' paths are in the CLI's JSON only: no editor shows `data`, and on a
 * file of 11,000 findings the paths were a tenth of each publish and of the client's work to read it.
 */
export function diagnosticField(finding: Pick<Finding, 'code' | 'field'>): string | undefined {
  return finding.field && VALIDATION_CODE.test(finding.code) ? finding.field : undefined;
}

/** One codeDescription per rule, shared by its diagnostics: a publish of 10,000 findings builds 10,000 fewer objects. */
const codeDescriptions = new Map<string, { readonly href: string }>();

function codeDescriptionOf(code: string): { readonly href: string } {
  let description = codeDescriptions.get(code);
  if (!description) codeDescriptions.set(code, (description = Object.freeze({ href: docsUrl(code) })));
  return description;
}

export function toDiagnostic(finding: ShownFinding): Diagnostic {
  const field = diagnosticField(finding);
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: codeDescriptionOf(finding.code),
    source: SOURCE,
    message: finding.message,
    // The API server's field path, for a validation finding (nothing is sent otherwise).
    ...(field !== undefined ? { data: { field } satisfies DiagnosticData } : {}),
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

/**
 * What a code action sent without its edit carries, to make the edit on `codeAction/resolve`: the document,
 * and the fix-all action or the finding (by code, range and message, as the client shows it) and which of its fixes.
 */
export type CodeActionData =
  | { readonly uri: string; readonly fixAll: true }
  | { readonly uri: string; readonly code: string; readonly range: Range; readonly message: string; readonly fix: number };

/**
 * Whether the client resolves a code action's edit on request (`codeAction/resolve`): then the actions
 * listed for the light bulb carry `data` and no edit, and only the chosen one has its edit made and sent.
 */
export function clientResolvesEdits(capabilities: ClientCapabilities): boolean {
  const codeAction = capabilities.textDocument?.codeAction;
  return codeAction?.dataSupport === true && codeAction.resolveSupport?.properties.includes('edit') === true;
}

/** Quick fixes for the diagnostics in the request's context, each tied to the diagnostic it fixes; with `lazy`, without edits. */
export function quickFixes(uri: string, analysis: Analysis, diagnostics: readonly Diagnostic[], lazy = false): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const finding = findingFor(analysis, diagnostic);
    if (!finding) continue;
    finding.fixes.forEach((fix, index) => {
      const data: CodeActionData = { uri, code: finding.code, range: finding.range, message: finding.message, fix: index };
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred,
        ...(lazy ? { data } : { edit: { changes: { [fix.uri ?? uri]: [...fix.edits] } } }),
      });
    });
  }
  return actions;
}

/** The fix-all action's title, in the client's language. */
function fixAllTitle(): string {
  return l10n.t('Fix all NetPol Lens problems');
}

/** Every preferred fix at once, as `source.fixAll.netpol-lens` (the same edits as `check --fix`'s first pass). */
export function fixAllAction(uri: string, analysis: Analysis): CodeAction | undefined {
  const edits = preferredFixEdits(analysis.findings).map((edit) => analysis.file.lines.toTextEdit(edit));
  if (edits.length === 0) return undefined;
  return { title: fixAllTitle(), kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } };
}

/** Whether fix-all would edit anything: some finding's first preferred fix has edits (preferredFixEdits always takes the first). */
function hasPreferredFix(analysis: Analysis): boolean {
  return analysis.findings.some((finding) => (finding.fixes.find((fix) => fix.isPreferred)?.offsetEdits.length ?? 0) > 0);
}

/** The code actions for a request: quick fixes unless excluded by `only`, the fix-all action when asked for; with `lazy`, without edits. */
export function codeActions(uri: string, analysis: Analysis, context: CodeActionContext, lazy = false): CodeAction[] {
  const only = context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) actions.push(...quickFixes(uri, analysis, context.diagnostics, lazy));
  if (only?.some((requested) => FIX_ALL_KIND === requested || FIX_ALL_KIND.startsWith(`${requested}.`))) {
    if (lazy) {
      const data: CodeActionData = { uri, fixAll: true };
      if (hasPreferredFix(analysis)) actions.push({ title: fixAllTitle(), kind: FIX_ALL_KIND, data });
    } else {
      const fixAll = fixAllAction(uri, analysis);
      if (fixAll) actions.push(fixAll);
    }
  }
  return actions;
}

/** The `data` of an action this server listed, or undefined for anything else a client sends back. */
export function codeActionData(action: CodeAction): CodeActionData | undefined {
  const data = action.data as Partial<Record<string, unknown>> | null | undefined;
  if (typeof data !== 'object' || data === null || typeof data.uri !== 'string') return undefined;
  if (data.fixAll === true) return { uri: data.uri, fixAll: true };
  const range = data.range as Range | undefined;
  const valid =
    typeof data.code === 'string' &&
    typeof data.message === 'string' &&
    typeof data.fix === 'number' &&
    typeof range?.start?.line === 'number' &&
    typeof range.start.character === 'number' &&
    typeof range.end?.line === 'number' &&
    typeof range.end.character === 'number';
  return valid ? { uri: data.uri, code: data.code as string, range, message: data.message as string, fix: data.fix as number } : undefined;
}

/**
 * `codeAction/resolve`: the action with its edit, made from the document's analysis now (the edit applies to
 * the text as it is). An action whose finding or fix is gone is returned as it came, without an edit.
 */
export function resolveCodeAction(action: CodeAction, data: CodeActionData, analysis: Analysis): CodeAction {
  if ('fixAll' in data) {
    const fixAll = fixAllAction(data.uri, analysis);
    return fixAll ? { ...action, edit: fixAll.edit } : action;
  }
  const finding = analysis.findings.find((f) => f.code === data.code && sameRange(f.range, data.range) && f.message === data.message);
  const fix = finding?.fixes[data.fix];
  if (!fix || fix.title !== action.title) return action;
  return { ...action, edit: { changes: { [fix.uri ?? data.uri]: [...fix.edits] } } };
}
