/**
 * `netpol-lens reach --from A --to B --port N[/PROTO] [paths...]`: is this connection allowed, and why.
 * Exit codes: 0 whatever the answer, 2 for bad arguments (unknown workload, bad port), I/O errors and
 * paths that hold no workload.
 */
import { parseArgs } from 'node:util';
import * as l10n from '../../engine/l10n/t';
import { reach as evaluate, Workspace } from '../../engine/reach';
import type { CompiledPolicy, DirectionVerdict, Endpoint, PortQuery } from '../../engine/reach';
import type { CompiledCnpRule } from '../../engine/cnp/compile';
import type { TieredVerdict } from '../../engine/cnp/evaluate';
import { parseAddress } from '../../engine/reach/addresses';
import { describeWellKnown, wellKnownAdditions } from '../../engine/reach/wellKnown';
import type { WellKnownEndpoint } from '../../engine/reach/wellKnown';
import { formatFieldPath } from '../../engine/parse/fieldPath';
import { UsageError } from '../usage';
import { buildFrom, lineOf, loadFiles, reportForeignPolicies, reportLoad, requireWorkloads, WORKSPACE_OPTIONS, workspaceUsage, workspaceSettings } from '../workspace';

/** The help of `reach`, in the language of --locale. */
export function reachUsage(): string {
  return l10n.t('Usage: netpol-lens reach --from <endpoint> --to <endpoint> --port <n>[/<protocol>] [options] [paths...]\n\nTells whether a connection is allowed by the NetworkPolicies in the given manifests, and why: which\npolicies isolate each side and which rules allow it. With ClusterNetworkPolicies, each side goes through\nthe tiers (Admin, NetworkPolicy, Baseline) and the answer names the tier and rule that decided; it is\n"unknown" when it depends on what the manifests cannot tell (nodes, domainNames, undefined order).\nAn endpoint is a workload, <namespace>/<name> (<namespace>/<Kind>/<name> when two kinds share a\nname), or an IP address (a Pod\'s status.podIP, or an address outside the cluster). The protocol is TCP (default), UDP or SCTP.\n\nOptions:\n  --from <endpoint>                the connecting side\n  --to <endpoint>                  the side that accepts the connection\n  --port <n>[/<protocol>]          destination port, for example 53/UDP\n  --format <text|json>             output format (default: text)\n{0}\n  -h, --help                       show this help\n\nExit code 0 whatever the answer; 2 for bad arguments, files that cannot be read, or no workloads in the\npaths (a message on stderr says which).\n', workspaceUsage());
}

