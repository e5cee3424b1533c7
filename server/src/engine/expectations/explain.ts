/**
 * A broken expectation in words, in `netpol-lens reach`'s wording: what was expected, the pair and port that
 * break it, and for each direction which policies isolate that end and which rule allows it (or that none
 * does). The CLI adds file:line to each policy; the editor points at them with related information.
 */
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
  return `${e.from.text} -> ${e.to.text}${e.port ? ` on ${formatPortRange(e.port)}` : ''}`;
}

/** `to be allowed on 8080/TCP`, `to be allowed on some port`, `to be denied on every port` */
function expectedText(e: Expectation): string {
  const verdict = e.allowed ? 'allowed' : 'denied';
  if (e.port) return `to be ${verdict} on ${e.port.from === e.port.to ? '' : 'every port of '}${formatPortRange(e.port)}`;
  return e.allowed ? 'to be allowed on some port' : 'to be denied on every port';
}

/** Where a policy, or one of its rules, is written: `policies.yaml:12`, or nothing. */
export type Locate = (policy: CompiledPolicy, rule?: CompiledRule) => string | undefined;

function named(policy: CompiledPolicy, locate?: Locate, rule?: CompiledRule): string {
  const where = locate?.(policy, rule);
  return `${policy.key}${rule ? ` ${formatFieldPath(rule.field)}` : ''}${where ? ` (${where})` : ''}`;
}

/** One direction, as `reach` says it: `egress: shop/api is isolated by ...; no rule allows this: denied`. */
export function sideSentence(side: SideReason, withPort: boolean, locate?: Locate): string {
  const label = side.direction === 'Egress' ? 'egress' : 'ingress';
  const key = side.end.key;
  if (side.end.external) return `${label}: ${key} is not a pod of the workspace; no NetworkPolicy applies to it`;
  if (side.isolatedBy.length === 0) return `${label}: ${key} is not isolated for ${label} (no policy selects it with ${side.direction}): allowed`;
  const by = side.isolatedBy.map((p) => named(p, locate)).join(', ');
  if (side.allowedBy.length === 0) return `${label}: ${key} is isolated by ${by}; no rule allows this${withPort ? '' : ' on any port'}: denied`;
  const rules = side.allowedBy.map((r) => `${named(r.policy, locate, r.rule)}${!withPort && r.ports ? ` on ${formatPortSet(r.ports)}` : ''}`).join(', ');
  return `${label}: ${key} is isolated by ${by}; allowed by ${rules}`;
}

function allowedText(ports: PortSet): string {
  const text = formatPortSet(ports);
  return text === 'all' ? 'every port' : text;
}

/** The first line: what was expected and what the policies do instead. */
export function brokenSummary(e: Expectation, outcome: Extract<Outcome, { status: 'broken' }>): string {
  const pair = `${outcome.source.key} -> ${outcome.destination.key}`;
  const instead = outcome.witness
    ? `${pair} is ${e.allowed ? 'denied' : 'allowed'} on ${!e.allowed && !e.port ? allowedText(outcome.allowedPorts) : `${outcome.witness.port}/${outcome.witness.protocol}`}`
    : `${pair} is denied on every port`;
  const more = outcome.brokenPairs > 1 ? ` (${outcome.brokenPairs} of its ${outcome.pairs} pairs of endpoints break it)` : '';
  return `expected ${e.from.text} -> ${e.to.text} ${expectedText(e)}, but ${instead}${more}`;
}

/** The whole reason: the summary, then each direction. */
export function brokenReason(e: Expectation, outcome: Extract<Outcome, { status: 'broken' }>, locate?: Locate): string[] {
  const withPort = outcome.witness !== undefined;
  return [brokenSummary(e, outcome), sideSentence(outcome.egress, withPort, locate), sideSentence(outcome.ingress, withPort, locate)];
}

/** NP960's message: the reason in one paragraph. */
export function brokenMessage(e: Expectation, outcome: Extract<Outcome, { status: 'broken' }>): string {
  const [head, ...sides] = brokenReason(e, outcome);
  return `${head!.charAt(0).toUpperCase()}${head!.slice(1)}. ${sides.join('. ')}`;
}

/** NP961's message. */
export function unknownMessage(e: Expectation, outcome: Extract<Outcome, { status: 'unknown' }>): string {
  return `expect[${e.index}].${outcome.end}: ${outcome.message}; this expectation is not checked`;
}

/** The policies and rules that decide a broken expectation, with why each matters: what the editor points at. */
export function decidingPlaces(e: Expectation, outcome: Extract<Outcome, { status: 'broken' }>): { uri: string; span: readonly [number, number]; policy: CompiledPolicy; message: string }[] {
  const out: { uri: string; span: readonly [number, number]; policy: CompiledPolicy; message: string }[] = [];
  const policySpan = (p: CompiledPolicy) => p.view.valueSpan(['metadata', 'name']) ?? p.view.keySpan(['kind']) ?? nodeSpan(p.view.source.node) ?? [0, 0];
  for (const side of [outcome.egress, outcome.ingress]) {
    const label = side.direction === 'Egress' ? 'egress' : 'ingress';
    if (!side.allowed) {
      // Denied here: every policy isolating this end, none of whose rules allows it.
      for (const p of side.isolatedBy) out.push({ uri: p.uri, span: policySpan(p), policy: p, message: `${p.key} isolates ${side.end.key} for ${label}; none of its rules allows this` });
    } else if (!e.allowed) {
      for (const r of side.allowedBy) {
        const span = nodeSpan(r.policy.view.node(r.rule.field)) ?? policySpan(r.policy);
        out.push({ uri: r.policy.uri, span, policy: r.policy, message: `${r.policy.key} ${formatFieldPath(r.rule.field)} allows ${label} ${side.direction === 'Egress' ? 'to' : 'from'} ${side.direction === 'Egress' ? outcome.destination.key : outcome.source.key}` });
      }
    }
  }
  return out;
}
