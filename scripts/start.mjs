// `npm start`: after `npm run package` built the bundles and the .vsix, run the checker on each example of
// examples/ (each folder is a workspace of its own, as a project would be), then show what `--fix` would
// change, on a copy (examples/ itself is never modified).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const cli = path.resolve('dist/cli.js');
const vsix = path.resolve('dist/netpol-lens.vsix');

function check(args, options = {}) {
  const result = spawnSync(process.execPath, [cli, 'check', ...args], { encoding: 'utf8', ...options });
  if (result.status !== 0 && result.status !== 1) {
    process.stderr.write(result.stderr);
    process.exit(result.status ?? 2);
  }
  return result;
}

/** Each example is a folder: one workspace, whose first file's `# Shows:` line says what it demonstrates. */
const examples = readdirSync('examples', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => path.join('examples', entry.name))
  .sort();

for (const example of examples) {
  console.log(`$ netpol-lens check ${example}`);
  process.stdout.write(check([example]).stdout || 'no problems\n');
}

const copy = mkdtempSync(path.join(tmpdir(), 'netpol-lens-demo-'));
try {
  cpSync('examples', copy, { recursive: true });
  console.log('\n$ netpol-lens check --fix   (in each example, on a copy; the changes it makes:)');
  for (const example of examples) {
    const fixedDir = path.join(copy, path.basename(example));
    check(['--fix', '.'], { cwd: fixedDir });
    for (const name of readdirSync(example).sort()) {
      const original = path.join(example, name);
      const fixed = path.join(fixedDir, name);
      if (readFileSync(original, 'utf8') === readFileSync(fixed, 'utf8')) continue;
      const diff = spawnSync('diff', ['-u', '--label', `a/${original}`, '--label', `b/${original}`, original, fixed], { encoding: 'utf8' });
      process.stdout.write(diff.stdout || `${original} changed\n`);
    }
  }
  console.log('\n$ netpol-lens check   (in each example, after --fix, on the copy)');
  for (const example of examples) {
    console.log(`${example}: ${check(['.'], { cwd: path.join(copy, path.basename(example)) }).stdout.trim().split('\n').pop() || 'no problems'}`);
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}
if (existsSync(vsix)) console.log(`\nThe extension is packaged at ${path.relative(process.cwd(), vsix)}: code --install-extension ${path.relative(process.cwd(), vsix)}`);
