/**
 * `npm run bench` drives every server through bench/lspDriver.ts. Once `stop()` has resolved, nothing of the
 * server may be left in the benchmark's process: not its child process, not one of its pipes, not a timer.
 * Anything left there kept the run alive after it had written its results (it ended logging a Socket and a
 * ChildProcess still open). These tests run the built server (`npm run build`, as the other server tests do).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { crowdedPolicyFile } from '../../bench/generate';
import { LspDriver } from '../../bench/lspDriver';
import type { ServerCommand } from '../../bench/lspDriver';

const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

/**
 * The child processes, pipes and timers that keep this process alive, counted by kind (other kinds, such as the
 * test runner's own file reads, come and go).
 */
function resources(): Record<'ProcessWrap' | 'PipeWrap' | 'Timeout', number> {
  const active = process.getActiveResourcesInfo();
  const count = (kind: string) => active.filter((k) => k === kind).length;
  return { ProcessWrap: count('ProcessWrap'), PipeWrap: count('PipeWrap'), Timeout: count('Timeout') };
}

describe('bench: the LSP driver', () => {
  it('leaves no process, pipe or timer of a server open once stopped', async () => {
    const before = resources();
    const server: ServerCommand = { name: 'netpol-lens', command: process.execPath, args: [SERVER, '--stdio'], configuration: (section) => (section === 'netpolLens' ? {} : null) };
    const driver = new LspDriver(server);
    await driver.initialize();
    const opened = await driver.open('file:///bench/crowded-1.yaml', crowdedPolicyFile(1));
    assert.ok(opened.diagnostics > 0, 'the crowded policy has findings');
    assert.equal(resources().ProcessWrap, before.ProcessWrap + 1, 'the server runs in a child process');
    await driver.stop();
    assert.deepEqual(resources(), before);
  });

  it('ends a server that answers nothing, and leaves nothing of it open', async () => {
    const before = resources();
    // Reads nothing, answers nothing, and would run for ever: stop() must kill it.
    const server: ServerCommand = { name: 'silent', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], configuration: () => null };
    const driver = new LspDriver(server);
    await driver.stop();
    assert.deepEqual(resources(), before);
  });
});
