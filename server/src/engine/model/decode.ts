import { isMap, isScalar, isSeq } from 'yaml';
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
import { findPair, resolveNode } from '../parse/yamlFile';
import type { YamlDocument } from '../parse/yamlFile';

/**
 * Decodes a NetworkPolicy's YAML node into the API's types, keeping only fields of the right type.
 * A field of the wrong type is left out here (the structure checks report it), so that the semantic
 * checks can rely on the types. Aliases are followed once per use; nothing is expanded recursively
 * beyond the fields a NetworkPolicy has, so an alias bomb cannot blow up this walk.
 */
export function decodeNetworkPolicy(doc: YamlDocument, node: unknown): NetworkPolicy {
  const d = new Decoder(doc);
  const map = d.map(node);
  const policy: NetworkPolicy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' };
  if (!map) return policy;
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
  return policy;
}

export class Decoder {
  constructor(private readonly doc: YamlDocument) {}

  field(map: unknown, key: string): unknown {
    const m = this.map(map);
    return m ? findPair(m, key)?.value : undefined;
  }

  map(node: unknown) {
    const resolved = resolveNode(this.doc, node);
    return isMap(resolved) ? resolved : undefined;
  }

  seq(node: unknown): unknown[] | undefined {
    const resolved = resolveNode(this.doc, node);
    return isSeq(resolved) ? resolved.items : undefined;
  }

  string(node: unknown): string | undefined {
    const resolved = resolveNode(this.doc, node);
    return isScalar(resolved) && typeof resolved.value === 'string' ? resolved.value : undefined;
  }

  /** A scalar written as a label value: numbers and booleans are kept as the text the user wrote. */
  labelString(node: unknown): string | undefined {
    const resolved = resolveNode(this.doc, node);
    if (!isScalar(resolved) || resolved.value === null) return undefined;
    return typeof resolved.value === 'string' ? resolved.value : (resolved.source ?? '');
  }

  integer(node: unknown): number | undefined {
    const resolved = resolveNode(this.doc, node);
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
      if (except) ipBlock.except = except.map((e) => this.string(e)).filter((e): e is string => e !== undefined);
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
