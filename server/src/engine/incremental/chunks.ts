/**
 * Chunk bookkeeping for the incremental analyser: the pieces of the text (parse/documentChunks.ts) with
 * their documents, policies and line counts; re-forming them around an edit; moving the YAML nodes of
 * the pieces after the edit to their new offsets when they are next read; and grouping findings by the
 * piece they lie in, so that kept findings move with their piece.
 */
import { isCollection, isPair } from 'yaml';
import { hasLazyFixes } from '../analyze';
import type { Finding } from '../analyze';
import type { PolicyView } from '../model/policyView';
import type { DocumentManifests } from '../reach/manifests';
import { ChunkFormer, offsetArrays, shiftRanges } from '../parse/documentChunks';
import type { Offsets, ParsedChunk } from '../parse/documentChunks';
import { policiesInDocuments } from '../parse/manifests';
import type { PolicySource } from '../parse/manifests';
import { namespacesInDocument } from '../parse/namespaces';
import type { YamlDocument } from '../parse/yamlFile';
import type { Rule } from '../rules/rule';
import { scanDirectives } from '../suppress/directives';
import type { Directive } from '../suppress/directives';
import type { LineBreakCounts, Range } from '../text/positions';
import { lineBreakCounts } from '../text/positions';
import type { TextChange } from './textChange';

/** One piece of the text: its documents, policies, and what is known of them. */
export interface Chunk {
  start: number;
  end: number;
  /** Line of `start`. */
  line: number;
  /** Its place among the chunks, as of the last analysis that counted them. */
  index: number;
  /** The offset its YAML nodes were last moved to: they are moved when the chunk is next used. */
  nodesAt: number;
  alive: boolean;
  readonly documents: YamlDocument[];
  /** Its policies, with document indexes counted from the chunk's first document. */
  readonly sources: readonly PolicySource[];
  views: PolicyView[];
  /** Document index of the chunk's first document, when its views were made. */
  viewsFirst: number;
  offsets: Offsets[] | undefined;
  readonly counts: LineBreakCounts;
  readonly lineBreaks: number;
  /** Suppression comments, lines counted from the chunk's first line. */
  readonly directives: readonly Directive[];
  /** The distinct namespaces its objects name, in order of appearance (see `namedIn`). */
  named: readonly string[] | undefined;
  /** The workloads, Namespaces, Services, custom resources and kustomization of its documents (see schedule.ts, `populationOf`). */
  manifests: unknown[] | undefined;
  /** How many of `manifests` are workloads. */
  workloads: number;
  /** Its documents' manifests by kind, for the workspace (analyzer.ts, `ownManifests`), and for which URI. */
  byKind: { readonly uri: string; readonly manifests: DocumentManifests | undefined } | undefined;
  /** Whether a document is nested past the limit, or is one the yaml package gave up on (see `tooDeep`). */
  deep: boolean | undefined;
  /** Its findings as the last analysis ordered them, kept while its parts stay the same (see order.ts). */
  ordered: OrderedChunk | undefined;
  /** The runs the per-chunk schedules keep for it, by schedule (schedule.ts, `PerChunk`): a field, not a WeakMap looked up per chunk and keystroke. */
  readonly kept: (KeptRun | undefined)[];
}

/** A run a per-chunk schedule keeps for a chunk: valid while the schedule's generation and the stamp are those it was made with. */
export interface KeptRun {
  readonly run: RuleRun;
  readonly stamp: string;
  readonly generation: number;
}

/**
 * The findings of one chunk in the order they are shown, kept while the parts they come from stay the same
 * (order.ts): what `keepFindings` keeps of them, sorted, with a message said again at the same span left out.
 */
export interface OrderedChunk {
  /** The parts it was made from, in the order of the runs. */
  readonly parts: readonly Part[];
  /** The findings kept, in order, as found, and the part of each. */
  readonly found: readonly Finding[];
  readonly from: readonly Part[];
  /** Each finding as last moved, with by how many characters and lines (made again when its piece moved further since). */
  moved: ({ readonly finding: Finding; readonly by: number; readonly lines: number } | undefined)[] | undefined;
}

/** Findings in one chunk, with where the chunk was when they were found, to move them with it. */
export interface Part {
  /** Absent for findings kept only for this analysis. */
  readonly chunk: Chunk | undefined;
  readonly start: number;
  readonly line: number;
  readonly findings: readonly { readonly rule: Rule; readonly finding: Finding }[];
}

/** What one run of rules found. */
export interface RuleRun {
  readonly parts: readonly Part[];
  /** Some finding lay outside its policy's chunk: run again next time. */
  readonly volatile: boolean;
  /** Rules that threw, with what they threw. */
  readonly failed: ReadonlyMap<Rule, unknown>;
}

