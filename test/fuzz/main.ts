/**
 * `npm run fuzz [-- --seconds N] [--seed S]`: fuzz the engine for N seconds (default 180). A failing
 * input is written to test/fuzz-corpus/crash-*.yaml (commit it with the fix: it becomes a seed) and
 * the exit code is 1.
 */
import { parseArgs } from 'node:util';
import { fuzz } from './fuzz';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '180' }, seed: { type: 'string' } } });
const seconds = Number(values.seconds);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isFinite(seconds) || seconds <= 0 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run fuzz -- [--seconds N] [--seed S]\n');
  process.exit(2);
}
process.stdout.write(`fuzzing for ${seconds} s with seed ${seed}\n`);
const result = fuzz({ seed, seconds, saveFailures: true, stallMs: 10_000, log: (line) => process.stdout.write(`${line}\n`) });
process.stdout.write(`${result.inputs} inputs, ${result.poolSize} in the pool at the end, ${result.failures.length} failures\n`);
for (const failure of result.failures) process.stdout.write(`FAILED (${failure.file}):\n${failure.error}\n`);
process.exit(result.failures.length > 0 ? 1 : 0);
