/**
 * A custom resource checked as the API server checks it against its CRD's structural schema, in the
 * API server's own words (k8s.io/apiextensions-apiserver/pkg/apiserver/validation/validation.go,
 * `kubeOpenAPIResultToFieldErrors`, over the go-openapi/kube-openapi validators):
 * - unknown fields as strict field validation reports them (`unknown field "spec.foo"`), which is what
 *   `kubectl apply` does by default; nothing below an unknown field is looked at;
 * - a value of the wrong type (`Invalid value: "string": spec.priority in body must be of type integer:
 *   "string"`); nothing below it is looked at;
 * - required fields, enums, minimum/maximum, minLength/maxLength, pattern, minItems/maxItems,
 *   minProperties/maxProperties, and duplicates in `x-kubernetes-list-type: set` lists;
 * - each `x-kubernetes-validations` CEL rule (cel.ts) on a node whose subtree has no type error, with the
 *   rule's own message, reported at the node's path (or its `fieldPath`) with the node's type as the
 *   value (`Invalid value: "object": Start port must be less than End port`).
 * Null values of fields that are not `nullable` are pruned by the API server before validation: they
 * count as absent. Messages are `field.Error.ErrorBody()` (the path is the finding's `field`).
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { FieldPath } from '../parse/fieldPath';
import { formatFieldPath } from '../parse/fieldPath';
import type { YamlDocument } from '../parse/yamlFile';
import { goQuote } from '../validation/fieldErrors';
import { effectivePairs, jsonKindOf, numberOf, spanOf, stringOf } from '../validation/yamlValues';
import { celProgram } from './cel';
import type { CelValue } from './cel';
import type { CrdSchema, CrdValidationRule } from './schema';
import { CelError } from './cel';
import { resolveNode } from '../parse/yamlFile';

export type CrdErrorKind = 'unknown' | 'type' | 'required' | 'enum' | 'range' | 'length' | 'pattern' | 'items' | 'properties' | 'duplicate' | 'cel';

export interface CrdError {
  readonly kind: CrdErrorKind;
  /** The API field path the server reports. */
  readonly field: FieldPath;
  /** `field.Error.ErrorBody()`: `Required value`, `Invalid value: 1001: spec.priority in body should be ...`. */
  readonly message: string;
  /** The node at fault: the value, the key of an unknown field, the key of the object missing a field. */
  readonly span: readonly [number, number];
  /** The schema of the field at fault (for docs: which constraint, which rule). */
  readonly schema: CrdSchema;
  /** For `cel`: the rule that is false. */
  readonly rule?: CrdValidationRule;
}

export interface CrdValidationOptions {
  /**
   * Fields of the object validated by other means and not walked here (the root's `metadata`, which the
   * API server validates as ObjectMeta, not by the CRD's schema).
   */
  readonly skip?: readonly string[];
  /**
   * Most nodes walked (aliases followed count each time): past it the walk stops, and the result says it
   * was cut short. An alias fan-out cannot make the walk cost more than this.
   */
  readonly budget?: number;
}

export const DEFAULT_WALK_BUDGET = 100_000;

/** Most nodes converted for one CEL evaluation: an alias fan-out is not followed further. */
const CEL_VALUE_BUDGET = 20_000;

type Span = readonly [number, number];

class Walker {
  readonly errors: CrdError[] = [];
  private typeErrors = 0;
  /** Set once the budget is spent: nothing more is walked. */
  cutShort = false;

  constructor(
    private readonly doc: YamlDocument,
    private budget: number,
  ) {}

  private push(kind: CrdErrorKind, field: FieldPath, message: string, span: Span | undefined, schema: CrdSchema, rule?: CrdValidationRule): void {
    if (!span) return;
    this.errors.push({ kind, field, message, span, schema, ...(rule ? { rule } : {}) });
  }