function newChunk(text: string, parsed: ParsedChunk): Chunk {
  const piece = text.slice(parsed.start, parsed.end);
  const counts = lineBreakCounts(piece);
  return {
    start: parsed.start,
    end: parsed.end,
    line: 0,
    index: -1,
    nodesAt: parsed.start,
    alive: true,
    documents: parsed.documents,
    sources: policiesInDocuments(parsed.documents),
    views: [],
    viewsFirst: 0,
    offsets: undefined,
    counts,
    // \r\n, lone \n and lone \r: the lines of LineIndex.
    lineBreaks: piece.split('\r').length - 1 + counts.lf,
    directives: scanDirectives(piece),
    named: undefined,
    manifests: undefined,
    workloads: 0,
    byKind: undefined,
    deep: undefined,
    ordered: undefined,
    kept: [],
  };
}

/**
 * The group a policy's namespace rules run in. No namespace and `namespace: ""` share one group: a
 * group may hold more than one namespace (rules compare namespaces themselves), never less.
 */
export function namespaceKey(policy: PolicyView): string {
  return policy.namespace ?? '';
}

/** The chunks of the current text, in order. */
export class ChunkList {
  chunks: Chunk[] = [];
  /** Some chunk's nodes are not where the chunk is. */
  private unsettled = false;

  /** Forms every chunk of `text` anew. Returns how many. */
  rebuild(text: string): number {
    this.clear();
    const former = new ChunkFormer(text, 0);
    for (let parsed = former.next(); parsed; parsed = former.next()) this.chunks.push(newChunk(text, parsed));
    return this.chunks.length;
  }

  clear(): void {
    for (const chunk of this.chunks) chunk.alive = false;
    this.chunks = [];
    this.unsettled = false;
  }

  /**
   * Re-forms the chunks around an edit; chunks after it are kept, their offsets moved. The namespaces of
   * the policies of chunks that are gone are added to `dirtyNamespaces`, and the policies to `removed`.
   * Returns how many chunks were parsed.
   */
  reparse(text: string, edit: TextChange, dirtyNamespaces: Set<string>, removed: PolicyView[] = []): number {
    const old = this.chunks;
    const delta = edit.newLength - (edit.end - edit.start);
    const newEnd = edit.start + edit.newLength;
    // The first chunk the edit touches, and the one before it: whether there is a cut between them
    // depends on the touched one.
    const first = firstIndex(old, (chunk) => chunk.end >= edit.start);
    const from = Math.max(0, Math.min(first, old.length) - 1);
    const former = new ChunkFormer(text, from < old.length ? old[from]!.start : 0);
    const replaced: Chunk[] = [];
    let parsedCount = 0;
    let resume = old.length;
    for (let parsed = former.next(); parsed; parsed = former.next()) {
      // A chunk wholly before the edit is the same as before: keep it, with what was found in it.
      const candidate = from < first ? old[from] : undefined;
      const before = candidate && parsed.end < edit.start && candidate.start === parsed.start && candidate.end === parsed.end ? candidate : undefined;
      if (!before) parsedCount++;
      replaced.push(before ?? newChunk(text, parsed));
      // Past the edit, a cut where an old chunk started: from there on everything is as before.
      if (parsed.end > newEnd) {
        const at = firstIndex(old, (chunk) => chunk.start >= parsed.end - delta);
        if (at < old.length && old[at]!.start === parsed.end - delta && old[at]!.start > edit.end) {
          resume = at;
          break;
        }
      }
    }
    for (const chunk of old.slice(from, resume)) {
      if (replaced.includes(chunk)) continue;
      chunk.alive = false;
      for (const view of chunk.views) {
        dirtyNamespaces.add(namespaceKey(view));
        removed.push(view);
      }
    }
    const after = old.slice(resume);
    if (delta !== 0) {
      this.unsettled ||= after.length > 0;
      for (let c = 0; c < after.length; c++) {
        after[c]!.start += delta;
        after[c]!.end += delta;
      }
    }
    this.chunks = old.slice(0, from).concat(replaced, after);
    return parsedCount;
  }

  /** Moves a chunk's YAML nodes to where the chunk is now. */
  settle(chunk: Chunk): void {
    const delta = chunk.start - chunk.nodesAt;
    if (delta === 0) return;
    chunk.offsets ??= offsetArrays(chunk.documents);
    shiftRanges(chunk.offsets, delta);
    chunk.nodesAt = chunk.start;
  }

  settleAll(): void {
    if (!this.unsettled) return;
    for (const chunk of this.chunks) this.settle(chunk);
    this.unsettled = false;
  }

  chunkAt(offset: number): Chunk | undefined {
    const chunk = this.chunks[firstIndex(this.chunks, (c) => c.end > offset)] ?? this.chunks[this.chunks.length - 1];
    return chunk && chunk.start <= offset ? chunk : undefined;
  }

