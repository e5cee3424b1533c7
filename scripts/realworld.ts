/**
 * `npm run realworld`: checks every project of the real-world corpus and of the held-out set (each its own
 * workspace, default settings), prints each project's findings with their recorded verdicts, what changed
 * against expected.yaml, and the precision figures. REALWORLD_UPDATE=1 rewrites the expected.yaml files,
 * keeping the verdicts and reasons already given (see docs/realworld.md).
 */
import {
  cliProblem,
  diffProject,
  figures,
  formatDiff,
  formatFigures,
  projectsOf,
  readExpected,
  runProject,
  unjudged,
  updatedExpectation,
  writeExpected,
} from '../test/support/realworld';
import type { RealworldSet } from '../test/support/realworld';

async function main(): Promise<number> {
  const problem = cliProblem();
  if (problem !== undefined) {
    process.stderr.write(`realworld: ${problem}\n`);
    return 2;
  }
  const update = process.env.REALWORLD_UPDATE === '1';
  const summary: string[] = [];
  let changed = 0;
  for (const set of ['corpus', 'heldout'] as RealworldSet[]) {
    const runs = await Promise.all(projectsOf(set).map((project) => runProject(set, project)));
    let expected = readExpected(set);
    for (const run of runs) {
      const verdicts = new Map((expected.projects[run.project]?.findings ?? []).map((f) => [`${f.at}\n${f.message}`, f.verdict]));
      process.stdout.write(`\n== ${set}/${run.project} (${run.policies} policies)\n`);
      for (const f of run.findings) {
        const verdict = verdicts.get(`${f.at}\n${f.message}`);
        process.stdout.write(`  ${f.at}${verdict ? ` [${verdict}]` : ''}\n      ${f.message}\n`);
      }
      for (const notice of run.notices) process.stdout.write(`  stderr: ${notice}\n`);
      const diff = diffProject(expected.projects[run.project], run);
      if (diff.added.length + diff.lost.length > 0) {
        changed++;
        process.stdout.write(`  changed against expected.yaml:\n${formatDiff(run.project, diff).replace(/^/gm, '  ')}\n`);
      }
    }
    if (update) {
      expected = updatedExpectation(expected, runs);
      writeExpected(set, expected);
    }
    const left = unjudged(expected);
    summary.push(formatFigures(set, figures(runs, expected)) + (left.length > 0 ? `; ${left.length} entries to judge (reason TODO)` : ''));
  }
  process.stdout.write(`\n${summary.join('\n')}\n`);
  if (update) process.stdout.write('expected.yaml rewritten; judge the entries marked TODO.\n');
  else if (changed > 0) process.stdout.write(`${changed} projects changed against expected.yaml (REALWORLD_UPDATE=1 to record).\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`realworld: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
