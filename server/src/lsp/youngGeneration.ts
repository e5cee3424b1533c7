/**
 * Caps V8's young generation of the server at two semi-spaces of 8 MB (16 MB in all) instead of 16 MB each.
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
 * semi-spaces it took 15 to 20% more).
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { whileParsing } from '../engine/parse/compactNodes';

/** Both semi-spaces of the young generation together, in bytes, when growing stops. */
export const YOUNG_GENERATION_CAP = 16 * 1024 * 1024;

/** The young generation's size now (both semi-spaces), in bytes. */
export function youngGenerationSize(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

/** Stops the young generation from growing past `YOUNG_GENERATION_CAP` (see above). Call once, at start. */
export function capYoungGeneration(): void {
  const stopIfThere = (): boolean => {
    if (youngGenerationSize() < YOUNG_GENERATION_CAP) return false;
    setFlagsFromString('--semi-space-growth-factor=1');
    return true;
  };
  if (!stopIfThere()) whileParsing(16, stopIfThere);
}
