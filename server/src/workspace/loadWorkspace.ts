/**
 * The files of a workspace on disk, for the CLI: every path searched (collectFiles), every file read
 * (loadFile). The editor's index reads the same files one at a time with the same two functions.
 */
import type { Limits } from '../engine/config/limits';
import type { ManifestText } from './manifestText';
import { collectFiles } from './manifestFiles';
import { loadFile } from './loadFile';

export interface WorkspaceText {
  readonly path: string;
  readonly input: ManifestText;
}

export interface LoadedTexts {
  readonly files: readonly WorkspaceText[];
  /** Paths or files that could not be read: the CLI reports them and exits 2. */
  readonly errors: readonly string[];
  /** Files read only in part ("path: why"): reported, the exit code unchanged. */
  readonly notes: readonly string[];
}

export async function loadWorkspaceTexts(paths: readonly string[], limits: Limits): Promise<LoadedTexts> {
  const found = await collectFiles(paths);
  const files: WorkspaceText[] = [];
  const errors = [...found.errors];
  const notes: string[] = [];
  for (const file of found.files) {
    const loaded = await loadFile(file, limits);
    if (loaded.status === 'failed') errors.push(`${file.path}: ${loaded.message}`);
    else if (loaded.status === 'read') {
      files.push({ path: loaded.path, input: loaded.input });
      for (const note of loaded.notes) notes.push(`${loaded.path}: ${note}`);
    }
  }
  return { files, errors, notes };
}
