import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Alias } from 'yaml';
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import type {
  IPBlock,
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
} from 'kubernetes-types/networking/v1';
import { DEFAULT_LIMITS } from '../config/limits';
import { subtreeSize } from '../parse/aliases';
import { findPair, resolveNode } from '../parse/yamlFile';
import type { YamlDocument } from '../parse/yamlFile';

/** Thrown inside the decoder when aliases have cost more than the budget; caught in `decodeWithin`. */
export class AliasBudgetExceeded extends Error {
  constructor(readonly alias: Alias) {
    super('alias budget exceeded');
  }
}

export interface Decoded {
  readonly object: NetworkPolicy;
  /** The alias whose expansion went over `aliasBudget`: the object is then incomplete. */
  readonly aliasBudgetExceededAt?: Alias;
}

/**
 * Decodes a NetworkPolicy's YAML node into the API's types, keeping only fields of the right type.
 * A field of the wrong type is left out here (the structure checks report it), so that the semantic
 * checks can rely on the types. Aliases are followed once per use, which is what lets nested aliases
 * multiply (billion laughs): each use costs the size of the subtree it names, and past `aliasBudget`
 * nodes the walk stops and the result says where.
 */
export function decodeWithin(doc: YamlDocument, node: unknown, aliasBudget: number): Decoded {
  const object: NetworkPolicy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' };
  try {
    decodeInto(object, new Decoder(doc, aliasBudget), node);
    return { object };
  } catch (error) {
    if (error instanceof AliasBudgetExceeded) return { object, aliasBudgetExceededAt: error.alias };
    throw error;
  }
}

export function decodeNetworkPolicy(doc: YamlDocument, node: unknown, aliasBudget = DEFAULT_LIMITS.aliasBudget): NetworkPolicy {
  return decodeWithin(doc, node, aliasBudget).object;
}

function decodeInto(policy: NetworkPolicy, d: Decoder, node: unknown): void {
  const map = d.map(node);
  if (!map) return;
  const metadata = d.map(d.field(map, 'metadata'));
  if (metadata) {
    policy.metadata = {};
    const name = d.string(d.field(metadata, 'name'));
    const namespace = d.string(d.field(metadata, 'namespace'));
    const labels = d.stringMap(d.field(metadata, 'labels'));
    const annotations = d.stringMap(d.field(metadata, 'annotations'));
    if (name !== undefined) policy.metadata.name = name;
    if (namespace !== undefined) policy.metadata.namespace = namespace;
    if (labels) policy.metadata.labels = labels;
    if (annotations) policy.metadata.annotations = annotations;
  }
  const spec = d.map(d.field(map, 'spec'));
  if (spec) policy.spec = d.spec(spec);
}

export class Decoder {
  private aliasCost = 0;

  constructor(
    private readonly doc: YamlDocument,
    private readonly aliasBudget: number = DEFAULT_LIMITS.aliasBudget,
  ) {}

  /** Follows an alias, charging the size of what it names against the budget. */
  private resolve(node: unknown) {
    if (isAlias(node)) {
      const target = resolveNode(this.doc, node);
      this.aliasCost += target ? subtreeSize(target) : 1;
      if (this.aliasCost > this.aliasBudget) throw new AliasBudgetExceeded(node);
      return target;
    }
    return resolveNode(this.doc, node);
  }

  field(map: unknown, key: string): unknown {
    const m = this.map(map);
    return m ? findPair(m, key)?.value : undefined;
  }

  map(node: unknown) {
    const resolved = this.resolve(node);
    return isMap(resolved) ? resolved : undefined;
  }

  seq(node: unknown): unknown[] | undefined {
    const resolved = this.resolve(node);
    return isSeq(resolved) ? resolved.items : undefined;
  }

  string(node: unknown): string | undefined {
    const resolved = this.resolve(node);
    return isScalar(resolved) && typeof resolved.value === 'string' ? resolved.value : undefined;
  }

  /** A scalar written as a label value: numbers and booleans are kept as the text the user wrote. */
  labelString(node: unknown): string | undefined {
    const resolved = this.resolve(node);
    if (!isScalar(resolved) || resolved.value === null) return undefined;
    return typeof resolved.value === 'string' ? resolved.value : (resolved.source ?? '');
  }

  integer(node: unknown): number | undefined {
    const resolved = this.resolve(node);
    return isScalar(resolved) && typeof resolved.value === 'number' && Number.isInteger(resolved.value) ? resolved.value : undefined;
  }

