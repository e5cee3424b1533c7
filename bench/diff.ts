/**
 * The connectivity benchmark (`netpol-lens connlist` and `diff`, issue 17) on the 2,000-file workspace:
 * connlist over it, and diff after one edit (a policy added to one namespace's file). It runs when the
 * built CLI has a `diff` command and is skipped, saying so, when it has not.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, cpSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';

export interface DiffBenchResult {
  readonly skipped?: string;
  readonly files?: number;
  /** `connlist --format json` over the workspace, output to a file. */
  readonly connlistMs?: number;
  /** `diff --format json OLD NEW` after one edit. */
  readonly diffMs?: number;
  readonly added?: number;
  readonly removed?: number;
}

/** The edit: a policy letting one namespace's pods open HTTPS connections anywhere (also bench/changes.ts). */
export function allowHttpsOut(namespace?: string): string {
  return `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-https-out
${namespace === undefined ? '' : `  namespace: ${namespace}\n`}spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock: {cidr: 0.0.0.0/0}
    ports:
    - port: 443
`;
}

/** The first `networkpolicies.yaml` of the generated workspace, in name order. */
export function firstPolicyFile(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    const found = entry.isDirectory() ? firstPolicyFile(full) : entry.name === 'networkpolicies.yaml' ? full : undefined;
    if (found) return found;
  }
  return undefined;
}

function timed(cli: string, args: readonly string[], output: string): { ms: number; status: number | null; stderr: string } {
  const fd = openSync(output, 'w');
  const start = performance.now();
  try {
    const result = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 600_000 });
    return { ms: performance.now() - start, status: result.status, stderr: result.stderr };
  } finally {
    closeSync(fd);
  }
}

export function runDiffBench(cli: string, workspace: string, files: number, scratch: string): DiffBenchResult {
  const probe = spawnSync(process.execPath, [cli, 'diff', '--help'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'dist/cli.js has no `diff` command yet (issue 17)' };
  rmSync(scratch, { recursive: true, force: true });
  const edited = path.join(scratch, 'edited');
  cpSync(workspace, edited, { recursive: true });
  const file = firstPolicyFile(edited);
  if (!file) return { skipped: `no networkpolicies.yaml under ${workspace}` };
  appendFileSync(file, allowHttpsOut().replace('name: allow-https-out', `name: allow-https-out\n  namespace: ${path.basename(path.dirname(file))}`));
  const output = path.join(scratch, 'out.json');
  try {
    const connlist = timed(cli, ['connlist', '--format', 'json', workspace], output);
    if (connlist.status !== 0) return { skipped: `netpol-lens connlist failed (${connlist.status}): ${connlist.stderr.slice(0, 500)}` };
    const diff = timed(cli, ['diff', '--format', 'json', workspace, edited], output);
    if (diff.status !== 0) return { skipped: `netpol-lens diff failed (${diff.status}): ${diff.stderr.slice(0, 500)}` };
    const parsed = JSON.parse(readFileSync(output, 'utf8')) as { added: unknown[]; removed: unknown[] };
    return { files, connlistMs: connlist.ms, diffMs: diff.ms, added: parsed.added.length, removed: parsed.removed.length };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
