/**
 * The bundled examples, as `npm start` shows them to a newcomer: each folder of examples/ is a workspace of
 * its own, and its `# Shows:` line names the findings (information or higher) it is there to show, and no others.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.join(__dirname, '..', '..');
const CLI = path.join(root, 'dist', 'cli.js');
const EXAMPLES = path.join(root, 'examples');

interface JsonResult {
  results: { file: string; diagnostics: { code: string; severity: string }[] }[];
}

/** The codes an example's files promise, from their `# Shows: NP201, NP403` (or `# Shows: nothing`) lines. */
function promised(dir: string): string[] {
  const codes: string[] = [];
  let lines = 0;
  for (const name of readdirSync(dir)) {
    for (const match of readFileSync(path.join(dir, name), 'utf8').matchAll(/^# Shows: (.*)$/gm)) {
      lines++;
      if (match[1]!.trim() !== 'nothing') codes.push(...match[1]!.split(',').map((code) => code.trim()));
    }
  }
  assert.equal(lines, 1, `${dir}: exactly one file says what the example shows (# Shows: ...)`);
  return codes.sort();
}

describe('the bundled examples', () => {
  const dirs = readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

  it('are folders, one workspace each (npm start checks each on its own)', () => {
    assert.ok(dirs.length >= 4, dirs.join(', '));
    assert.deepEqual(readdirSync(EXAMPLES).filter((name) => !dirs.includes(name)), []);
  });

  for (const name of dirs) {
    it(`${name} shows what it says, and nothing else`, () => {
      const dir = path.join(EXAMPLES, name);
      const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
      assert.ok(result.status === 0 || result.status === 1, result.stderr);
      const shown = (JSON.parse(result.stdout) as JsonResult).results
        .flatMap((file) => file.diagnostics)
        .filter((d) => d.severity !== 'hint')
        .map((d) => d.code)
        .sort();
      assert.deepEqual(shown, promised(dir));
    });
  }
});
