/**
 * Which files make up a workspace: the one rule the CLI (`check`, `reach`, `matrix`) and the editor's
 * workspace index share (docs/robustness.md, "Which files are read").
 */
import * as l10n from '../engine/l10n/t';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Folders never searched: dependencies and version control, never manifests of the project. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git']);

/**
 * Names a directory search reads: *.yaml, *.yml and *.json (a JSON file only if it is a Kubernetes object, see
 * loadFile.ts), and kustomize's extensionless `Kustomization` (what it applies decides NP902 and namespaces).
 */
export function isManifestName(name: string): boolean {
  return /\.(?:ya?ml|json)$/i.test(name) || path.basename(name) === 'Kustomization';
}

export function isJsonName(name: string): boolean {
  return /\.json$/i.test(name);
}

/** A file to read, and whether the user named it (read whatever its name) or a directory search found it. */
export interface FoundFile {
  readonly path: string;
  readonly named: boolean;
}

/**
 * The files to read: files as given, directories searched for manifest names (not following symbolic
 * links to directories, so a link loop cannot trap the walk; links to files are read). Missing paths are
 * reported.
 */
export async function collectFiles(paths: readonly string[]): Promise<{ files: FoundFile[]; errors: string[] }> {
  const files: FoundFile[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const add = (file: string, named: boolean) => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push({ path: file, named });
    }
  };

  async function walk(directory: string): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(directory, { withFileTypes: true });
    } catch (error) {
      errors.push(`${directory}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isManifestName(entry.name)) {
        add(full, false);
      }
    }
  }

  for (const given of paths) {
    let stat;
    try {
      stat = await fs.stat(given);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push(`${given}: ${code === 'ENOENT' ? l10n.t('no such file or directory') : code === 'ELOOP' ? l10n.t('symbolic link loop') : (code ?? String(error))}`);
      continue;
    }
    if (stat.isDirectory()) await walk(given);
    else add(given, true);
  }
  return { files, errors };
}
