import * as l10n from '../engine/l10n/t';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Settings } from '../engine';
import { DEFAULT_LIMITS } from '../engine/config/limits';
import type { Limits } from '../engine/config/limits';
import type { PolicyView } from '../engine/model/policyView';
import { Workspace, workspaceOptions } from '../engine/reach';
import type { FileManifests } from '../engine/reach';
import { fileManifests, loadFile } from '../workspace/loadFile';
import { collectFiles, isManifestName } from '../workspace/manifestFiles';

/** Reports how far a scan has got (LSP work-done progress, or nothing). */
export interface ScanProgress {
  report(percentage: number, message: string): void;
}

/** How the index learns the limits that apply to a file (`netpolLens.limits`, per folder) and where it says what it could not read. */
export interface IndexEnvironment {
  limits(file: string): Promise<Limits>;
  log(message: string): void;
}

const DEFAULT_ENVIRONMENT: IndexEnvironment = { limits: () => Promise.resolve(DEFAULT_LIMITS), log: () => undefined };

/** Lets the event loop run pending work (requests, diagnostics of open files) between files. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A file: URI as a path, so that URIs spelled differently by editor and disk walk meet. */
export function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `file` lies somewhere below `folder`. */
function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The manifests of the workspace folders' files, chosen and read as the CLI does (workspace/): read from disk in the background,
 * overridden by the text of open documents, kept up to date from workspace/didChangeWatchedFiles and
 * workspace/didChangeWorkspaceFolders. Each change bumps `version`, which the caches of analyses and
 * workspaces key on.
 */
export class WorkspaceIndex {
  private readonly disk = new Map<string, FileManifests>();
  private readonly open = new Map<string, { text: string; read: () => FileManifests; manifests?: FileManifests }>();
  private cache: { version: number; settings: Settings; workspace: Workspace } | undefined;
  /** Per open document: the other files and their policies, as of `versionAround` of it. */
  private readonly others = new Map<string, { version: number; files: readonly FileManifests[]; policies: readonly PolicyView[] }>();
  version = 0;
  /** Moves when a file read from disk changes (not when an open document's text does). */
  diskVersion = 0;
  /** How many of the changes counted in `version` came from each open document's own text. */
  private readonly ownChanges = new Map<string, number>();
  /** True once a scan is over: the index then holds the files of the workspace folders. */
  ready = false;
  /** The workspace folders: only files below one of them are read from disk. */
  private folders: string[] = [];
  private scanning: Promise<void> | undefined;
  /** The folder changes (the first scan included), one after the other: each waits for the previous one to end. */
  private queue: Promise<void> | undefined;

  /** `onChange` hears of every change, with the open document that made it (if one did). */
  constructor(
    private readonly onChange: (causedBy?: string) => void,
    private readonly environment: IndexEnvironment = DEFAULT_ENVIRONMENT,
  ) {}

  /** The first scan: reads the folders' manifests, a file at a time, yielding to other work in between. */
  scan(folders: readonly string[], progress?: ScanProgress): Promise<void> {
    this.scanning ??= this.changeFolders(folders, [], progress);
    return this.scanning;
  }

  /**
   * Workspace folders added and removed: the files of the added ones are read as in the first scan, those
   * no longer below any folder are dropped. Runs after the scans already asked for, the first one included.
   */
  changeFolders(added: readonly string[], removed: readonly string[], progress?: ScanProgress): Promise<void> {
    return this.enqueue(async () => {
      const kept = this.folders.filter((folder) => !removed.includes(folder));
      this.folders = [...kept, ...added.filter((folder) => !kept.includes(folder))];
      for (const file of this.disk.keys()) if (!this.covers(file)) this.disk.delete(file);
      await this.read(added, progress);
      this.ready = true;
      this.changed();
    });
  }

  /** Resolves once the scans asked for so far are over (at once when there is none). */
  whenReady(): Promise<void> {
    return this.queue ?? Promise.resolve();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = (this.queue ?? Promise.resolve()).then(task);
    this.queue = run.catch(() => undefined); // a failed scan does not stop the next one
    return run;
  }

  private async read(folders: readonly string[], progress?: ScanProgress): Promise<void> {
    const { files } = await collectFiles(folders);
    for (let i = 0; i < files.length; i++) {
      await this.readFromDisk(pathToFileURL(files[i]!.path).href, files[i]!.path);
      if (i % 20 === 0) {
        progress?.report(Math.round((100 * i) / files.length), l10n.t('{0}/{1} files', i, files.length));
        await breathe();
      }
    }
  }

  /** Whether `file` is below one of the workspace folders. */
  private covers(file: string): boolean {
    return this.folders.some((folder) => isInside(folder, file));
  }

