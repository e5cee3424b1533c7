/**
 * Kustomize patches on disk: a file that a kustomization lists under `patches` (or the older
 * `patchesStrategicMerge`) holds partial objects, merged into a base elsewhere. The engine is told so
 * (`AnalyzeOptions.partial`), so that it does not call what a patch leaves out "missing". Used by the
 * language server and the CLI; reads small files only, parses them with aliases off, never throws.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** How far up from a patch its kustomization may sit (`patches/np.yaml`, `overlays/prod/patches/np.yaml`). */
const LEVELS_UP = 3;
const MAX_KUSTOMIZATION_BYTES = 1_000_000;

/** Whether a file is named as a kustomization is (a change to it may change which files are patches). */
export function isKustomizationName(file: string): boolean {
  return KUSTOMIZATION_NAMES.includes(path.basename(file));
}

/**
 * What the kustomizations on disk say about which files are patches, read when first asked and kept
 * until told that a kustomization changed (`changed`): the editor asks when a document is opened and
 * on file-watcher events, never per keystroke; the CLI makes one per run.
 */
export class KustomizePatches {
  /** Kustomization path -> the patch files it lists (empty when it is absent or unreadable). */
  private readonly known = new Map<string, ReadonlySet<string>>();

  /** Whether a kustomization in the file's directory, or up to three above, lists it as a patch. */
  isPatch(file: string): boolean {
    const target = path.resolve(file);
    let dir = path.dirname(target);
    for (let level = 0; level <= LEVELS_UP; level++) {
      for (const name of KUSTOMIZATION_NAMES) if (this.patchesOf(path.join(dir, name)).has(target)) return true;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return false;
  }

  /** The same for a document URI: only `file:` documents can be listed by a kustomization. */
  isPatchUri(uri: string): boolean {
    if (!uri.startsWith('file:')) return false;
    try {
      return this.isPatch(fileURLToPath(uri));
    } catch {
      return false;
    }
  }

  /** A kustomization was created, changed or deleted (or, without a path, any may have been): read again when asked. */
  changed(kustomization?: string): void {
    if (kustomization === undefined) this.known.clear();
    else this.known.delete(path.resolve(kustomization));
  }

  private patchesOf(kustomization: string): ReadonlySet<string> {
    let patches = this.known.get(kustomization);
    if (!patches) {
      patches = readPatches(kustomization);
      this.known.set(kustomization, patches);
    }
    return patches;
  }
}

function readPatches(kustomization: string): ReadonlySet<string> {
  const patches = new Set<string>();
  try {
    const stat = statSync(kustomization);
    if (!stat.isFile() || stat.size > MAX_KUSTOMIZATION_BYTES) return patches;
    const content = parse(readFileSync(kustomization, 'utf8'), { maxAliasCount: 0 }) as Record<string, unknown> | null;
    const dir = path.dirname(kustomization);
    const add = (entry: unknown) => {
      if (typeof entry === 'string') patches.add(path.resolve(dir, entry));
    };
    for (const entry of Array.isArray(content?.patchesStrategicMerge) ? content.patchesStrategicMerge : []) add(entry);
    for (const entry of Array.isArray(content?.patches) ? content.patches : []) add((entry as { path?: unknown } | null)?.path);
  } catch {
    // Absent, not YAML, aliases, anything else: not a kustomization we can read, so no file is a patch by it.
  }
  return patches;
}
