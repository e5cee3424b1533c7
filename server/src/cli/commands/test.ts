/**
 * `netpol-lens test [paths...]`: checks the connectivity expectations files among the paths
 * (docs/expectations.md) against the NetworkPolicies and workloads of the same paths.
 * Exit codes: 0 every expectation holds, 1 some is broken, 2 bad input (an expectations file that cannot
 * be read, an endpoint that names nothing, no expectations file, files that cannot be read).
 */
import { parseArgs } from 'node:util';
import * as l10n from '../../engine/l10n/t';
import { checkExpectation, expectationWorkspace } from '../../engine/expectations/evaluate';
import type { Outcome, SideReason } from '../../engine/expectations/evaluate';
import { brokenMessage, brokenReason, describeExpectation, formatPortRange, unknownMessage } from '../../engine/expectations/explain';
import type { Locate } from '../../engine/expectations/explain';
import { readExpectations } from '../../engine/expectations/format';
import type { Expectation } from '../../engine/expectations/format';
import { formatFieldPath } from '../../engine/parse/fieldPath';
import { nodeSpan } from '../../engine/parse/yamlFile';
import type { YamlFile } from '../../engine/parse/yamlFile';
import { formatPortSet } from '../../engine/reach/portSets';
import packageJson from '../../../../package.json';
import { severityFor } from '../../engine';
import type { Finding, Settings } from '../../engine';
import { expectationBroken } from '../../engine/rules/expectation-broken';
import { expectationEndpointUnknown } from '../../engine/rules/expectation-endpoint-unknown';
import { expectationInvalid } from '../../engine/rules/expectation-invalid';
import type { Rule } from '../../engine/rules/rule';
import { formatSarif } from '../formats/sarif';
import type { FileResult } from '../formats/result';
import type { CompiledPolicy } from '../../engine/reach';
import { InputError, UsageError } from '../usage';
import { buildFrom, lineOf, loadFiles, reportLoad, WORKSPACE_OPTIONS, workspaceUsage, workspaceSettings } from '../workspace';

/** The help of `test`, in the language of --locale. */
export function testUsage(): string {
  return l10n.t('Usage: netpol-lens test [options] [paths...]\n\nChecks the connectivity expectations files among the paths (YAML documents with\napiVersion: netpol-lens/v1 and kind: ConnectivityExpectations; see docs/expectations.md) against the\nNetworkPolicies and workloads of the same paths. For each broken expectation it says which pair and port\nbreak it, which policies isolate each end and which rule allows it, or that nothing does.\nPaths are files or directories; the default is the current directory.\n\nOptions:\n  --format <text|json|sarif>       output format (default: text); sarif reports NP960-NP962 as check does\n{0}\n  -h, --help                       show this help\n\nExit code 0 when every expectation holds, 1 when one is broken, 2 for bad input: an expectations file\nthat cannot be read, an endpoint that names no workload, no expectations file in the paths, or files that\ncannot be read (a message says which).\n', workspaceUsage());
}

interface Checked {
  readonly uri: string;
  readonly line: number;
  readonly expectation: Expectation;
  readonly outcome: Outcome;
}

function position(file: YamlFile, offset: number): { line: number; column: number } {
  const p = file.lines.positionAt(offset);
  return { line: p.line + 1, column: p.character + 1 };
}

const locate: Locate = (policy, rule) => {
  const node = rule ? policy.view.node(rule.field) : policy.view.source.node;
  return `${policy.uri}:${lineOf(policy.view, nodeSpan(node)?.[0] ?? 0)}`;
};

function policyJson(policy: CompiledPolicy) {
  return { policy: policy.key, file: policy.uri, line: lineOf(policy.view, nodeSpan(policy.view.source.node)?.[0] ?? 0) };
}

function sideJson(side: SideReason) {
  return {
    endpoint: side.end.key,
    external: side.end.external,
    isolated: side.isolatedBy.length > 0,
    allowed: side.allowed,
    isolatedBy: side.isolatedBy.map(policyJson),
    allowedBy: side.allowedBy.map((r) => ({ ...policyJson(r.policy), rule: formatFieldPath(r.rule.field), line: lineOf(r.policy.view, nodeSpan(r.policy.view.node(r.rule.field))?.[0] ?? 0), ...(r.ports ? { ports: formatPortSet(r.ports) } : {}) })),
  };
}

function resultJson(c: Checked) {
  const e = c.expectation;
  const base = {
    file: c.uri,
    line: c.line,
    from: e.from.text,
    to: e.to.text,
    port: e.port ? formatPortRange(e.port) : null,
    allowed: e.allowed,
    ...(e.description !== undefined ? { description: e.description } : {}),
    status: c.outcome.status,
  };
  const o = c.outcome;
  if (o.status === 'holds') return { ...base, pairs: o.pairs };
  if (o.status === 'unknown') return { ...base, message: `${o.end}: ${o.message}` };
  return {
    ...base,
    message: brokenReason(e, o)[0],
    witness: { from: o.source.key, to: o.destination.key, port: o.witness ? `${o.witness.port}/${o.witness.protocol}` : null, allowedPorts: formatPortSet(o.allowedPorts) },
    brokenPairs: o.brokenPairs,
    pairs: o.pairs,
    egress: sideJson(o.egress),
    ingress: sideJson(o.ingress),
  };
}

function finding(rule: Rule, settings: Settings, file: YamlFile, span: readonly [number, number], message: string): Finding[] {
  const severity = severityFor(rule.meta, settings);
  if (severity === 'off') return [];
  return [{ code: rule.meta.code, rule: rule.meta.name, severity, message, range: file.lines.range(span[0], span[1]), span, fixes: [] }];
}

