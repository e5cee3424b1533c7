/**
 * What the API server's decoder rejects before validation runs: with `kubectl apply` (strict field
 * validation) unknown fields (`strict decoding error: unknown field "spec.podselector"`), and values of
 * the wrong JSON type (Go's `json: cannot unmarshal string into Go struct field ... of type ...`);
 * plus keys given twice in one mapping. One finding per wrong node: nothing below an unknown field or
 * a value of the wrong type is looked at, so a half-typed document gets one error, not a cascade.
 */
import type { Pair } from 'yaml';
import type { FieldPath } from '../parse/fieldPath';
import { formatFieldPath } from '../parse/fieldPath';
import type { YamlDocument } from '../parse/yamlFile';
import type { SchemaType } from './schema';
import { NETWORK_POLICY } from './schema';
import { asMapNode, asSeqNode, isInt32, jsonKindOf, keyText, numberOf, spanOf } from './yamlValues';
import type { YAMLMap } from 'yaml';
import { editDistance } from '../text/editDistance';

export type StructureErrorKind = 'unknown' | 'type' | 'duplicate';

export interface StructureError {
  readonly kind: StructureErrorKind;
  readonly field: FieldPath;
  readonly message: string;
  readonly span: readonly [number, number];
  /** For an unknown key: the field it most likely means, when one stands out. */
  readonly suggestion?: string;
  /** Whether the value would decode cleanly under the suggested field (else renaming reveals more errors). */
  readonly suggestionFits?: boolean;
}

/**
 * Go's decoding context: the struct whose field is being decoded and the JSON path without indices (the keys of
 * `outer` contexts, then `key`), listed only for an error's message.
 */
interface GoContext {
  readonly struct: string;
  readonly outer: GoContext | undefined;
  readonly key: string;
}

function fieldStackOf(context: GoContext): string[] {
  const keys: string[] = [];
  for (let c: GoContext | undefined = context; c; c = c.outer) keys.push(c.key);
  return keys.reverse();
}

/** A field path as a chain from the root, made into a `FieldPath` only for an error (most fields have none). */
type PathLink = { readonly parent: PathLink; readonly segment: string | number } | undefined;

function pathOf(link: PathLink): FieldPath {
  const path: (string | number)[] = [];
  for (let l = link; l; l = l.parent) path.push(l.segment);
  return path.reverse();
}

/**
 * Whether a mapping may hold a key twice (keys without text aside): small mappings are compared pairwise,
 * without allocating; larger ones are assumed to, and go the general way.
 */
function mayRepeatKeys(doc: YamlDocument, map: YAMLMap): boolean {
  const items = map.items;
  if (items.length > 16) return true;
  for (let i = 1; i < items.length; i++) {
    const key = keyText(doc, items[i]!.key);
    if (key === undefined) continue;
    for (let j = 0; j < i; j++) if (keyText(doc, items[j]!.key) === key) return true;
  }
  return false;
}

class StructureWalker {
  readonly errors: StructureError[] = [];

  constructor(private readonly doc: YamlDocument) {}

  private typeError(path: PathLink, node: unknown, value: string, type: SchemaType, context: GoContext | undefined): void {
    const span = spanOf(node);
    if (!span) return;
    const where = context ? `Go struct field ${context.struct}.${fieldStackOf(context).join('.')}` : 'Go value';
    this.errors.push({ kind: 'type', field: pathOf(path), message: `json: cannot unmarshal ${value} into ${where} of type ${type.goType}`, span });
  }

  /** Checks a node against a type; `context` is what Go's decoder would name in a type error. */
  walk(node: unknown, type: SchemaType, path: PathLink, context: GoContext | undefined): void {
    const kind = jsonKindOf(this.doc, node);
    if (kind === 'null' || type.kind === 'opaque') return;
    switch (type.kind) {
      case 'string':
        if (kind !== 'string') this.typeError(path, node, kind, type, context);
        return;
      case 'int32':
      case 'int64': {
        if (kind !== 'number') return this.typeError(path, node, kind, type, context);
        const value = numberOf(this.doc, node)!;
        const fits = type.kind === 'int32' ? isInt32(value) : Number.isSafeInteger(value);
        if (!fits) this.typeError(path, node, `number ${String(value)}`, type, context);
        return;
      }
      case 'intOrString': {
        // IntOrString.UnmarshalJSON decodes anything but a string into an int32, without field context.
        if (kind === 'string') return;
        const int32: SchemaType = { kind: 'int32', goType: 'int32' };
        if (kind !== 'number') return this.typeError(path, node, kind, int32, undefined);
        const value = numberOf(this.doc, node)!;
        if (!isInt32(value)) this.typeError(path, node, `number ${String(value)}`, int32, undefined);
        return;
      }
      case 'array': {
        const seq = asSeqNode(this.doc, node);
        if (!seq) return this.typeError(path, node, kind, type, context);
        seq.items.forEach((item, i) => this.walk(item, type.items, { parent: path, segment: i }, context));
        return;
      }
      case 'map': {
        const map = asMapNode(this.doc, node);
        if (!map) return this.typeError(path, node, kind, type, context);
        if (!mayRepeatKeys(this.doc, map)) {
          // Each key once: the pairs the decoder keeps are all of them, in order.
          for (const pair of map.items) {
            const key = keyText(this.doc, pair.key);
            if (key !== undefined) this.walk(pair.value, type.values, { parent: path, segment: key }, context);
          }
          return;
        }
        const seen = new Set<string>();
        for (const pair of map.items) {
          const key = keyText(this.doc, pair.key);
          if (key === undefined) continue;
          if (seen.has(key)) this.duplicate(pair, { parent: path, segment: key });
          seen.add(key);
        }
        for (const pair of lastPairs(this.doc, map).values()) {
          const key = keyText(this.doc, pair.key)!;
          this.walk(pair.value, type.values, { parent: path, segment: key }, context);
        }
        return;
      }
      case 'struct': {
        const map = asMapNode(this.doc, node);
        if (!map) return this.typeError(path, node, kind, type, context);
        this.struct(map, type, path, context);
        return;
      }
    }
  }

