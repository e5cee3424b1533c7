/**
 * V8 settings of the server process, in two phases (issue #16: first diagnostics no slower than
 * yaml-language-server's; peak memory under 300 MB while editing). Flags set at run time with
 * `v8.setFlagsFromString`; both are read by V8 each time they apply (at each optimizing compile, after each
 * full collection), so changing them takes effect at once (docs/benchmark.md, "First open: V8's compiler").
 *
 * - **Until the first analysis is done: no inlining in the optimizing compiler** (`--no-turbo-inlining`).
 *   During a first open, TurboFan compiles the parser and the rules on V8's background threads while the
 *   main thread runs them; with inlining, that compiling took about as much CPU time as the main thread's
 *   own work (crowded-1000: about 0.8 s of 1.6 s), and on two cores it competes with the main thread.
 *   Without it, half of that, for the same main-thread time.
 * - **Once it is done: the heap kept near its live set** (`--heap-growing-percent=25`). After each full
 *   collection V8 lets the heap grow up to 4x what is live when it judges collection cheap; a server kept
 *   open for hours settles at that ceiling. 1.25x keeps the peak near the live set while editing. During the
 *   first open the heap grows from nothing to its live set, and 1.25x steps only add full collections.
 */
import { setFlagsFromString } from 'node:v8';

let editing = false;

/** At start: the first open's settings. */
export function tuneForFirstOpen(): void {
  setFlagsFromString('--no-turbo-inlining');
}

/** After the first analysis (of any document): the settings for editing, for the rest of the process. */
export function tuneForEditing(): void {
  if (editing) return;
  editing = true;
  setFlagsFromString('--turbo-inlining');
  setFlagsFromString('--heap-growing-percent=25');
}
