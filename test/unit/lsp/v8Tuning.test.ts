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
