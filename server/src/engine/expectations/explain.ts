/**
 * A broken expectation in words, in `netpol-lens reach`'s wording: what was expected, the pair and port that
 * break it, and for each direction which policies isolate that end and which rule allows it (or that none
 * does). The CLI adds file:line to each policy; the editor points at them with related information.
 */
import * as l10n from '../l10n/t';
import { formatFieldPath } from '../parse/fieldPath';
import { nodeSpan } from '../parse/yamlFile';
import { formatPortSet } from '../reach/portSets';
import type { PortSet } from '../reach/portSets';
import type { CompiledPolicy, CompiledRule } from '../reach/workspace';
import type { Outcome, SideReason } from './evaluate';
import type { Expectation, PortRange } from './format';

export function formatPortRange(range: PortRange): string {
  return range.from === range.to ? `${range.from}/${range.protocol}` : `${range.from}-${range.to}/${range.protocol}`;
}

/** `shop/frontend -> shop/api on 8080/TCP` */
export function describeExpectation(e: Expectation): string {
  return e.port ? l10n.t('{0} -> {1} on {2}', e.from.text, e.to.text, formatPortRange(e.port)) : `${e.from.text} -> ${e.to.text}`;
}

/** `to be allowed on 8080/TCP`, `to be allowed on some port`, `to be denied on every port` */
function expectedText(e: Expectation): string {
  if (e.port) {
    const range = formatPortRange(e.port);
    if (e.port.from === e.port.to) return e.allowed ? l10n.t('to be allowed on {0}', range) : l10n.t('to be denied on {0}', range);
    return e.allowed ? l10n.t('to be allowed on every port of {0}', range) : l10n.t('to be denied on every port of {0}', range);
  }
  return e.allowed ? l10n.t('to be allowed on some port') : l10n.t('to be denied on every port');
}

/** Where a policy, or one of its rules, is written: `policies.yaml:12`, or nothing. */
export type Locate = (policy: CompiledPolicy, rule?: CompiledRule) => string | undefined;

function named(policy: CompiledPolicy, locate?: Locate, rule?: CompiledRule): string {
  const where = locate?.(policy, rule);
  return `${policy.key}${rule ? ` ${formatFieldPath(rule.field)}` : ''}${where ? ` (${where})` : ''}`;
}

/** One direction, as `reach` says it: `egress: shop/api is isolated by ...; no rule allows this: denied`. */
export function sideSentence(side: SideReason, withPort: boolean, locate?: Locate): string {
  const sentence = sideBody(side, withPort, locate);
  return side.direction === 'Egress' ? l10n.t('egress: {0}', sentence) : l10n.t('ingress: {0}', sentence);
}

function sideBody(side: SideReason, withPort: boolean, locate?: Locate): string {
  const key = side.end.key;
  if (side.end.external) return l10n.t('{0} is not a pod of the workspace; no NetworkPolicy applies to it', key);
  if (side.isolatedBy.length === 0) {
    return side.direction === 'Egress'
      ? l10n.t('{0} is not isolated for egress (no policy selects it with Egress): allowed', key)
      : l10n.t('{0} is not isolated for ingress (no policy selects it with Ingress): allowed', key);
  }
  const by = side.isolatedBy.map((p) => named(p, locate)).join(', ');
  if (side.allowedBy.length === 0) {
    return withPort ? l10n.t('{0} is isolated by {1}; no rule allows this: denied', key, by) : l10n.t('{0} is isolated by {1}; no rule allows this on any port: denied', key, by);
  }
  const rules = side.allowedBy.map((r) => (!withPort && r.ports ? l10n.t('{0} on {1}', named(r.policy, locate, r.rule), formatPortSet(r.ports)) : named(r.policy, locate, r.rule))).join(', ');
  return l10n.t('{0} is isolated by {1}; allowed by {2}', key, by, rules);
}

