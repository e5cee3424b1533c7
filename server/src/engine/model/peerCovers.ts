import type { IPBlock, NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import { cidrContains, cidrsOverlap, parseCidr } from '../net/cidr';
import { NAMESPACE_NAME_LABEL } from './namespaceNameLabel';
import { isEmptySelector, selectorCovers } from './selector';

/** The same block: equal cidr and the same except entries, in any order. */
export function sameIpBlock(a: IPBlock, b: IPBlock): boolean {
  const ca = parseCidr(a.cidr);
  const cb = parseCidr(b.cidr);
  if (!ca || !cb || ca.family !== cb.family || ca.network !== cb.network || ca.prefix !== cb.prefix) return false;
  return [...(a.except ?? [])].sort().join() === [...(b.except ?? [])].sort().join();
}

/** Every address `inner` lets through is let through by `outer`: inside its cidr, in none of its excepts. */
export function ipBlockCovers(outer: IPBlock, inner: IPBlock): boolean {
  if (sameIpBlock(outer, inner)) return true;
  const outerCidr = parseCidr(outer.cidr);
  const innerCidr = parseCidr(inner.cidr);
  if (!outerCidr || !innerCidr || !cidrContains(outerCidr, innerCidr)) return false;
  return !(outer.except ?? []).some((e) => {
    const except = parseCidr(e);
    return except !== undefined && cidrsOverlap(except, innerCidr);
  });
}

/** Does this namespaceSelector select the policy's own namespace for certain (`{}`, or it by name)? */
function selectsOwnNamespace(selector: NetworkPolicyPeer['namespaceSelector'], namespace: string | undefined): boolean {
  if (isEmptySelector(selector)) return true;
  return namespace !== undefined && selectorCovers(selector!, { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } });
}

/**
 * Does peer `outer` match every pod or address that peer `inner` matches (both in a policy of
 * `namespace`)? Proven from the selectors alone, so `false` means "not proven".
 */
export function peerCovers(outer: NetworkPolicyPeer, inner: NetworkPolicyPeer, namespace: string | undefined): boolean {
  if (outer.ipBlock || inner.ipBlock) return !!outer.ipBlock && !!inner.ipBlock && ipBlockCovers(outer.ipBlock, inner.ipBlock);
  const pods = selectorCovers(outer.podSelector ?? {}, inner.podSelector ?? {});
  if (!pods) return false;
  if (!outer.namespaceSelector) return !inner.namespaceSelector;
  if (!inner.namespaceSelector) return selectsOwnNamespace(outer.namespaceSelector, namespace);
  return selectorCovers(outer.namespaceSelector, inner.namespaceSelector);
}
