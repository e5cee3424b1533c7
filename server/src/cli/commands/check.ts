/**
 * `netpol-lens check [paths...]`: the language server's analysis on the command line, for CI.
 * Exit codes: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 usage or I/O errors.
 */
import { parseArgs } from 'node:util';
import * as l10n from '../../engine/l10n/t';
import packageJson from '../../../../package.json';
import { analyzeFiles, analyzeText, normalizeSettings, RULES } from '../../engine';
import { readManifests } from '../../engine/reach';
import type { RuleSetting, Settings } from '../../engine';
import { KustomizePatches } from '../../kustomize/patchFiles';
import { ChangedOnDiskError, fixText, writeFileAtomic } from '../fix';
import { formatJson } from '../formats/json';
import type { FileResult } from '../formats/result';
import { formatSarif } from '../formats/sarif';
import { formatText } from '../formats/text';
import { firstSyntaxError } from '../../workspace/loadFile';
import { loadWorkspaceTexts } from '../../workspace/loadWorkspace';
import { decodeManifest, encodeManifest } from '../../workspace/manifestText';
import type { ManifestText } from '../../workspace/manifestText';
import { readConfigFile } from '../configFile';
import { UsageError } from '../usage';

/** The help of `check`, in the language of --locale. */
export function checkUsage(): string {
  return l10n.t('Usage: netpol-lens check [options] [paths...]\n\nChecks Kubernetes NetworkPolicy manifests. Paths are files, directories (searched for *.yaml, *.yml\nand *.json that holds a Kubernetes object) or - for standard input; the default is the current directory.\nFiles that cannot be read, or only in part (YAML syntax errors, over limits.maxFileSize), are named on stderr.\n\nOptions:\n  --format <text|json|sarif>   output format (default: text)\n  --fix                        apply each problem\'s preferred fix, writing files in place\n  --max-warnings <n>           exit 1 when there are more than n warnings\n  --hints                      also report hints (explanations such as NP601-NP604), left out by default\n  --rule <CODE=severity>       set a rule\'s severity (error, warning, information, hint, off); repeatable\n  --config <file>              JSON file with netpolLens settings, the keys as in VS Code: nested or dotted\n                               ("dns.profile"), with or without the netpolLens. prefix; unknown keys exit 2\n  --kubernetes-version <1.xx>  API server version whose validation to mirror: 1.33 to 1.36 (default: 1.36)\n  -h, --help                   show this help\n  -v, --version                show the version\n\nRules: {0} (see docs/rules/).\n', RULES.map((r) => r.meta.code).join(', '));
}

interface CheckOptions {
  readonly format: 'text' | 'json' | 'sarif';
  readonly fix: boolean;
  readonly maxWarnings: number | undefined;
  /** Report findings of severity hint too: explanations for the editor, not problems for CI. */
  readonly hints: boolean;
  readonly settings: Settings;
  readonly paths: readonly string[];
}

async function parseCheckOptions(args: string[]): Promise<CheckOptions> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      fix: { type: 'boolean', default: false },
      'max-warnings': { type: 'string' },
      hints: { type: 'boolean', default: false },
      rule: { type: 'string', multiple: true },
      config: { type: 'string' },
      'kubernetes-version': { type: 'string' },
    },
  });
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(l10n.t('--format must be text, json or sarif, not "{0}"', format));
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(l10n.t('--max-warnings takes a whole number'));
  }
  const raw = values.config === undefined ? {} : await readConfigFile(values.config);
  const rules: Record<string, RuleSetting> = { ...((raw.rules as Record<string, RuleSetting> | undefined) ?? {}) };
  for (const entry of values.rule ?? []) {
    const match = /^([^=]+)=(error|warning|information|hint|off)$/.exec(entry);
    if (!match) throw new UsageError(l10n.t('--rule takes CODE=severity (error, warning, information, hint, off), not "{0}"', entry));
    rules[match[1]!] = match[2] as RuleSetting;
  }
  const kubernetesVersion = values['kubernetes-version'] ?? raw.kubernetesVersion;
  const { settings, problems } = normalizeSettings({ ...raw, rules, ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}) });
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  if (values.fix && positionals.includes('-')) throw new UsageError(l10n.t('--fix cannot write to standard input; give file paths'));
  return { format, fix: values.fix, maxWarnings, hints: values.hints, settings, paths: positionals.length > 0 ? positionals : ['.'] };
}