  /**
   * Checks `node` (the value at `path`) against `schema`. `anchor` is where a finding about the node's
   * missing children goes (the key that holds it).
   */
  walk(node: unknown, schema: CrdSchema, path: FieldPath, anchor: Span | undefined, skip: readonly string[] = []): void {
    if (this.cutShort || --this.budget < 0) {
      this.cutShort = true;
      return;
    }
    const kind = jsonKindOf(this.doc, node);
    if (kind === 'null') return;
    const span = spanOf(node) ?? anchor;
    // Findings about a collection as a whole go on the key that holds it, not on all its lines.
    const whole = anchor ?? span;
    const where = formatFieldPath(path);
    const typeErrorsBefore = this.typeErrors;
    const actual = this.typeName(node, kind);
    if (!this.typeAccepts(schema, actual)) {
      this.typeErrors++;
      this.push('type', path, `Invalid value: ${goQuote(actual)}: ${where} in body must be of type ${schema.type ?? 'object'}: ${goQuote(actual)}`, span, schema);
      return;
    }
    if (kind === 'object') this.walkObject(node, schema, path, whole, skip);
    else if (kind === 'array') this.walkArray(node, schema, path, whole);
    else this.checkScalar(node, schema, path, span, actual);
    if (schema['x-kubernetes-validations'] && this.typeErrors === typeErrorsBefore) this.runRules(node, schema, path, kind === 'object' || kind === 'array' ? whole : span, actual);
  }

  /** The JSON type go-openapi names for a value: `integer` for a whole number. */
  private typeName(node: unknown, kind: ReturnType<typeof jsonKindOf>): string {
    switch (kind) {
      case 'bool':
        return 'boolean';
      case 'number':
        return Number.isInteger(numberOf(this.doc, node)) ? 'integer' : 'number';
      default:
        return kind;
    }
  }

  private typeAccepts(schema: CrdSchema, actual: string): boolean {
    if (schema['x-kubernetes-int-or-string']) return actual === 'integer' || actual === 'string';
    if (!schema.type) return true;
    if (schema.type === 'number') return actual === 'number' || actual === 'integer';
    return schema.type === actual;
  }

