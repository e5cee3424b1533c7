/**
 * `netpol-lens explain [paths...]`: each NetworkPolicy in plain words, with the workloads of the
 * given manifests it selects. Exit codes: 0, or 2 for usage and I/O errors.
 */
import { parseArgs } from 'node:util';
import * as l10n from '../../engine/l10n/t';
import { explainPolicy, formatExplanationText } from '../../engine/reach/explain';
import type { PolicyExplanation } from '../../engine/reach/explain';
import { UsageError } from '../usage';
import { buildFrom, lineOf, loadFiles, WORKSPACE_OPTIONS, workspaceUsage, workspaceSettings } from '../workspace';

/** The help of `explain`, in the language of --locale. */
export function explainUsage(): string {
  return l10n.t('Usage: netpol-lens explain [options] [paths...]\n\nExplains each NetworkPolicy: the pods it selects, what it isolates and what each rule allows.\nPaths are files or directories (searched for *.yaml, *.yml and Kubernetes *.json); the default is the\ncurrent directory.\nWorkloads and Namespaces found beside the policies are used to name the pods each one selects.\n\nOptions:\n  --format <text|json>             output format (default: text)\n{0}\n  -h, --help                       show this help\n', workspaceUsage());
}

export async function explain(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(explainUsage());
    return 0;
  }
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'text' }, ...WORKSPACE_OPTIONS } });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(l10n.t('--format must be text or json, not "{0}"', values.format));
  const settings = await workspaceSettings(values);
  const loaded = await loadFiles(positionals, settings);
  for (const note of loaded.notes) process.stderr.write(`netpol-lens: ${note}\n`);
  for (const error of loaded.errors) process.stderr.write(`netpol-lens: ${error}\n`);
  const ws = buildFrom(loaded, settings);
  const explained: { file: string; line: number; explanation: PolicyExplanation }[] = ws.policies.map((policy) => ({
    file: policy.uri,
    line: lineOf(policy.view, policy.view.source.node.range?.[0] ?? 0),
    explanation: explainPolicy(policy.view, { defaultNamespace: settings.defaultNamespace, workspace: ws, compiled: policy }),
  }));
  if (values.format === 'json') {
    process.stdout.write(`${JSON.stringify({ policies: explained.map((e) => ({ file: e.file, line: e.line, ...e.explanation })) }, null, 2)}\n`);
  } else if (explained.length === 0) {
    process.stdout.write(`${l10n.t('No NetworkPolicies found.')}\n`);
  } else {
    process.stdout.write(`${explained.map((e) => formatExplanationText(e.explanation, `${e.file}:${e.line}`)).join('\n\n')}\n`);
  }
  return loaded.errors.length > 0 ? 2 : 0;
}
