/**
 * `netpol-lens matrix [paths...]`: the truth table of who can reach whom, on which ports.
 * Exit codes: 0, or 2 for usage and I/O errors and for paths that hold no workload (nothing to tabulate).
 */
import { parseArgs } from 'node:util';
import * as l10n from '../../engine/l10n/t';
import { computeMatrix, defaultPortQueries } from '../../engine/reach';
import { parseAddress } from '../../engine/reach/addresses';
import { matrixCsvChunks, matrixDot, matrixJsonChunks, matrixMermaid, matrixTextChunks } from '../../engine/reach/render';
import type { Matrix } from '../../engine/reach';
import { writeChunks } from '../output';
import { UsageError } from '../usage';
import { buildFrom, loadFiles, reportForeignPolicies, reportLoad, requireWorkloads, WORKSPACE_OPTIONS, workspaceUsage, workspaceSettings } from '../workspace';
import { parsePort } from './reach';

/** The help of `matrix`, in the language of --locale. */
export function matrixUsage(): string {
  return l10n.t('Usage: netpol-lens matrix [options] [paths...]\n\nPrints which workloads (and the given outside addresses) can reach which, on each port: the truth\ntable the Kubernetes e2e suite checks, computed from the manifests. Rows are sources, columns are\ndestinations; "." is allowed, "X" denied and "?" unknown (ClusterNetworkPolicy peers the manifests\ncannot tell; null in JSON, unknown in CSV).\n\nOptions:\n  --ports <list>                   ports to probe, for example 80/TCP,81/UDP,53/UDP (default: every port\n                                   named in the policies and the workloads\' container ports)\n  --ips <list>                     addresses to add as endpoints, for example 8.8.8.8,10.1.2.3\n  --format <text|csv|json|dot|mermaid>\n                                   output format (default: text); dot and mermaid draw the allowed edges\n{0}\n  -h, --help                       show this help\n\nExit code 0; 2 for bad arguments, files that cannot be read, or no workloads in the paths (a message on\nstderr says which).\n', workspaceUsage());
}

/** Each format as pieces of text: the tabular ones grow with the square of the endpoints (render.ts). */
const FORMATS: Record<string, (matrix: Matrix) => Iterable<string>> = {
  text: matrixTextChunks,
  csv: matrixCsvChunks,
  json: matrixJsonChunks,
  dot: (matrix) => [matrixDot(matrix)],
  mermaid: (matrix) => [matrixMermaid(matrix)],
};

export async function matrix(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(matrixUsage());
    return 0;
  }
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ports: { type: 'string' }, ips: { type: 'string' }, format: { type: 'string', default: 'text' }, ...WORKSPACE_OPTIONS },
  });
  const format = values.format;
  if (!Object.prototype.hasOwnProperty.call(FORMATS, format)) throw new UsageError(l10n.t('--format must be text, csv, json, dot or mermaid, not "{0}"', String(values.format)));
  const ports = values.ports === undefined ? undefined : values.ports.split(',').filter((p) => p.trim() !== '').map(parsePort);
  const ips = values.ips === undefined ? [] : values.ips.split(',').map((ip) => ip.trim()).filter((ip) => ip !== '');
  for (const ip of ips) if (!parseAddress(ip)) throw new UsageError(l10n.t('--ips: "{0}" is not an IP address', ip));
  const settings = await workspaceSettings(values);
  const loaded = await loadFiles(positionals, settings);
  reportLoad(loaded);
  reportForeignPolicies(loaded, 'matrix');
  const ws = buildFrom(loaded, settings, ips);
  requireWorkloads(ws, loaded, positionals);
  const result = computeMatrix(ws, ports && ports.length > 0 ? ports : defaultPortQueries(ws));
  await writeChunks(process.stdout, FORMATS[format]!(result));
  return 0;
}