  stringMap(node: unknown): Record<string, string> | undefined {
    const map = this.map(node);
    if (!map) return undefined;
    const out: Record<string, string> = {};
    for (const pair of map.items) {
      const key = this.labelString(pair.key);
      const value = this.labelString(pair.value);
      if (key !== undefined) out[key] = value ?? '';
    }
    return out;
  }

  selector(node: unknown): LabelSelector | undefined {
    const map = this.map(node);
    if (!map) return undefined;
    const selector: LabelSelector = {};
    const matchLabels = this.stringMap(this.field(map, 'matchLabels'));
    if (matchLabels) selector.matchLabels = matchLabels;
    const expressions = this.seq(this.field(map, 'matchExpressions'));
    if (expressions) {
      selector.matchExpressions = [];
      for (const item of expressions) {
        const key = this.labelString(this.field(item, 'key'));
        const operator = this.string(this.field(item, 'operator'));
        if (key === undefined || operator === undefined) continue;
        const requirement: LabelSelectorRequirement = { key, operator };
        const values = this.seq(this.field(item, 'values'));
        if (values) requirement.values = values.map((v) => this.labelString(v) ?? '');
        selector.matchExpressions.push(requirement);
      }
    }
    return selector;
  }

  spec(map: unknown): NetworkPolicySpec {
    const spec: NetworkPolicySpec = { podSelector: {} };
    const podSelector = this.selector(this.field(map, 'podSelector'));
    if (podSelector) spec.podSelector = podSelector;
    const policyTypes = this.seq(this.field(map, 'policyTypes'));
    if (policyTypes) spec.policyTypes = policyTypes.map((t) => this.string(t)).filter((t): t is string => t !== undefined);
    const ingress = this.seq(this.field(map, 'ingress'));
    if (ingress) spec.ingress = ingress.map((rule) => this.ingressRule(rule));
    const egress = this.seq(this.field(map, 'egress'));
    if (egress) spec.egress = egress.map((rule) => this.egressRule(rule));
    return spec;
  }

  ingressRule(node: unknown): NetworkPolicyIngressRule {
    const rule: NetworkPolicyIngressRule = {};
    const from = this.seq(this.field(node, 'from'));
    if (from) rule.from = from.map((peer) => this.peer(peer));
    const ports = this.seq(this.field(node, 'ports'));
    if (ports) rule.ports = ports.map((port) => this.port(port));
    return rule;
  }

  egressRule(node: unknown): NetworkPolicyEgressRule {
    const rule: NetworkPolicyEgressRule = {};
    const to = this.seq(this.field(node, 'to'));
    if (to) rule.to = to.map((peer) => this.peer(peer));
    const ports = this.seq(this.field(node, 'ports'));
    if (ports) rule.ports = ports.map((port) => this.port(port));
    return rule;
  }

  peer(node: unknown): NetworkPolicyPeer {
    const peer: NetworkPolicyPeer = {};
    const podSelector = this.selector(this.field(node, 'podSelector'));
    const namespaceSelector = this.selector(this.field(node, 'namespaceSelector'));
    const ipBlockMap = this.map(this.field(node, 'ipBlock'));
    if (podSelector) peer.podSelector = podSelector;
    if (namespaceSelector) peer.namespaceSelector = namespaceSelector;
    if (ipBlockMap) {
      const ipBlock: IPBlock = { cidr: this.string(this.field(ipBlockMap, 'cidr')) ?? '' };
      const except = this.seq(this.field(ipBlockMap, 'except'));
      // Aligned with the YAML items (a non-string entry becomes ''), so rules can point at entry i.
      if (except) ipBlock.except = except.map((e) => this.string(e) ?? '');
      peer.ipBlock = ipBlock;
    }
    return peer;
  }

  port(node: unknown): NetworkPolicyPort {
    const port: NetworkPolicyPort = {};
    const protocol = this.string(this.field(node, 'protocol'));
    if (protocol !== undefined) port.protocol = protocol;
    const portValue = this.integer(this.field(node, 'port')) ?? this.string(this.field(node, 'port'));
    if (portValue !== undefined) port.port = portValue;
    const endPort = this.integer(this.field(node, 'endPort'));
    if (endPort !== undefined) port.endPort = endPort;
    return port;
  }
}
