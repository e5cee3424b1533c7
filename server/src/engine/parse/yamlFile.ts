import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { LineIndex } from '../text/positions';
import type { FieldPath } from './fieldPath';

export type YamlDocument = Document.Parsed;

/** One text parsed into its YAML documents, with the line index that maps offsets to positions. */
export interface YamlFile {
  readonly text: string;
  readonly lines: LineIndex;
  readonly documents: readonly YamlDocument[];
}

/** The `yaml` package's options for every parse of a manifest (see parseYamlFile). */
export const YAML_OPTIONS = { version: '1.1', uniqueKeys: false, prettyErrors: false } as const;

/**
 * Parses every document of a file. Kubernetes reads manifests with a YAML 1.1 decoder (sigs.k8s.io/yaml),
 * where `yes`/`no`/`on`/`off` are booleans, so the 1.1 schema is used to see values as the API server will.
 * Duplicate keys are kept, not rejected, so that the rest of the document can still be analysed.
 */
export function parseYamlFile(text: string): YamlFile {
  // YAML and LSP both take a lone \r as a line break; the yaml package does not. Same length, same offsets.
  const parseable = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const parsed = parseAllDocuments(parseable, YAML_OPTIONS);
  const documents = Array.isArray(parsed) ? parsed : [];
  return { text, lines: new LineIndex(text), documents };
}

/** Follows an alias to the node it names; other nodes are returned as they are. */
export function resolveNode(doc: YamlDocument, node: unknown): Node | undefined {
  if (isAlias(node)) {
    const target: unknown = node.resolve(doc);
    return isAlias(target) ? undefined : (target as Node | undefined);
  }
  if (node === null || node === undefined) return undefined;
  return node as Node;
}

export function asMap(doc: YamlDocument, node: unknown): YAMLMap | undefined {
  const resolved = resolveNode(doc, node);
  return isMap(resolved) ? resolved : undefined;
}

export function asSeq(doc: YamlDocument, node: unknown): YAMLSeq | undefined {
  const resolved = resolveNode(doc, node);
  return isSeq(resolved) ? resolved : undefined;
}

/** The scalar's value when it is a string (YAML tags aside, what Go would decode into a string field). */
export function scalarString(doc: YamlDocument, node: unknown): string | undefined {
  const resolved = resolveNode(doc, node);
  return isScalar(resolved) && typeof resolved.value === 'string' ? resolved.value : undefined;
}

/** The last pair with this key: Go's JSON decoding keeps the last of duplicate keys. */
export function findPair(map: YAMLMap, key: string): Pair | undefined {
  let found: Pair | undefined;
  for (const pair of map.items) {
    const k: unknown = pair.key;
    if (isScalar(k) && String(k.value) === key) found = pair;
  }
  return found;
}

/** The node at a field path below `root`, following aliases; the alias itself is returned at the end. */
export function nodeAt(doc: YamlDocument, root: Node | undefined, path: FieldPath): Node | undefined {
  let current: unknown = root;
  for (const segment of path) {
    const resolved = resolveNode(doc, current);
    if (typeof segment === 'string' && isMap(resolved)) current = findPair(resolved, segment)?.value;
    else if (typeof segment === 'number' && isSeq(resolved)) current = resolved.items[segment];
    else return undefined;
  }
  return (current ?? undefined) as Node | undefined;
}

/** The pair whose key is the path's last segment (a mapping key), for ranges on the key itself. */
export function pairAt(doc: YamlDocument, root: Node | undefined, path: FieldPath): Pair | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  const parent = asMap(doc, nodeAt(doc, root, path.slice(0, -1)));
  return parent ? findPair(parent, last) : undefined;
}

/**
 * Offset just past a node's last character. A block collection's own range runs on to the start of
 * the next line (and over comments after its last item), so it ends where its last item ends.
 */
function contentEnd(node: Node): number {
  const range = node.range!;
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last: unknown = node.items[node.items.length - 1];
    if (isPair(last)) {
      const value = last.value as Node | null;
      const key = last.key as Node | null;
      const tail = value?.range && value.range[1] > value.range[0] ? value : key;
      if (tail?.range) return contentEnd(tail);
    } else if ((last as Node | null)?.range) {
      return contentEnd(last as Node);
    }
  }
  return range[1];
}

/** [start, end) offsets of a node's own text, without trailing comments or line breaks. */
export function nodeSpan(node: Node | null | undefined): [number, number] | undefined {
  if (!node?.range) return undefined;
  return [node.range[0], contentEnd(node)];
}
