import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Parser } from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { DEFAULT_LIMITS } from '../config/limits';
import type { Limits } from '../config/limits';
import type { Notice } from '../limits/notices';
import { aliasTarget } from './aliases';
import { compactDocument } from './compactNodes';
import { firstTokenDeeperThan } from './nesting';
import { LineIndex } from '../text/positions';
import type { FieldPath } from './fieldPath';

export type YamlDocument = Document.Parsed;

/** One text parsed into its YAML documents, with the line index that maps offsets to positions. */
export interface YamlFile {
  readonly text: string;
  readonly lines: LineIndex;
  /** The documents parsed (all of them, or the first `maxDocuments`; none for a file too large). */
  readonly documents: readonly YamlDocument[];
  /** Parts of the file left out of the analysis, and why. */
  readonly notices: readonly Notice[];
  /** Indexes of documents nested too deep to walk: nothing in them is analysed. */
  readonly skippedDocuments: ReadonlySet<number>;
}

/** Only files that mention NetworkPolicy get notices: the extension sees every YAML file of a workspace. */
function mentionsNetworkPolicy(text: string, from = 0, to = text.length): boolean {
  const at = text.indexOf('NetworkPolicy', from);
  return at >= 0 && at < to;
}

/** From `offset` to the end of its line, line break excluded: where a notice about a line is shown. */
function lineSpanFrom(lines: LineIndex, offset: number): [number, number] {
  let end = lines.nextLineStart(offset);
  while (end > offset && (lines.text[end - 1] === '\n' || lines.text[end - 1] === '\r')) end--;
  return [offset, end];
}

/** The `yaml` package's options for every parse of a manifest (see parseYamlFile). */
export const YAML_OPTIONS = { version: '1.1', uniqueKeys: false, prettyErrors: false } as const;

/**
 * Parses every document of a file. Kubernetes reads manifests with a YAML 1.1 decoder (sigs.k8s.io/yaml),
 * where `yes`/`no`/`on`/`off` are booleans, so the 1.1 schema is used to see values as the API server will.
 * Duplicate keys are kept, not rejected, so that the rest of the document can still be analysed.
 * The limits bound the work: a file too large is not parsed, documents past `maxDocuments` are not
 * composed, and a document nested deeper than `maxNestingDepth` is kept out of the analysis.
 */
export function parseYamlFile(text: string, limits: Limits = DEFAULT_LIMITS): YamlFile {
  const lines = new LineIndex(text);
  const notices: Notice[] = [];
  const skippedDocuments = new Set<number>();
  const documents: YamlDocument[] = [];
  if (text.length > limits.maxFileSize) {
    if (mentionsNetworkPolicy(text)) notices.push({ kind: 'file-too-large', span: lineSpanFrom(lines, 0), limit: limits.maxFileSize });
    return { text, lines, documents, notices, skippedDocuments };
  }
  // A lone CR ends a line for editors, LSP and Kubernetes' YAML decoder, but not for the yaml package.
  // Same length, so every offset still points into the user's text.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const composer = new Composer({ version: '1.1', uniqueKeys: false, prettyErrors: false });
  let stopped = false;
  const accept = (document: YamlDocument) => {
    if (stopped) return;
    if (documents.length >= limits.maxDocuments) {
      stopped = true;
      const start = document.range[0];
      if (mentionsNetworkPolicy(text, start)) {
        const span = lineSpanFrom(lines, document.contents?.range?.[0] ?? start);
        notices.push({ kind: 'too-many-documents', span, limit: limits.maxDocuments, documentIndex: documents.length });
      }
      return;
    }
    const index = documents.length;
    compactDocument(document);
    documents.push(document);
    // The yaml package gives up on its own (a caught stack overflow) on nesting past a few hundred levels.
    const exhausted = document.errors.find((error) => error.code === 'RESOURCE_EXHAUSTION');
    if (exhausted) tooDeep(exhausted.pos[0], document.range[0], document.range[2], index);
  };
  const tooDeep = (at: number, start: number, end: number, documentIndex?: number) => {
    if (documentIndex !== undefined) skippedDocuments.add(documentIndex);
    if (mentionsNetworkPolicy(text, start, end)) {
      notices.push({ kind: 'too-deep', span: [at, Math.min(at + 1, text.length)], limit: limits.maxNestingDepth, ...(documentIndex === undefined ? {} : { documentIndex }) });
    }
  };
  // A syntax error is an Error object with a stack trace; a hostile line can make a hundred thousand of
  // them. Their stacks are never read, so they are not captured while parsing.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const parser = new Parser();
  let lastTokenEnd = 0;
  try {
    let skipping = false;
    for (const token of parser.parse(source)) {
      lastTokenEnd = parser.offset;
      if (stopped) break;
      if (token.type === 'document') {
        const deepAt = firstTokenDeeperThan(token, limits.maxNestingDepth);
        skipping = deepAt !== undefined;
        if (deepAt !== undefined) {
          const next = text.indexOf('\n---', deepAt);
          tooDeep(deepAt, token.offset, next < 0 ? text.length : next);
        }
      }
      // A document left out takes its end marker with it (the composer would give it to the previous one).
      if (skipping && (token.type === 'document' || token.type === 'doc-end')) continue;
      for (const document of composer.next(token)) accept(document);
    }
    if (!stopped) for (const document of composer.end()) accept(document);
  } catch (error) {
    // The CST parser itself recurses on some shapes (a line of fifty thousand `- `): on a stack overflow
    // the documents before it are kept and the rest of the file is reported as too deep to analyse.
    if (!(error instanceof RangeError)) throw error;
    if (!stopped) for (const document of composer.end()) accept(document);
    tooDeep(lastTokenEnd, lastTokenEnd, text.length);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return { text, lines, documents, notices, skippedDocuments };
}

/** Follows an alias to the node it names; other nodes are returned as they are. */
export function resolveNode(doc: YamlDocument, node: unknown): Node | undefined {
  if (isAlias(node)) {
    const target = aliasTarget(doc, node);
    return isAlias(target) ? undefined : target;
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

/**
 * A document written as JSON (`kubectl` takes JSON manifests; YAML reads them as flow collections).
 * Judged on its root: a flow mapping whose first key is double-quoted.
 */
export function isJsonDocument(doc: YamlDocument): boolean {
  const root = doc.contents;
  if (!isMap(root) || !root.flow) return false;
  const first = root.items[0]?.key;
  return isScalar(first) && first.type === 'QUOTE_DOUBLE';
}
