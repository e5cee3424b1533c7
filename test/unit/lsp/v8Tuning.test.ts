/**
 * The server caps V8's young generation at 2 x 8 MB (lsp/v8Tuning.ts) by stopping its growth while a
 * large file is parsed. Each case runs in a process of its own (the flag is the process's): the same parse of
 * 2,000 crowded policies grows the young generation past 2 x 8 MB without the cap (to 2 x 16 MB on Node 20), and stays at 2 x 8 MB with it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { YOUNG_GENERATION_CAP } from '../../../server/src/lsp/v8Tuning';

const ROOT = path.join(__dirname, '..', '..', '..');

function youngGenerationAfterParse(capped: boolean): number {
  const script = `
    const { youngGenerationSize, capYoungGeneration } = require(${JSON.stringify(path.join(ROOT, 'server/src/lsp/v8Tuning.ts'))});
    const { parseChunks } = require(${JSON.stringify(path.join(ROOT, 'server/src/engine/parse/documentChunks.ts'))});
    const { crowdedPolicyFile } = require(${JSON.stringify(path.join(ROOT, 'bench/generate.ts'))});
    const text = crowdedPolicyFile(2000);
    if (${capped}) capYoungGeneration();
    const kept = parseChunks(text);
    process.stdout.write(String(youngGenerationSize()) + ' ' + kept.length);
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return Number(out.split(' ')[0]);
}

describe('the young generation of the server', () => {
  it('grows past 2 x 8 MB on a large parse without the cap', () => {
    assert.ok(youngGenerationAfterParse(false) > YOUNG_GENERATION_CAP);
  });
  it('stays at 2 x 8 MB with it', () => {
    assert.equal(youngGenerationAfterParse(true), YOUNG_GENERATION_CAP);
  });
});

/**
 * Some V8 flags take the process down when set at run time: `--single-threaded-gc` and `--no-parallel-marking`
 * end it with a V8 CHECK failure at the next full collection (tried on Node 20, docs/benchmark.md, "First open:
 * V8's background threads"). The server's own changes (at start, then after the first publish) are made here in a
 * process of their own, around allocation that survives scavenges, with full and incremental collections between.
 */
describe("the server's V8 flags set at run time", () => {
  it('leave a process that collects garbage of every kind running', () => {
    const script = `
      const v8 = require('node:v8');
      const vm = require('node:vm');
      const { tuneForFirstOpen, tuneForEditing } = require(${JSON.stringify(path.join(ROOT, 'server/src/lsp/v8Tuning.ts'))});
      const { parseChunks } = require(${JSON.stringify(path.join(ROOT, 'server/src/engine/parse/documentChunks.ts'))});
      const { crowdedPolicyFile } = require(${JSON.stringify(path.join(ROOT, 'bench/generate.ts'))});
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc');
      const text = crowdedPolicyFile(600);
      const kept = [];
      const churn = () => { for (let i = 0; i < 3; i++) kept.push(parseChunks(text)); gc(); kept.length = 0; gc({ type: 'minor' }); };
      tuneForFirstOpen();
      churn();
      tuneForEditing();
      churn();
      process.stdout.write('done');
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(out, 'done');
  });
});
