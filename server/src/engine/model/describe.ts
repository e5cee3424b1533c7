import * as l10n from '../l10n/t';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { effectiveProtocol } from './defaults';
import { formatSelector, isEmptySelector } from './selector';

/** `namespace shop` / `the policy's namespace`, for messages. */
export function describeOwnNamespace(namespace: string | undefined): string {
  return namespace ? l10n.t('namespace {0}', namespace) : l10n.t("the policy's namespace");
}

/** The namespace a selector names when its only requirement is `kubernetes.io/metadata.name` = one value. */
function namespaceByName(selector: LabelSelector): string | undefined {
  const labels = Object.entries(selector.matchLabels ?? {});
  const expressions = selector.matchExpressions ?? [];
  if (labels.length === 1 && expressions.length === 0 && labels[0]![0] === 'kubernetes.io/metadata.name') return labels[0]![1];
  const e = expressions[0];
  if (labels.length === 0 && expressions.length === 1 && e!.key === 'kubernetes.io/metadata.name' && e!.operator === 'In' && e!.values?.length === 1) return e!.values[0];
  return undefined;
}

/** A peer in words: `pods app=web in namespace shop`, `all pods in namespaces team=a`, `10.0.0.0/8 except 10.1.0.0/16`. */
export function describePeer(peer: NetworkPolicyPeer, policyNamespace: string | undefined): string {
  if (peer.ipBlock) {
    const except = peer.ipBlock.except ?? [];
    return except.length > 0 ? l10n.t('{0} except {1}', peer.ipBlock.cidr, except.join(', ')) : peer.ipBlock.cidr;
  }
  const pods = isEmptySelector(peer.podSelector) ? l10n.t('all pods') : l10n.t('pods {0}', formatSelector(peer.podSelector!));
  if (!peer.namespaceSelector) return l10n.t('{0} in {1}', pods, describeOwnNamespace(policyNamespace));
  const named = namespaceByName(peer.namespaceSelector);
  const namespaces = isEmptySelector(peer.namespaceSelector)
    ? l10n.t('every namespace')
    : named !== undefined
      ? l10n.t('namespace {0}', named)
      : l10n.t('namespaces {0}', formatSelector(peer.namespaceSelector));
  return l10n.t('{0} in {1}', pods, namespaces);
}

/** `53/UDP, 8080-8090/TCP, http/TCP`, for messages. */
export function describePorts(ports: readonly NetworkPolicyPort[] | undefined): string {
  if (!ports || ports.length === 0) return l10n.t('every port');
  return ports
    .map((p) => {
      const number = p.port === undefined ? l10n.t('every port') : p.endPort !== undefined ? `${p.port}-${p.endPort}` : String(p.port);
      return `${number}/${effectiveProtocol(p)}`;
    })
    .join(', ');
}
