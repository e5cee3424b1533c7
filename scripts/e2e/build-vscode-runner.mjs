// Builds the test-runner extension (test/vscode/runner) with the extension-host suite
// (test/vscode/suite/*.test.ts) into out/vscode-runner, and packages it as
// out/netpol-lens-test-runner.vsix for test/e2e/vscode-suite.test.ts to install into code-server.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '..', '..');
const source = path.join(root, 'test', 'vscode', 'runner');
const suite = path.join(root, 'test', 'vscode', 'suite');
const staging = path.join(root, 'out', 'vscode-runner');
const vsix = path.join(root, 'out', 'netpol-lens-test-runner.vsix');

rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning' };
// mocha is bundled into the runner; its parallel mode, which we do not use, needs files we leave out.
await esbuild.build({
  ...common,
  entryPoints: [path.join(source, 'extension.ts')],
  outfile: path.join(staging, 'runner.js'),
  external: ['vscode'],
  logOverride: { 'require-resolve-not-external': 'silent' },
});
// The suite files sit inside the runner's folder, so their `require('vscode')` is served to it.
const tests = readdirSync(suite).filter((name) => name.endsWith('.test.ts'));
await esbuild.build({
  ...common,
  entryPoints: tests.map((name) => path.join(suite, name)),
  outdir: path.join(staging, 'suite'),
  external: ['vscode', 'mocha'],
});
for (const name of ['package.json', 'README.md']) copyFileSync(path.join(source, name), path.join(staging, name));
execFileSync(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--skip-license', '--out', vsix], {
  cwd: staging,
  stdio: ['ignore', 'ignore', 'inherit'],
});
console.log(`built ${path.relative(root, vsix)} with ${tests.join(', ')}`);
