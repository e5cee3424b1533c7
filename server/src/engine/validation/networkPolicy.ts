/**
 * `ValidateNetworkPolicy` of kubernetes/kubernetes pkg/apis/networking/validation/validation.go, on
 * a NetworkPolicy as written in YAML: the same checks, in the same order, with the same field paths
 * and messages, each error carrying the span of the node at fault. The object is read the way the API
 * server decodes it (the last of duplicate keys wins, null is Go's zero value); a node of the wrong
 * type is left to the structure checks and nothing that depends on it is reported here.
 */
import { isMap } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';
import type { FieldPath } from '../parse/fieldPath';
import type { YamlDocument } from '../parse/yamlFile';
import { parseCIDRSloppy } from '../net/prefix';
import { cidrWarnings, isStrictSubset, validateLegacyCIDR } from './cidr';
import { byteLength, nameIsDNSLabel, nameIsDNSSubdomain } from './dns';
import type { BadValue, FieldError } from './fieldErrors';
import { forbidden, int, invalid, notSupported, required, str, tooLong } from './fieldErrors';
import type { KubernetesVersion, VersionFeatures } from './kubernetesVersion';
import { featuresOf } from './kubernetesVersion';
import { isQualifiedName, isValidLabelValue } from './labels';
import { isValidPortName, isValidPortNum } from './ports';
import { NETWORK_POLICY } from './schema';
import { asMapNode, asSeqNode, effectivePair, effectivePairs, isInt32, jsonKindOf, numberOf, spanOf, stringOf } from './yamlValues';

/** What users recognise an error as; each is one rule (docs/validation.md). */
export type ValidationCategory = 'protocol' | 'port' | 'cidr' | 'except' | 'peer' | 'policyTypes' | 'selector' | 'metadata';

export interface ValidationError extends FieldError {
  readonly category: ValidationCategory;
}

/** What the API server accepts but warns about (`kubectl` prints `Warning: <field>: <message>`). */
export interface ValidationWarning {
  readonly field: FieldPath;
  readonly message: string;
  readonly span: readonly [number, number];
  readonly value: string;
}

export interface ValidationResult {
  readonly errors: readonly ValidationError[];
  readonly warnings: readonly ValidationWarning[];
}

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export const POLICY_TYPES = ['Ingress', 'Egress'] as const;
export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
/** metav1.FinalizerOrphanDependents and FinalizerDeleteDependents; with core.FinalizerKubernetes, the standard finalizers. */
const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';
const STANDARD_FINALIZERS: ReadonlySet<string> = new Set(['kubernetes', FINALIZER_ORPHAN_DEPENDENTS, FINALIZER_DELETE_DEPENDENTS]);
const METADATA_FIELDS = Object.keys((NETWORK_POLICY.fields.metadata!.type as { fields: object }).fields);

/** A field of the object: its value node (if any), the pair that holds it, and where to point when it is missing. */
class Loc {
  private madePath: FieldPath | undefined;

  constructor(
    /** Its key or index in its parent (none for the object itself). */
    private readonly segment: string | number | undefined,
    readonly node: unknown,
    readonly pair: Pair | undefined,
    readonly parent: Loc | undefined,
    private readonly rootSpan: readonly [number, number],
  ) {}

  /** Its field path, made when first read: most fields have no error to report. */
  get path(): FieldPath {
    return (this.madePath ??= this.parent && this.segment !== undefined ? [...this.parent.path, this.segment] : []);
  }

  /** The value as written; when it has no text, its key; when it is absent, the nearest key above. */
  get span(): readonly [number, number] {
    return spanOf(this.node) ?? spanOf(this.pair?.key) ?? this.parent?.keyOrAbove ?? this.rootSpan;
  }

  /** The key naming this field (for a list item, its first key), or the nearest one above it. */
  get keyOrAbove(): readonly [number, number] {
    const firstKey = this.pair === undefined && isMap(this.node) ? spanOf(this.node.items[0]?.key) : undefined;
    return spanOf(this.pair?.key) ?? firstKey ?? this.parent?.keyOrAbove ?? this.rootSpan;
  }

