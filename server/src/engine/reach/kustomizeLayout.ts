import type { KustomizationManifest } from './objectKinds';

/**
 * Which files of a workspace are applied together, and into which namespace kustomize puts them. Worked
 * out from the URIs (or paths) of the files and the kustomizations among them, without reading the disk,
 * so that the editor's index and `check` on a folder decide alike:
 * - one file is applied as a whole (`kubectl apply -f file`);
 * - a folder without a kustomization is applied as a whole (`kubectl apply -f folder/`, not recursive);
 * - a folder with a kustomization is applied through it (`kubectl apply -k`): only what it lists counts;
 * - a kustomization applies its `resources`, `bases` and `components`, and, for a listed directory, what
 *   that directory's kustomization applies, transitively.
 * Anything else (`examples/` beside `deploy/`, two lessons of a tutorial) are alternatives, not applied
 * together. kustomize's `namespace:` sets the namespace of every object it accumulates, an overlay's
 * overriding its bases'.
 */

/** A URI or path as a normalised `/`-separated path, so that an editor's URI and a kustomization's entry meet. */
export function locationOf(uri: string): string {
  // Asked once per object of a file, thousands of times in a row for a large one: the last answer is kept.
  if (uri === lastLocation.uri) return lastLocation.location;
  const location = locate(uri);
  lastLocation = { uri, location };
  return location;
}

let lastLocation = { uri: '', location: locate('') };

function locate(uri: string): string {
  let location = uri;
  if (location.startsWith('file://')) {
    location = location.slice('file://'.length);
    try {
      location = decodeURIComponent(location);
    } catch {
      // A malformed escape: compare the URI as written.
    }
  }
  return normalize(location.replace(/\\/g, '/'));
}

function normalize(location: string): string {
  const absolute = location.startsWith('/');
  const out: string[] = [];
  for (const segment of location.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(segment);
  }
  return (absolute ? '/' : '') + out.join('/');
}

export function folderOf(location: string): string {
  const slash = location.lastIndexOf('/');
  return slash < 0 ? '' : slash === 0 ? '/' : location.slice(0, slash);
}

/** A resources entry that kustomize fetches from elsewhere (a Git repository, a URL): not a file here. */
function isRemote(entry: string): boolean {
  return entry.includes('://') || entry.startsWith('git@') || entry.startsWith('github.com/') || entry.includes('?ref=');
}

export class KustomizeLayout {
  /** File location -> ids of the kustomizations that apply it (directly or through others). */
  private readonly appliedBy = new Map<string, number[]>();
  /** Folders whose files are applied through a kustomization there. */
  private readonly kustomizedFolders = new Set<string>();
  /** File location -> the namespaces kustomizations put it in (`undefined`: the one it names). */
  private readonly namespaces = new Map<string, Set<string | undefined>>();

  /** The kustomizations' URIs, by id. */
  private readonly uris: readonly string[];

  constructor(kustomizations: readonly KustomizationManifest[]) {
    this.uris = kustomizations.map((k) => k.uri);
    const byFolder = new Map<string, number>();
    const locations = kustomizations.map((k) => locationOf(k.uri));
    locations.forEach((location, id) => {
      const folder = folderOf(location);
      this.kustomizedFolders.add(folder);
      if (!byFolder.has(folder)) byFolder.set(folder, id);
    });
    // What each entry names: another kustomization (a directory that holds one) or a file.
    const children = kustomizations.map((k, id) => {
      const folder = folderOf(locations[id]!);
      return k.entries
        .filter((entry) => !isRemote(entry))
        .map((entry) => {
          const target = normalize(folder === '' ? entry : `${folder}/${entry}`);
          const kustomization = byFolder.get(target);
          return kustomization !== undefined ? { kustomization } : { file: target };
        });
    });
    const included = new Set<number>();
    for (const list of children) for (const child of list) if (child.kustomization !== undefined) included.add(child.kustomization);

    const walk = (id: number, namespace: string | undefined, path: Set<number>, visit: (file: string, namespace: string | undefined) => void) => {
      if (path.has(id)) return; // a cycle: kustomize refuses it; stop here
      path.add(id);
      const here = namespace ?? kustomizations[id]!.namespace;
      for (const child of children[id]!) {
        if (child.file !== undefined) visit(child.file, here);
        else walk(child.kustomization, here, path, visit);
      }
      path.delete(id);
    };
    kustomizations.forEach((_, id) => {
      walk(id, undefined, new Set(), (file) => {
        const ids = this.appliedBy.get(file);
        if (!ids) this.appliedBy.set(file, [id]);
        else if (!ids.includes(id)) ids.push(id);
      });
    });
    // Namespaces are decided by the outermost kustomizations (those no other one lists); all of them when a cycle leaves none.
    const roots = kustomizations.map((_, id) => id).filter((id) => !included.has(id));
    for (const id of roots.length > 0 ? roots : kustomizations.map((_, i) => i)) {
      walk(id, undefined, new Set(), (file, namespace) => {
        const set = this.namespaces.get(file);
        if (set) set.add(namespace);
        else this.namespaces.set(file, new Set([namespace]));
      });
    }
  }

  /**
   * Whether applying the workspace's deliverables applies both files at once, and why: `'file'` (the
   * same file), `'folder'` (the same folder, without a kustomization), or the URI of a kustomization that
   * applies both; undefined when they are alternatives.
   */
  appliedTogether(uriA: string, uriB: string): 'file' | 'folder' | { readonly kustomization: string } | undefined {
    const a = locationOf(uriA);
    const b = locationOf(uriB);
    if (a === b) return 'file';
    const folder = folderOf(a);
    if (folder === folderOf(b) && !this.kustomizedFolders.has(folder)) return 'folder';
    const byA = this.appliedBy.get(a);
    const byB = this.appliedBy.get(b);
    const shared = byA?.find((id) => byB?.includes(id));
    return shared === undefined ? undefined : { kustomization: this.uris[shared]! };
  }

  /** The namespace kustomize puts the file's objects in, when every kustomization that applies it agrees on one. */
  namespaceOf(uri: string): string | undefined {
    const set = this.namespaces.get(locationOf(uri));
    if (!set || set.size !== 1) return undefined;
    return set.values().next().value;
  }

  /**
   * The namespaces kustomizations may put the file's objects in when they disagree (a base applied by two
   * overlays): its objects may be in any of them, so none of them is known to hold only what the workspace shows.
   */
  possibleNamespaces(uri: string): readonly string[] {
    const set = this.namespaces.get(locationOf(uri));
    if (!set || set.size < 2) return [];
    return [...set].filter((n): n is string => n !== undefined);
  }
}
