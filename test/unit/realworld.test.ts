/**
 * The real-world corpus (docs/realworld.md): every project of test/fixtures/realworld and of the held-out
 * set, each checked as its own workspace with default settings by the built CLI, must give exactly the
 * findings recorded in its set's expected.yaml, each judged by a person. A new or lost finding fails with
 * the difference; REALWORLD_UPDATE=1 records the run instead (keeping verdicts and reasons) and marks new
 * entries TODO, which fail until judged.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
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
} from '../support/realworld';
import type { ExpectedFile, ProjectRun, RealworldSet } from '../support/realworld';

const UPDATE = process.env.REALWORLD_UPDATE === '1';

for (const set of ['corpus', 'heldout'] as RealworldSet[]) {
  describe(`real-world ${set}`, () => {
    const projects = projectsOf(set);
    const runs: ProjectRun[] = [];
    let expected: ExpectedFile;

    before(async () => {
      assert.equal(cliProblem(), undefined);
      for (const project of projects) runs.push(await runProject(set, project));
      expected = readExpected(set);
      if (UPDATE) {
        expected = updatedExpectation(expected, runs);
        writeExpected(set, expected);
      }
    });

    it('has projects, and an expectation for each project and a project for each expectation', () => {
      assert.ok(projects.length > 0, `no projects in the ${set}`);
      assert.deepEqual(Object.keys(expected.projects).sort(), [...projects].sort());
    });

    it('gives exactly the recorded findings on every project', (t) => {
      t.diagnostic(formatFigures(set, figures(runs, expected)));
      const diffs = runs
        .map((run) => ({ run, diff: diffProject(expected.projects[run.project], run) }))
        .filter(({ diff }) => diff.added.length + diff.lost.length > 0)
        .map(({ run, diff }) => formatDiff(run.project, diff));
      assert.equal(diffs.length, 0, `findings changed (- lost, + new); REALWORLD_UPDATE=1 records them:\n${diffs.join('\n')}`);
    });

    it('reports the same unread inputs and counts the same policies', () => {
      for (const run of runs) {
        assert.deepEqual(run.notices, expected.projects[run.project]?.notices ?? [], `${run.project}: standard error`);
        assert.equal(run.policies, expected.projects[run.project]?.policies, `${run.project}: policies`);
      }
    });

    it('has every finding judged (a reason, and a verdict for warnings and errors)', { skip: UPDATE && 'REALWORLD_UPDATE=1 records entries to judge' }, () => {
      const left = unjudged(expected);
      assert.deepEqual(left, [], `entries to judge in ${set}/expected.yaml:\n${left.join('\n')}`);
    });
  });
}