  child(doc: YamlDocument, key: string): Loc {
    const map = asMapNode(doc, this.node);
    const pair = map ? effectivePair(doc, map, key) : undefined;
    return new Loc(key, pair?.value, pair, this, this.rootSpan);
  }

  item(index: number, node: unknown): Loc {
    return new Loc(index, node, undefined, this, this.rootSpan);
  }
}

type Read<T> = { readonly state: 'absent' } | { readonly state: 'ok'; readonly value: T } | { readonly state: 'bad' };
const ABSENT = { state: 'absent' } as const;
const BAD = { state: 'bad' } as const;

/** What the validation says of one CIDR value: whether it parses, its error, else its warnings. */
interface CidrChecks {
  readonly parses: boolean;
  readonly error: string | undefined;
  readonly warnings: readonly string[];
}

/** The checks of the CIDR values seen last (by strictness, then value): files repeat their CIDRs. Bounded, emptied when full. */
const cidrChecksSeen = [new Map<string, CidrChecks>(), new Map<string, CidrChecks>()] as const;
const CIDR_CHECKS_MAX = 4096;

/** `validateLegacyCIDR`, then `cidrWarnings` when it passes: functions of the value and the strictness alone. */
function cidrChecks(value: string, strict: boolean): CidrChecks {
  const seen = cidrChecksSeen[strict ? 1 : 0];
  let checks = seen.get(value);
  if (!checks) {
    const error = validateLegacyCIDR(value, strict);
    checks = { parses: !!parseCIDRSloppy(value), error, warnings: error ? [] : cidrWarnings(value) };
    if (seen.size >= CIDR_CHECKS_MAX) seen.clear();
    seen.set(value, checks);
  }
  return checks;
}

class Validator {
  readonly errors: ValidationError[] = [];
  readonly warnings: ValidationWarning[] = [];

  constructor(
    private readonly doc: YamlDocument,
    private readonly features: VersionFeatures,
  ) {}

  private add(category: ValidationCategory, error: FieldError): void {
    this.errors.push({ ...error, category });
  }

  /**
   * Does the mapping hold a key its type does not have? Then a field it lacks may just be misspelled
   * (`cidrs:`, `namespaceSelectors:`): the unknown key is reported (NP130), and "required" or "must
   * specify a peer" would only repeat it. Patch directives (`$patch: delete`) count too: a Kustomize
   * strategic merge patch is not a whole object.
   */
  private hasUnknownKey(loc: Loc, known: readonly string[]): boolean {
    const map = asMapNode(this.doc, loc.node);
    return !!map && effectivePairs(this.doc, map).some(({ key }) => !known.includes(key));
  }

  /** A string field: null decodes to "" (absent here, as Go cannot tell them apart either). */
  private str(loc: Loc): Read<string> {
    const kind = jsonKindOf(this.doc, loc.node);
    if (kind === 'null') return ABSENT;
    if (kind !== 'string') return BAD;
    return { state: 'ok', value: stringOf(this.doc, loc.node) ?? '' };
  }

  private int32(loc: Loc): Read<number> {
    const kind = jsonKindOf(this.doc, loc.node);
    if (kind === 'null') return ABSENT;
    const value = numberOf(this.doc, loc.node);
    if (kind !== 'number' || value === undefined || !isInt32(value)) return BAD;
    return { state: 'ok', value };
  }

  private map(loc: Loc): Read<YAMLMap> {
    const kind = jsonKindOf(this.doc, loc.node);
    if (kind === 'null') return ABSENT;
    const map = asMapNode(this.doc, loc.node);
    return map ? { state: 'ok', value: map } : BAD;
  }

  /** The items of a list field, each as a location; null items decode to zero values. */
  private items(loc: Loc): Read<Loc[]> {
    const kind = jsonKindOf(this.doc, loc.node);
    if (kind === 'null') return ABSENT;
    const seq = asSeqNode(this.doc, loc.node);
    if (!seq) return BAD;
    return { state: 'ok', value: seq.items.map((node, i) => loc.item(i, node)) };
  }

