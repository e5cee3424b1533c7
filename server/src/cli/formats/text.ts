import * as l10n from '../../engine/l10n/t';
import type { FileResult } from './result';

/** `file:line:col  severity  message  code`, 1-based like ESLint's, then a summary line. */
export function formatText(results: readonly FileResult[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let other = 0;
  let fixable = 0;
  for (const result of results) {
    for (const f of result.findings) {
      const { line, character } = f.range.start;
      lines.push(`${result.file}:${line + 1}:${character + 1}  ${f.severity}  ${f.message}  ${f.code}`);
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else other++;
      if (f.fixes.some((fix) => fix.isPreferred)) fixable++;
    }
  }
  const total = errors + warnings + other;
  const fixedEdits = results.reduce((sum, r) => sum + r.fixed, 0);
  if (fixedEdits > 0) lines.push(fixedEdits === 1 ? l10n.t('Fixed {0} problem.', fixedEdits) : l10n.t('Fixed {0} problems.', fixedEdits));
  if (total === 0) {
    lines.push(results.length === 1 ? l10n.t('No problems in {0} file.', results.length) : l10n.t('No problems in {0} files.', results.length));
  } else {
    const parts = [errors === 1 ? l10n.t('{0} error', errors) : l10n.t('{0} errors', errors), warnings === 1 ? l10n.t('{0} warning', warnings) : l10n.t('{0} warnings', warnings)];
    if (other > 0) parts.push(l10n.t('{0} info', other));
    const counts = parts.join(l10n.t(', '));
    const summary = total === 1 ? l10n.t('{0} problem ({1})', total, counts) : l10n.t('{0} problems ({1})', total, counts);
    lines.push(fixable > 0 ? l10n.t('{0}, {1} fixable with --fix.', summary, fixable) : l10n.t('{0}.', summary));
  }
  return lines.join('\n') + '\n';
}