async function readStdin(): Promise<ManifestText> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return decodeManifest(Buffer.concat(chunks));
}

async function runCheck(options: CheckOptions): Promise<number> {
  const results: FileResult[] = [];
  let ioFailed = false;
  const fail = (message: string) => {
    ioFailed = true;
    process.stderr.write(`netpol-lens: ${message}\n`);
  };

  const filePaths = options.paths.filter((p) => p !== '-');
  if (options.paths.includes('-')) {
    const input = await readStdin();
    if (!input.validUtf8) process.stderr.write(`netpol-lens: <stdin>: ${l10n.t('not valid UTF-8; checked with the bad bytes replaced (U+FFFD)')}\n`);
    const analysis = analyzeText(input.text, { settings: options.settings });
    results.push({ file: '<stdin>', findings: analysis.findings, fixed: 0 });
  }
  const loaded = await loadWorkspaceTexts(filePaths, options.settings.limits);
  loaded.errors.forEach(fail);
  for (const note of loaded.notes) process.stderr.write(`netpol-lens: ${note.includes('UTF-8') && options.fix ? l10n.t('{0}, and not fixed', note) : note}\n`);
  const inputs = new Map<string, ManifestText>(loaded.files.map((f) => [f.path, f.input]));
  // The files checked together are one workspace, as in the editor: policies of other files count for the
  // DNS rules, and the workspace rules (NP95x) see the workloads and Namespaces. Parsed once, together.
  const patches = new KustomizePatches();
  const fileInputs = [...inputs].map(([file, input]) => ({ uri: file, text: input.text, partial: patches.isPatch(file) }));
  const analyses = analyzeFiles(fileInputs, options.settings);
  for (const [index, [file, input]] of [...inputs].entries()) {
    const { text } = input;
    const analysis = analyses[index]!;
    const syntax = firstSyntaxError(analysis.file);
    if (syntax) process.stderr.write(`netpol-lens: ${file}:${syntax}\n`);
    if (options.fix && input.validUtf8 && analysis.findings.some((f) => f.fixes.some((fix) => fix.isPreferred))) {
      // Fixing changes this file's text pass by pass, so its workspace is rebuilt around each new text.
      const others = analyses.filter((_, i) => i !== index);
      const fixed = fixText(text, {
        settings: options.settings,
        partial: patches.isPatch(file),
        otherPolicies: others.flatMap((a) => a.policies),
        workspace: { uri: file, files: analyses.map((a, i) => readManifests(fileInputs[i]!.uri, a.file, a.policies)) },
      });
      if (fixed.text !== text) {
        try {
          await writeFileAtomic(file, encodeManifest(fixed.text, input.bom), input.bytes);
        } catch (error) {
          const reason = error instanceof ChangedOnDiskError ? l10n.t('it changed on disk while being checked') : ((error as NodeJS.ErrnoException).code ?? String(error));
          fail(l10n.t('{0}: fixes not written ({1})', file, reason));
          continue;
        }
      }
      results.push({ file, findings: fixed.analysis.findings, fixed: fixed.fixed });
    } else {
      results.push({ file, findings: analysis.findings, fixed: 0 });
    }
  }

  // Hints are explanations (the editor draws them as faint dots): like a rule that is off in ESLint, they
  // are not printed unless asked for, in every format, so that CI output lists only what is worth a look.
  if (!options.hints) {
    for (const [i, r] of results.entries()) results[i] = { ...r, findings: r.findings.filter((f) => f.severity !== 'hint') };
  }
  const output =
    options.format === 'json' ? formatJson(results) : options.format === 'sarif' ? formatSarif(results, packageJson.version) : formatText(results);
  process.stdout.write(output);

  if (ioFailed) return 2;
  const all = results.flatMap((r) => r.findings);
  const errorCount = all.filter((f) => f.severity === 'error').length;
  const warningCount = all.filter((f) => f.severity === 'warning').length;
  if (errorCount > 0) return 1;
  if (options.maxWarnings !== undefined && warningCount > options.maxWarnings) {
    process.stderr.write(`netpol-lens: ${l10n.t('{0} warnings, more than --max-warnings {1}', warningCount, options.maxWarnings)}\n`);
    return 1;
  }
  return 0;
}

export async function check(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(checkUsage());
    return 0;
  }
  return runCheck(await parseCheckOptions(args));
}
