import * as l10n from '../l10n/t';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { cidrContains, parseCidr } from '../net/cidr';
import { selectorCovers } from '../model/selector';
import type { ClusterNetworkPolicyModel, CnpPeer, CnpRule, CnpSubject } from '../cnp/model';
import type { ClusterPolicySource } from '../parse/clusterPolicies';
import type { RelatedLocation, Rule } from './rule';
import { clusterPoliciesElsewhere, fileClusterPolicies, keyAt, nodeAt, spanOf } from './support/cnpPitfalls';

const namespacesOf = (s: CnpSubject): LabelSelector => s.namespaces ?? s.pods!.namespaceSelector;
const podsOf = (s: CnpSubject): LabelSelector => s.pods?.podSelector ?? {};

/** Does `wide` select every pod that `narrow` selects (proven selector by selector)? */
function subjectCovers(wide: CnpSubject, narrow: CnpSubject): boolean {
  return selectorCovers(namespacesOf(wide), namespacesOf(narrow)) && selectorCovers(podsOf(wide), podsOf(narrow));
}

/** The pods a namespaces or pods peer holds, as namespace and pod selectors. */
function podPeer(peer: CnpPeer): { namespaces: LabelSelector; pods: LabelSelector } | undefined {
  if (peer.namespaces) return { namespaces: peer.namespaces, pods: {} };
  if (peer.pods) return { namespaces: peer.pods.namespaceSelector, pods: peer.pods.podSelector };
  return undefined;
}

/** Does `wide` take in everything `narrow` names? Only like with like; `false` means "not proven". */
function peerCovers(wide: CnpPeer, narrow: CnpPeer): boolean {
  const kinds = [narrow.namespaces || narrow.pods, narrow.networks, narrow.nodes, narrow.domainNames].filter((k) => k !== undefined);
  if (kinds.length !== 1) return false;
  const narrowPods = podPeer(narrow);
  if (narrowPods) {
    const widePods = podPeer(wide);
    return widePods !== undefined && selectorCovers(widePods.namespaces, narrowPods.namespaces) && selectorCovers(widePods.pods, narrowPods.pods);
  }
  if (narrow.networks) {
    const outer = (wide.networks ?? []).map((c) => parseCidr(c.trim()));
    return (
      narrow.networks.length > 0 &&
      narrow.networks.every((text) => {
        const inner = parseCidr(text.trim());
        return inner !== undefined && outer.some((o) => o !== undefined && o.family === inner.family && cidrContains(o, inner));
      })
    );
  }
  if (narrow.nodes) return wide.nodes !== undefined && selectorCovers(wide.nodes, narrow.nodes);
  return narrow.domainNames!.length > 0 && narrow.domainNames!.every((d) => wide.domainNames?.includes(d) === true);
}

/** Does `wide`'s protocols list match every connection `narrow`'s does? */
function protocolsCover(wide: CnpRule, narrow: CnpRule): boolean {
  if (!wide.protocols || wide.protocols.length === 0) return true;
  if (!narrow.protocols || narrow.protocols.length === 0) return false;
  const keys = new Set(wide.protocols.map((p) => JSON.stringify([p.protocol, p.ports, p.namedPort])));
  return narrow.protocols.every((p) => keys.has(JSON.stringify([p.protocol, p.ports, p.namedPort])));
}

interface Candidate {
  readonly model: ClusterNetworkPolicyModel;
  readonly where: string;
  readonly related?: RelatedLocation;
}

/**
 * Is every connection `baseline` could decide decided in the Admin tier by `admin`? Its subject takes in
 * the Baseline subject, each peer of each Baseline rule is taken in by an Accept or Deny rule of `admin`
 * (with the same or wider protocols), and nothing can hand the connection on: no Pass rule in `admin`, nor
 * in any Admin policy of equal or higher precedence, in that direction.
 */
function shadows(admin: ClusterNetworkPolicyModel, baseline: ClusterNetworkPolicyModel, allAdmin: readonly ClusterNetworkPolicyModel[]): boolean {
  if (!subjectCovers(admin.subject, baseline.subject)) return false;
  if (admin.skipped.length > 0 || baseline.skipped.length > 0) return false;
  return (['ingress', 'egress'] as const).every((direction) => {
    const rules = baseline[direction];
    if (rules.length === 0) return true;
    if (allAdmin.some((other) => (other === admin || other.priority <= admin.priority) && other[direction].some((r) => r.action === 'Pass'))) return false;
    return rules.every((rule) => rule.peers.length > 0 && rule.peers.every((peer) => admin[direction].some((deciding) => protocolsCover(deciding, rule) && deciding.peers.some((wide) => peerCovers(wide, peer)))));
  });
}

/**
 * CNP206: a Baseline-tier ClusterNetworkPolicy every connection of which is decided first by one Admin-tier
 * policy's Accept and Deny rules. clusternetworkpolicy_types.go, `Tier`: "If Admin tier has made a final
 * decision (Accept or Deny) on a connection, then no further evaluation is done", so the Baseline policy
 * never acts. Information: a policy kept for when the Admin one goes may be intended.
 */
export const cnpBaselineShadowedByAdmin: Rule = {
  meta: {
    code: 'CNP206',
    name: 'cnp-baseline-shadowed-by-admin',
    description: 'a Baseline-tier ClusterNetworkPolicy whose every connection an Admin-tier policy decides first: it never acts',
    defaultSeverity: 'information',
    fixable: false,
  },
  dependsOn: 'cluster-policies',
  check(context) {
    const mine = fileClusterPolicies(context);
    const thisUri = context.workspace?.files.find((f) => f.file === context.file)?.uri;
    const candidates: Candidate[] = [];
    const relatedIn = (source: ClusterPolicySource, name: string): RelatedLocation | undefined => {
      if (thisUri === undefined) return undefined;
      const [start, end] = spanOf(source, nodeAt(source, ['metadata', 'name']));
      return { uri: thisUri, range: context.file.lines.range(start, end), message: l10n.t('Admin-tier policy {0} decides these connections first', name) };
    };
    for (const { source, model } of mine) {
      if (model.tier !== 'Admin') continue;
      const related = relatedIn(source, model.name);
      candidates.push({ model, where: 'this file', ...(related ? { related } : {}) });
    }
    for (const policy of clusterPoliciesElsewhere(context)) {
      if (policy.model.tier !== 'Admin') continue;
      const { file, span } = policy.manifest;
      candidates.push({ model: policy.model, where: policy.uri, related: { uri: policy.uri, range: file.lines.range(span[0], span[1]), message: l10n.t('Admin-tier policy {0} decides these connections first', policy.model.name) } });
    }
    const allAdmin = candidates.map((c) => c.model);
    for (const { source, model } of mine) {
      if (model.tier !== 'Baseline' || model.ingress.length + model.egress.length === 0) continue;
      const deciding = candidates.find((c) => shadows(c.model, model, allAdmin));
      if (!deciding) continue;
      context.report({
        span: spanOf(source, keyAt(source, ['spec', 'tier'])),
        message: l10n.t('Every connection this Baseline-tier policy could decide is decided first by Admin-tier policy {0} ({1}), and an Admin decision is final: this policy never acts', deciding.model.name, deciding.where),
        ...(deciding.related ? { related: [deciding.related] } : {}),
      });
    }
  },
};