  objectMeta(meta: Loc): void {
    const read = this.map(meta);
    if (read.state === 'bad') return;
    // `metdata:` misspelled: NP130 says so; "name is required" would only repeat it.
    if (read.state === 'absent' && meta.parent && this.hasUnknownKey(meta.parent, Object.keys(NETWORK_POLICY.fields))) return;
    const generateName = this.str(meta.child(this.doc, 'generateName'));
    if (generateName.state === 'ok' && generateName.value !== '') {
      const loc = meta.child(this.doc, 'generateName');
      for (const msg of nameIsDNSSubdomain(generateName.value, true)) this.add('metadata', invalid(loc.path, str(generateName.value), msg, loc.span));
    }
    const nameLoc = meta.child(this.doc, 'name');
    const name = this.str(nameLoc);
    if (name.state === 'ok' && name.value !== '') {
      for (const msg of nameIsDNSSubdomain(name.value, false)) this.add('metadata', invalid(nameLoc.path, str(name.value), msg, nameLoc.span));
    } else if (name.state !== 'bad' && !(generateName.state === 'ok' && generateName.value !== '') && !this.hasUnknownKey(meta, METADATA_FIELDS)) {
      // With a generateName the server makes up the name before validating it.
      this.add('metadata', required(nameLoc.path, 'name or generateName is required', nameLoc.span));
    }
    // A missing namespace is filled in from the request (kubectl's context) before validation.
    const nsLoc = meta.child(this.doc, 'namespace');
    const namespace = this.str(nsLoc);
    if (namespace.state === 'ok' && namespace.value !== '') {
      for (const msg of nameIsDNSLabel(namespace.value)) this.add('metadata', invalid(nsLoc.path, str(namespace.value), msg, nsLoc.span));
    }
    const genLoc = meta.child(this.doc, 'generation');
    const generation = numberOf(this.doc, genLoc.node);
    if (jsonKindOf(this.doc, genLoc.node) === 'number' && generation !== undefined && Number.isInteger(generation) && generation < 0) {
      this.add('metadata', invalid(genLoc.path, int(generation), 'must be greater than or equal to 0', genLoc.span));
    }
    this.labels(meta.child(this.doc, 'labels'), 'metadata');
    this.annotations(meta.child(this.doc, 'annotations'));
    this.finalizers(meta.child(this.doc, 'finalizers'));
  }

