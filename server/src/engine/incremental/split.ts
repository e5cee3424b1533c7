/**
 * A first analysis made on two threads (issue #16): the per-document findings of the pieces after a cut
 * near the middle are made by another thread (lsp/firstOpenWorker.ts) while this one makes those before
 * it, so that a large file's first diagnostics wait for about half the parse. The whole analysis is then
 * made here as always; the other thread only ever gives findings for the early publish.
 */
import type { Settings } from '../config/settings';
import { cutCandidates } from '../parse/documentChunks';
import { IncrementalAnalyzer } from './analyzer';
import type { PartFindings } from './analyzer';

/**
 * The first cut (`---` line) of `text` at or after `fraction` of its length, where the incremental analysis
 * may cut it into pieces; undefined when there is none before the end.
 */
export function cutNear(text: string, fraction: number): number | undefined {
  const at = Math.floor(text.length * fraction);
  for (const cut of cutCandidates(text, 0)) {
    if (cut >= text.length) return undefined;
    if (cut >= at && cut > 0) return cut;
  }
  return undefined;
}

/**
 * The raw per-document findings of the pieces of `text` from the cut `from` on, as the analysis of the
 * whole text finds them there (what the other thread computes: IncrementalAnalyzer.partFrom). Undefined when
 * the text goes another way (a template, a limit, a policy this path leaves to analyzeText): the whole
 * analysis then decides.
 */
export function partFrom(text: string, from: number, settings: Settings): PartFindings | undefined {
  return new IncrementalAnalyzer().partFrom(text, from, { settings });
}