/** The findings NP960-NP962 give in the editor and in `check`, per expectations file, for SARIF. */
function sarifResults(documents: readonly { uri: string; file: YamlFile; doc: { problems: readonly { span: readonly [number, number]; message: string }[] } }[], checked: readonly Checked[], settings: Settings): FileResult[] {
  const byFile = new Map<string, { file: YamlFile; findings: Finding[] }>();
  for (const { uri, file, doc } of documents) {
    const entry = byFile.get(uri) ?? byFile.set(uri, { file, findings: [] }).get(uri)!;
    for (const p of doc.problems) entry.findings.push(...finding(expectationInvalid, settings, file, p.span, p.message));
  }
  for (const c of checked) {
    const entry = byFile.get(c.uri)!;
    const o = c.outcome;
    if (o.status === 'broken') entry.findings.push(...finding(expectationBroken, settings, entry.file, c.expectation.allowedSpan, brokenMessage(c.expectation, o)));
    if (o.status === 'unknown') entry.findings.push(...finding(expectationEndpointUnknown, settings, entry.file, o.end === 'from' ? c.expectation.fromSpan : c.expectation.toSpan, unknownMessage(c.expectation, o)));
  }
  return [...byFile].map(([file, { findings }]) => ({ file, findings: findings.sort((a, b) => a.span[0] - b.span[0]), fixed: 0 }));
}

export async function test(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(testUsage());
    return 0;
  }
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'text' }, ...WORKSPACE_OPTIONS } });
  if (values.format !== 'text' && values.format !== 'json' && values.format !== 'sarif') throw new UsageError(l10n.t('--format must be text, json or sarif, not "{0}"', values.format));
  const settings = await workspaceSettings(values);
  const loaded = await loadFiles(positionals, settings);
  reportLoad(loaded);
  const documents = loaded.files.flatMap((f) => readExpectations(f.file).map((doc) => ({ uri: f.uri, file: f.file, doc })));
  if (documents.length === 0) {
    const where = positionals.length > 0 ? positionals.join(', ') : l10n.t('the current directory');
    const count = loaded.files.length;
    throw new InputError(
      count === 1
        ? l10n.t('no expectations file found in {0} ({1} file read; looked for documents with apiVersion: netpol-lens/v1 and kind: ConnectivityExpectations)', where, count)
        : l10n.t('no expectations file found in {0} ({1} files read; looked for documents with apiVersion: netpol-lens/v1 and kind: ConnectivityExpectations)', where, count),
    );
  }
  const problems = documents.flatMap(({ uri, file, doc }) => doc.problems.map((p) => ({ file: uri, ...position(file, p.span[0]), message: p.message })));
  const expectations = documents.flatMap(({ uri, file, doc }) => doc.expectations.map((expectation) => ({ uri, line: position(file, expectation.span[0]).line, expectation })));
  const ew = expectationWorkspace(buildFrom(loaded, settings), expectations.flatMap((c) => [c.expectation.from, c.expectation.to]), settings.dns);
  const checked: Checked[] = expectations.map((c) => ({ ...c, outcome: checkExpectation(ew, c.expectation) }));
  const count = (status: Outcome['status']) => checked.filter((c) => c.outcome.status === status).length;
  const summary = { expectations: checked.length, hold: count('holds'), broken: count('broken'), unknown: count('unknown'), invalid: problems.length };
  if (values.format === 'sarif') {
    process.stdout.write(formatSarif(sarifResults(documents, checked, settings), packageJson.version));
  } else if (values.format === 'json') {
    process.stdout.write(`${JSON.stringify({ version: 1, summary, results: checked.map(resultJson), problems }, null, 2)}\n`);
  } else {
    const lines: string[] = [];
    // The words ok, BROKEN, invalid and unknown endpoint stay English: scripts grep for them (like severities in check).
    for (const p of problems) lines.push(`${p.file}:${p.line}:${p.column}: invalid: ${p.message}`);
    for (const c of checked) {
      const o = c.outcome;
      const at = `${c.uri}:${c.line}`;
      if (o.status === 'holds') {
        const what = describeExpectation(c.expectation);
        lines.push(`${at}: ok: ${c.expectation.allowed ? l10n.t('{0} allowed', what) : l10n.t('{0} denied', what)}`);
      } else if (o.status === 'unknown') lines.push(`${at}: unknown endpoint: ${o.end} ${o.message}`);
      else {
        const [head, ...rest] = brokenReason(c.expectation, o, locate);
        lines.push(`${at}: BROKEN: ${head}`, ...rest.map((r) => `  ${r}`));
      }
    }
    const parts = [
      l10n.t('{0} hold', summary.hold),
      l10n.t('{0} broken', summary.broken),
      ...(summary.unknown > 0 ? [l10n.t('{0} with an unknown endpoint', summary.unknown)] : []),
      ...(summary.invalid > 0 ? [summary.invalid === 1 ? l10n.t('{0} problem in the files', summary.invalid) : l10n.t('{0} problems in the files', summary.invalid)] : []),
    ].join(l10n.t(', '));
    lines.push(summary.expectations === 1 ? l10n.t('{0} expectation: {1}', summary.expectations, parts) : l10n.t('{0} expectations: {1}', summary.expectations, parts));
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (summary.invalid > 0 || summary.unknown > 0) return 2;
  return summary.broken > 0 ? 1 : 0;
}