  private walkObject(node: unknown, schema: CrdSchema, path: FieldPath, span: Span | undefined, skip: readonly string[]): void {
    const map = resolveNode(this.doc, node);
    if (!isMap(map)) return;
    const where = formatFieldPath(path);
    const present = new Set<string>();
    const properties = schema.properties ?? {};
    const additional = schema.additionalProperties;
    const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
    let unknown = 0;
    for (const { key, pair } of effectivePairs(this.doc, map)) {
      const valueKind = jsonKindOf(this.doc, pair.value);
      const childPath = [...path, key];
      const keySpan = spanOf(pair.key);
      if (Object.hasOwn(properties, key)) {
        if (valueKind !== 'null' || properties[key]!.nullable) present.add(key);
        if (!skip.includes(key)) this.walk(pair.value, properties[key]!, childPath, keySpan);
      } else if (typeof additional === 'object') {
        present.add(key);
        this.walk(pair.value, additional, childPath, keySpan);
      } else if (additional === true || preserve) {
        present.add(key);
      } else {
        // Strict field validation (kubectl apply's default): the decoder names the field by its full path.
        this.push('unknown', childPath, `unknown field ${goQuote(formatFieldPath(childPath))}`, keySpan, schema);
        unknown++;
      }
    }
    // Strict decoding stops at an unknown field; what pruning it would leave missing is not reported on top
    // of it (a misspelt key is one mistake, not also a "Required value").
    if (unknown > 0) return;
    for (const name of schema.required ?? []) {
      if (!present.has(name)) this.push('required', [...path, name], 'Required value', span, schema);
    }
    const count = present.size;
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      this.push('properties', path, `Invalid value: ${count}: ${where} in body should have at least ${schema.minProperties} properties`, span, schema);
    }
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      this.push('properties', path, `Too many: ${count}: must have at most ${schema.maxProperties} items`, span, schema);
    }
  }

  private walkArray(node: unknown, schema: CrdSchema, path: FieldPath, span: Span | undefined): void {
    const seq = resolveNode(this.doc, node);
    if (!isSeq(seq)) return;
    const where = formatFieldPath(path);
    const count = seq.items.length;
    if (schema.minItems !== undefined && count < schema.minItems) {
      this.push('items', path, `Invalid value: ${count}: ${where} in body should have at least ${schema.minItems} items`, span, schema);
    }
    if (schema.maxItems !== undefined && count > schema.maxItems) {
      this.push('items', path, `Too many: ${count}: must have at most ${schema.maxItems} items`, span, schema);
    }
    const seen = new Set<string>();
    seq.items.forEach((item, index) => {
      if (schema.items) this.walk(item, schema.items, [...path, index], this.itemAnchor(item) ?? span);
      if (schema['x-kubernetes-list-type'] !== 'set') return;
      const value = this.scalarKey(item);
      if (value === undefined) return;
      if (seen.has(value)) this.push('duplicate', [...path, index], `Duplicate value: ${value}`, spanOf(item), schema.items ?? schema);
      seen.add(value);
    });
  }

  /** Where findings about a list item as a whole go: a mapping's first key (a block item spans lines), else the item. */
  private itemAnchor(item: unknown): Span | undefined {
    const resolved = resolveNode(this.doc, item);
    if (isMap(resolved) && resolved.items.length > 0 && !resolved.flow) return spanOf(resolved.items[0]!.key) ?? spanOf(item);
    return spanOf(item);
  }

  /** A set item's identity, as `field.Duplicate` prints it (scalars only). */
  private scalarKey(item: unknown): string | undefined {
    const resolved = resolveNode(this.doc, item);
    if (!isScalar(resolved)) return undefined;
    const text = stringOf(this.doc, item);
    if (text !== undefined) return goQuote(text);
    const n = numberOf(this.doc, item);
    if (n !== undefined) return String(n);
    return typeof resolved.value === 'boolean' ? String(resolved.value) : undefined;
  }

  private checkScalar(node: unknown, schema: CrdSchema, path: FieldPath, span: Span | undefined, actual: string): void {
    const where = formatFieldPath(path);
    const text = stringOf(this.doc, node);
    const number = numberOf(this.doc, node);
    const shown = text !== undefined ? goQuote(text) : number !== undefined ? String(number) : actual;
    if (schema.enum && !schema.enum.some((v) => v === (text ?? number))) {
      const values = schema.enum.map((v) => (typeof v === 'string' ? goQuote(v) : JSON.stringify(v)));
      this.push('enum', path, `Unsupported value: ${shown}: supported values: ${values.join(', ')}`, span, schema);
    }
    if (number !== undefined) {
      if (schema.maximum !== undefined && (schema.exclusiveMaximum ? number >= schema.maximum : number > schema.maximum)) {
        const relation = schema.exclusiveMaximum ? 'less than' : 'less than or equal to';
        this.push('range', path, `Invalid value: ${shown}: ${where} in body should be ${relation} ${schema.maximum}`, span, schema);
      }
      if (schema.minimum !== undefined && (schema.exclusiveMinimum ? number <= schema.minimum : number < schema.minimum)) {
        const relation = schema.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
        this.push('range', path, `Invalid value: ${shown}: ${where} in body should be ${relation} ${schema.minimum}`, span, schema);
      }
    }
    if (text !== undefined) {
      const length = [...text].length;
      if (schema.maxLength !== undefined && length > schema.maxLength) {
        this.push('length', path, `Too long: may not be more than ${schema.maxLength} bytes`, span, schema);
      }
      if (schema.minLength !== undefined && length < schema.minLength) {
        this.push('length', path, `Invalid value: ${shown}: ${where} in body should be at least ${schema.minLength} chars long`, span, schema);
      }
      if (schema.pattern !== undefined && !patternOf(schema.pattern)?.test(text)) {
        this.push('pattern', path, `Invalid value: ${shown}: ${where} in body should match '${schema.pattern}'`, span, schema);
      }
    }
  }

  private runRules(node: unknown, schema: CrdSchema, path: FieldPath, span: Span | undefined, actual: string): void {
    const value = celValueOf(this.doc, node, schema);
    if (value === undefined) return;
    for (const rule of schema['x-kubernetes-validations'] ?? []) {
      // Rules about transitions (`oldSelf`) are for updates; a file is a create.
      if (/\boldSelf\b/.test(rule.rule)) continue;
      const program = celProgram(rule.rule);
      if (program instanceof CelError) continue;
      let result: CelValue;
      try {
        result = program.evaluate(value);
      } catch {
        continue;
      }
      if (result !== false) continue;
      const field = rule.fieldPath ? [...path, ...parseRelativePath(rule.fieldPath)] : path;
      const message = rule.message ?? `failed rule: ${rule.rule}`;
      this.push('cel', field, `Invalid value: ${goQuote(actual)}: ${message}`, span, schema, rule);
    }
  }
}

