import type { FileResult } from './result';

/** The stable JSON shape for scripts: version 1, LSP's 0-based positions. */
export function formatJson(results: readonly FileResult[]): string {
  const output = {
    version: 1,
    results: results.map((result) => ({
      file: result.file,
      diagnostics: result.findings.map((f) => ({
        code: f.code,
        severity: f.severity,
        message: f.message,
        range: f.range,
        field: f.field ?? null,
        fixes: f.fixes.map((fix) => ({ title: fix.title, isPreferred: fix.isPreferred })),
      })),
    })),
  };
  return JSON.stringify(output, null, 2) + '\n';
}
