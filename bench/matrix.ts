/**
 * The reachability matrix benchmark (`netpol-lens matrix`, issue 6): time for 100, 200 and 500
 * workloads with 200 policies. It runs when the built CLI has a `matrix` command and is skipped,
 * saying so, when it has not.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { writeMatrixWorkspace } from './generate';

export interface MatrixRun {
  readonly workloads: number;
  readonly policies: number;
  readonly wallMs: number;
  /** Entries in `--format json` output, when it could be read. */
  readonly entries: number | undefined;
}

export interface MatrixResult {
  readonly skipped?: string;
  readonly runs: MatrixRun[];
}

export const MATRIX_WORKLOADS = [100, 200, 500] as const;
export const MATRIX_POLICIES = 200;

export function runMatrixBench(cli: string, dir: string): MatrixResult {
  const probe = spawnSync(process.execPath, [cli, 'matrix', '--help'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'dist/cli.js has no `matrix` command yet (issue 6)', runs: [] };
  const runs: MatrixRun[] = [];
  for (const workloads of MATRIX_WORKLOADS) {
    const folder = path.join(dir, `workloads-${workloads}`);
    writeMatrixWorkspace(folder, workloads, MATRIX_POLICIES);
    // Into a file, as `netpol-lens matrix --format json > matrix.json` (the output is 300 MB at 500 workloads:
    // read through a pipe by this process, the reading would be timed too).
    const output = path.join(dir, `matrix-${workloads}.json`);
    const fd = openSync(output, 'w');
    const start = performance.now();
    let result;
    try {
      result = spawnSync(process.execPath, [cli, 'matrix', '--format', 'json', folder], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 600_000 });
    } finally {
      closeSync(fd);
    }
    const wallMs = performance.now() - start;
    if (result.status !== 0) return { skipped: `netpol-lens matrix failed (${result.status ?? result.signal}): ${result.stderr.slice(0, 500)}`, runs };
    let entries: number | undefined;
    try {
      entries = (JSON.parse(readFileSync(output, 'utf8')) as { entries?: unknown[] }).entries?.length;
    } catch {
      entries = undefined;
    } finally {
      rmSync(output, { force: true });
    }
    runs.push({ workloads, policies: MATRIX_POLICIES, wallMs, entries });
  }
  return { runs };
}
