import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** `*.yaml`, `*.yml`, and kustomize's extensionless `Kustomization` (what it applies decides NP902 and namespaces). */
export function isManifestName(name: string): boolean {
  return /\.ya?ml$/i.test(name) || path.basename(name) === 'Kustomization';
}

/**
 * The files to check: files as given, directories searched for *.yaml / *.yml (not following
 * symbolic links to directories, so a link loop cannot trap the walk). Missing paths are reported.
 */
export async function collectFiles(paths: readonly string[]): Promise<{ files: string[]; errors: string[] }> {
  const files: string[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
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
        add(full);
      }
    }
  }

  for (const given of paths) {
    let stat;
    try {
      stat = await fs.stat(given);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push(`${given}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'ELOOP' ? 'symbolic link loop' : (code ?? String(error))}`);
      continue;
    }
    if (stat.isDirectory()) await walk(given);
    else add(given);
  }
  return { files, errors };
}
