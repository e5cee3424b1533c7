/**
 * The findings of an analysis in the order they are shown, at a cost that follows the edit: each chunk keeps
 * its findings ordered (`Chunk.ordered`) while the parts they come from are the same, and only the chunks
 * whose parts changed are ordered again. The result is what keepFindings makes of every run's findings
 * moved with their pieces (stably sorted by `compareFindings`, a message said again at the same span and
 * code left out): the pieces' extents are disjoint and in order, so the findings of one piece come after
 * those of the pieces before it, and ties (the same span and code) lie within one piece.
 */
import type { Finding, ShownFinding } from '../analyze';
import { withoutIndexes } from '../analyze';
import type { Chunk, ChunkList, OrderedChunk, Part, RuleRun } from './chunks';
import { shiftFinding } from './chunks';

/** The findings of `runs` in order, as shown and (when asked) moved; undefined when a part has no live chunk (the caller sorts them all). */
export function orderedFindings(runs: readonly RuleRun[], chunkList: ChunkList): { readonly shown: readonly ShownFinding[]; findings(): Finding[] } | undefined {
  const chunks = chunkList.chunks;
  // Walk every part in the order of the runs; a chunk whose parts are those it was ordered from keeps its order.
  const matched = new Int32Array(chunks.length);
  let remade: (Part[] | undefined)[] | undefined;
  for (let r = 0; r < runs.length; r++) {
    const parts = runs[r]!.parts;
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p]!;
      const chunk = part.chunk;
      if (chunk === undefined || chunks[chunk.index] !== chunk) return undefined;
      const c = chunk.index;
      const changed = remade?.[c];
      if (changed) {
        changed.push(part);
        continue;
      }
      const known = chunk.ordered?.parts;
      if (known !== undefined && known[matched[c]!] === part) {
        matched[c]!++;
        continue;
      }
      remade ??= new Array<Part[] | undefined>(chunks.length);
      const kept = known ? known.slice(0, matched[c]) : [];
      kept.push(part);
      remade[c] = kept;
    }
  }
  let total = 0;
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    const parts = remade?.[c] ?? (chunk.ordered && matched[c] !== chunk.ordered.parts.length ? chunk.ordered.parts.slice(0, matched[c]) : undefined);
    if (parts) chunk.ordered = parts.length > 0 ? ordered(parts) : undefined;
    total += chunk.ordered?.found.length ?? 0;
  }

  const shown = new Array<ShownFinding>(total);
  let k = 0;
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    const entry = chunk.ordered;
    if (!entry) continue;
    for (let i = 0; i < entry.found.length; i++) {
      const part = entry.from[i]!;
      const lines = chunk.line - part.line;
      // Moved along its lines only, the finding as found has the right range (its span and fixes are not shown).
      shown[k++] = lines === 0 ? entry.found[i]! : movedAs(entry, i, chunk.start - part.start, lines, false);
    }
  }
  let findings: Finding[] | undefined;
  return {
    shown,
    findings: () => (findings ??= movedAll(chunks)),
  };
}

/** The findings of every chunk, moved to where their chunk is now. */
function movedAll(chunks: readonly Chunk[]): Finding[] {
  const findings: Finding[] = [];
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    const entry = chunk.ordered;
    if (!entry) continue;
    for (let i = 0; i < entry.found.length; i++) {
      const part = entry.from[i]!;
      const delta = chunk.start - part.start;
      const lines = chunk.line - part.line;
      findings.push(delta === 0 && lines === 0 ? entry.found[i]! : movedAs(entry, i, delta, lines, true));
    }
  }
  return findings;
}

/**
 * Finding `i` of `entry` moved by `delta` characters and `lines` lines: the one made before when it moved as far
 * (as many lines will do unless `exact`: its range is then right, and only its span and fixes are not, which are not shown).
 */
function movedAs(entry: OrderedChunk, i: number, delta: number, lines: number, exact: boolean): Finding {
  entry.moved ??= new Array<undefined>(entry.found.length);
  const known = entry.moved[i];
  if (known && known.lines === lines && (!exact || known.by === delta)) return known.finding;
  const finding = shiftFinding(entry.found[i]!, delta, lines);
  entry.moved[i] = { finding, by: delta, lines };
  return finding;
}

/**
 * One chunk's findings from `parts`, in order: sorted stably by their place in the chunk (the same order as by
 * their place in the text, the chunk's parts having moved with it), then code; of the findings at one span
 * with one code, a message said again (but for indexes) is left out, as keepFindings does.
 */
function ordered(parts: Part[]): OrderedChunk {
  const items: { finding: Finding; part: Part; at: number; to: number }[] = [];
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    for (let f = 0; f < part.findings.length; f++) {
      const finding = part.findings[f]!.finding;
      items.push({ finding, part, at: finding.span[0] - part.start, to: finding.span[1] - part.start });
    }
  }
  // Array.prototype.sort is stable.
  items.sort((x, y) => x.at - y.at || x.to - y.to || (x.finding.code < y.finding.code ? -1 : x.finding.code > y.finding.code ? 1 : 0));
  const found: Finding[] = [];
  const from: Part[] = [];
  let run = 0;
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    if (k > 0) {
      const last = items[k - 1]!;
      if (last.finding.code !== item.finding.code || last.at !== item.at || last.to !== item.to) run = k;
    }
    let said = false;
    for (let j = run; j < k && !said; j++) said = withoutIndexes(items[j]!.finding.message) === withoutIndexes(item.finding.message);
    if (said) continue;
    found.push(item.finding);
    from.push(item.part);
  }
  return { parts, found, from, moved: undefined };
}
