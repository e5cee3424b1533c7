/**
 * Fuzzing the engine with byte-level mutations of real inputs (the rule fixtures, the examples and
 * test/fuzz-corpus/). Every mutated text must pass checkInvariants: no exception, ranges inside the
 * text, every fix applies, parses and removes a finding of its kind. Mutants that show a new
 * combination of findings join the pool, so mutations build on each other.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../server/src/engine';
import { checkInvariants } from '../support/invariants';
import { applyMutation, random, randomMutation } from '../support/mutations';

const ROOT = path.join(__dirname, '..', '..');
export const CORPUS = path.join(ROOT, 'test', 'fuzz-corpus');

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, accept);
    return accept(entry.name) ? [full] : [];
  });
}

/** The seeds: every fixture input, every example, every corpus file (crashes found earlier included). */
export function seedTexts(): string[] {
  const files = [
    ...filesUnder(path.join(ROOT, 'test', 'fixtures'), (name) => name === 'input.yaml'),
    ...filesUnder(path.join(ROOT, 'examples'), (name) => /\.ya?ml$/.test(name)),
    ...filesUnder(CORPUS, (name) => !name.startsWith('.')),
  ].sort();
  return files.filter((file) => statSync(file).size < 1_000_000).map((file) => readFileSync(file, 'utf8'));
}

export interface FuzzOptions {
  readonly seed: number;
  /** Stop after this many inputs... */
  readonly iterations?: number;
  /** ...or after this long, whichever comes first. */
  readonly seconds?: number;
  /** Write a failing input to the corpus (the command line run does; the unit test does not). */
  readonly saveFailures?: boolean;
  /** One analysis taking longer than this is reported as a stall (command line run only; fix checks not counted). */
  readonly stallMs?: number;
  readonly log?: (line: string) => void;
}

export interface FuzzResult {
  readonly inputs: number;
  readonly poolSize: number;
  readonly failures: { text: string; error: string; file?: string }[];
}

function signature(text: string): string {
  const analysis = checkInvariants(text, { checkFixes: false });
  const codes = [...new Set(analysis.findings.map((f) => f.code))].sort().join(',');
  const errors = Math.min(3, analysis.file.documents.reduce((n, d) => n + d.errors.length, 0));
  return `${codes}|${errors}|${analysis.policies.length > 0}`;
}

export function fuzz(options: FuzzOptions): FuzzResult {
  const next = random(options.seed);
  const pool = seedTexts();
  const seen = new Set<string>();
  const failures: FuzzResult['failures'] = [];
  const deadline = options.seconds === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.seconds * 1000;
  const maxInputs = options.iterations ?? Number.POSITIVE_INFINITY;
  let inputs = 0;
  while (inputs < maxInputs && Date.now() < deadline && failures.length === 0) {
    let text = pool[Math.floor(next() * pool.length)]!;
    const count = 1 + Math.floor(next() * 5);
    for (let i = 0; i < count; i++) {
      const donor = pool[Math.floor(next() * pool.length)]!;
      text = applyMutation(text, randomMutation(next, text), donor);
    }
    inputs++;
    // A stall is one analysis taking too long (what the editor waits for); the fix checks below
    // re-analyse once per fix and are not counted.
    const started = Date.now();
    analyzeText(text);
    const took = Date.now() - started;
    try {
      checkInvariants(text);
      const sig = signature(text);
      if (!seen.has(sig)) {
        seen.add(sig);
        if (pool.length < 5_000) pool.push(text);
      }
    } catch (error) {
      failures.push({ text, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
    if (options.stallMs !== undefined && took > options.stallMs && failures.length === 0) {
      failures.push({ text, error: `one input took ${took} ms (more than ${options.stallMs} ms): a stall` });
    }
    if (options.log && inputs % 1000 === 0) options.log(`${inputs} inputs, ${pool.length} in the pool, ${seen.size} signatures`);
  }
  if (options.saveFailures) {
    for (const failure of failures) {
      const name = `crash-${createHash('sha1').update(failure.text).digest('hex').slice(0, 12)}.yaml`;
      failure.file = path.join(CORPUS, name);
      writeFileSync(failure.file, failure.text);
    }
  }
  return { inputs, poolSize: pool.length, failures };
}
