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
 */
import { setFlagsFromString } from 'node:v8';

let editing = false;

/** At start. */
export function tuneForFirstOpen(): void {
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
