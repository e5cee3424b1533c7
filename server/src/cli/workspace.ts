import * as l10n from '../engine/l10n/t';
import { foreignObjectsOf } from '../engine/cilium/model';
import { CALICO_POLICY_KINDS } from '../engine/cilium/calico';
import { normalizeSettings } from '../engine';
import type { Settings } from '../engine';
import { readManifests, WORKLOAD_KINDS, Workspace, workspaceOptions } from '../engine/reach';
import type { YamlFile } from '../engine/parse/yamlFile';
import type { FileManifests } from '../engine/reach';
import { fileManifests, firstSyntaxError } from '../workspace/loadFile';
import { loadWorkspaceTexts } from '../workspace/loadWorkspace';
import { readConfigFile } from './configFile';
import { InputError, UsageError } from './usage';

/** Options every workspace command takes: where unnamespaced objects go, what ipBlock matches, a settings file. */
export const WORKSPACE_OPTIONS = {
  'default-namespace': { type: 'string' },
  'ipblock-applies-to-pods': { type: 'string' },
  config: { type: 'string' },
} as const;

/** The options every workspace command takes, for its help. */
export function workspaceUsage(): string {
  return l10n.t('  --default-namespace <ns>         namespace of manifests without metadata.namespace (default: default)\n  --ipblock-applies-to-pods <yes|no>\n                                   whether ipBlock peers match pod addresses (network-plugin specific; default: yes)\n  --config <file>                  JSON file with netpolLens settings, as for check (limits.maxFileSize applies)');
}

/** The settings of a workspace command: the --config file, then the options over it. */
export async function workspaceSettings(values: { 'default-namespace'?: string; 'ipblock-applies-to-pods'?: string; config?: string }): Promise<Settings> {
  const raw: Record<string, unknown> = values.config === undefined ? {} : await readConfigFile(values.config);
  if (values['default-namespace'] !== undefined) raw.defaultNamespace = values['default-namespace'];
  const applies = values['ipblock-applies-to-pods'];
  if (applies !== undefined) {
    if (!['yes', 'no', 'true', 'false'].includes(applies)) throw new UsageError(l10n.t('--ipblock-applies-to-pods takes yes or no, not "{0}"', applies));
    raw.ipBlockAppliesToPods = applies === 'yes' || applies === 'true';
  }
  const { settings, problems } = normalizeSettings(raw);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return settings;
}

export interface LoadedWorkspace {
  readonly files: readonly FileManifests[];
  /** Files that could not be read or found: reported, and the command exits 2. */
  readonly errors: readonly string[];
  /** Files read only in part (bad bytes, over the size cap, YAML syntax errors): reported on stderr. */
  readonly notes: readonly string[];
}

/**
 * Reads the workspace under the paths (default: the current directory), as `check` and the editor do.
 * `parsed` keeps parsed files by text, for `diff`: the two versions' unchanged files are parsed once.
 */
export async function loadFiles(paths: readonly string[], settings: Settings, parsed?: Map<string, YamlFile>): Promise<LoadedWorkspace> {
  const texts = await loadWorkspaceTexts(paths.length > 0 ? paths : ['.'], settings.limits);
  const notes = [...texts.notes];
  const files = texts.files.map(({ path, input }) => {
    const known = parsed?.get(input.text);
    const manifests = known ? readManifests(path, known) : fileManifests(path, input.text, settings.limits);
    if (!known) parsed?.set(input.text, manifests.file);
    const syntax = firstSyntaxError(manifests.file);
    if (syntax) notes.push(`${path}:${syntax}`);
    return manifests;
  });
  return { files, errors: texts.errors, notes };
}

/** Says on stderr what was read only in part; a file that could not be read at all is a usage error (exit 2). */
export function reportLoad(loaded: LoadedWorkspace): void {
  for (const note of loaded.notes) process.stderr.write(`netpol-lens: ${note}\n`);
  if (loaded.errors.length > 0) throw new UsageError(loaded.errors.join('\n'));
}

/**
 * Cilium and Calico policies are not evaluated by `reach` and `matrix`: the answer is about Kubernetes
 * NetworkPolicies only, and stderr says so, with the files that hold the others (docs/reachability.md).
 */
export function reportForeignPolicies(loaded: LoadedWorkspace, command: string): void {
  const cilium: string[] = [];
  const calico: string[] = [];
  let ciliumCount = 0;
  let calicoCount = 0;
  for (const manifests of loaded.files) {
    const found = foreignObjectsOf(manifests.file);
    const calicoPolicies = found.calico.filter((o) => CALICO_POLICY_KINDS.includes(o.kind));
    if (found.cilium.length > 0) cilium.push(manifests.uri);
    if (calicoPolicies.length > 0) calico.push(manifests.uri);
    ciliumCount += found.cilium.length;
    calicoCount += calicoPolicies.length;
  }
  const parts: string[] = [];
  if (ciliumCount > 0) parts.push(ciliumCount === 1 ? l10n.t('1 Cilium policy ({0})', cilium.join(', ')) : l10n.t('{0} Cilium policies ({1})', ciliumCount, cilium.join(', ')));
  if (calicoCount > 0) parts.push(calicoCount === 1 ? l10n.t('1 Calico policy ({0})', calico.join(', ')) : l10n.t('{0} Calico policies ({1})', calicoCount, calico.join(', ')));
  if (parts.length === 0) return;
  const policies = parts.length === 1 ? parts[0]! : l10n.t('{0} and {1}', parts[0]!, parts[1]!);
  process.stderr.write(`netpol-lens: ${l10n.t('{0} not part of this answer: {1} evaluates Kubernetes NetworkPolicies only', policies, command)}\n`);
}

/**
 * `reach` and `matrix` answer questions about workloads: with none in the paths read, any answer would be
 * empty or vacuous, so that is an input problem (exit 2) that names what was looked for.
 */
export function requireWorkloads(ws: Workspace, loaded: LoadedWorkspace, paths: readonly string[]): void {
  if (ws.workloads().length > 0) return;
  const where = paths.length > 0 ? paths.join(', ') : l10n.t('the current directory');
  const count = loaded.files.length;
  const kinds = WORKLOAD_KINDS.join(', ');
  throw new InputError(
    count === 1
      ? l10n.t('no workloads found in {0} ({1} file read; looked for {2}, also as items of a List): give the paths of the workload manifests too', where, count, kinds)
      : l10n.t('no workloads found in {0} ({1} files read; looked for {2}, also as items of a List): give the paths of the workload manifests too', where, count, kinds),
  );
}

export function buildFrom(loaded: LoadedWorkspace, settings: Settings, externalAddresses: readonly string[] = []): Workspace {
  return new Workspace(loaded.files, workspaceOptions(settings, externalAddresses));
}

/** 1-based line of an offset in a file of the workspace. */
export function lineOf(manifests: { file: { lines: { positionAt(offset: number): { line: number } } } }, offset: number): number {
  return manifests.file.lines.positionAt(offset).line + 1;
}
