import { promises as fs } from 'node:fs';
import { normalizeSettings, parseYamlFile } from '../engine';
import type { Settings } from '../engine';
import { readManifests, Workspace, workspaceOptions } from '../engine/reach';
import type { FileManifests } from '../engine/reach';
import { collectFiles } from './files';
import { UsageError } from './usage';

/** Options every workspace command takes: where unnamespaced objects go, and what ipBlock matches. */
export const WORKSPACE_OPTIONS = {
  'default-namespace': { type: 'string' },
  'ipblock-applies-to-pods': { type: 'string' },
} as const;

export const WORKSPACE_USAGE = `  --default-namespace <ns>         namespace of manifests without metadata.namespace (default: default)
  --ipblock-applies-to-pods <yes|no>
                                   whether ipBlock peers match pod addresses (network-plugin specific; default: yes)`;

export function workspaceSettings(values: { 'default-namespace'?: string; 'ipblock-applies-to-pods'?: string }): Settings {
  const raw: Record<string, unknown> = {};
  if (values['default-namespace'] !== undefined) raw.defaultNamespace = values['default-namespace'];
  const applies = values['ipblock-applies-to-pods'];
  if (applies !== undefined) {
    if (!['yes', 'no', 'true', 'false'].includes(applies)) throw new UsageError(`--ipblock-applies-to-pods takes yes or no, not "${applies}"`);
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
}

/** Reads every *.yaml / *.yml under the paths (default: the current directory). */
export async function loadFiles(paths: readonly string[]): Promise<LoadedWorkspace> {
  const { files, errors } = await collectFiles(paths.length > 0 ? paths : ['.']);
  const loaded: FileManifests[] = [];
  const problems = [...errors];
  for (const file of files) {
    try {
      loaded.push(readManifests(file, parseYamlFile(await fs.readFile(file, 'utf8'))));
    } catch (error) {
      problems.push(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  return { files: loaded, errors: problems };
}

export function buildFrom(loaded: LoadedWorkspace, settings: Settings, externalAddresses: readonly string[] = []): Workspace {
  return new Workspace(loaded.files, workspaceOptions(settings, externalAddresses));
}

/** 1-based line of an offset in a file of the workspace. */
export function lineOf(manifests: { file: { lines: { positionAt(offset: number): { line: number } } } }, offset: number): number {
  return manifests.file.lines.positionAt(offset).line + 1;
}
