import type { Endpoint } from '../reach/workspace';
import type { CompiledClusterPolicy, CompiledCnpRule } from './compile';
import type { CnpProtocol } from './model';

/**
 * One direction of a connection through the tiers (clusternetworkpolicy_types.go, `Tier`): Admin-tier
 * ClusterNetworkPolicies by priority, each policy's rules in order, the first that matches deciding
 * (Accept, Deny) or handing on to the NetworkPolicy tier (Pass); then the NetworkPolicies, which decide
 * for pods they isolate; then the Baseline tier the same way (Pass hands on to the default); then the
 * default, allowed. A rule whose match the workspace cannot know makes the answer unknown when matching
 * or not would end differently; so does another policy of the same tier and priority that would decide
 * otherwise (the API leaves their order undefined).
 */

export type TierName = 'Admin' | 'NetworkPolicy' | 'Baseline' | 'default';

export interface Query {
  readonly port: number;
  readonly protocol: string;
}

/** What decided, on the path where every undecidable rule does not match. */
export interface TierDecision {
  readonly tier: TierName;
  /** The ClusterNetworkPolicy rule that decided (Admin or Baseline tier). */
  readonly rule?: CompiledCnpRule;
  /** Rules that passed the connection on to the next tier, in order. */
  readonly passedBy: readonly CompiledCnpRule[];
}

export interface TieredVerdict {
  /** Undefined: unknown (it depends on what the workspace cannot tell). */
  readonly allowed: boolean | undefined;
  readonly decision: TierDecision;
  /** Rules the workspace cannot tell whether they match, met before the decision. */
  readonly undecidable: readonly CompiledCnpRule[];
  /** Policies of the deciding policy's tier and priority whose own first matching rule acts otherwise. */
  readonly sameRank: readonly CompiledCnpRule[];
}

export function cnpProtocolMatches(entry: CnpProtocol, query: Query, destination: Endpoint): boolean {
  if (entry.namedPort !== undefined) {
    return destination.ports.some((p) => p.name === entry.namedPort && p.protocol === query.protocol && p.port === query.port);
  }
  if (entry.protocol !== query.protocol) return false;
  return entry.ports === undefined || (entry.ports[0] <= query.port && query.port <= entry.ports[1]);
}

export function cnpRuleProtocolsMatch(rule: CompiledCnpRule, query: Query, destination: Endpoint): boolean {
  const protocols = rule.rule.protocols;
  return protocols === undefined || protocols.length === 0 || protocols.some((p) => cnpProtocolMatches(p, query, destination));
}

type Match = 'no' | 'sure' | 'maybe';

function ruleMatch(rule: CompiledCnpRule, peer: Endpoint, destination: Endpoint, query: Query): Match {
  if (!cnpRuleProtocolsMatch(rule, query, destination)) return 'no';
  if (rule.sure.has(peer.id)) return 'sure';
  return rule.maybe.has(peer.id) ? 'maybe' : 'no';
}

interface Step {
  readonly rule: CompiledCnpRule;
  readonly match: Match;
}

interface Walk {
  readonly outcomes: Set<boolean>;
  readonly decision: TierDecision;
  readonly undecidable: CompiledCnpRule[];
  readonly sameRank: CompiledCnpRule[];
}

/**
 * @param policies the ClusterNetworkPolicies whose subject is `subject`, in precedence order
 * @param networkPolicy the NetworkPolicy tier's answer: undefined when no NetworkPolicy isolates the subject
 */
export function tieredVerdict(
  policies: readonly CompiledClusterPolicy[],
  direction: 'Ingress' | 'Egress',
  peer: Endpoint,
  destination: Endpoint,
  query: Query,
  networkPolicy: boolean | undefined,
): TieredVerdict {
  const admin: Step[] = [];
  const baseline: Step[] = [];
  for (const policy of policies) {
    for (const rule of direction === 'Ingress' ? policy.ingress : policy.egress) {
      const match = ruleMatch(rule, peer, destination, query);
      if (match !== 'no') (policy.tier === 'Admin' ? admin : baseline).push({ rule, match });
    }
  }
  const walkDefault = (passedBy: readonly CompiledCnpRule[]): Walk => ({ outcomes: new Set([true]), decision: { tier: 'default', passedBy }, undecidable: [], sameRank: [] });
  const walkNetworkPolicy = (passedBy: readonly CompiledCnpRule[]): Walk =>
    networkPolicy === undefined ? walkTier(baseline, 0, passedBy, walkDefault) : { outcomes: new Set([networkPolicy]), decision: { tier: 'NetworkPolicy', passedBy }, undecidable: [], sameRank: [] };
  const actionWalk = (rule: CompiledCnpRule, passedBy: readonly CompiledCnpRule[], next: (passedBy: readonly CompiledCnpRule[]) => Walk): Walk => {
    if (rule.action === 'Pass') return next([...passedBy, rule]);
    return { outcomes: new Set([rule.action === 'Accept']), decision: { tier: rule.policy.tier, rule, passedBy }, undecidable: [], sameRank: [] };
  };
  function walkTier(steps: readonly Step[], from: number, passedBy: readonly CompiledCnpRule[], next: (passedBy: readonly CompiledCnpRule[]) => Walk): Walk {
    for (let i = from; i < steps.length; i++) {
      const { rule, match } = steps[i]!;
      if (match === 'maybe') {
        // Either it matches (and acts), or the walk goes on: both answers are possible.
        const matched = actionWalk(rule, passedBy, next);
        const rest = walkTier(steps, i + 1, passedBy, next);
        return { ...rest, outcomes: new Set([...matched.outcomes, ...rest.outcomes]), undecidable: [rule, ...rest.undecidable] };
      }
      const decided = actionWalk(rule, passedBy, next);
      // Other policies of the same tier and priority that match too: the implementation may apply either.
      const rivals: CompiledCnpRule[] = [];
      const seen = new Set<CompiledClusterPolicy>([rule.policy]);
      for (let j = i + 1; j < steps.length; j++) {
        const other = steps[j]!.rule;
        if (other.policy.priority !== rule.policy.priority || seen.has(other.policy)) continue;
        seen.add(other.policy);
        if (other.action !== rule.action) rivals.push(other);
      }
      const outcomes = new Set(decided.outcomes);
      for (const rival of rivals) for (const o of actionWalk(rival, passedBy, next).outcomes) outcomes.add(o);
      return { ...decided, outcomes, sameRank: [...rivals, ...decided.sameRank] };
    }
    return next(passedBy);
  }
  const walk = walkTier(admin, 0, [], walkNetworkPolicy);
  return {
    allowed: walk.outcomes.size === 1 ? [...walk.outcomes][0] : undefined,
    decision: walk.decision,
    undecidable: walk.undecidable,
    sameRank: walk.sameRank,
  };
}
