import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { cidrHoldsAddress, cidrsOverlap, parseCidr } from '../net/cidr';
import type { Cidr } from '../net/cidr';
import type { ClusterPolicyManifest } from '../reach/manifests';
import type { Endpoint } from '../reach/workspace';
import type { ClusterNetworkPolicyModel, CnpAction, CnpDirection, CnpNamespacedPod, CnpPeer, CnpRule, CnpTier } from './model';

/**
 * ClusterNetworkPolicies compiled against a workspace: the workloads each subject selects, and for each
 * rule the endpoints its peers match for sure and those they may match (a `nodes` or `domainNames` peer
 * and an outside address, a `networks` peer and a workload of unknown address): the workspace cannot
 * tell, and an answer that depends on them is "unknown", never a guess.
 */

export interface CompiledCnpRule {
  readonly policy: CompiledClusterPolicy;
  readonly rule: CnpRule;
  readonly direction: CnpDirection;
  readonly action: CnpAction;
  /** `spec.egress[0]` */
  readonly field: string;
  /** Endpoint ids the rule's peers surely match. */
  readonly sure: ReadonlySet<number>;
  /** Endpoint ids the rule's peers may match: the workspace cannot tell. */
  readonly maybe: ReadonlySet<number>;
}

export interface CompiledClusterPolicy {
  readonly id: number;
  readonly manifest: ClusterPolicyManifest;
  readonly model: ClusterNetworkPolicyModel;
  readonly name: string;
  readonly tier: CnpTier;
  readonly priority: number;
  readonly uri: string;
  /** Workload endpoint ids of the subject. */
  readonly selected: ReadonlySet<number>;
  readonly ingress: readonly CompiledCnpRule[];
  readonly egress: readonly CompiledCnpRule[];
}

/** What compiling needs of the workspace. */
export interface CnpCompileContext {
  readonly endpoints: readonly Endpoint[];
  /** Workload endpoint ids in the namespaces the selector matches. */
  workloadsInNamespaces(selector: LabelSelector): ReadonlySet<number>;
  /** Workload endpoint ids whose labels the selector matches. */
  workloadsMatching(selector: LabelSelector): readonly number[];
}

function namespacedPods(ctx: CnpCompileContext, pods: CnpNamespacedPod): number[] {
  const scope = ctx.workloadsInNamespaces(pods.namespaceSelector);
  return ctx.workloadsMatching(pods.podSelector).filter((id) => scope.has(id));
}

/**
 * Where network plugins give pods their addresses: the private ranges (RFC 1918, the shared address space
 * of RFC 6598, IPv6 unique local addresses). A pod whose address the manifests do not give is taken to be
 * in one of them, as NetworkPolicy ipBlocks are judged elsewhere: a network outside them never holds it.
 */
const POD_ADDRESS_RANGES: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].map((c) => parseCidr(c)!);

/** Could a domain name be an in-cluster one (a Pod's or headless Service's record, NPEP-133)? */
function mayNameClusterPods(domain: string): boolean {
  const name = domain.trim().toLowerCase().replace(/\.$/, '');
  return name.endsWith('.local') || name === '*.local';
}

function peerMatches(ctx: CnpCompileContext, peer: CnpPeer, sure: Set<number>, maybe: Set<number>): void {
  if (peer.namespaces) for (const id of ctx.workloadsInNamespaces(peer.namespaces)) sure.add(id);
  if (peer.pods) for (const id of namespacedPods(ctx, peer.pods)) sure.add(id);
  if (peer.networks) {
    const cidrs = peer.networks.map((text) => parseCidr(text.trim())).filter((c): c is Cidr => c !== undefined);
    for (const endpoint of ctx.endpoints) {
      if (endpoint.addresses.length > 0) {
        if (endpoint.addresses.some((a) => cidrs.some((c) => cidrHoldsAddress(c, a)))) sure.add(endpoint.id);
      } else if (!endpoint.external) {
        // A pod of unknown address is in a whole family's range (0.0.0.0/0, ::/0); in a narrower private one, perhaps.
        if (cidrs.some((c) => c.prefix === 0)) sure.add(endpoint.id);
        else if (cidrs.some((c) => POD_ADDRESS_RANGES.some((r) => cidrsOverlap(c, r)))) maybe.add(endpoint.id);
      }
    }
  }
  // Node addresses and what domain names resolve to are not in the manifests: outside addresses may be either.
  if (peer.nodes || peer.domainNames) {
    const podsToo = (peer.domainNames ?? []).some(mayNameClusterPods);
    for (const endpoint of ctx.endpoints) if (endpoint.external || podsToo) maybe.add(endpoint.id);
  }
}

export function compileClusterPolicy(ctx: CnpCompileContext, id: number, manifest: ClusterPolicyManifest): CompiledClusterPolicy {
  const model = manifest.model;
  const subject = model.subject.namespaces ? [...ctx.workloadsInNamespaces(model.subject.namespaces)] : namespacedPods(ctx, model.subject.pods!);
  const policy: { -readonly [K in keyof CompiledClusterPolicy]: CompiledClusterPolicy[K] } = {
    id,
    manifest,
    model,
    name: model.name,
    tier: model.tier,
    priority: model.priority,
    uri: manifest.uri,
    selected: new Set(subject.filter((e) => !ctx.endpoints[e]!.external)),
    ingress: [],
    egress: [],
  };
  const compileRule = (rule: CnpRule): CompiledCnpRule => {
    const sure = new Set<number>();
    const maybe = new Set<number>();
    for (const peer of rule.peers) peerMatches(ctx, peer, sure, maybe);
    for (const id of sure) maybe.delete(id);
    return { policy, rule, direction: rule.direction, action: rule.action, field: `spec.${rule.direction === 'Ingress' ? 'ingress' : 'egress'}[${rule.index}]`, sure, maybe };
  };
  policy.ingress = model.ingress.map(compileRule);
  policy.egress = model.egress.map(compileRule);
  return policy;
}

/** Admin before Baseline; lower priority first; same priority in file order (the API leaves it undefined). */
export function precedenceOrder(a: CompiledClusterPolicy, b: CompiledClusterPolicy): number {
  return (a.tier === b.tier ? 0 : a.tier === 'Admin' ? -1 : 1) || a.priority - b.priority || a.id - b.id;
}
