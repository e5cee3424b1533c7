import { isMap, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { asMap, findPair, scalarString } from './yamlFile';
import type { YamlDocument } from './yamlFile';

type NamedObject = { node: YAMLMap; namespace: string | undefined };

/**
 * Per parsed document. Safe to keep across analyses: a parsed document's content never changes (an edit
 * makes new documents; the incremental analyser only moves unchanged ones, and what is kept here holds
 * no offsets, only the nodes, which move with them, and the namespace strings).
 */
const perDocument = new WeakMap<YamlDocument, readonly NamedObject[]>();

/**
 * The distinct namespaces the objects of these documents name, in order of appearance: a fact of the file
 * that analyses hand the rules (`RuleContext.namespacesInFile`), worked out once per analysis.
 */
export function namespacesNamedIn(documents: readonly YamlDocument[]): readonly string[] {
  const named = new Set<string>();
  for (const doc of documents) for (const object of namespacesInDocument(doc)) if (object.namespace !== undefined) named.add(object.namespace);
  return [...named];
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
