import * as l10n from '../l10n/t';
import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import type { PolicyType } from '../model/defaults';
import type { PolicyView } from '../model/policyView';
import { formatFieldPath } from '../parse/fieldPath';
import { nodeSpan } from '../parse/yamlFile';
import { knowsNamespace, unseenPodsOf } from '../reach/decidable';
import { formatPortSet, intersectPortSets, isEmptyPortSet, pairPorts, rulePortSet, unionPortSets, NO_PORTS } from '../reach/portSets';
import type { PortSet } from '../reach/portSets';
import type { CompiledPolicy, CompiledRule, Workspace } from '../reach/workspace';
import { NAMESPACE_NAME_LABEL } from '../reach/workspace';
import type { FixProposal, RelatedLocation, Rule } from './rule';
import { appendRuleEdit } from './support/appendRule';
import { workloadReach } from './support/workloadReach';

/**
 * NP954: a rule that allows one side of a connection that the other side never allows. An egress rule
 * whose destinations are isolated for ingress with no ingress rule admitting these sources on those ports
 * (or an ingress rule whose sources are isolated for egress with no egress rule reaching here) carries no
 * traffic: the two sides' policies, often written by different people, disagree.
 *
 * Said only when the workspace holds both sides: the peer is in the policy's own namespace (a bare
 * podSelector, or a namespaceSelector naming that namespace), the workspace plausibly holds every pod of it
 * (decidable.ts), every policy of it is read (no template or patch), the other side's rules name no
 * ipBlock (which may hold pod addresses), and no pair of a selected workload and a peer workload is
 * allowed on any of the rule's ports. Peers in other namespaces are not judged: the editor re-checks a
 * namespace's workspace rules when its own policies change, not another namespace's.
 */

function otherDirection(direction: PolicyType): PolicyType {
  return direction === 'Ingress' ? 'Egress' : 'Ingress';
}

/** Is the peer, as written, one that names pods of the policy's own namespace only? */
function inOwnNamespace(peer: NetworkPolicyPeer, namespace: string): boolean {
  if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) return false;
  if (!peer.namespaceSelector) return true;
  const selector = peer.namespaceSelector;
  const named = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
  const expressions = selector.matchExpressions ?? [];
  if (named !== undefined) return named === namespace && Object.keys(selector.matchLabels ?? {}).length === 1 && expressions.length === 0;
  const only = expressions.length === 1 ? expressions[0]! : undefined;
  return Object.keys(selector.matchLabels ?? {}).length === 0 && only?.key === NAMESPACE_NAME_LABEL && only.operator === 'In' && (only.values ?? []).length === 1 && only.values![0] === namespace;
}

/** Every policy of the namespace is part of the workspace (none is a template, a patch, or cut short). */
function policiesAllRead(ws: Workspace, namespace: string): boolean {
  return ws.files.every((f) => f.policies.every((view) => (view.isAnalysable && !view.isPartial) || (view.namespace !== undefined && view.namespace !== namespace)));
}

function keys(ws: Workspace, ids: readonly number[]): string {
  const names = ids.slice(0, 3).map((id) => ws.endpoints[id]!.key);
  return ids.length > 3 ? l10n.t('{0}, and {1} more', names.join(', '), ids.length - 3) : names.join(', ');
}

function policyRange(policy: CompiledPolicy) {
  const span = policy.view.valueSpan(['metadata', 'name']) ?? policy.view.keySpan(['kind']) ?? nodeSpan(policy.view.source.node) ?? [0, 0];
  return policy.view.file.lines.range(span[0], span[1]);
}

/**
 * The other side's policy that a fix adds the missing rule to: one isolating exactly the peer's workloads
 * in that direction (adding to a namespace-wide default deny would open every pod of it).
 */
function fixTarget(isolating: readonly CompiledPolicy[], peers: readonly number[]): CompiledPolicy | undefined {
  const wanted = new Set(peers);
  return isolating.find((p) => p.selected.length === wanted.size && p.selected.every((id) => wanted.has(id)));
}

function missingRuleFix(
  policy: PolicyView,
  compiled: CompiledPolicy,
  rule: CompiledRule,
  target: CompiledPolicy,
  currentFile: { uri: string },
): FixProposal | undefined {
  const direction = otherDirection(rule.direction);
  const key = direction === 'Ingress' ? 'from' : 'to';
  const peer = { podSelector: policy.object.spec?.podSelector ?? {} };
  // The ports as people write them: port, endPort, then protocol.
  const ports = rule.ports.map((e) => ({ ...(e.port !== undefined ? { port: e.port } : {}), ...(e.endPort !== undefined ? { endPort: e.endPort } : {}), ...(e.protocol !== undefined ? { protocol: e.protocol } : {}) }));
  const added = { [key]: [peer], ...(ports.length > 0 ? { ports } : {}) };
  const edit = appendRuleEdit(target.view, direction === 'Ingress' ? 'ingress' : 'egress', added);
  if (!edit) return undefined;
  const title =
    direction === 'Ingress'
      ? l10n.t('Add an ingress rule to {0} admitting the pods of {1}', target.key, compiled.key)
      : l10n.t('Add an egress rule to {0} reaching the pods of {1}', target.key, compiled.key);
  return target.uri === currentFile.uri ? { title, edits: [edit] } : { title, edits: [edit], inFile: { uri: target.uri, file: target.view.file } };
}

