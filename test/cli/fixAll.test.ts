/** `netpol-lens check --fix` over the whole catalogue: one run fixes everything it can, a second run changes nothing. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const root = path.join(__dirname, '..', '..');
const CLI = path.join(root, 'dist', 'cli.js');
const fixtures = path.join(root, 'test', 'fixtures', 'fix-all');

describe('netpol-lens check --fix over the catalogue', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'netpol-lens-fix-all-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'policies.yaml');
  copyFileSync(path.join(fixtures, 'input.yaml'), file);
  const fix = () => spawnSync(process.execPath, [CLI, 'check', '--fix', '--format', 'json', file], { encoding: 'utf8' });

  it('writes the composed preferred fixes', () => {
    const first = fix();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(readFileSync(file, 'utf8'), readFileSync(path.join(fixtures, 'expected.yaml'), 'utf8'));
  });

  it('a second run changes nothing', () => {
    const before = readFileSync(file, 'utf8');
    const second = fix();
    assert.equal(second.status, 0, second.stderr);
    assert.equal(readFileSync(file, 'utf8'), before);
  });
});
