// Mutation testing of the engine, run on demand (`npm run mutate`), never in CI: see docs/testing.md.
// The tests run under node's own runner through tsx, for which Stryker has no runner plugin, so the
// command runner runs a fast subset of them once per mutant (all mutants are compiled into one sandbox
// copy and switched on one at a time through __STRYKER_ACTIVE_MUTANT__). Without per-test coverage every
// mutant costs one run of the subset (about 6 s), so the default scope is a part of the engine (the rules this
// suite's case files cover best); pass `--mutate <glob>` for another part. Incremental mode keeps the results of mutants whose code
// and tests did not change in reports/stryker-incremental.json, so a second run only tests what changed.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'command',
  commandRunner: {
    command: 'node --import tsx --test --test-name-pattern="NP40[12]" test/unit/rules.test.ts test/unit/ruleCases.test.ts',
  },
  // The part scored in docs/testing.md; a whole-engine run is `npm run mutate -- --mutate 'server/src/engine/**/*.ts'`
  // (hours on two cores).
  mutate: [
    'server/src/engine/rules/and-or-peer-split.ts',
    'server/src/engine/rules/rule-split-by-dash.ts',
  ],
  // The sandbox needs the sources, the tests and their fixtures, and the docs the case test reads.
  ignorePatterns: ['dist', 'out', '.cache', 'test-results', 'bench', 'client', 'test/e2e', 'test/vscode', 'test/fuzz-corpus', 'reports'],
  // Messages are compared whole by the fixtures and cases; their string mutants die at once and cost a run each.
  mutator: { excludedMutations: ['StringLiteral'] },
  coverageAnalysis: 'off',
  concurrency: 2,
  timeoutMS: 30000,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
