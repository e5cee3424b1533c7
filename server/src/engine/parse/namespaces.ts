import { isMap, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { asMap, findPair, scalarString } from './yamlFile';
import type { YamlDocument, YamlFile } from './yamlFile';

/** Every object of the file (documents and List items) with the `metadata.namespace` it names, if any. */
export function namespacesInFile(file: YamlFile): { node: YAMLMap; namespace: string | undefined }[] {
  const out: { node: YAMLMap; namespace: string | undefined }[] = [];
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
  for (const doc of file.documents) if (isMap(doc.contents)) visit(doc, doc.contents);
  return out;
}
