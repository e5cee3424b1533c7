/** The bookkeeping of the real-world corpus (test/support/realworld.ts): what a rewrite keeps, what is left to judge, the figures. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffProject, figures, formatDiff, unjudged, updatedExpectation } from '../support/realworld';
import type { ExpectedFile, ProjectRun } from '../support/realworld';

const warning = { at: 'a.yaml:3:5 NP201 warning', severity: 'warning', message: 'no DNS' };
const info = { at: 'a.yaml:7:16 NP601 information', severity: 'information', message: 'podSelector {}' };
const error = { at: 'b.yaml:5:14 NP120 error', severity: 'error', message: 'Invalid value' };

const run: ProjectRun = { project: 'p', policies: 4, findings: [warning, info, error], notices: [] };
const previous: ExpectedFile = {
  projects: {
    p: {
      policies: 3,
      findings: [
        { at: warning.at, message: warning.message, verdict: 'wrong', reason: 'class 1' },
        { at: info.at, message: 'an older wording', reason: 'class 6' },
        { at: 'c.yaml:1:1 NP902 warning', message: 'gone', verdict: 'wrong', reason: 'class 3' },
      ],
    },
  },
};

describe('real-world corpus bookkeeping', () => {
  it('a rewrite keeps verdicts and reasons, asks again where the message changed, and marks new findings TODO', () => {
    assert.deepEqual(updatedExpectation(previous, [run]), {
      projects: {
        p: {
          policies: 4,
          findings: [
            { at: warning.at, message: 'no DNS', verdict: 'wrong', reason: 'class 1' },
            { at: info.at, message: 'podSelector {}', reason: 'TODO (message changed; was: class 6)' },
            { at: error.at, message: 'Invalid value', reason: 'TODO' },
          ],
        },
      },
    });
  });

  it('a rewrite records what the CLI wrote to standard error', () => {
    const noisy = { ...run, notices: ['netpol-lens: x.json: not read'] };
    assert.deepEqual(updatedExpectation(previous, [noisy]).projects.p?.notices, ['netpol-lens: x.json: not read']);
  });

  it('the difference names findings new in the run and findings lost', () => {
    const diff = diffProject(previous.projects.p, run);
    assert.deepEqual(diff.added.map((f) => f.at), [info.at, error.at]);
    assert.deepEqual(diff.lost.map((f) => f.at), [info.at, 'c.yaml:1:1 NP902 warning']);
    assert.match(formatDiff('p', diff), /^p:\n {2}- a\.yaml:7:16 NP601 information {2}an older wording\n/);
  });

  it('left to judge: reasons that say TODO, and warnings or errors without a verdict; an explanation needs no verdict', () => {
    const rewritten = updatedExpectation(previous, [run]);
    assert.deepEqual(unjudged(rewritten), ['p: a.yaml:7:16 NP601 information', 'p: b.yaml:5:14 NP120 error']);
    const noVerdict: ExpectedFile = { projects: { p: { policies: 1, findings: [{ at: warning.at, message: 'no DNS', reason: 'looked at' }] } } };
    assert.deepEqual(unjudged(noVerdict), ['p: a.yaml:3:5 NP201 warning']);
  });

  it('precision counts judged warnings and errors; information-or-higher is counted per policy', () => {
    const judged: ExpectedFile = {
      projects: {
        p: {
          policies: 4,
          findings: [
            { at: warning.at, message: 'no DNS', verdict: 'wrong', reason: 'class 1' },
            { at: info.at, message: 'podSelector {}', reason: 'class 6' },
            { at: error.at, message: 'Invalid value', verdict: 'right', reason: 'API server' },
          ],
        },
      },
    };
    assert.deepEqual(figures([run], judged), {
      projects: 1,
      policies: 4,
      warningsAndErrors: 2,
      right: 1,
      wrong: 1,
      unjudged: 0,
      precision: 0.5,
      informationOrHigher: 3,
      perPolicy: 0.75,
    });
    assert.equal(figures([run], { projects: {} }).precision, undefined);
  });
});
