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

const cache = new Map<string, { mtimeMs: number; size: number; patches: ReadonlySet<string> }>();

function patchesOf(kustomization: string): ReadonlySet<string> {
  let stat;
  try {
    stat = statSync(kustomization);
  } catch {
    return new Set();
  }
  if (!stat.isFile() || stat.size > MAX_KUSTOMIZATION_BYTES) return new Set();
  const cached = cache.get(kustomization);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.patches;
  const patches = new Set<string>();
  try {
    const content = parse(readFileSync(kustomization, 'utf8'), { maxAliasCount: 0 }) as Record<string, unknown> | null;
    const dir = path.dirname(kustomization);
    const add = (entry: unknown) => {
      if (typeof entry === 'string') patches.add(path.resolve(dir, entry));
    };
    for (const entry of Array.isArray(content?.patchesStrategicMerge) ? content.patchesStrategicMerge : []) add(entry);
    for (const entry of Array.isArray(content?.patches) ? content.patches : []) add((entry as { path?: unknown } | null)?.path);
  } catch {
    // Not YAML, aliases, anything else: not a kustomization we can read, so no file is a patch by it.
  }
  cache.set(kustomization, { mtimeMs: stat.mtimeMs, size: stat.size, patches });
  return patches;
}

/** Whether a kustomization in the file's directory, or up to three above, lists it as a patch. */
export function isKustomizePatch(file: string): boolean {
  const target = path.resolve(file);
  let dir = path.dirname(target);
  for (let level = 0; level <= LEVELS_UP; level++) {
    for (const name of KUSTOMIZATION_NAMES) if (patchesOf(path.join(dir, name)).has(target)) return true;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return false;
}

/** The same for a document URI: only `file:` documents can be listed by a kustomization. */
export function isKustomizePatchUri(uri: string): boolean {
  if (!uri.startsWith('file:')) return false;
  try {
    return isKustomizePatch(fileURLToPath(uri));
  } catch {
    return false;
  }
}
