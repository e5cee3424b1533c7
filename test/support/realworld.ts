/**
 * The real-world corpus (test/fixtures/realworld, and the held-out set beside it): each project folder is
 * checked as its own workspace with default settings, by the built CLI exactly as a user runs
 * `netpol-lens check --format json` in that folder, and its findings are compared with the project's
 * entries in the set's expected.yaml. Used by test/unit/realworld.test.ts and scripts/realworld.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadFiles } from '../../server/src/cli/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/engine/config/settings';
import { FIXTURES } from './fixtures';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** The corpus proper, and the projects kept apart to measure precision outside it. */
export const REALWORLD_SETS = {
  corpus: path.join(FIXTURES, 'realworld'),
  heldout: path.join(FIXTURES, 'realworld-heldout'),
} as const;
export type RealworldSet = keyof typeof REALWORLD_SETS;

export const TODO = 'TODO';

export interface ActualFinding {
  /** `file:line:col CODE severity`, the file relative to the project folder, line and column 1-based. */
  readonly at: string;
  readonly severity: string;
  readonly message: string;
}

export interface ExpectedFinding {
  readonly at: string;
  readonly message: string;
  /** For warnings and errors: whether the finding is right (a careful engineer would agree). */
  readonly verdict?: 'right' | 'wrong';
  /** One line: why the finding is right, or why it is wrong and which class of issue #14 it falls in. */
  readonly reason: string;
}

export interface ProjectRun {
  readonly project: string;
  readonly policies: number;
  readonly findings: readonly ActualFinding[];
  /** What the CLI wrote to standard error (inputs it could not read or did not understand), one line each. */
  readonly notices: readonly string[];
}

export interface ExpectedProject {
  policies: number;
  findings: ExpectedFinding[];
  notices?: string[];
}

export interface ExpectedFile {
  projects: Record<string, ExpectedProject>;
}

interface JsonOutput {
  results: { file: string; diagnostics: { code: string; severity: string; message: string; range: { start: { line: number; character: number } } }[] }[];
}

export function projectsOf(set: RealworldSet): string[] {
  const dir = REALWORLD_SETS[set];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Why the built CLI cannot be used (missing, or older than a source file), or undefined when it can. */
export function cliProblem(): string | undefined {
  if (!existsSync(CLI)) return 'dist/cli.js is missing: run npm run build';
  const built = statSync(CLI).mtimeMs;
  const newer = newestSource(path.join(ROOT, 'server', 'src'));
  if (newer.mtime > built) return `dist/cli.js is older than ${path.relative(ROOT, newer.file)}: run npm run build`;
  return undefined;
}

function newestSource(dir: string): { file: string; mtime: number } {
  let newest = { file: dir, mtime: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestSource(full) : { file: full, mtime: statSync(full).mtimeMs };
    if (candidate.mtime > newest.mtime) newest = candidate;
  }
  return newest;
}

/** Checks one project folder as its own workspace, with default settings, as the CLI does. */
export async function runProject(set: RealworldSet, project: string): Promise<ProjectRun> {
  const dir = path.join(REALWORLD_SETS[set], project);
  const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`netpol-lens check exited ${String(result.status)} in ${project}: ${result.stderr}`);
  }
  const output = JSON.parse(result.stdout) as JsonOutput;
  const findings = output.results
    .flatMap((r) =>
      r.diagnostics.map((d) => ({
        at: `${r.file.split(path.sep).join('/')}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.severity}`,
        severity: d.severity,
        message: d.message,
      })),
    )
    .filter((f) => f.severity !== 'hint')
    .sort((a, b) => compareAt(a.at, b.at) || a.message.localeCompare(b.message));
  const notices = result.stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(dir + path.sep).join(''));
  return { project, policies: await countPolicies(dir), findings, notices };
}

/** NetworkPolicies the project holds, read by the same loader the workspace commands use, with default settings. */
async function countPolicies(dir: string): Promise<number> {
  const loaded = await loadFiles([dir], DEFAULT_SETTINGS);
  return loaded.files.reduce((sum, file) => sum + file.policies.length, 0);
}

/** Orders `file:line:col ...` by file, then line and column as numbers. */
function compareAt(a: string, b: string): number {
  const pa = /^(.*):(\d+):(\d+) (.*)$/.exec(a);
  const pb = /^(.*):(\d+):(\d+) (.*)$/.exec(b);
  if (!pa || !pb) return a.localeCompare(b);
  return pa[1]!.localeCompare(pb[1]!) || Number(pa[2]) - Number(pb[2]) || Number(pa[3]) - Number(pb[3]) || pa[4]!.localeCompare(pb[4]!);
}

export function expectedPath(set: RealworldSet): string {
  return path.join(REALWORLD_SETS[set], 'expected.yaml');
}

export function readExpected(set: RealworldSet): ExpectedFile {
  const file = expectedPath(set);
  if (!existsSync(file)) return { projects: {} };
  const parsed = parse(readFileSync(file, 'utf8')) as Partial<ExpectedFile> | null;
  return { projects: parsed?.projects ?? {} };
}

const key = (f: { at: string; message: string }) => `${f.at}\n${f.message}`;

