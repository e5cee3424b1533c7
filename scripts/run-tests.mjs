// Runs the test files under the given folders with node's test runner (TypeScript through tsx).
// Node 20's runner takes no globs, so the files are listed here. Usage: node scripts/run-tests.mjs test/unit test/cli
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return /\.test\.[cm]?ts$/.test(entry.name) ? [full] : [];
  });
}

const roots = process.argv.slice(2);
const files = roots.flatMap((root) => (statSync(root, { throwIfNoEntry: false })?.isDirectory() ? testFiles(root) : [root])).sort();
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