  private struct(map: YAMLMap, type: SchemaType & { kind: 'struct' }, path: PathLink, context: GoContext | undefined): void {
    // Without a key written twice (almost always), nothing was seen before and every pair is the last of its key.
    const repeats = mayRepeatKeys(this.doc, map);
    const seen = repeats ? new Set<string>() : undefined;
    const last = repeats ? lastPairs(this.doc, map) : undefined;
    for (const pair of map.items) {
      const key = keyText(this.doc, pair.key);
      if (key === undefined) continue;
      // Strategic merge patch directives (`$patch`, `$setElementOrder/ports`): Kustomize patches hold them.
      if (key.startsWith('$')) continue;
      const fieldPath: PathLink = { parent: path, segment: key };
      const field = type.fields[key];
      if (seen?.has(key) && field) this.duplicate(pair, fieldPath);
      seen?.add(key);
      if (!field) {
        // Unknown and duplicated is reported once, as unknown (as the server does for typed objects).
        if (!last || last.get(key) === pair) this.unknown(pair, pathOf(fieldPath), type, map);
        continue;
      }
      if (last && last.get(key) !== pair) continue; // the decoder keeps only the last
      this.walk(pair.value, field.type, fieldPath, { struct: type.name, outer: context, key });
    }
  }

  private duplicate(pair: Pair, link: PathLink): void {
    const span = spanOf(pair.key);
    const path = pathOf(link);
    if (span) this.errors.push({ kind: 'duplicate', field: path, message: `duplicate field "${formatFieldPath(path)}"`, span });
  }

  private unknown(pair: Pair, path: FieldPath, type: SchemaType & { kind: 'struct' }, map: YAMLMap): void {
    const span = spanOf(pair.key);
    if (!span) return;
    const key = String(path[path.length - 1]);
    const present = new Set(map.items.map((p) => keyText(this.doc, p.key)));
    const suggestion = suggestField(key, Object.keys(type.fields).filter((name) => !present.has(name)));
    let suggestionFits: boolean | undefined;
    if (suggestion) {
      // Nothing below an unknown key is reported; whether it would be, once renamed, decides if the fix is safe to prefer.
      const trial = new StructureWalker(this.doc);
      const parent = path.slice(0, -1).reduce<PathLink>((link, segment) => ({ parent: link, segment }), undefined);
      trial.walk(pair.value, type.fields[suggestion]!.type, { parent, segment: suggestion }, { struct: type.name, outer: undefined, key: suggestion });
      suggestionFits = trial.errors.length === 0;
    }
    this.errors.push({
      kind: 'unknown',
      field: path,
      message: `unknown field "${formatFieldPath(path)}"`,
      span,
      ...(suggestion ? { suggestion, suggestionFits } : {}),
    });
  }
}

function lastPairs(doc: YamlDocument, map: YAMLMap): Map<string, Pair> {
  const last = new Map<string, Pair>();
  for (const pair of map.items) {
    const key = keyText(doc, pair.key);
    if (key !== undefined) last.set(key, pair);
  }
  return last;
}

/**
 * The known field an unknown key most likely means: the same name in another case or with `-`/`_`
 * (`podselector`, `pod_selector`), else the one closest in spelling, when it is close and the only
 * one that close (`namespaceSelectors`, `polcyTypes`).
 */
export function suggestField(key: string, candidates: readonly string[]): string | undefined {
  const squash = (s: string) => s.replace(/[-_\s]/g, '').toLowerCase();
  const sameLetters = candidates.filter((c) => squash(c) === squash(key));
  if (sameLetters.length === 1) return sameLetters[0];
  // A key still being typed: `ingr` -> `ingress`.
  const completions = key.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(key.toLowerCase())) : [];
  if (completions.length === 1) return completions[0];
  const limit = Math.max(1, Math.min(3, Math.floor(key.length / 4)));
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) tie = true;
  }
  return best && bestDistance <= limit && !tie ? best : undefined;
}

/** The decoder's objections to one NetworkPolicy object, in document order. */
export function checkStructure(doc: YamlDocument, object: YAMLMap): StructureError[] {
  const walker = new StructureWalker(doc);
  walker.walk(object, NETWORK_POLICY, undefined, undefined);
  return walker.errors;
}