  /**
   * Findings grouped by the chunk they lie in (to move with it), in the order they were found. A finding
   * outside one chunk, or with a related location in this file (`uri`), would not move with the text.
   */
  byChunk(found: readonly { rule: Rule; finding: Finding }[], failed: ReadonlyMap<Rule, unknown>, uri?: string): RuleRun {
    const parts: { chunk: Chunk | undefined; start: number; line: number; findings: { rule: Rule; finding: Finding }[] }[] = [];
    let volatile = false;
    for (const kept of found) {
      const chunk = this.chunkAt(kept.finding.span[0]);
      if (!chunk || !within(kept.finding, chunk)) volatile = true;
      if (uri !== undefined && kept.finding.related?.some((r) => r.uri === uri)) volatile = true;
      const last = parts[parts.length - 1];
      if (last && last.chunk === chunk) last.findings.push(kept);
      else parts.push({ chunk, start: chunk?.start ?? 0, line: chunk?.line ?? 0, findings: [kept] });
    }
    if (volatile) return { parts: [{ chunk: undefined, start: 0, line: 0, findings: [...found] }], volatile, failed };
    return { parts, volatile, failed };
  }

  /** A document nested past the limit, or one the yaml package gave up on: analyzeText reports those. */
  tooDeep(chunk: Chunk, maxNestingDepth: number): boolean {
    if (chunk.deep === undefined) {
      this.settle(chunk);
      chunk.deep = chunk.documents.some((doc) => deeperThan(doc.contents, maxNestingDepth) || doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION'));
    }
    return chunk.deep;
  }
}

/** The distinct namespaces a chunk's objects name, in order of appearance, worked out once per chunk. */
export function namedIn(chunk: Chunk): readonly string[] {
  if (!chunk.named) {
    const named = new Set<string>();
    for (const doc of chunk.documents) for (const object of namespacesInDocument(doc)) if (object.namespace !== undefined) named.add(object.namespace);
    chunk.named = [...named];
  }
  return chunk.named;
}

function shiftRange(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

/**
 * A finding kept from an earlier version, moved with its chunk by `delta` characters and `lines` lines. Its
 * range is the same object when no line moved (the server keeps each range's diagnostic as written,
 * lsp/diagnosticsEncoder.ts); its fixes are moved when first read, since most are never asked for.
 */
export function shiftFinding(finding: Finding, delta: number, lines: number): Finding {
  let fixes: Finding['fixes'] | undefined;
  // Not `...finding`: that would read its fixes now (lazy ones are made when first read: toFinding).
  return {
    code: finding.code,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    range: lines === 0 ? finding.range : shiftRange(finding.range, lines),
    span: [finding.span[0] + delta, finding.span[1] + delta],
    ...(finding.field !== undefined ? { field: finding.field } : {}),
    ...(finding.related !== undefined ? { related: finding.related } : {}),
    get fixes() {
      return (fixes ??= shiftFixes(finding.fixes, delta, lines));
    },
  };
}

/** Fixes moved by `delta` characters and `lines` lines (not those of another file). */
export function shiftFixes(fixes: Finding['fixes'], delta: number, lines: number): Finding['fixes'] {
  // A fix of another file (fix.uri) is not in this text: it does not move with it.
  return fixes.map((fix) =>
    fix.uri !== undefined
      ? fix
      : {
          ...fix,
          edits: lines === 0 ? fix.edits : fix.edits.map((edit) => ({ range: shiftRange(edit.range, lines), newText: edit.newText })),
          offsetEdits: fix.offsetEdits.map((edit) => ({ start: edit.start + delta, end: edit.end + delta, newText: edit.newText })),
        },
  );
}

function within(finding: Finding, chunk: Chunk): boolean {
  const inside = (offset: number) => offset >= chunk.start && offset <= chunk.end;
  if (!inside(finding.span[0]) || !inside(finding.span[1])) return false;
  // Lazy fixes edit only their policy's document (Report.lazyFixes), and are not made here.
  return hasLazyFixes(finding) || finding.fixes.every((fix) => fix.offsetEdits.every((e) => inside(e.start) && inside(e.end)));
}

/** Is a collection nested deeper than `maxDepth` below `root`? Walked without recursion. */
function deeperThan(root: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isPair(node)) {
      stack.push([node.key, depth], [node.value, depth]);
    } else if (isCollection(node)) {
      if (depth + 1 > maxDepth) return true;
      for (const item of node.items) stack.push([item, depth + 1]);
    }
  }
  return false;
}

/** Index of the first chunk for which `test` holds, `test` being false then true along the chunks. */
function firstIndex(chunks: readonly Chunk[], test: (chunk: Chunk) => boolean): number {
  let low = 0;
  let high = chunks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (test(chunks[mid]!)) high = mid;
    else low = mid + 1;
  }
  return low;
}