function allowedText(ports: PortSet): string {
  const text = formatPortSet(ports);
  return text === 'all' ? l10n.t('every port') : text;
}

/** The first line: what was expected and what the policies do instead. */
export function brokenSummary(e: Expectation, outcome: Extract<Outcome, { status: 'broken' }>): string {
  const pair = `${outcome.source.key} -> ${outcome.destination.key}`;
  const ports = outcome.witness ? (!e.allowed && !e.port ? allowedText(outcome.allowedPorts) : `${outcome.witness.port}/${outcome.witness.protocol}`) : '';
  const instead = outcome.witness
    ? e.allowed
      ? l10n.t('{0} is denied on {1}', pair, ports)
      : l10n.t('{0} is allowed on {1}', pair, ports)
    : l10n.t('{0} is denied on every port', pair);
  const more = outcome.brokenPairs > 1 ? l10n.t(' ({0} of its {1} pairs of endpoints break it)', outcome.brokenPairs, outcome.pairs) : '';
  return l10n.t('expected {0} -> {1} {2}, but {3}{4}', e.from.text, e.to.text, expectedText(e), instead, more);
}

/** The whole reason: the summary, then each direction. */
export function brokenReason(e: Expectation, outcome: Extract<Outcome, { status: 'broken' }>, locate?: Locate): string[] {
  const withPort = outcome.witness !== undefined;
  return [brokenSummary(e, outcome), sideSentence(outcome.egress, withPort, locate), sideSentence(outcome.ingress, withPort, locate)];
}

/** NP960's message: the reason in one paragraph. */
export function brokenMessage(e: Expectation, outcome: Extract<Outcome, { status: 'broken' }>): string {
  const [head, ...sides] = brokenReason(e, outcome);
  return l10n.t('{0}. {1}', `${head!.charAt(0).toUpperCase()}${head!.slice(1)}`, sides.join(l10n.t('. ')));
}

/** NP961's message. */
export function unknownMessage(e: Expectation, outcome: Extract<Outcome, { status: 'unknown' }>): string {
  return l10n.t('expect[{0}].{1}: {2}; this expectation is not checked', e.index, outcome.end, outcome.message);
}

/** The policies and rules that decide a broken expectation, with why each matters: what the editor points at. */
export function decidingPlaces(e: Expectation, outcome: Extract<Outcome, { status: 'broken' }>): { uri: string; span: readonly [number, number]; policy: CompiledPolicy; message: string }[] {
  const out: { uri: string; span: readonly [number, number]; policy: CompiledPolicy; message: string }[] = [];
  const policySpan = (p: CompiledPolicy) => p.view.valueSpan(['metadata', 'name']) ?? p.view.keySpan(['kind']) ?? nodeSpan(p.view.source.node) ?? [0, 0];
  for (const side of [outcome.egress, outcome.ingress]) {
    if (!side.allowed) {
      // Denied here: every policy isolating this end, none of whose rules allows it.
      for (const p of side.isolatedBy) {
        const message =
          side.direction === 'Egress'
            ? l10n.t('{0} isolates {1} for egress; none of its rules allows this', p.key, side.end.key)
            : l10n.t('{0} isolates {1} for ingress; none of its rules allows this', p.key, side.end.key);
        out.push({ uri: p.uri, span: policySpan(p), policy: p, message });
      }
    } else if (!e.allowed) {
      for (const r of side.allowedBy) {
        const span = nodeSpan(r.policy.view.node(r.rule.field)) ?? policySpan(r.policy);
        out.push({ uri: r.policy.uri, span, policy: r.policy, message:
            side.direction === 'Egress'
              ? l10n.t('{0} {1} allows egress to {2}', r.policy.key, formatFieldPath(r.rule.field), outcome.destination.key)
              : l10n.t('{0} {1} allows ingress from {2}', r.policy.key, formatFieldPath(r.rule.field), outcome.source.key),
        });
      }
    }
  }
  return out;
}
