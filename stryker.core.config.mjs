// Mutation testing of two shared pieces of the engine, run on demand (`npm run mutate:core`), never in CI:
// the `net` module's model of CIDRs and addresses (what validation, the rules and reachability all read) and
// the one helper the redundancy rules share. The same settings as stryker.config.mjs (see docs/testing.md); only the part
// mutated and the tests run for each mutant differ.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  commandRunner: {
    command:
      'node --import tsx --test test/unit/net/cidr.test.ts test/unit/validation/cidr.test.ts test/unit/redundantItems.test.ts test/unit/reach/semantics.test.ts test/unit/reach/e2e.test.ts' +
      ' && node --import tsx --test --test-name-pattern="NP10[345]|NP50[123]|NP702|NP80[12]|NP110" test/unit/rules.test.ts test/unit/ruleCases.test.ts',
  },
  mutate: ['server/src/engine/net/cidr.ts', 'server/src/engine/rules/support/redundantItems.ts'],
  incrementalFile: 'reports/stryker-incremental-core.json',
  htmlReporter: { fileName: 'reports/mutation-core/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation-core/mutation.json' },
};
