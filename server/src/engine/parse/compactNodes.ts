import { isCollection, isPair, isScalar, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { YamlDocument } from './yamlFile';

/** Short strings seen in scalars, to share one copy of each (`apiVersion`, `matchLabels`, `TCP`): bounded, and emptied when full. */
const shared = new Map<string, string>();
const SHARED_MAX = 20_000;
/** Strings this long or longer are not shared: V8 keeps them as slices of the text, and they repeat less. */
const SHARED_LENGTH = 40;

function share(text: string): string {
  if (text.length >= SHARED_LENGTH) return text;
  const known = shared.get(text);
  if (known !== undefined) return known;
  if (shared.size >= SHARED_MAX) shared.clear();
  shared.set(text, text);
  return text;
}

/** A function called after every so many documents compacted (see `whileParsing`). */
let compacted: { count: number; readonly every: number; readonly hook: () => void } | undefined;

/**
 * Calls `hook` after every `every` documents parsed and compacted, until it returns true: a check the server
 * makes while a large file is parsed in one go (lsp/v8Tuning.ts), where no timer can run.
 */
export function whileParsing(every: number, hook: () => boolean): void {
  compacted = {
    count: 0,
    every,
    hook: () => {
      if (hook()) compacted = undefined;
    },
  };
}

/**
 * A node whose `range` is kept as three numbers of its own instead of an array: an array of three numbers
 * costs 72 bytes beside its node (a JSArray and its backing store), and a file of 5,000 policies has half a
 * million of them. Reading `range` makes the array, each time anew: writing into that array moves nothing
 * (use `moveNode`); assigning `range` sets the three numbers.
 */
interface Packed {
  rangeStart: number;
  rangeValueEnd: number;
  rangeEnd: number;
}

/** The package's mark of what a node is (`yaml/dist/nodes/identity.js`): its `isScalar`, `isMap`... read it. */
const NODE_TYPE = Symbol.for('yaml.node.type');

const packedPrototypes = new Set<object>();

/**
 * Gives a class's prototype the `range` of `Packed` (an accessor: TypeScript's declaration of `range` is a field),
 * and the package's node type (see `packedCopy`).
 */
function withPackedRange(prototype: object, type: symbol): void {
  Object.defineProperty(prototype, NODE_TYPE, { value: type });
  Object.defineProperty(prototype, 'range', {
    configurable: true,
    enumerable: false,
    get(this: Packed): [number, number, number] {
      return [this.rangeStart, this.rangeValueEnd, this.rangeEnd];
    },
    set(this: Packed, range: readonly number[] | null | undefined) {
      this.rangeStart = range?.[0] ?? 0;
      this.rangeValueEnd = range?.[1] ?? 0;
      this.rangeEnd = range?.[2] ?? 0;
    },
  });
  packedPrototypes.add(prototype);
}

class PackedScalar extends Scalar implements Packed {
  declare rangeStart: number;
  declare rangeValueEnd: number;
  declare rangeEnd: number;
}
withPackedRange(PackedScalar.prototype, Symbol.for('yaml.scalar'));

class PackedMap extends YAMLMap implements Packed {
  declare rangeStart: number;
  declare rangeValueEnd: number;
  declare rangeEnd: number;
}
withPackedRange(PackedMap.prototype, Symbol.for('yaml.map'));

class PackedSeq extends YAMLSeq implements Packed {
  declare rangeStart: number;
  declare rangeValueEnd: number;
  declare rangeEnd: number;
}
withPackedRange(PackedSeq.prototype, Symbol.for('yaml.seq'));

/**
 * A constructor of empty objects with a packed prototype. Not `Object.create(prototype)`: V8 gives such objects
 * room for four properties and puts the rest in an array beside them (about 9 MB more at the first open of 5,000
 * crowded policies); the objects of a constructor get room for the properties they are given (slack tracking).
 */
function makerOf(prototype: object): new () => Record<string, unknown> {
  const Maker = function () {} as unknown as new () => Record<string, unknown>;
  Maker.prototype = prototype;
  return Maker;
}
const ScalarMaker = makerOf(PackedScalar.prototype);
const MapMaker = makerOf(PackedMap.prototype);
const SeqMaker = makerOf(PackedSeq.prototype);

/**
 * The node `from` made again with a packed prototype: its own properties in order, `range` as three numbers,
 * a collection's `items` in an array of their length and its `schema` as the package defines it. Made without
 * the package's constructors: each defines the node's type on the new object (`Object.defineProperty`, the
 * most expensive part of making a node), which the packed prototypes hold once for all their nodes (`makerOf`).
 */
function packedCopy(Maker: new () => Record<string, unknown>, from: object, range: readonly number[]): unknown {
  const to = new Maker();
  const source = from as Record<string, unknown>;
  if (Maker !== ScalarMaker) {
    Object.defineProperty(to, 'schema', { value: (from as YAMLMap).schema, configurable: true, enumerable: false, writable: true });
  }
  // `for in`, not Object.keys (an array per node): the package's Scalar, YAMLMap and YAMLSeq prototypes, the only
  // ones packed, have no enumerable properties, so it lists the same own keys in the same order.
  for (const key in from) {
    if (key === 'range') {
      to.rangeStart = range[0];
      to.rangeValueEnd = range[1];
      to.rangeEnd = range[2];
    } else if (key === 'items') {
      to.items = (source.items as unknown[]).slice();
    } else {
      to[key] = source[key];
    }
  }
  return to;
}

function isPacked(node: unknown): node is Packed {
  return node !== null && typeof node === 'object' && packedPrototypes.has(Object.getPrototypeOf(node) as object);
}

/** Moves a node's range by `delta`, packed or not (nothing for a node without one). */
export function moveNode(node: unknown, delta: number): void {
  if (isPacked(node)) {
    node.rangeStart += delta;
    node.rangeValueEnd += delta;
    node.rangeEnd += delta;
    return;
  }
  const range = (node as { range?: unknown } | null)?.range;
  if (Array.isArray(range)) for (let i = 0; i < range.length; i++) (range as number[])[i]! += delta;
}

function packedRange(node: { range?: unknown }): readonly number[] | undefined {
  const range = node.range;
  return Array.isArray(range) && range.length === 3 && range.every((n) => typeof n === 'number') ? (range) : undefined;
}

/** The node in its smaller form: plain scalars, maps and sequences of the yaml package (not its subclasses for tags such as `!!set`). */
function pack(node: unknown): unknown {
  if (node === null || typeof node !== 'object') return node;
  const prototype = Object.getPrototypeOf(node) as object;
  if (prototype === Scalar.prototype) {
    const scalar = node as Scalar & { source?: unknown };
    const range = packedRange(scalar);
    const { source, value } = scalar;
    if (typeof source === 'string') {
      const one = share(source);
      scalar.source = one;
      if (value === source) scalar.value = one;
      else if (typeof value === 'string') scalar.value = share(value);
    } else if (typeof value === 'string') scalar.value = share(value);
    return range ? packedCopy(ScalarMaker, scalar, range) : node;
  }
  if (prototype === YAMLMap.prototype || prototype === YAMLSeq.prototype) {
    const collection = node as YAMLMap | YAMLSeq;
    const range = packedRange(collection);
    if (range) return packedCopy(prototype === YAMLMap.prototype ? MapMaker : SeqMaker, collection, range);
  }
  if (isCollection(node)) (node as { items: unknown[] }).items = node.items.slice();
  return node;
}

/**
 * Makes a parsed document smaller to keep, for a server that keeps the documents of every open file for
 * its edits (issue #16: 5,000 policies, about 180,000 collections and 330,000 scalars). Nothing a reader
 * sees changes:
 * - plain scalars, maps and sequences are made again as packed nodes (see `Packed`): their `range` is
 *   three numbers of their own (about 35 MB fewer on 5,000 crowded policies);
 * - each collection's `items` gets an array of its own length: the composer fills it by `push`, and V8
 *   grows a pushed array to 17 slots at once (a mapping of three pairs held 184 bytes instead of 72);
 * - a scalar's `source` and string `value` (the same string for plain text) share one copy per distinct
 *   short string: keys such as `podSelector` are otherwise a copy each, once per policy.
 * Call it once, right after parsing: the nodes are replaced (pairs are kept). The walk is iterative (a
 * document may nest deeply).
 */
export function compactDocument(document: YamlDocument): void {
  if (compacted !== undefined && ++compacted.count % compacted.every === 0) compacted.hook();
  const root = pack(document.contents);
  document.contents = root as YamlDocument['contents'];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      node.key = pack(node.key);
      node.value = pack(node.value);
      stack.push(node.key, node.value);
    } else if (isCollection(node)) {
      const items = node.items as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = pack(items[i]);
        items[i] = item;
        stack.push(item);
      }
    }
  }
}

/** Whether a scalar is kept as a packed node (for tests). */
export function isPackedNode(node: unknown): boolean {
  return isPacked(node) && (isScalar(node) || isCollection(node));
}
