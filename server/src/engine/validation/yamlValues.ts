/**
 * What the API server's JSON decoder sees in a YAML node. kubectl turns YAML into JSON (YAML 1.1
 * scalars: `yes` is a boolean, `010` is 8) before sending it, so a field's Go type either accepts the
 * node or the decoder rejects the whole object. Shared by the validator (which skips nodes of the
 * wrong type) and the structure checks (which report them).
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { nodeSpan, resolveNode } from '../parse/yamlFile';
import type { YamlDocument } from '../parse/yamlFile';

/** The JSON kind of a node, named as Go's `UnmarshalTypeError` names it. */
export type JsonKind = 'null' | 'string' | 'number' | 'bool' | 'object' | 'array';

export function jsonKindOf(doc: YamlDocument, node: unknown): JsonKind {
  const resolved = resolveNode(doc, node);
  if (resolved === undefined) return 'null';
  if (isMap(resolved)) return 'object';
  if (isSeq(resolved)) return 'array';
  if (isScalar(resolved)) {
    const value: unknown = resolved.value;
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'string' || value instanceof Date) return 'string';
    if (typeof value === 'number' || typeof value === 'bigint') return 'number';
    if (typeof value === 'boolean') return 'bool';
  }
  return 'string';
}

/**
 * A string scalar's value. Timestamps stay the text the user wrote: sigs.k8s.io/yaml keeps YAML
 * timestamps as strings when converting to JSON.
 */
export function stringOf(doc: YamlDocument, node: unknown): string | undefined {
  const resolved = resolveNode(doc, node);
  if (!isScalar(resolved)) return undefined;
  if (typeof resolved.value === 'string') return resolved.value;
  if (resolved.value instanceof Date) return resolved.source ?? resolved.value.toISOString();
  return undefined;
}

/** A number scalar's value, whatever its form (`0x1F`, `1_000`). */
export function numberOf(doc: YamlDocument, node: unknown): number | undefined {
  const resolved = resolveNode(doc, node);
  if (!isScalar(resolved)) return undefined;
  if (typeof resolved.value === 'number') return resolved.value;
  if (typeof resolved.value === 'bigint') return Number(resolved.value);
  return undefined;
}

export function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
}

/** The text of a mapping key as JSON will have it: sigs.k8s.io/yaml turns `1:` and `true:` into strings. */
export function keyText(doc: YamlDocument, key: unknown): string | undefined {
  const resolved = resolveNode(doc, key);
  if (!isScalar(resolved)) return undefined;
  if (typeof resolved.value === 'string') return resolved.value;
  if (resolved.value === null || resolved.value === undefined) return resolved.source === undefined || resolved.source === '' ? '' : 'null';
  if (resolved.source !== undefined) return resolved.source;
  const value: unknown = resolved.value;
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : undefined;
}

/**
 * The pairs of a mapping that the decoder keeps: for a key given twice, the last one (Go's JSON
 * decoding overwrites), in the order the kept pairs appear.
 */
// Not cached: a cache per mapping held 37 MB of a 245 MB heap for 5,000 policies, and computing them
// again on each read made no difference above noise to a first analysis or to an edit (issue #16).
export function effectivePairs(doc: YamlDocument, map: YAMLMap): { key: string; pair: Pair }[] {
  return computeEffectivePairs(doc, map);
}

function computeEffectivePairs(doc: YamlDocument, map: YAMLMap): { key: string; pair: Pair }[] {
  const last = new Map<string, Pair>();
  for (const pair of map.items) {
    const key = keyText(doc, pair.key);
    if (key !== undefined) last.set(key, pair);
  }
  const out: { key: string; pair: Pair }[] = [];
  for (const pair of map.items) {
    const key = keyText(doc, pair.key);
    if (key !== undefined && last.get(key) === pair) out.push({ key, pair });
  }
  return out;
}

/**
 * The pair the decoder keeps for one key: `effectivePairs(doc, map).find((p) => p.key === key)?.pair`, the
 * last pair with that key, found without listing them all (the validation reads fields one by one).
 */
export function effectivePair(doc: YamlDocument, map: YAMLMap, key: string): Pair | undefined {
  const items = map.items;
  for (let i = items.length - 1; i >= 0; i--) {
    const pair = items[i]!;
    if (keyText(doc, pair.key) === key) return pair;
  }
  return undefined;
}

export function asMapNode(doc: YamlDocument, node: unknown): YAMLMap | undefined {
  const resolved = resolveNode(doc, node);
  return isMap(resolved) ? resolved : undefined;
}

export function asSeqNode(doc: YamlDocument, node: unknown): YAMLSeq | undefined {
  const resolved = resolveNode(doc, node);
  return isSeq(resolved) ? resolved : undefined;
}

/** The span of a node as written (an alias is its own `*name`), or undefined when it has no text. */
export function spanOf(node: unknown): [number, number] | undefined {
  const span = nodeSpan(node as Node | null | undefined);
  return span && span[1] > span[0] ? span : undefined;
}