  /** Settings that decide which files count changed (`netpolLens.limits.maxFileSize`): every folder is read again. */
  reread(): Promise<void> {
    return this.enqueue(async () => {
      await this.read(this.folders);
      this.changed();
    });
  }

  private async readFromDisk(uri: string, file: string): Promise<void> {
    const loaded = await loadFile({ path: file, named: false }, await this.environment.limits(uri));
    if (loaded.status === 'failed') this.environment.log(`Not indexed: ${file}: ${loaded.message}`);
    for (const note of loaded.status === 'read' ? loaded.notes : []) this.environment.log(`Indexed in part: ${file}: ${note}`);
    // Its folder may have been removed while the file was read; a file gone or unreadable is no part of the workspace.
    if (loaded.status === 'read' && this.covers(file)) this.disk.set(file, fileManifests(uri, loaded.input.text, await this.environment.limits(uri)));
    else this.disk.delete(file);
  }

  private changed(causedBy?: string): void {
    this.version++;
    if (causedBy === undefined) this.diskVersion++;
    const key = causedBy === undefined ? undefined : (pathOf(causedBy) ?? causedBy);
    if (key) this.ownChanges.set(key, (this.ownChanges.get(key) ?? 0) + 1);
    this.cache = undefined;
    this.onChange(causedBy);
  }

  /** A version that moves only when something other than this document changes: its analysis depends on nothing else. */
  versionAround(uri: string): number {
    return this.version - (this.ownChanges.get(pathOf(uri) ?? uri) ?? 0);
  }

  /**
   * An open document's text replaces the file on disk (a no-op when the text is what the index has). Its
   * manifests are read when something first asks for them: typing in a large file alone costs no walk of it.
   */
  setOpen(uri: string, text: string, read: () => FileManifests): void {
    const key = pathOf(uri) ?? uri;
    const known = this.open.get(key);
    if (known?.text === text) {
      if (!known.manifests) known.read = read; // the same text, read from the latest analysis
      return;
    }
    this.open.set(key, { text, read });
    this.changed(uri);
  }

  /** The open documents' manifests but those of `except`, each read once. */
  private *openManifests(except?: string): Generator<[string, FileManifests]> {
    for (const [key, entry] of this.open) if (key !== except) yield [key, (entry.manifests ??= entry.read())];
  }

  closeOpen(uri: string): void {
    this.others.delete(pathOf(uri) ?? uri);
    if (this.open.delete(pathOf(uri) ?? uri)) this.changed(uri);
  }

  /** workspace/didChangeWatchedFiles: 1 created, 2 changed, 3 deleted. Files outside the workspace folders are not indexed. */
  async watched(changes: readonly { uri: string; type: number }[]): Promise<void> {
    let any = false;
    for (const change of changes) {
      const file = pathOf(change.uri);
      if (!file || !isManifestName(file) || !this.covers(file)) continue;
      any = true;
      if (change.type === 3) this.disk.delete(file);
      else await this.readFromDisk(change.uri, file);
    }
    if (any) this.changed();
  }

  /** Every file's manifests, open documents first in place of their disk copy. */
  files(): FileManifests[] {
    return [...this.filesByPath().values()];
  }

  /** `files()` by path (the key of a file: URI's path, else the URI). */
  filesByPath(): Map<string, FileManifests> {
    const merged = new Map(this.disk);
    for (const [key, manifests] of this.openManifests()) merged.set(key, manifests);
    return merged;
  }

  /** The files as read from disk (as last saved), unsaved edits left out, by path. */
  savedFiles(): ReadonlyMap<string, FileManifests> {
    return this.disk;
  }

  /** The workspace folders whose files the index holds. */
  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /**
   * The files other than `uri`, for analysing `uri` among them. The same arrays while nothing else changed
   * (`versionAround`): a keystroke in `uri` does not gather the workspace again.
   */
  othersThan(uri: string): readonly FileManifests[] {
    return this.around(uri).files;
  }

  policiesOtherThan(uri: string): readonly PolicyView[] {
    return this.around(uri).policies;
  }

  private around(uri: string): { version: number; files: readonly FileManifests[]; policies: readonly PolicyView[] } {
    const self = pathOf(uri) ?? uri;
    const version = this.versionAround(uri);
    const known = this.others.get(self);
    if (known?.version === version) return known;
    const merged = new Map(this.disk);
    for (const [key, manifests] of this.openManifests(self)) merged.set(key, manifests);
    merged.delete(self);
    const files = [...merged.values()];
    const around = { version, files, policies: files.flatMap((f) => f.policies) };
    this.others.set(self, around);
    return around;
  }

  workspace(settings: Settings): Workspace {
    if (this.cache?.version === this.version && this.cache.settings === settings) return this.cache.workspace;
    const workspace = new Workspace(this.files(), workspaceOptions(settings));
    this.cache = { version: this.version, settings, workspace };
    return workspace;
  }
}