/** What changed between the recorded expectation and a run: findings new in the run, and findings lost. */
export function diffProject(expected: ExpectedProject | undefined, run: ProjectRun): { added: ActualFinding[]; lost: ExpectedFinding[] } {
  const before = new Map((expected?.findings ?? []).map((f) => [key(f), f]));
  const now = new Set(run.findings.map(key));
  return {
    added: run.findings.filter((f) => !before.has(key(f))),
    lost: (expected?.findings ?? []).filter((f) => !now.has(key(f))),
  };
}

export function formatDiff(project: string, diff: { added: readonly ActualFinding[]; lost: readonly ExpectedFinding[] }): string {
  return [
    `${project}:`,
    ...diff.lost.map((f) => `  - ${f.at}  ${f.message}`),
    ...diff.added.map((f) => `  + ${f.at}  ${f.message}`),
  ].join('\n');
}

/**
 * The expectation rewritten from runs: a finding recorded before (same place, code and severity) keeps its
 * verdict and reason; when its message changed the reason is kept after a TODO, for a person to look again;
 * a new finding gets `reason: TODO`.
 */
export function updatedExpectation(previous: ExpectedFile, runs: readonly ProjectRun[]): ExpectedFile {
  const projects: Record<string, ExpectedProject> = {};
  for (const run of runs) {
    const old = previous.projects[run.project]?.findings ?? [];
    const exact = new Map(old.map((f) => [key(f), f]));
    const byPlace = new Map(old.map((f) => [f.at, f]));
    const findings = run.findings.map((f): ExpectedFinding => {
      const same = exact.get(key(f));
      if (same) return { at: f.at, message: f.message, ...(same.verdict ? { verdict: same.verdict } : {}), reason: same.reason };
      const moved = byPlace.get(f.at);
      if (moved) return { at: f.at, message: f.message, ...(moved.verdict ? { verdict: moved.verdict } : {}), reason: `${TODO} (message changed; was: ${moved.reason})` };
      return { at: f.at, message: f.message, reason: TODO };
    });
    projects[run.project] = { policies: run.policies, findings, ...(run.notices.length > 0 ? { notices: [...run.notices] } : {}) };
  }
  return { projects };
}

const HEADER = `# The findings (information, warning, error) of \`netpol-lens check\` on each project of this folder, each
# project checked as its own workspace with default settings. Written by REALWORLD_UPDATE=1 (see
# docs/realworld.md); verdicts and reasons are a person's: a warning or error gets \`verdict: right\` or
# \`verdict: wrong\`, every finding a one-line reason, and the test fails while a reason says TODO.
`;

export function writeExpected(set: RealworldSet, expected: ExpectedFile): void {
  writeFileSync(expectedPath(set), HEADER + stringify(expected, { lineWidth: 0 }));
}

/** Entries a person still has to judge: reasons left TODO, warnings and errors without a verdict. */
export function unjudged(expected: ExpectedFile): string[] {
  return Object.entries(expected.projects).flatMap(([project, p]) =>
    p.findings
      .filter((f) => f.reason.startsWith(TODO) || (!f.at.endsWith(' information') && f.verdict === undefined))
      .map((f) => `${project}: ${f.at}`),
  );
}

export interface Figures {
  readonly projects: number;
  readonly policies: number;
  readonly warningsAndErrors: number;
  readonly right: number;
  readonly wrong: number;
  readonly unjudged: number;
  /** Right warnings and errors over all of them judged; undefined while none is judged. */
  readonly precision: number | undefined;
  readonly informationOrHigher: number;
  readonly perPolicy: number;
}

/** The precision and noise figures of a set, from its runs and the verdicts recorded for them. */
export function figures(runs: readonly ProjectRun[], expected: ExpectedFile): Figures {
  let warningsAndErrors = 0;
  let right = 0;
  let wrong = 0;
  let informationOrHigher = 0;
  for (const run of runs) {
    const verdicts = new Map((expected.projects[run.project]?.findings ?? []).map((f) => [key(f), f.verdict]));
    for (const f of run.findings) {
      informationOrHigher++;
      if (f.severity !== 'warning' && f.severity !== 'error') continue;
      warningsAndErrors++;
      const verdict = verdicts.get(key(f));
      if (verdict === 'right') right++;
      else if (verdict === 'wrong') wrong++;
    }
  }
  const policies = runs.reduce((sum, r) => sum + r.policies, 0);
  return {
    projects: runs.length,
    policies,
    warningsAndErrors,
    right,
    wrong,
    unjudged: warningsAndErrors - right - wrong,
    precision: right + wrong === 0 ? undefined : right / (right + wrong),
    informationOrHigher,
    perPolicy: policies === 0 ? 0 : informationOrHigher / policies,
  };
}

export function formatFigures(set: RealworldSet, f: Figures): string {
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (
    `${set}: ${f.projects} projects, ${f.policies} policies; ${f.warningsAndErrors} warnings and errors ` +
    `(${f.right} right, ${f.wrong} wrong${f.unjudged > 0 ? `, ${f.unjudged} not judged` : ''}): precision ${f.precision === undefined ? 'n/a' : percent(f.precision)}; ` +
    `${f.informationOrHigher} information-or-higher findings, ${f.perPolicy.toFixed(2)} per policy`
  );
}
