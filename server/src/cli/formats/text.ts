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
  if (fixedEdits > 0) lines.push(`Fixed ${fixedEdits} problem${fixedEdits === 1 ? '' : 's'}.`);
  if (total === 0) {
    lines.push(`No problems in ${results.length} file${results.length === 1 ? '' : 's'}.`);
  } else {
    const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
    if (other > 0) parts.push(`${other} info`);
    lines.push(`${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')})${fixable > 0 ? `, ${fixable} fixable with --fix` : ''}.`);
  }
  return lines.join('\n') + '\n';
}
