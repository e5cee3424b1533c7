import type { NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { effectiveProtocol } from './defaults';

/** Does `outer` allow every port `inner` allows? Named ports only match the same name. */
export function portCovers(outer: NetworkPolicyPort, inner: NetworkPolicyPort): boolean {
  if (effectiveProtocol(outer) !== effectiveProtocol(inner)) return false;
  if (outer.port === undefined) return true;
  if (inner.port === undefined) return false;
  if (typeof outer.port === 'string' || typeof inner.port === 'string') return outer.port === inner.port && outer.endPort === undefined && inner.endPort === undefined;
  return outer.port <= inner.port && (inner.endPort ?? inner.port) <= (outer.endPort ?? outer.port);
}
