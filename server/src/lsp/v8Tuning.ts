/**
 * V8 settings of the server process (issue #16: first diagnostics no slower than yaml-language-server's; peak
 * memory under 300 MB while editing), set at run time with `v8.setFlagsFromString`. V8 reads both each time they
 * apply (at each optimizing compile, after each full collection), so a change takes effect at once
 * (docs/benchmark.md, "First open: V8's compiler and heap").
 *
 * - **Until the first analysis is done: no inlining in the optimizing compiler** (`--no-turbo-inlining`).
 *   During a first open, TurboFan compiles the parser and the rules on V8's background threads while the main
 *   thread runs them; with inlining, that compiling took about as much CPU time as the main thread's own work
 *   (crowded-1000: about 0.8 s of 1.6 s), and on two cores it competes with the main thread. Without it, about
 *   half of that, for the same main-thread time. Inlining is back for what is optimized later.
 * - **Once it is done: the heap kept near its live set** (`--heap-growing-percent=25`). After each full
 *   collection V8 lets the heap grow up to 4x what is live when it judges collection cheap; a server kept open
 *   for hours settles at that ceiling. 1.25x keeps the peak near the live set while editing (a 5,000-policy file
 *   after 60 edits: about 275 MB instead of 480 MB). While the first open grows the heap from nothing, 1.25x
 *   steps made full collections one after another (5,000 crowded policies: 0.5 s more of V8's threads' CPU
 *   time). When it is set, one full collection brings the heap down to 1.25x what is live at once: without it
 *   the peak after typing was about 20 MB higher than with the setting from the start.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let editing = false;

/** At start. */
export function tuneForFirstOpen(): void {
  setFlagsFromString('--no-turbo-inlining');
}

/**
 * After the first analysis (of any document) is published: the settings for editing, for the rest of the
 * process, and one full collection (once the current message is answered).
 */
export function tuneForEditing(): void {
  if (editing) return;
  editing = true;
  setFlagsFromString('--turbo-inlining');
  setFlagsFromString('--heap-growing-percent=25');
  const collect = fullCollection();
  if (collect) setImmediate(collect);
}

/** V8's full collection, made reachable at run time (`--expose-gc` then a new context's `gc`); undefined if not. */
function fullCollection(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}
