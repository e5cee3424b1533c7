import type { IPBlock, NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import { cidrContains, cidrsOverlap, parseCidr, PRIVATE_RANGES } from '../net/cidr';
import type { DnsTarget } from './dns';
import { selectsDnsPods } from './dnsPeers';
import type { PolicyView } from './policyView';

const EXTERNAL_WORDS = /extern|internet/i;

/**
 * Does the policy say it is about external traffic: its name, or an annotation key or value, mentions
 * "external" or "internet" (`deny-external-egress`, `description: block internet access`)? A plain
 * `default-deny` says nothing of the kind.
 */
export function saysExternal(policy: PolicyView): boolean {
  if (EXTERNAL_WORDS.test(policy.name ?? '')) return true;
  return Object.entries(policy.object.metadata?.annotations ?? {}).some(([key, value]) => EXTERNAL_WORDS.test(key) || EXTERNAL_WORDS.test(value));
}

/**
 * Does the policy say it *denies* external traffic? It mentions external traffic and does not call
 * itself an allow policy (`allow-external-https` opens the internet on purpose).
 */
export function saysDeniesExternal(policy: PolicyView): boolean {
  return saysExternal(policy) && !/allow|permit/i.test(policy.name ?? '');
}

/**
 * Could this ipBlock let traffic to cluster addresses through? Cluster addresses are the configured pod
 * CIDRs, else the private ranges where clusters put pods and services. An except entry that covers the
 * whole overlap closes it.
 */
export function ipBlockReachesCluster(block: IPBlock, clusterRanges: readonly string[]): boolean {
  const cidr = parseCidr(block.cidr);
  if (!cidr) return false;
  const excepts = (block.except ?? []).map(parseCidr).filter((c) => c !== undefined);
  return clusterRanges.some((rangeText) => {
    const range = parseCidr(rangeText);
    if (!range || !cidrsOverlap(cidr, range)) return false;
    const overlap = cidr.prefix >= range.prefix ? cidr : range;
    return !excepts.some((e) => cidrContains(e, overlap));
  });
}

export function clusterRanges(podCidrs: readonly string[]): readonly string[] {
  return podCidrs.length > 0 ? podCidrs : PRIVATE_RANGES;
}

/** Can this egress peer be an in-cluster workload other than the DNS pods? */
export function peerReachesClusterWorkloads(peer: NetworkPolicyPeer, dns: DnsTarget, ranges: readonly string[]): boolean {
  if (peer.ipBlock) return ipBlockReachesCluster(peer.ipBlock, ranges);
  if (selectsDnsPods(peer.podSelector, dns)) return false;
  return !!(peer.podSelector || peer.namespaceSelector);
}