export function parsePort(text: string): PortQuery {
  const match = /^(\d+)(?:\/([A-Za-z]+))?$/.exec(text.trim());
  const port = match ? Number(match[1]) : NaN;
  if (!match || !Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(l10n.t('bad port "{0}": expected a number from 1 to 65535, optionally /TCP, /UDP or /SCTP', text));
  const protocol = (match[2] ?? 'TCP').toUpperCase();
  if (!['TCP', 'UDP', 'SCTP'].includes(protocol)) throw new UsageError(l10n.t('bad protocol in "{0}": expected TCP, UDP or SCTP', text));
  return { port, protocol };
}

/** A workload by name, a workload by Pod address, or an outside address. */
function resolve(ws: Workspace, reference: string, option: string): Endpoint {
  const found = ws.findEndpoints(reference);
  const workloads = found.filter((e) => !e.external);
  if (workloads.length > 1) throw new UsageError(l10n.t('{0} {1} is ambiguous: {2}', option, reference, workloads.map((e) => e.key).join(', ')));
  const endpoint = workloads[0] ?? found[0];
  if (!endpoint) {
    const known = ws.workloads().map((e) => e.key);
    // requireWorkloads has made sure there is at least one.
    throw new UsageError(l10n.t('{0} {1}: no such workload (known: {2})', option, reference, `${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}`));
  }
  return endpoint;
}

function policyRef(policy: CompiledPolicy) {
  return { policy: policy.key, file: policy.uri, line: lineOf(policy.view, policy.view.source.node.range?.[0] ?? 0) };
}

function cnpRuleRef(rule: CompiledCnpRule) {
  const policy = rule.policy;
  const line = policy.manifest.file.lines.positionAt(policy.manifest.ruleOffset(rule.direction, rule.rule.index)).line + 1;
  return { policy: policy.name, tier: policy.tier, priority: policy.priority, rule: rule.field, ...(rule.rule.name ? { name: rule.rule.name } : {}), action: rule.action, file: policy.uri, line };
}

function cnpRuleText(rule: CompiledCnpRule): string {
  const r = cnpRuleRef(rule);
  const name = r.name ? ` "${r.name}"` : '';
  return l10n.t('ClusterNetworkPolicy {0} ({1} tier, priority {2}) {3}{4} {5} ({6}:{7})', r.policy, r.tier, r.priority, r.rule, name, r.action, r.file, r.line);
}

/** What the text output says of a connection: allowed, denied or unknown. */
function answerText(unknown: boolean | undefined, allowed: boolean): string {
  return unknown ? l10n.t('unknown') : allowed ? l10n.t('allowed') : l10n.t('denied');
}

function tiersJson(tiers: TieredVerdict) {
  return {
    decidedBy: { tier: tiers.decision.tier, ...(tiers.decision.rule ? { rule: cnpRuleRef(tiers.decision.rule) } : {}) },
    passedBy: tiers.decision.passedBy.map(cnpRuleRef),
    undecidable: tiers.undecidable.map(cnpRuleRef),
    samePriority: tiers.sameRank.map(cnpRuleRef),
  };
}

/** The tiers' account of one direction, after the NetworkPolicy sentence (without its label). */
function tiersText(tiers: TieredVerdict, networkPolicySentence: string): string {
  const lines: string[] = [];
  const passed = tiers.decision.passedBy.map((r) => `    ${l10n.t('passed on by {0}', cnpRuleText(r))}`);
  const { tier, rule } = tiers.decision;
  // With undecidable rules, the decision below is the one taken when none of them matches.
  const unless = tiers.undecidable.length > 0 ? l10n.t('unless a rule below matches, ') : '';
  if (tier === 'Admin' || tier === 'Baseline') lines.push(`    ${unless}${l10n.t('decided in the {0} tier by {1}', tier, cnpRuleText(rule!))}`);
  else if (tier === 'NetworkPolicy') lines.push(`    ${unless}${l10n.t('decided in the NetworkPolicy tier: {0}', networkPolicySentence)}`);
  else lines.push(`    ${unless}${l10n.t('no tier decided: the default (allowed)')}`);
  for (const r of tiers.undecidable) lines.push(`    ${l10n.t('unknown: whether {0} matches (its nodes, domainNames or networks peers are not known to the workspace)', cnpRuleText(r))}`);
  for (const r of tiers.sameRank) lines.push(`    ${l10n.t('unknown: {0} has the same tier and priority; which of them applies is undefined', cnpRuleText(r))}`);
  return [...passed, ...lines].join('\n');
}

function directionJson(verdict: DirectionVerdict) {
  return {
    isolated: verdict.isolated,
    ...(verdict.unknown ? { unknown: true } : {}),
    ...(verdict.tiers ? { tiers: tiersJson(verdict.tiers) } : {}),
    allowedBy: verdict.allowedBy.map(({ policy, rule }) => ({
      policy: policy.key,
      rule: formatFieldPath(rule.field),
      file: policy.uri,
      line: lineOf(policy.view, policy.view.node(rule.field)?.range?.[0] ?? 0),
    })),
    isolatedBy: verdict.isolatedBy.map(policyRef),
  };
}

/** A line of one direction in the text output, after its label. */
function labelled(direction: 'egress' | 'ingress', text: string): string {
  return `  ${direction === 'egress' ? l10n.t('egress: {0}', text) : l10n.t('ingress: {0}', text)}`;
}

function directionText(direction: 'egress' | 'ingress', end: Endpoint, verdict: DirectionVerdict, wellKnown: ReadonlyMap<string, WellKnownEndpoint>): string {
  const networkPolicy = networkPolicyText(direction, end, verdict, wellKnown);
  if (!verdict.tiers) return labelled(direction, networkPolicy);
  const answer = answerText(verdict.unknown, verdict.allowed);
  return `${labelled(direction, l10n.t('{0}: {1}, through the tiers (Admin, NetworkPolicy, Baseline)', end.key, answer))}\n${tiersText(verdict.tiers, networkPolicy)}`;
}

/** What the NetworkPolicies say of one side, without the label. */
function networkPolicyText(direction: 'egress' | 'ingress', end: Endpoint, verdict: DirectionVerdict, wellKnown: ReadonlyMap<string, WellKnownEndpoint>): string {
  const known = wellKnown.get(end.key);
  if (known && !verdict.isolated) return l10n.t('{0} is {1}; no policy of the workspace selects it: allowed', end.key, describeWellKnown(known.target));
  if (end.external) return l10n.t('{0} is not a pod of the workspace; no NetworkPolicy applies to it', end.key);
  if (!verdict.isolated) {
    return direction === 'egress'
      ? l10n.t('{0} is not isolated for egress (no policy selects it with Egress): allowed', end.key)
      : l10n.t('{0} is not isolated for ingress (no policy selects it with Ingress): allowed', end.key);
  }
  const by = verdict.isolatedBy.map((p) => { const r = policyRef(p); return `${r.policy} (${r.file}:${r.line})`; }).join(', ');
  if (verdict.allowedBy.length === 0) return l10n.t('{0} is isolated by {1}; no rule allows this: denied', end.key, by);
  const rules = directionJson(verdict).allowedBy.map((r) => `${r.policy} ${r.rule} (${r.file}:${r.line})`).join(', ');
  return l10n.t('{0} is isolated by {1}; allowed by {2}', end.key, by, rules);
}

export async function reach(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(reachUsage());
    return 0;
  }
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, port: { type: 'string' }, format: { type: 'string', default: 'text' }, ...WORKSPACE_OPTIONS },
  });
  if (values.from === undefined || values.to === undefined || values.port === undefined) throw new UsageError(l10n.t('reach needs --from, --to and --port'));
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(l10n.t('--format must be text or json, not "{0}"', values.format));
  const query = parsePort(values.port);
  const settings = await workspaceSettings(values);
  const loaded = await loadFiles(positionals, settings);
  reportLoad(loaded);
  reportForeignPolicies(loaded, 'reach');
  const addresses = [values.from, values.to].filter((ref) => parseAddress(ref) !== undefined);
  const base = buildFrom(loaded, settings, addresses);
  requireWorkloads(base, loaded, positionals);
  // The cluster's DNS is an endpoint of every cluster, though no repository holds it: `--to kube-system/kube-dns`.
  const wellKnown = wellKnownAdditions(base, settings.dns);
  const extra = wellKnown.addresses.filter((a) => !addresses.includes(a));
  const ws = wellKnown.file || extra.length > 0 ? new Workspace([...base.files, ...(wellKnown.file ? [wellKnown.file] : [])], { ...base.options, externalAddresses: [...addresses, ...extra] }) : base;
  const source = resolve(ws, values.from, '--from');
  const destination = resolve(ws, values.to, '--to');
  const verdict = evaluate(ws, source, destination, query);
  if (values.format === 'json') {
    process.stdout.write(`${JSON.stringify({ allowed: verdict.unknown ? null : verdict.allowed, egress: directionJson(verdict.egress), ingress: directionJson(verdict.ingress) })}\n`);
  } else {
    const lines = [l10n.t('{0} -> {1} on {2}: {3}', source.key, destination.key, `${query.port}/${query.protocol}`, answerText(verdict.unknown, verdict.allowed))];
    lines.push(directionText('egress', source, verdict.egress, wellKnown.names), directionText('ingress', destination, verdict.ingress, wellKnown.names));
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}
