// `npm start`: after `npm run package` built the bundles and the .vsix, run the checker on examples/,
// then show what `--fix` would change, on a copy (examples/ itself is never modified).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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

console.log('$ netpol-lens check examples');
process.stdout.write(check(['examples']).stdout);

const copy = mkdtempSync(path.join(tmpdir(), 'netpol-lens-demo-'));
try {
  cpSync('examples', copy, { recursive: true });
  check(['--fix', '.'], { cwd: copy });
  console.log('\n$ netpol-lens check --fix examples   (on a copy; the changes it makes:)');
  for (const name of readdirSync('examples').sort()) {
    const original = path.join('examples', name);
    const fixed = path.join(copy, name);
    if (!statSync(original).isFile() || readFileSync(original, 'utf8') === readFileSync(fixed, 'utf8')) continue;
    const diff = spawnSync('diff', ['-u', '--label', `a/${original}`, '--label', `b/${original}`, original, fixed], { encoding: 'utf8' });
    process.stdout.write(diff.stdout || `${original} changed\n`);
  }
  console.log('\n$ netpol-lens check examples   (after --fix, on the copy)');
  process.stdout.write(check(['.'], { cwd: copy }).stdout);
} finally {
  rmSync(copy, { recursive: true, force: true });
}
if (existsSync(vsix)) console.log(`\nThe extension is packaged at ${path.relative(process.cwd(), vsix)}: code --install-extension ${path.relative(process.cwd(), vsix)}`);