const patterns = new Map<string, RegExp | undefined>();

function patternOf(source: string): RegExp | undefined {
  if (!patterns.has(source)) {
    let compiled: RegExp | undefined;
    try {
      compiled = new RegExp(source);
    } catch {
      compiled = undefined;
    }
    patterns.set(source, compiled);
  }
  return patterns.get(source);
}

/** `.spec.foo[0]` or `.spec['foo']` (a rule's `fieldPath`) as path segments. */
function parseRelativePath(text: string): FieldPath {
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^']*)'\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!));
  return out;
}

/**
 * The value CEL sees: the node as JSON, pruned as the API server prunes it (unknown fields and nulls of
 * non-nullable fields dropped). Undefined past the budget (an alias fan-out).
 */
export function celValueOf(doc: YamlDocument, node: unknown, schema: CrdSchema | undefined): CelValue | undefined {
  let budget = CEL_VALUE_BUDGET;
  const convert = (n: unknown, s: CrdSchema | undefined): CelValue | undefined => {
    if (--budget < 0) throw new RangeError('budget');
    const kind = jsonKindOf(doc, n);
    const resolved = resolveNode(doc, n);
    switch (kind) {
      case 'null':
        return null;
      case 'object': {
        if (!isMap(resolved)) return null;
        const out: Record<string, CelValue> = Object.create(null) as Record<string, CelValue>;
        for (const { key, pair } of effectivePairs(doc, resolved)) {
          const child = s?.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined;
          const known = !s || child !== undefined || s.additionalProperties === true || s['x-kubernetes-preserve-unknown-fields'] === true;
          if (!known) continue;
          if (jsonKindOf(doc, pair.value) === 'null' && !child?.nullable) continue;
          out[key] = convert(pair.value, child)!;
        }
        return out;
      }
      case 'array':
        return isSeq(resolved) ? resolved.items.map((item) => convert(item, s?.items)!) : [];
      case 'number':
        return numberOf(doc, n) ?? null;
      case 'bool':
        return isScalar(resolved) && resolved.value === true;
      default:
        return stringOf(doc, n) ?? null;
    }
  };
  try {
    return convert(node, schema);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * Every error the API server reports for `node` (a custom resource's root mapping) under `schema` (its
 * CRD version's `openAPIV3Schema`). `rootAnchor` is where errors about missing top-level fields go.
 * `cutShort`: the walk stopped at the budget (an alias fan-out), so the errors are some, not all.
 */
export function validateCustomResource(
  doc: YamlDocument,
  node: unknown,
  schema: CrdSchema,
  rootAnchor?: Span,
  options: CrdValidationOptions = {},
): CrdError[] & { cutShort?: boolean } {
  const walker = new Walker(doc, options.budget ?? DEFAULT_WALK_BUDGET);
  walker.walk(node, schema, [], rootAnchor, options.skip ?? []);
  const errors: CrdError[] & { cutShort?: boolean } = walker.errors;
  if (walker.cutShort) errors.cutShort = true;
  return errors;
}
