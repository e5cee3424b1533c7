/**
 * The first-open path alone: fresh servers, `didOpen` of one file -> the first publishDiagnostics (the
 * early one on large files) and -> the last (the whole analysis), with the server's CPU time and peak
 * memory. `node --import tsx bench/firstOpen.ts FILE [--runs N] [--prof DIR] [--heap-prof DIR] [--yls]`.
 * For profiling and quick before/after figures while working; `npm run bench` gives the recorded ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { LineIndex } from '../server/src/engine/text/positions';
import { crowdedEditOffset, editOffset } from './generate';
import { LspDriver } from './lspDriver';
import type { ServerCommand } from './lspDriver';

const ROOT = path.join(__dirname, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    prof: { type: 'string' },
    'heap-prof': { type: 'string' },
    yls: { type: 'string' },
    pull: { type: 'boolean', default: false },
    /** Then type this many characters into the middle policy (as `npm run bench` does) and report the peak memory again. */
    edits: { type: 'string', default: '0' },
    /** After the edits, this many more, each followed by code lenses and document symbols (as `npm run bench` does: 20). */
    'follow-ups': { type: 'string', default: '0' },
    /** Another build of the server (default dist/server.js). */
    server: { type: 'string' },
    /** More arguments for the server's Node (for example `--require=./memlog.cjs`). */
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});

function cpuMs(pid: number, tid?: number): number {
  const fields = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** CPU time per thread of the process (a thread gone since is not counted). */
const threadNames = new Map<number, string>();
function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      out.set(Number(tid), cpuMs(pid, Number(tid)));
      if (!threadNames.has(Number(tid))) threadNames.set(Number(tid), threadName(pid, Number(tid)));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/** A thread's name (`node`, `V8 Worker`, `NetPol Lens first-open worker`...). */
function threadName(pid: number, tid: number): string {
  try {
    return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/**
 * The main thread's CPU time between two readings, the busiest other thread's (the worker's, when there is
 * one), and the other threads' summed by name (V8's GC and compiler helpers are `V8 Worker`).
 */
function threadsBetween(pid: number, before: Map<number, number>, after: Map<number, number>): string {
  const main = (after.get(pid) ?? 0) - (before.get(pid) ?? 0);
  let other = 0;
  const byName = new Map<string, number>();
  const each: number[] = [];
  for (const [tid, ms] of after) {
    if (tid === pid) continue;
    const used = ms - (before.get(tid) ?? 0);
    other = Math.max(other, used);
    if (used > 0) each.push(used);
    if (used > 0) byName.set(threadNames.get(tid) ?? "?", (byName.get(threadNames.get(tid) ?? "?") ?? 0) + used);
  }
  const names = [...byName].sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(', ');
  return `main thread ${main.toFixed(0)} ms, busiest other ${other.toFixed(0)} ms [${names}: ${each.sort((a, b) => b - a).map((ms) => ms.toFixed(0)).join(' ')}]`;
}

async function main(): Promise<void> {
  const file = positionals[0];
  if (!file) throw new Error('usage: firstOpen.ts FILE');
  const text = readFileSync(file, 'utf8');
  const flags = [
    ...(values.prof ? ['--cpu-prof', `--cpu-prof-dir=${values.prof}`] : []),
    ...(values['heap-prof'] ? ['--heap-prof', `--heap-prof-dir=${values['heap-prof']}`] : []),
    ...(values['node-arg'] ?? []),
  ];
  const server: ServerCommand = values.yls
    ? { name: 'yls', command: values.yls, args: [path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'], configuration: (section) =>
          section === 'yaml'
            ? { validate: true, hover: true, completion: true, format: { enable: false }, schemaStore: { enable: false }, schemas: {}, customTags: [] }
            : null,
      }
    : { name: 'netpol-lens', command: process.execPath, args: [...flags, values.server ?? path.join(ROOT, 'dist', 'server.js'), '--stdio'], configuration: (s) => (s === 'netpolLens' ? {} : null) };
  for (let run = 0; run < Number(values.runs); run++) {
    const driver = new LspDriver(server);
    await driver.initialize();
    const cpu0 = cpuMs(driver.pid);
    const threads0 = threadCpu(driver.pid);
    const opened = await driver.open(`file:///bench/${path.basename(file)}`, text);
    const cpu1 = cpuMs(driver.pid);
    const threads1 = threadCpu(driver.pid);
    // The whole analysis after an early publish: wait until no publish came for 1.5 s.
    let last = opened.ms;
    let count = opened.diagnostics;
    const start = performance.now() - opened.ms;
    await new Promise<void>((resolve) => {
      let timer = setTimeout(resolve, 1500);
      const poll = setInterval(() => {
        const p = driver.lastPublished;
        if (p && p.diagnostics.length !== count) {
          count = p.diagnostics.length;
          last = performance.now() - start;
          clearTimeout(timer);
          timer = setTimeout(() => {
            clearInterval(poll);
            resolve();
          }, 1500);
        }
      }, 5);
      setTimeout(() => clearInterval(poll), 600_000);
    });
    const cpu2 = cpuMs(driver.pid);
    const rss = driver.peakRssMb();
    let typed = '';
    if (Number(values.edits) > 0) {
      const { line, character } = new LineIndex(text).positionAt(path.basename(file).startsWith('crowded') ? crowdedEditOffset(text) : editOffset(text));
      const latencies: number[] = [];
      const cpu3 = cpuMs(driver.pid);
      for (let i = 0; i < Number(values.edits); i++) latencies.push(await driver.change(`file:///bench/${path.basename(file)}`, i + 2, line, character + i, String(i % 10)));
      latencies.sort((a, b) => a - b);
      typed = `; ${latencies.length} edits, median ${latencies[latencies.length >> 1]!.toFixed(0)} ms, server cpu ${((cpuMs(driver.pid) - cpu3) / latencies.length).toFixed(1)} ms/edit, peak then ${driver.peakRssMb()?.toFixed(0)} MB`;
      const followUps = Number(values['follow-ups']);
      if (followUps > 0) {
        const uri = `file:///bench/${path.basename(file)}`;
        const lenses: number[] = [];
        const symbols: number[] = [];
        for (let i = Number(values.edits); i < Number(values.edits) + followUps; i++) {
          await driver.change(uri, i + 2, line, character + i, String(i % 10));
          lenses.push(await driver.request('textDocument/codeLens', uri));
          symbols.push(await driver.request('textDocument/documentSymbol', uri));
        }
        lenses.sort((a, b) => a - b);
        symbols.sort((a, b) => a - b);
        typed += `; then ${followUps} edits with code lenses (median ${lenses[lenses.length >> 1]!.toFixed(0)} ms) and symbols (${symbols[symbols.length >> 1]!.toFixed(0)} ms), peak then ${driver.peakRssMb()?.toFixed(0)} MB`;
      }
    }
    await driver.stop();
    console.log(
      `${server.name} ${path.basename(file)}: first ${opened.ms.toFixed(0)} ms (${opened.diagnostics} diagnostics, cpu ${(cpu1 - cpu0).toFixed(0)} ms: ${threadsBetween(driver.pid, threads0, threads1)}), ` +
        `whole ${last.toFixed(0)} ms (${count}, cpu ${(cpu2 - cpu0).toFixed(0)} ms), peak ${rss?.toFixed(0)} MB${typed}`,
    );
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
