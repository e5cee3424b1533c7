import * as l10n from '../l10n/t';
import type { DnsProtocol, DnsRecognition } from '../model/dns';
import type { DnsGrant } from '../model/dnsCoverage';
import { appliedWith, dnsGrantsIn } from '../model/dnsCoverage';
import type { PolicyView } from '../model/policyView';
import { selectorMatches } from '../model/selector';
import { knowsNamespace } from './decidable';
import type { Endpoint, Workspace } from './workspace';

/** DNS as the cluster gives it to one workload's pods. */
export interface WorkloadDns {
  readonly endpoint: Endpoint;
  /**
   * The policies that select it and isolate it for egress, in an order that does not depend on which
   * file is being analysed: the first is where a finding about the workload goes (see `homeOrder`).
   */
  readonly isolators: readonly PolicyView[];
  /** The DNS grants of those policies: their egress rules add up. */
  readonly grants: readonly DnsGrant[];
  readonly protocols: ReadonlySet<DnsProtocol>;
}

/**
 * Where a finding about a workload goes, among the policies that isolate it: the one that selects the
 * fewest workloads (the workload's own policy, where its egress is written; a namespace-wide default
 * deny only for workloads that have none), then one with egress rules, then by file and place in the
 * file, so that every file's analysis picks the same one.
 */
function homeOrder(ws: Workspace): (a: PolicyView, b: PolicyView) => number {
  const reach = (p: PolicyView) => ws.selectedBy(p)?.length ?? Number.MAX_SAFE_INTEGER;
  const rank = (p: PolicyView) => (p.object.spec?.egress !== undefined ? 0 : 1);
  const uri = (p: PolicyView) => ws.sourceOf(p)?.uri ?? '';
  return (a, b) => {
    const byReach = reach(a) - reach(b);
    if (byReach !== 0) return byReach;
    const byRank = rank(a) - rank(b);
    if (byRank !== 0) return byRank;
    const ua = uri(a);
    const ub = uri(b);
    if (ua !== ub) return ua < ub ? -1 : 1;
    return (a.source.node.range?.[0] ?? 0) - (b.source.node.range?.[0] ?? 0);
  };
}

/**
 * DNS for each workload `policy` selects, judged the way the cluster does: over every policy of its
 * namespace that selects it and isolates it for egress (`policy`'s same-named alternatives left out).
 * Undefined when the workspace cannot say: no workload of that namespace, or none `policy` selects
 * (its pods may be made at run time); the caller then judges by labels.
 */
export function workloadDnsOf(policy: PolicyView, scope: readonly PolicyView[], ws: Workspace, dns: DnsRecognition): WorkloadDns[] | undefined {
  const source = ws.sourceOf(policy);
  if (!source || !knowsNamespace(ws, source.namespace)) return undefined;
  const selected = ws.selectedBy(policy) ?? [];
  if (selected.length === 0) return undefined;
  const namespaceOf = (p: PolicyView) => ws.sourceOf(p)?.namespace ?? p.namespace ?? ws.options.defaultNamespace;
  const isolating = appliedWith(policy, scope)
    .filter((p) => p.isAnalysable && !p.isPartial && p.isolates('Egress') && namespaceOf(p) === source.namespace)
    .sort(homeOrder(ws));
  return selected.map((id) => {
    const endpoint = ws.endpoints[id]!;
    const isolators = isolating.filter((p) => selectorMatches(p.object.spec?.podSelector ?? {}, endpoint.labels));
    const grants = dnsGrantsIn(isolators, dns);
    return { endpoint, isolators, grants, protocols: new Set(grants.map((g) => g.protocol)) };
  });
}

/** `Deployment web, StatefulSet db and 3 more`, for messages. */
export function describeWorkloads(workloads: readonly WorkloadDns[]): string {
  const names = workloads.map((w) => (w.endpoint.workload ? `${w.endpoint.workload.kind} ${w.endpoint.workload.name}` : w.endpoint.key));
  return names.length <= 5 ? names.join(', ') : l10n.t('{0} and {1} more', names.slice(0, 5).join(', '), names.length - 5);
}