  /**
   * apimachinery's `ValidateFinalizers` (each name a qualified name, on the list's own path; `orphan` and
   * `foregroundDeletion` not both), then core's `ValidateObjectMeta` adds `validateKubeFinalizerName` per
   * item (a name without `/` must be a standard one), on the item's path.
   */
  private finalizers(loc: Loc): void {
    const items = this.items(loc);
    if (items.state !== 'ok') return;
    const names: { loc: Loc; name: string }[] = [];
    for (const item of items.value) {
      const read = this.str(item);
      if (read.state === 'bad') return; // the decoder rejects the object before validation: NP131's to report
      names.push({ loc: item, name: read.state === 'ok' ? read.value : '' });
    }
    for (const { loc: item, name } of names) {
      for (const msg of isQualifiedName(name, this.features)) this.add('metadata', invalid(loc.path, str(name), msg, item.span));
    }
    const all = names.map((n) => n.name);
    if (all.includes(FINALIZER_ORPHAN_DEPENDENTS) && all.includes(FINALIZER_DELETE_DEPENDENTS)) {
      const detail = `finalizer ${FINALIZER_ORPHAN_DEPENDENTS} and ${FINALIZER_DELETE_DEPENDENTS} cannot be both set`;
      this.add('metadata', invalid(loc.path, { kind: 'stringSlice', goType: '[]string', values: all }, detail, loc.span));
    }
    for (const { loc: item, name } of names) {
      if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
        this.add('metadata', invalid(item.path, str(name), 'name is neither a standard finalizer name nor is it fully qualified', item.span));
      }
    }
  }

  /** `ValidateLabels`: errors on the map's own path, the bad key or value as the bad value. */
  private labels(loc: Loc, category: ValidationCategory): void {
    const map = this.map(loc);
    if (map.state !== 'ok') return;
    for (const { key, pair } of effectivePairs(this.doc, map.value)) {
      const keySpan = spanOf(pair.key) ?? loc.span;
      for (const msg of isQualifiedName(key, this.features)) this.add(category, invalid(loc.path, str(key), msg, keySpan));
      const kind = jsonKindOf(this.doc, pair.value);
      if (kind !== 'string') continue; // null is "", other kinds are the decoder's to reject
      const value = stringOf(this.doc, pair.value) ?? '';
      for (const msg of isValidLabelValue(value, this.features)) this.add(category, invalid(loc.path, str(value), msg, spanOf(pair.value) ?? keySpan));
    }
  }

  private annotations(loc: Loc): void {
    const map = this.map(loc);
    if (map.state !== 'ok') return;
    let total = 0;
    for (const { key, pair } of effectivePairs(this.doc, map.value)) {
      // The rule is QualifiedName except that case does not matter; the original key is reported.
      for (const msg of isQualifiedName(key.toLowerCase(), this.features)) this.add('metadata', invalid(loc.path, str(key), msg, spanOf(pair.key) ?? loc.span));
      total += byteLength(key) + byteLength(stringOf(this.doc, pair.value) ?? '');
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) this.add('metadata', tooLong(loc.path, TOTAL_ANNOTATION_SIZE_LIMIT, loc.keyOrAbove));
  }

  /** `ValidateLabelSelector` with `AllowInvalidLabelValueInSelector: false`, as on create. */
  labelSelector(loc: Loc): void {
    if (this.map(loc).state !== 'ok') return;
    this.labels(loc.child(this.doc, 'matchLabels'), 'selector');
    const expressions = this.items(loc.child(this.doc, 'matchExpressions'));
    if (expressions.state !== 'ok') return;
    for (const expression of expressions.value) {
      if (this.map(expression).state === 'bad') continue;
      this.requirement(expression);
    }
  }

  private requirement(loc: Loc): void {
    const operatorLoc = loc.child(this.doc, 'operator');
    const operator = this.str(operatorLoc);
    const valuesLoc = loc.child(this.doc, 'values');
    const values = this.items(valuesLoc);
    const count = values.state === 'ok' ? values.value.length : 0;
    const misspelled = this.hasUnknownKey(loc, ['key', 'operator', 'values']);
    if (operator.state !== 'bad' && values.state !== 'bad' && !(misspelled && (operator.state === 'absent' || !valuesLoc.pair))) {
      const op = operator.state === 'ok' ? operator.value : '';
      if (op === 'In' || op === 'NotIn') {
        // With no `values` key, the operator that requires them is the node to point at.
        const span = valuesLoc.pair ? valuesLoc.span : operatorLoc.span;
        if (count === 0) this.add('selector', required(valuesLoc.path, "must be specified when `operator` is 'In' or 'NotIn'", span));
      } else if (op === 'Exists' || op === 'DoesNotExist') {
        if (count > 0) this.add('selector', forbidden(valuesLoc.path, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'", valuesLoc.span));
      } else {
        this.add('selector', invalid(operatorLoc.path, str(op), 'not a valid selector operator', operatorLoc.span));
      }
    }
    const keyLoc = loc.child(this.doc, 'key');
    const key = this.str(keyLoc);
    if (key.state !== 'bad' && !(misspelled && key.state === 'absent')) {
      const value = key.state === 'ok' ? key.value : '';
      for (const msg of isQualifiedName(value, this.features)) this.add('selector', invalid(keyLoc.path, str(value), msg, keyLoc.span));
    }
    if (values.state !== 'ok') return;
    for (const item of values.value) {
      const value = this.str(item);
      if (value.state === 'bad') continue;
      const text = value.state === 'ok' ? value.value : '';
      for (const msg of isValidLabelValue(text, this.features)) this.add('selector', invalid(item.path, str(text), msg, item.span));
    }
  }

  spec(loc: Loc): void {
    if (this.map(loc).state !== 'ok') return;
    this.labelSelector(loc.child(this.doc, 'podSelector'));
    for (const [direction, peersKey] of [
      ['ingress', 'from'],
      ['egress', 'to'],
    ] as const) {
      const rules = this.items(loc.child(this.doc, direction));
      if (rules.state !== 'ok') continue;
      for (const rule of rules.value) {
        if (this.map(rule).state === 'bad') continue;
        const ports = this.items(rule.child(this.doc, 'ports'));
        if (ports.state === 'ok') for (const port of ports.value) this.port(port);
        const peers = this.items(rule.child(this.doc, peersKey));
        if (peers.state === 'ok') for (const peer of peers.value) this.peer(peer);
      }
    }
    this.policyTypes(loc.child(this.doc, 'policyTypes'));
  }

  /** `ValidateNetworkPolicyPort`. */
  private port(loc: Loc): void {
    if (this.map(loc).state === 'bad') return;
    const protocolLoc = loc.child(this.doc, 'protocol');
    const protocol = this.str(protocolLoc);
    // An absent protocol is defaulted to TCP before validation; `protocol: ""` is not.
    if (protocol.state === 'ok' && !(PROTOCOLS as readonly string[]).includes(protocol.value)) {
      this.add('protocol', notSupported(protocolLoc.path, protocol.value, PROTOCOLS, protocolLoc.span));
    }
    const portLoc = loc.child(this.doc, 'port');
    const endPortLoc = loc.child(this.doc, 'endPort');
    const endPort = this.int32(endPortLoc);
    const portKind = jsonKindOf(this.doc, portLoc.node);
    if (portKind === 'number') {
      const port = numberOf(this.doc, portLoc.node);
      if (port === undefined || !isInt32(port)) return; // the decoder rejects it
      for (const msg of isValidPortNum(port)) this.add('port', invalid(portLoc.path, int(port), msg, portLoc.span));
      if (endPort.state === 'ok') {
        // Up to 1.36 the bad value shown is the port's (fixed in 1.37 by kubernetes/kubernetes#137960).
        if (endPort.value < port) this.add('port', invalid(endPortLoc.path, int(port), 'must be greater than or equal to `port`', endPortLoc.span));
        for (const msg of isValidPortNum(endPort.value)) this.add('port', invalid(endPortLoc.path, int(endPort.value), msg, endPortLoc.span));
      }
    } else if (portKind === 'string') {
      const name = stringOf(this.doc, portLoc.node) ?? '';
      if (endPort.state === 'ok') this.add('port', invalid(endPortLoc.path, int(endPort.value), 'may not be specified when `port` is non-numeric', endPortLoc.span));
      for (const msg of isValidPortName(name)) this.add('port', invalid(portLoc.path, str(name), msg, portLoc.span));
    } else if (portKind === 'null') {
      if (endPort.state === 'ok') this.add('port', invalid(endPortLoc.path, int(endPort.value), 'may not be specified when `port` is not specified', endPortLoc.span));
    }
  }

  /** `ValidateNetworkPolicyPeer`. */
  private peer(loc: Loc): void {
    if (this.map(loc).state === 'bad') return;
    let numPeers = 0;
    let unknown = false;
    for (const key of ['podSelector', 'namespaceSelector'] as const) {
      const selector = loc.child(this.doc, key);
      const read = this.map(selector);
      if (read.state === 'bad') unknown = true;
      if (read.state !== 'ok') continue;
      numPeers++;
      this.labelSelector(selector);
    }
    const ipBlockLoc = loc.child(this.doc, 'ipBlock');
    const ipBlock = this.map(ipBlockLoc);
    if (ipBlock.state === 'bad') unknown = true;
    if (ipBlock.state === 'ok') {
      numPeers++;
      this.ipBlock(ipBlockLoc);
    }
    if (unknown || this.hasUnknownKey(loc, ['podSelector', 'namespaceSelector', 'ipBlock'])) return; // the decoder's error
    if (numPeers === 0) this.add('peer', required(loc.path, 'must specify a peer', loc.span));
    else if (numPeers > 1 && ipBlock.state === 'ok') this.add('peer', forbidden(loc.path, 'may not specify both ipBlock and another peer', loc.span));
  }

  /** `ValidateIPBlock`, with `IsValidCIDRForLegacyField` strict from 1.36. */
  private ipBlock(loc: Loc): void {
    const cidrLoc = loc.child(this.doc, 'cidr');
    const cidr = this.str(cidrLoc);
    if (cidr.state === 'bad') return;
    if (cidr.state === 'absent' || cidr.value === '') {
      if (cidr.state === 'absent' && this.hasUnknownKey(loc, ['cidr', 'except'])) return;
      this.add('cidr', required(cidrLoc.path, '', cidrLoc.span));
      return;
    }
    this.cidrValue(cidrLoc, cidr.value);
    if (!cidrChecks(cidr.value, this.features.strictCIDR).parses) return;
    const excepts = this.items(loc.child(this.doc, 'except'));
    if (excepts.state !== 'ok') return;
    for (const exceptLoc of excepts.value) {
      const except = this.str(exceptLoc);
      if (except.state === 'bad') continue;
      const value = except.state === 'ok' ? except.value : '';
      this.cidrValue(exceptLoc, value);
      if (isStrictSubset(cidr.value, value) === false) {
        this.add('except', invalid(exceptLoc.path, str(value), 'must be a strict subset of `cidr`', exceptLoc.span));
      }
    }
  }

  private cidrValue(loc: Loc, value: string): void {
    const { error, warnings } = cidrChecks(value, this.features.strictCIDR);
    if (error) {
      this.add('cidr', invalid(loc.path, str(value), error, loc.span));
      return;
    }
    for (const message of warnings) this.warnings.push({ field: loc.path, message, span: loc.span, value });
  }

  private policyTypes(loc: Loc): void {
    const items = this.items(loc);
    if (items.state !== 'ok') return;
    if (items.value.length > POLICY_TYPES.length) {
      const values = items.value.map((item) => stringOf(this.doc, item.node) ?? '');
      const badValue: BadValue = { kind: 'stringSlice', goType: '[]networking.PolicyType', values };
      this.add('policyTypes', invalid(loc.path, badValue, 'may not specify more than two policyTypes', loc.span));
      return;
    }
    for (const item of items.value) {
      const value = this.str(item);
      if (value.state === 'bad') continue;
      const text = value.state === 'ok' ? value.value : '';
      if (!(POLICY_TYPES as readonly string[]).includes(text)) this.add('policyTypes', notSupported(item.path, text, POLICY_TYPES, item.span));
    }
  }
}

/** The span to point at for a field missing from the whole object: its `kind` value, or its first key. */
function rootSpanOf(doc: YamlDocument, object: YAMLMap): [number, number] {
  const kind = effectivePair(doc, object, 'kind');
  return spanOf(kind?.value) ?? spanOf(object.items[0]?.key) ?? spanOf(object) ?? [0, 0];
}

/** Validates one NetworkPolicy object (`ValidateNetworkPolicy` on create): metadata, then spec. */
export function validateNetworkPolicy(doc: YamlDocument, object: YAMLMap, version: KubernetesVersion): ValidationResult {
  const validator = new Validator(doc, featuresOf(version));
  const root = new Loc(undefined, object, undefined, undefined, rootSpanOf(doc, object));
  validator.objectMeta(root.child(doc, 'metadata'));
  validator.spec(root.child(doc, 'spec'));
  return { errors: validator.errors, warnings: validator.warnings };
}

