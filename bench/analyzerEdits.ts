/**
 * The server's work per keystroke in-process (issue 16), without the stdio transport, the client's parse and the
 * debounce: opens one generated file in the incremental analyser as the server does (a workspace without other
 * files), then types `--edits` characters into the bench's edit point, each analysed and made into diagnostics
 * (`shown` where the analysis has it, as the server publishes). Prints the CPU time per keystroke (this process,
 * garbage collection included) and the medians of the two steps.
 *
 *   node --import tsx bench/analyzerEdits.ts --shape crowded --size 5000 --edits 60
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { IncrementalAnalyzer } from '../server/src/engine/incremental';
import { diagnosticsOf } from '../server/src/lsp/diagnosticsEncoder';
import { crowdedEditOffset, crowdedPolicyFile, editOffset, policyFile } from './generate';

const { values } = parseArgs({ options: { shape: { type: 'string', default: 'crowded' }, size: { type: 'string', default: '5000' }, edits: { type: 'string', default: '60' } } });
const crowded = values.shape === 'crowded';
const size = Number(values.size);
const inputs = path.join(__dirname, '..', '.cache', 'bench', 'inputs');
const file = path.join(inputs, `${crowded ? 'crowded' : 'policies'}-${size}.yaml`);
if (!existsSync(file)) {
  mkdirSync(inputs, { recursive: true });
  writeFileSync(file, crowded ? crowdedPolicyFile(size) : policyFile(size));
}
const uri = `file:///bench/${path.basename(file)}`;
const options = { workspace: { uri, files: [] } };
const analyzer = new IncrementalAnalyzer();
let text = readFileSync(file, 'utf8');
diagnosticsOf(uri, analyzer.analyze(text, options).findings);
let at = (crowded ? crowdedEditOffset : editOffset)(text);
const edits = Number(values.edits);
const analyses: number[] = [];
const publishes: number[] = [];
const cpu = process.cpuUsage();
for (let i = 0; i < edits; i++) {
  text = text.slice(0, at) + String.fromCharCode(97 + (i % 26)) + text.slice(at);
  const t0 = performance.now();
  const analysis = analyzer.analyze(text, options, { start: at, end: at, newLength: 1 });
  const t1 = performance.now();
  diagnosticsOf(uri, (analysis as { shown?: typeof analysis.findings }).shown ?? analysis.findings);
  analyses.push(t1 - t0);
  publishes.push(performance.now() - t1);
  if (analysis.path.kind !== 'incremental') throw new Error(`edit ${i} was not incremental`);
  at++;
}
const used = process.cpuUsage(cpu);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!.toFixed(1);
console.log(`${values.shape} ${size}: CPU per keystroke ${((used.user + used.system) / 1000 / edits).toFixed(1)} ms (mean, GC included); analysis ${median(analyses)} ms, diagnostics ${median(publishes)} ms (medians); load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
