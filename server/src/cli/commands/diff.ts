/**
 * `netpol-lens diff OLD NEW`: the connections a change adds and removes.
 * Exit codes: 0; 1 with --fail-on when such a change exists; 2 for usage, I/O and git errors.
 */
import { parseArgs } from 'node:util';
import * as l10n from '../../engine/l10n/t';
import { diffCsv, diffJson, diffMarkdown, diffText, diffWorkspaces } from '../../engine/connlist/diff';
import type { ConnectivityDiff } from '../../engine/connlist/diff';
import { workspaceOptions } from '../../engine/reach';
import { checkOutTree, parseGitSpec } from '../gitTree';
import type { CheckedOutTree } from '../gitTree';
import { InputError, UsageError } from '../usage';
import { loadFiles, reportLoad, WORKSPACE_OPTIONS, workspaceUsage, workspaceSettings } from '../workspace';
import type { LoadedWorkspace } from '../workspace';
import type { YamlFile } from '../../engine/parse/yamlFile';

/** The help of `diff`, in the language of --locale. */
export function diffUsage(): string {
  return l10n.t('Usage: netpol-lens diff [options] <old> <new>\n\nCompares the connections two versions of the manifests allow (as connlist lists them) and prints what\nthe change adds and removes: per source and destination, the ports allowed now and not before, and the\nconverse. Each of <old> and <new> is a file or folder, git:<ref> (that commit\'s tree in the git\nrepository of the current folder), or git:<ref>:<path> (a folder or file of it, relative to the\nrepository\'s top folder). For example: netpol-lens diff git:origin/main .\n\nOptions:\n  --format <text|json|md|csv>      output format (default: text); md is a table for a pull-request\n                                   comment with the policies and rules behind each change\n  --fail-on <added|removed|any>    exit 1 when the change adds (removes, either) some connection\n{0}\n  -h, --help                       show this help\n\nExit code 0; 1 with --fail-on when such a change exists; 2 for bad arguments, files that cannot be read,\ngit errors, or no workloads on either side.\n', workspaceUsage());
}

const FORMATS: Record<string, (diff: ConnectivityDiff) => string> = { text: diffText, json: diffJson, md: diffMarkdown, csv: diffCsv };

export async function diff(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(diffUsage());
    return 0;
  }
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, 'fail-on': { type: 'string' }, ...WORKSPACE_OPTIONS },
  });
  if (!Object.prototype.hasOwnProperty.call(FORMATS, values.format)) throw new UsageError(l10n.t('--format must be text, json, md or csv, not "{0}"', values.format));
  const failOn = values['fail-on'];
  if (failOn !== undefined && !['added', 'removed', 'any'].includes(failOn)) throw new UsageError(l10n.t('--fail-on must be added, removed or any, not "{0}"', failOn));
  if (positionals.length !== 2) throw new UsageError(l10n.t('diff needs two versions to compare, <old> and <new>, not {0}', positionals.length));
  const settings = await workspaceSettings(values);
  const trees: CheckedOutTree[] = [];
  const parsed = new Map<string, YamlFile>();
  try {
    const load = async (spec: string): Promise<LoadedWorkspace> => {
      const git = parseGitSpec(spec);
      if (!git) return loadFiles([spec], settings, parsed);
      const tree = checkOutTree(git);
      trees.push(tree);
      const loaded = await loadFiles([tree.path], settings, parsed);
      return { ...loaded, errors: loaded.errors.map(tree.label), notes: loaded.notes.map(tree.label) };
    };
    const before = await load(positionals[0]!);
    reportLoad(before);
    const after = await load(positionals[1]!);
    reportLoad(after);
    const result = diffWorkspaces(before.files, after.files, workspaceOptions(settings), { dns: settings.dns });
    if (result.old.ws.workloadCount === 0 && result.new.ws.workloadCount === 0) {
      throw new InputError(l10n.t('no workloads found in {0} nor in {1}: give the paths of the workload manifests too', positionals[0]!, positionals[1]!));
    }
    process.stdout.write(FORMATS[values.format]!(result));
    const fails = (failOn === 'added' || failOn === 'any') && result.added.length > 0 ? true : (failOn === 'removed' || failOn === 'any') && result.removed.length > 0;
    return fails ? 1 : 0;
  } finally {
    for (const tree of trees) tree.dispose();
  }
}
