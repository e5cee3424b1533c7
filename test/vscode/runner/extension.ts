/**
 * A test-only extension: runs the extension-host suite (test/vscode/suite, bundled next to this file
 * by scripts/e2e/build-vscode-runner.mjs) with mocha when the workbench has started, and writes what
 * happened to $NETPOL_VSCODE_TEST_RESULTS for test/e2e/vscode-suite.test.ts to read. This is how the
 * suite that @vscode/test-electron runs on machines that can download VS Code also runs in code-server.
 */
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface TestResult {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly error?: string;
}

export interface RunResults {
  readonly tests: TestResult[];
  /** Set when the suite could not be loaded or run at all. */
  readonly error?: string;
}

function write(file: string, results: RunResults): void {
  // Written whole, then renamed, so the reader never sees half a file.
  writeFileSync(`${file}.partial`, JSON.stringify(results, null, 2));
  renameSync(`${file}.partial`, file);
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export function activate(): void {
  const file = process.env.NETPOL_VSCODE_TEST_RESULTS;
  if (!file) return;
  const tests: TestResult[] = [];
  try {
    const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false });
    const suiteDir = path.join(__dirname, 'suite');
    for (const name of readdirSync(suiteDir).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(suiteDir, name));
    const runner = mocha.run(() => write(file, { tests }));
    runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed' }));
    runner.on('pending', (test) => tests.push({ title: test.fullTitle(), state: 'pending' }));
    runner.on('fail', (test, error) => tests.push({ title: test.fullTitle(), state: 'failed', error: describeError(error) }));
  } catch (error) {
    write(file, { tests, error: describeError(error) });
  }
}

export function deactivate(): void {}
