/** Everything a parsed YAML document holds, as plain data, to compare two parses of the same text. */
import { isAlias, isCollection, isPair, isScalar } from 'yaml';
import type { Node } from 'yaml';
import type { YamlDocument } from '../../server/src/engine/parse/yamlFile';

function nodeSignature(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  if (isPair(node)) return { pair: [nodeSignature(node.key), nodeSignature(node.value)], spaceBefore: (node as { spaceBefore?: boolean }).spaceBefore };
  const n = node as Node;
  const common = { range: n.range, comment: n.comment, commentBefore: n.commentBefore, spaceBefore: n.spaceBefore, tag: n.tag, anchor: (n as { anchor?: string }).anchor };
  if (isScalar(n)) return { ...common, scalar: typeof n.value === 'symbol' ? String(n.value) : n.value, type: n.type, source: (n as { source?: string }).source };
  if (isAlias(n)) return { ...common, alias: n.source };
  if (isCollection(n)) return { ...common, flow: n.flow, items: n.items.map(nodeSignature) };
  return { ...common, unknown: Object.prototype.toString.call(node) };
}

function stringified(doc: YamlDocument): string {
  try {
    return doc.toString();
  } catch (error) {
    return `toString threw ${(error as Error).message}`;
  }
}

export function documentSignature(doc: YamlDocument): unknown {
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: 100, mapAsMap: true });
  } catch (error) {
    js = `toJS threw ${(error as Error).message}`;
  }
  return {
    range: doc.range,
    contents: nodeSignature(doc.contents),
    comment: doc.comment,
    commentBefore: doc.commentBefore,
    docStart: doc.directives?.docStart,
    docEnd: doc.directives?.docEnd,
    errors: doc.errors.map((e) => [e.code, e.pos, e.message]),
    warnings: doc.warnings.map((e) => [e.code, e.pos, e.message]),
    js,
    text: stringified(doc),
  };
}
