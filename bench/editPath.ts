/**
 * The edit path alone, for profiling (issue 16): opens one generated file in the built server, types
 * `--edits` characters into the bench's edit point one at a time (each timed to its publishDiagnostics),
 * then `--follow-ups` more, each followed by code lenses and document symbols. With `--cpu-prof DIR` the
 * server runs under `node --cpu-prof` and writes its profile there when it exits.
 *
 *   node --import tsx bench/editPath.ts --shape crowded --size 5000 --edits 30 [--cpu-prof .cache/prof] [--server OTHER/server.js]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { LineIndex } from '../server/src/engine/text/positions';
import { crowdedEditOffset, crowdedPolicyFile, editOffset, policyFile } from './generate';
import { LspDriver } from './lspDriver';

const ROOT = path.join(__dirname, '..');
const INPUTS = path.join(ROOT, '.cache', 'bench', 'inputs');

const { values } = parseArgs({
  options: {
    shape: { type: 'string', default: 'crowded' },
    size: { type: 'string', default: '5000' },
    edits: { type: 'string', default: '30' },
    'follow-ups': { type: 'string', default: '10' },
    'cpu-prof': { type: 'string' },
    server: { type: 'string' },
  },
});

/** CPU time (user and system) of a process so far, in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
}

async function main(): Promise<void> {
  const crowded = values.shape === 'crowded';
  const size = Number(values.size);
  const file = path.join(INPUTS, `${crowded ? 'crowded' : 'policies'}-${size}.yaml`);
  if (!existsSync(file)) {
    mkdirSync(INPUTS, { recursive: true });
    writeFileSync(file, crowded ? crowdedPolicyFile(size) : policyFile(size));
  }
  const text = readFileSync(file, 'utf8');
  const profile = values['cpu-prof'];
  if (profile) mkdirSync(profile, { recursive: true });
  const driver = new LspDriver({
    name: 'netpol-lens',
    command: process.execPath,
    args: [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), values.server ?? path.join(ROOT, 'dist', 'server.js'), '--stdio'],
    configuration: (section) => (section === 'netpolLens' ? {} : null),
    initializationOptions: { traceAnalysisPath: true },
  });
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`${values.shape} ${size}: ${(text.length / 1e6).toFixed(2)} MB; load ${load()}`);
  try {
    await driver.initialize();
    const uri = `file:///bench/${path.basename(file)}`;
    const opened = await driver.open(uri, text);
    console.log(`  first diagnostics ${opened.ms.toFixed(0)} ms, ${opened.diagnostics} diagnostics`);
    const { line, character } = new LineIndex(text).positionAt((crowded ? crowdedEditOffset : editOffset)(text));
    const type = (i: number) => driver.change(uri, i + 2, line, character + i, String.fromCharCode(97 + (i % 26)));
    const edits = Number(values.edits);
    // The first edit waits for the rest of the first analysis (published after the early findings): not counted.
    const warm = 3;
    for (let i = 0; i < warm; i++) await type(i);
    const latencies: number[] = [];
    const serverCpu = cpuMs(driver.pid);
    const clientCpu = process.cpuUsage();
    for (let i = warm; i < warm + edits; i++) latencies.push(await type(i));
    const client = process.cpuUsage(clientCpu);
    console.log(`  CPU per edit: server ${((cpuMs(driver.pid) - serverCpu) / edits).toFixed(1)} ms, this client ${((client.user + client.system) / 1000 / edits).toFixed(1)} ms (mean)`);
    const paths = [...driver.analysisPaths.entries()].filter(([version]) => version >= 2);
    const incremental = paths.filter(([version, kind]) => version >= 2 + warm && kind === 'incremental').length;
    console.log(`  edit median ${median(latencies).toFixed(1)} ms (min ${Math.min(...latencies).toFixed(1)}), ${incremental} of ${edits} incremental; bytes per publish ${JSON.stringify(driver.lastPublished).length}`);
    const lenses: number[] = [];
    const symbols: number[] = [];
    const followUps = Number(values['follow-ups']);
    for (let i = warm + edits; i < warm + edits + followUps; i++) {
      await type(i);
      lenses.push(await driver.request('textDocument/codeLens', uri));
      symbols.push(await driver.request('textDocument/documentSymbol', uri));
    }
    if (followUps > 0) console.log(`  then code lenses ${median(lenses).toFixed(1)} ms, document symbols ${median(symbols).toFixed(1)} ms`);
    console.log(`  peak memory ${driver.peakRssMb()?.toFixed(0)} MB; load ${load()}`);
  } finally {
    await driver.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