export const oneSidedAllow: Rule = {
  meta: {
    code: 'NP954',
    name: 'one-sided-allow',
    description: 'a rule allows a connection that the other side never allows',
    defaultSeverity: 'warning',
    fixable: true,
  },
  dependsOn: 'workspace',
  reach: workloadReach,
  check(context) {
    const { policies, workspace: ws } = context;
    if (!ws) return;
    for (const policy of policies) {
      const compiled = ws.compiledOf(policy);
      if (!compiled || compiled.selected.length === 0) continue;
      const namespace = compiled.namespace;
      if (!knowsNamespace(ws, namespace) || !policiesAllRead(ws, namespace)) continue;
      const currentFile = { uri: compiled.uri };
      for (const direction of compiled.policyTypes) {
        const other = otherDirection(direction);
        for (const rule of direction === 'Ingress' ? compiled.ingress : compiled.egress) {
          if (rule.allPeers) continue;
          rule.peers.forEach((peer) => {
            if (!inOwnNamespace(peer.peer, namespace)) return;
            const peerIds = peer.endpoints.filter((id) => !ws.endpoints[id]!.external);
            if (peerIds.length === 0) return;
            // A Service whose pods the workspace does not show, and that this peer could match: those pods
            // may be admitted by policies of their own that the workspace does not hold either.
            if (unseenPodsOf(ws, namespace, peer.peer.podSelector ?? {})) return;
            // Every peer workload must be isolated in the other direction by policies that name no ipBlock.
            const isolating = new Set<CompiledPolicy>();
            for (const id of peerIds) {
              const by = ws.policiesFor(id, other);
              if (by.length === 0) return;
              for (const p of by) isolating.add(p);
            }
            const others = [...isolating].sort((a, b) => a.key.localeCompare(b.key));
            const otherRules = others.flatMap((p) => (other === 'Ingress' ? p.ingress : p.egress));
            if (otherRules.some((r) => r.peers.some((p) => p.block && !p.block.isEverything))) return;
            let offered: PortSet = NO_PORTS;
            for (const self of compiled.selected) {
              for (const id of peerIds) {
                const [source, destination] = direction === 'Egress' ? [ws.endpoints[self]!, ws.endpoints[id]!] : [ws.endpoints[id]!, ws.endpoints[self]!];
                const mine = rulePortSet(rule, destination);
                offered = unionPortSets(offered, mine);
                const theirs = pairPorts(ws, source, destination)[other === 'Ingress' ? 'ingress' : 'egress'].ports;
                if (!isEmptyPortSet(intersectPortSets(mine, theirs))) return;
              }
            }
            // A named port that no peer declares is another problem (the rule admits nothing by itself).
            if (isEmptyPortSet(offered)) return;
            const list = direction === 'Egress' ? 'to' : 'from';
            const path = [...rule.field, list, peer.index];
            const peersText = keys(ws, peerIds);
            const selfText = keys(ws, compiled.selected);
            const isolatedBy = others.map((p) => p.key).join(', ');
            const ports = formatPortSet(offered);
            const message =
              direction === 'Egress'
                ? peerIds.length === 1
                  ? l10n.t('{0} allows egress to {1} on {2}, but {1} never admits it: isolated for ingress by {3}, with no ingress rule admitting {4} on those ports. This rule carries no traffic to it', formatFieldPath(rule.field), peersText, ports, isolatedBy, selfText)
                  : l10n.t('{0} allows egress to {1} on {2}, but {1} never admit it: isolated for ingress by {3}, with no ingress rule admitting {4} on those ports. This rule carries no traffic to them', formatFieldPath(rule.field), peersText, ports, isolatedBy, selfText)
                : peerIds.length === 1
                  ? l10n.t('{0} admits ingress from {1} on {2}, but {1} may never send it: isolated for egress by {3}, with no egress rule reaching {4} on those ports. This rule admits no traffic from it', formatFieldPath(rule.field), peersText, ports, isolatedBy, selfText)
                  : l10n.t('{0} admits ingress from {1} on {2}, but {1} may never send it: isolated for egress by {3}, with no egress rule reaching {4} on those ports. This rule admits no traffic from them', formatFieldPath(rule.field), peersText, ports, isolatedBy, selfText);
            const related: RelatedLocation[] = others.map((p) => ({
              uri: p.uri,
              range: policyRange(p),
              message: other === 'Ingress' ? l10n.t('{0} isolates {1} for ingress', p.key, keys(ws, p.selected.filter((id) => peerIds.includes(id)))) : l10n.t('{0} isolates {1} for egress', p.key, keys(ws, p.selected.filter((id) => peerIds.includes(id)))),
            }));
            const target = fixTarget(others, peerIds);
            const fix = target ? missingRuleFix(policy, compiled, rule, target, currentFile) : undefined;
            context.reportAt(policy, path, { message, related, ...(fix ? { fixes: [fix] } : {}) });
          });
        }
      }
    }
  },
};
