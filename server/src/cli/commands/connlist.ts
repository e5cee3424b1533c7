/**
 * `netpol-lens connlist [paths...]`: every allowed connection as a set of ports per (source, destination).
 * Exit codes: 0, or 2 for usage and I/O errors and for paths that hold no workload.
 */
import { parseArgs } from 'node:util';
import * as l10n from '../../engine/l10n/t';
import { connections, connectionTable, endpointsOf } from '../../engine/connlist/connections';
import type { Connection, ConnectionTable } from '../../engine/connlist/connections';
import { connectionsCsv, connectionsDot, connectionsJson, connectionsMarkdown, connectionsMermaid, connectionsText } from '../../engine/connlist/render';
import type { EndpointInfo } from '../../engine/connlist/render';
import { exposureJson, exposureMarkdown, exposureOf, exposureText } from '../../engine/connlist/exposure';
import { workspaceOptions } from '../../engine/reach';
import { UsageError } from '../usage';
import { buildFrom, loadFiles, reportLoad, requireWorkloads, WORKSPACE_OPTIONS, workspaceUsage, workspaceSettings } from '../workspace';

/** The help of `connlist`, in the language of --locale. */
export function connlistUsage(): string {
  return l10n.t('Usage: netpol-lens connlist [options] [paths...]\n\nLists every connection the NetworkPolicies allow, as a set per source and destination: "all", or per\nprotocol the port ranges ("TCP 80,443,8000-8080; UDP 53"). Endpoints are workloads (ns/name; the pods of\none controller are one workload) and ranges of outside addresses, cut where the policies\' ipBlocks and\nexcepts draw lines. Named ports are resolved against each destination\'s container ports. Pairs with\nnothing allowed, and a workload\'s connections to itself, are left out.\n\nOptions:\n  --format <text|json|csv|md|dot|mermaid>\n                                   output format (default: text)\n  --focus <workload>               only the connections of this workload (ns/name)\n  --direction <ingress|egress>     with --focus: only connections to it (ingress) or from it (egress)\n  --exposure                       instead, what is open wide: workloads that accept connections from\n                                   every namespace, from pods of any namespace with some label, or from\n                                   outside the cluster, and that may connect to the internet, with the\n                                   policy and rule that make it so (formats text, json, md)\n{0}\n  -h, --help                       show this help\n\nExit code 0; 2 for bad arguments, files that cannot be read, or no workloads in the paths (a message on\nstderr says which).\n', workspaceUsage());
}

const FORMATS: Record<string, (list: readonly Connection[], endpoints: readonly EndpointInfo[]) => string> = {
  text: (list) => connectionsText(list),
  json: connectionsJson,
  csv: (list) => connectionsCsv(list),
  md: (list) => connectionsMarkdown(list),
  dot: connectionsDot,
  mermaid: connectionsMermaid,
};

/** A workload of the table by `ns/name`, `name` (default namespace) or `ns/Kind/name`. */
export function resolveWorkload(table: ConnectionTable, reference: string, defaultNamespace: string): string {
  const names = table.workloads.map((w) => w.name);
  if (names.includes(reference)) return reference;
  const parts = reference.split('/');
  const candidates =
    parts.length === 1
      ? table.workloads.filter((w) => w.name === `${defaultNamespace}/${reference}`)
      : parts.length === 3
        ? table.workloads.filter((w) => w.name === `${parts[0]}/${parts[2]}` && w.kind === parts[1])
        : [];
  if (candidates.length === 1) return candidates[0]!.name;
  throw new UsageError(l10n.t('{0} {1}: no such workload (known: {2})', '--focus', reference, `${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}`));
}

export async function connlist(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(connlistUsage());
    return 0;
  }
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      focus: { type: 'string' },
      direction: { type: 'string' },
      exposure: { type: 'boolean', default: false },
      ...WORKSPACE_OPTIONS,
    },
  });
  const format = values.format;
  if (values.exposure) {
    if (!['text', 'json', 'md'].includes(format)) throw new UsageError(l10n.t('--exposure takes --format text, json or md, not "{0}"', format));
  } else if (!Object.prototype.hasOwnProperty.call(FORMATS, format)) {
    throw new UsageError(l10n.t('--format must be text, json, csv, md, dot or mermaid, not "{0}"', format));
  }
  if (values.direction !== undefined && values.direction !== 'ingress' && values.direction !== 'egress') throw new UsageError(l10n.t('--direction must be ingress or egress, not "{0}"', values.direction));
  if (values.direction !== undefined && values.focus === undefined) throw new UsageError(l10n.t('--direction needs --focus'));
  const settings = await workspaceSettings(values);
  const loaded = await loadFiles(positionals, settings);
  reportLoad(loaded);
  // Checked before the cluster DNS joins the workloads.
  if (!loaded.files.some((f) => f.workloads.length > 0)) requireWorkloads(buildFrom(loaded, settings), loaded, positionals);
  const table = connectionTable(loaded.files, workspaceOptions(settings), { dns: settings.dns });
  const focus = values.focus === undefined ? undefined : resolveWorkload(table, values.focus, settings.defaultNamespace);
  if (values.exposure) {
    const findings = exposureOf(table).filter((f) => focus === undefined || f.workload === focus);
    process.stdout.write(format === 'json' ? exposureJson(findings) : format === 'md' ? exposureMarkdown(findings) : exposureText(findings));
    return 0;
  }
  const list = connections(table).filter(
    (c) => focus === undefined || (values.direction !== 'ingress' && c.from === focus) || (values.direction !== 'egress' && c.to === focus),
  );
  process.stdout.write(FORMATS[format]!(list, endpointsOf(table, list)));
  return 0;
}
