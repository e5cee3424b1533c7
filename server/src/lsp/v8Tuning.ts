/**
 * V8 settings of the server process (issue #16: first diagnostics no slower than yaml-language-server's; peak
 * memory under 300 MB while editing), set at run time with `v8.setFlagsFromString`. V8 reads both each time they
 * apply (at each optimizing compile, after each full collection), so a change takes effect at once
 * (docs/benchmark.md, "First open: V8's compiler, no worker, lazy fixes").
 *
 * - **The heap kept near its live set, always** (`--heap-growing-percent=25`). After each full collection V8
 *   lets the heap grow up to 4x what is live when it judges collection cheap; a server kept open for hours
 *   settles at that ceiling. 1.25x keeps the peak near the live set (a 5,000-policy file after 60 edits: about
 *   275 MB instead of 480 MB). Set only once the first analysis was done, the first open of 5,000 crowded
 *   policies took about 0.5 s less CPU time (fewer full collections while the heap grows from nothing), but its
 *   peak was 20 MB higher (313 MB against 292 MB; and without a full collection at the switch, the peak after
 *   typing too), against the memory target: kept from the start.
 * - **The young generation capped at 2 x 8 MB** (`capYoungGeneration`, below, for the memory target).
 * - **Until the first analysis is done: less inlining in the optimizing compiler**
 *   (`--max-inlined-bytecode-size-cumulative=120`, V8's default 920). During a first open, TurboFan compiles the
 *   parser and the rules on V8's background threads while the main thread runs them; that compiling took about
 *   as much CPU time as the main thread's own work (crowded-1000: about 0.8 s of 1.6 s; most of it inlining),
 *   and on two cores it competes with the main thread. With no inlining at all (`--no-turbo-inlining`) it was
 *   about half, but on 5,000 crowded policies the main thread's own time grew by 10 to 20%; with a third of
 *   the usual inlining budget, the background threads' time is down by about a quarter and the main thread's
 *   stays as it was. Once the parse allocated less (engine/parse/cstParser.ts), 120 took the background threads'
 *   time down by another 10 to 15% with the main thread's the same (spread-5000, three runs each taking turns:
 *   0.93-0.94 s against 1.07-1.14 s; crowded-5000 and crowded-1000, two each: 1.23-1.34 s against 1.39-1.56 s,
 *   0.41-0.43 s against 0.49-0.50 s). The default is back for what is optimized later.
 *
 * Never set here: `--single-threaded-gc` and `--no-parallel-marking` end the process at its next full collection
 * when set at run time (a V8 CHECK, Node 20; test/unit/lsp/v8Tuning.test.ts runs these changes around collections).
 * The GC flags that can be set (fewer parallel or concurrent GC tasks) and a larger `--interrupt-budget` during the
 * first open only moved work to the main thread (docs/benchmark.md, "First open: V8's background threads").
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { whileParsing } from '../engine/parse/compactNodes';

let editing = false;

/** At start, before any parse. */
export function tuneForFirstOpen(): void {
  capYoungGeneration();
  setFlagsFromString('--heap-growing-percent=25');
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=120');
}

/** After the first analysis (of any document) is published: the settings for editing, for the rest of the process. */
export function tuneForEditing(): void {
  if (editing) return;
  editing = true;
  // V8's default (Node 20 to 24).
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=920');
}

/** Both semi-spaces of the young generation together, in bytes, when growing stops. */
export const YOUNG_GENERATION_CAP = 16 * 1024 * 1024;

/** The young generation's size now (both semi-spaces), in bytes. */
export function youngGenerationSize(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Caps V8's young generation of the server (`YOUNG_GENERATION_CAP`) at two semi-spaces of 8 MB (16 MB in all) instead of 16 MB each.
 *
 * V8 starts the young generation small and doubles it while many objects survive (the first parse of a
 * large file), up to two semi-spaces of 16 MB on 64-bit Node: 32 MB of the server's resident memory for the
 * rest of its life. `--max-semi-space-size` would set the ceiling, but only on Node's command line, before the
 * heap exists (setting it at run time does nothing), and the server does not choose how clients start it.
 * `--semi-space-growth-factor` is read each time the young generation grows, so setting it to 1 once the
 * semi-spaces have reached 8 MB stops them there. The check runs while documents are parsed
 * (`whileParsing`), where the young generation grows; it is a read of V8's space statistics.
 *
 * Measured on 5,000 crowded policies (docs/benchmark.md, "Peak memory"): 16 MB less resident memory, and
 * the analysis of a keystroke within a few percent of its CPU time with 16 MB semi-spaces (with 4 MB
 * semi-spaces it took 15 to 20% more). Call once, at start (`tuneForFirstOpen` does).
 */
export function capYoungGeneration(): void {
  const stopIfThere = (): boolean => {
    if (youngGenerationSize() < YOUNG_GENERATION_CAP) return false;
    setFlagsFromString('--semi-space-growth-factor=1');
    return true;
  };
  if (!stopIfThere()) whileParsing(16, stopIfThere);
}
