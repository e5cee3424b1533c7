import { isMap, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { asMap, findPair, scalarString } from './yamlFile';
import type { YamlDocument, YamlFile } from './yamlFile';

type NamedObject = { node: YAMLMap; namespace: string | undefined };

/** Per parsed document: the editor keeps unchanged documents across edits, so each is read once. */
const perDocument = new WeakMap<YamlDocument, readonly NamedObject[]>();

/** Per version of a file (its documents array), for rules run on one document at a time. */
const perFile = new WeakMap<readonly YamlDocument[], NamedObject[]>();

/** Every object of the file (documents and List items) with the `metadata.namespace` it names, if any. */
export function namespacesInFile(file: YamlFile): NamedObject[] {
  let out = perFile.get(file.documents);
  if (out) return out;
  out = [];
  for (const doc of file.documents) for (const object of namespacesInDocument(doc)) out.push(object);
  perFile.set(file.documents, out);
  return out;
}

/** Per version of a file: the distinct namespaces its objects name. */
const namedPerFile = new WeakMap<readonly YamlDocument[], readonly string[]>();

/**
 * The distinct namespaces the file's objects name, in order of appearance. Rules run on one document at a time ask for
 * it once per document: working it out once per version keeps that linear in the file, not quadratic.
 */
export function namespacesNamedInFile(file: YamlFile): readonly string[] {
  let names = namedPerFile.get(file.documents);
  if (!names) {
    const named = new Set<string>();
    for (const object of namespacesInFile(file)) if (object.namespace !== undefined) named.add(object.namespace);
    names = [...named];
    namedPerFile.set(file.documents, names);
  }
  return names;
}

/**
 * Tells `namespacesNamedInFile` the answer for a version of a file, worked out by whoever knows it cheaper
 * (the incremental analysis gathers it per piece of the file): the distinct namespaces, in order of appearance.
 */
export function rememberNamespacesNamedInFile(documents: readonly YamlDocument[], names: readonly string[]): void {
  namedPerFile.set(documents, names);
}

export function namespacesInDocument(doc: YamlDocument): readonly NamedObject[] {
  let objects = perDocument.get(doc);
  if (!objects) perDocument.set(doc, (objects = readNamespaces(doc)));
  return objects;
}

function readNamespaces(doc: YamlDocument): NamedObject[] {
  const out: NamedObject[] = [];
  const visit = (doc: YamlDocument, node: unknown) => {
    const map = asMap(doc, node);
    if (!map) return;
    const items = findPair(map, 'items')?.value;
    const kind = scalarString(doc, findPair(map, 'kind')?.value);
    if (kind !== undefined && kind.endsWith('List') && isSeq(items)) {
      for (const item of items.items) visit(doc, item);
      return;
    }
    const metadata = asMap(doc, findPair(map, 'metadata')?.value);
    out.push({ node: map, namespace: metadata ? scalarString(doc, findPair(metadata, 'namespace')?.value) : undefined });
  };
  if (isMap(doc.contents)) visit(doc, doc.contents);
  return out;
}
