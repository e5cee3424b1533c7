import * as l10n from '../l10n/t';
import { ciliumPoliciesOf } from '../cilium/model';
import type { CiliumPeerRule, CiliumPortRule, CiliumSelector } from '../cilium/model';
import { reportOn } from '../cilium/report';
import type { Rule } from './rule';

const WORLD = /^world(-ipv[46])?$/i;

function sameSelector(a: CiliumSelector, b: CiliumSelector): boolean {
  if (a.expressions.length > 0 || b.expressions.length > 0 || a.labels.size !== b.labels.size) return false;
  return [...a.labels].every(([k, v]) => b.labels.get(k) === v);
}

/** Does the deny item's peer set cover every peer of the allow item? */
function peersCovered(deny: CiliumPeerRule, allow: CiliumPeerRule): boolean {
  const denyEntities = deny.entities.map((e) => e.value.toLowerCase());
  if (denyEntities.includes('all')) return true;
  const hasPeer = allow.entities.length + allow.cidrs.length + allow.fqdns.length + (allow.endpoints?.length ?? 0) + allow.otherPeerKeys.length > 0;
  if (!hasPeer || allow.otherPeerKeys.length > 0) return false;
  const world = denyEntities.includes('world');
  // CIDR and FQDN identities are part of `world` (Documentation/security/policy/language.rst, "Entities based").
  if ((allow.cidrs.length > 0 || allow.fqdns.length > 0) && !world) return false;
  if (!allow.entities.every((e) => denyEntities.includes(e.value.toLowerCase()) || (world && WORLD.test(e.value)))) return false;
  return (allow.endpoints ?? []).every((selector) => (deny.endpoints ?? []).some((d) => sameSelector(d, selector)));
}

function portKeys(rules: readonly CiliumPortRule[]): { port: string; protocol: string }[] {
  return rules.flatMap((r) => r.ports.map((p) => ({ port: p.port ?? '0', protocol: (p.protocol ?? 'ANY').toUpperCase() })));
}

/** Does the deny item's port set cover every port of the allow item? */
function portsCovered(deny: CiliumPeerRule, allow: CiliumPeerRule): boolean {
  if (deny.toPorts === undefined) return true;
  if (allow.toPorts === undefined) return false;
  const denied = portKeys(deny.toPorts);
  const allowed = portKeys(allow.toPorts);
  if (allowed.length === 0 || denied.some((d) => d.port === '0')) return denied.some((d) => d.port === '0' && d.protocol === 'ANY');
  return allowed.every((a) => denied.some((d) => d.port === a.port && (d.protocol === 'ANY' || d.protocol === a.protocol)));
}

/**
 * Deny rules take precedence over allow rules, whatever policy they are in (Cilium docs,
 * Documentation/security/policy/language.rst "Deny Policies"): an allow rule whose every peer and port
 * a deny rule of the same policy also matches never allows anything.
 */
export const ciliumDenyShadowsAllow: Rule = {
  meta: {
    code: 'CIL210',
    name: 'cilium-deny-shadows-allow',
    description: 'An `egressDeny`/`ingressDeny` rule that matches everything an allow rule of the same policy allows: the allow rule is dead.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  dependsOn: 'document',
  check(context) {
    for (const policy of ciliumPoliciesOf(context.file)) {
      for (const rule of policy.rules) {
        for (const [allowSide, denySide] of [['egress', 'egressDeny'], ['ingress', 'ingressDeny']] as const) {
          const denies = rule.sections[denySide]?.items ?? [];
          if (denies.length === 0) continue;
          for (const allow of rule.sections[allowSide]?.items ?? []) {
            const deny = denies.find((d) => peersCovered(d, allow) && portsCovered(d, allow));
            if (!deny) continue;
            const first = [...allow.keyNodes.values()][0];
            reportOn(
              context,
              policy,
              first ?? allow.node,
              allow.path,
              l10n.t('this {0} rule never allows anything: {1}[{2}] of the same policy denies all of its traffic, and deny rules take precedence over allow rules', allowSide, denySide, deny.index),
            );
          }
        }
      }
    }
  },
};
