/**
 * Analysis of a document that is being edited, at a cost that follows the edit, not the file: an
 * edit re-parses only the YAML documents it touched, keeps the parse and the findings of the others,
 * and re-runs cross-policy rules only for the namespaces whose policies changed. The result is the
 * same as `analyzeText` on the same text (test/unit/incremental.test.ts holds it to that).
 *
 * An analysis returned here shares the YAML nodes of unchanged documents with the next one, whose
 * offsets are moved in place: use each analysis before asking for the next.
 */
import type { Analysis, AnalyzeOptions, Finding } from './analyze';
import { compareFindings, severityFor, toFinding } from './analyze';
import { DEFAULT_SETTINGS } from './config/settings';
import type { Settings, Severity } from './config/settings';
import { PolicyView } from './model/policyView';
import { ChunkFormer, shiftDocument } from './parse/documentChunks';
import type { ParsedChunk } from './parse/documentChunks';
import { policiesInDocuments } from './parse/manifests';
import type { PolicySource } from './parse/manifests';
import type { YamlDocument, YamlFile } from './parse/yamlFile';
import { RULES } from './rules';
import type { Report, Rule } from './rules/rule';
import { scanDirectives, suppressionsOf } from './suppress/directives';
import type { Directive } from './suppress/directives';
import type { LineBreakCounts, Range } from './text/positions';
import { eolOf, LineIndex, lineBreakCounts } from './text/positions';

/** `[start, end)` of the previous text became `[start, start + newLength)` of the new one. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly newLength: number;
}

/** A finding kept across edits, tied to the chunk it lies in, with where that chunk was then. */
interface KeptFinding {
  readonly finding: Finding;
  readonly chunk: Chunk;
  readonly start: number;
  readonly line: number;
}

interface RuleRun {
  readonly findings: KeptFinding[];
  /** Findings reported outside their policy's chunk: kept only for this analysis. */
  readonly volatile: boolean;
  readonly error?: unknown;
}

/** One piece of the text (see parse/documentChunks.ts): its documents, policies, and kept findings. */
interface Chunk {
  start: number;
  end: number;
  /** Line of `start`. */
  line: number;
  alive: boolean;
  readonly documents: YamlDocument[];
  /** Its policies, with document indexes counted from the chunk's first document. */
  readonly sources: readonly PolicySource[];
  views: PolicyView[];
  readonly counts: LineBreakCounts;
  readonly lineBreaks: number;
  /** Suppression comments, lines counted from the chunk's first line. */
  readonly directives: readonly Directive[];
  /** Findings of the rules that depend on a document only. */
  readonly runs: Map<Rule, RuleRun>;
}

function newChunk(text: string, parsed: ParsedChunk): Chunk {
  const piece = text.slice(parsed.start, parsed.end);
  const counts = lineBreakCounts(piece);
  return {
    start: parsed.start,
    end: parsed.end,
    line: 0,
    alive: true,
    documents: parsed.documents,
    sources: policiesInDocuments(parsed.documents),
    views: [],
    counts,
    // \r\n, lone \n and lone \r: the lines of LineIndex.
    lineBreaks: piece.split('\r').length - 1 + counts.lf,
    directives: scanDirectives(piece),
    runs: new Map(),
  };
}

/**
 * The group a policy's namespace rules run in. No namespace and `namespace: ""` share one group: a
 * group may hold more than one namespace (rules compare namespaces themselves), never less.
 */
function namespaceKey(policy: PolicyView): string {
  return policy.namespace ?? '';
}

/** The smallest change that turns `before` into `after`: common prefix and suffix left out. */
export function diffTexts(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail, newLength: after.length - tail - start };
}

function shiftRange(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

function shiftFinding(finding: Finding, delta: number, lines: number): Finding {
  return {
    ...finding,
    range: shiftRange(finding.range, lines),
    span: [finding.span[0] + delta, finding.span[1] + delta],
    fixes: finding.fixes.map((fix) => ({
      ...fix,
      edits: fix.edits.map((edit) => ({ range: shiftRange(edit.range, lines), newText: edit.newText })),
      offsetEdits: fix.offsetEdits.map((edit) => ({ start: edit.start + delta, end: edit.end + delta, newText: edit.newText })),
    })),
  };
}

function within(finding: Finding, chunk: Chunk): boolean {
  const inside = (offset: number) => offset >= chunk.start && offset <= chunk.end;
  return inside(finding.span[0]) && inside(finding.span[1]) && finding.fixes.every((fix) => fix.offsetEdits.every((e) => inside(e.start) && inside(e.end)));
}

interface CacheKey {
  readonly settings: Settings;
  readonly eol: string;
  readonly otherPolicies: readonly PolicyView[] | undefined;
}

/** Analyses successive versions of one document. */
export class IncrementalAnalyzer {
  private text: string | undefined;
  private chunks: Chunk[] = [];
  private lines: LineIndex | undefined;
  private key: CacheKey | undefined;
  /** Findings of the rules that depend on a namespace: rule -> namespace -> run. */
  private readonly namespaceRuns = new Map<Rule, Map<string, RuleRun>>();

  /**
   * Analyses `text`. `change` tells what changed since the previous call (from the editor's
   * incremental sync); without it the texts are compared.
   */
  analyze(text: string, options: AnalyzeOptions = {}, change?: TextChange): Analysis {
    const settings = options.settings ?? DEFAULT_SETTINGS;
    const previous = this.text;
    let edit = change;
    if (previous === undefined || !this.lines) edit = undefined;
    else if (!edit || previous.length - (edit.end - edit.start) + edit.newLength !== text.length) edit = diffTexts(previous, text);

    const dirtyNamespaces = new Set<string>();
    if (edit) {
      this.reparse(text, edit, dirtyNamespaces);
    } else {
      for (const chunk of this.chunks) chunk.alive = false;
      this.chunks = [];
      const former = new ChunkFormer(text, 0);
      for (let parsed = former.next(); parsed; parsed = former.next()) this.chunks.push(newChunk(text, parsed));
      this.namespaceRuns.clear();
    }
    this.text = text;

    // Line-break counts and lines per chunk; the file; every policy, in file order.
    let crlf = 0;
    let lf = 0;
    let line = 0;
    for (const chunk of this.chunks) {
      chunk.line = line;
      line += chunk.lineBreaks;
      crlf += chunk.counts.crlf;
      lf += chunk.counts.lf;
    }
    const eol = eolOf({ crlf, lf });
    const lines =
      edit && this.lines ? this.lines.edited(edit.start, edit.end, text.slice(edit.start, edit.start + edit.newLength), text, eol) : new LineIndex(text, { eol });
    this.lines = lines;
    const documents: YamlDocument[] = [];
    const file: YamlFile = { text, lines, documents };
    const policies: PolicyView[] = [];
    const chunkOf = new Map<PolicyView, Chunk>();
    for (const chunk of this.chunks) {
      const first = documents.length;
      for (const doc of chunk.documents) documents.push(doc);
      const known = chunk.views;
      chunk.views = chunk.sources.map((source, i) => {
        const absolute = first === 0 ? source : { ...source, documentIndex: source.documentIndex + first };
        const view = known[i];
        if (view) return view.inFile(file, absolute);
        const created = new PolicyView(file, absolute);
        dirtyNamespaces.add(namespaceKey(created));
        return created;
      });
      for (const view of chunk.views) {
        policies.push(view);
        chunkOf.set(view, chunk);
      }
    }

    const findings: Finding[] = [];
    const internalErrors: { rule: string; error: unknown }[] = [];
    if (!settings.enable || policies.length === 0) return { file, policies, findings, internalErrors };

    const key: CacheKey = { settings, eol, otherPolicies: options.otherPolicies };
    const keyChanged = !this.key || this.key.settings !== key.settings || this.key.eol !== key.eol || this.key.otherPolicies !== key.otherPolicies;
    if (keyChanged) {
      for (const chunk of this.chunks) chunk.runs.clear();
      this.namespaceRuns.clear();
    }
    this.key = key;

    const scope = [...policies, ...(options.otherPolicies ?? [])];
    const run = (rule: Rule, severity: Severity, partPolicies: readonly PolicyView[], partScope: readonly PolicyView[]): RuleRun => {
      const kept: KeptFinding[] = [];
      let volatile = false;
      const report = (r: Report) => {
        const finding = toFinding(file, rule, severity, r);
        const chunk = chunkOf.get(r.policy);
        if (!chunk || !within(finding, chunk)) volatile = true;
        const anchor = chunk ?? this.chunks[0]!;
        kept.push({ finding, chunk: anchor, start: anchor.start, line: anchor.line });
      };
      try {
        rule.check({ file, policies: partPolicies, scope: partScope, settings, report });
      } catch (error) {
        return { findings: kept, volatile, error };
      }
      return { findings: kept, volatile };
    };

    const namespaces = new Map<string, PolicyView[]>();
    for (const policy of policies) {
      const list = namespaces.get(namespaceKey(policy));
      if (list) list.push(policy);
      else namespaces.set(namespaceKey(policy), [policy]);
    }
    let namespaceScopes: Map<string, PolicyView[]> | undefined;

    for (const rule of RULES) {
      const severity = severityFor(rule.meta, settings);
      if (severity === 'off') continue;
      const runs: RuleRun[] = [];
      if (rule.dependsOn === 'document') {
        for (const chunk of this.chunks) {
          if (chunk.views.length === 0) continue;
          let result = chunk.runs.get(rule);
          if (!result || result.volatile) {
            result = run(rule, severity, chunk.views, scope);
            chunk.runs.set(rule, result);
          }
          runs.push(result);
        }
      } else if (rule.dependsOn === 'namespace') {
        if (!namespaceScopes) {
          namespaceScopes = new Map();
          for (const policy of scope) {
            const list = namespaceScopes.get(namespaceKey(policy));
            if (list) list.push(policy);
            else namespaceScopes.set(namespaceKey(policy), [policy]);
          }
        }
        let byNamespace = this.namespaceRuns.get(rule);
        if (!byNamespace) this.namespaceRuns.set(rule, (byNamespace = new Map<string, RuleRun>()));
        for (const namespace of byNamespace.keys()) if (!namespaces.has(namespace)) byNamespace.delete(namespace);
        for (const [namespace, members] of namespaces) {
          let result = byNamespace.get(namespace);
          if (!result || result.volatile || dirtyNamespaces.has(namespace) || result.findings.some((f) => !f.chunk.alive)) {
            result = run(rule, severity, members, namespaceScopes.get(namespace) ?? []);
            byNamespace.set(namespace, result);
          }
          runs.push(result);
        }
      } else {
        runs.push(run(rule, severity, policies, scope));
      }

      if (runs.some((r) => r.error !== undefined)) {
        // A rule that throws stops where it is: only a run over the whole file gives the same findings.
        const whole = run(rule, severity, policies, scope);
        for (const kept of whole.findings) findings.push(kept.finding);
        if (whole.error !== undefined) internalErrors.push({ rule: rule.meta.code, error: whole.error });
        continue;
      }
      for (const result of runs) {
        for (const kept of result.findings) {
          const delta = kept.chunk.start - kept.start;
          const lineDelta = kept.chunk.line - kept.line;
          findings.push(delta === 0 && lineDelta === 0 ? kept.finding : shiftFinding(kept.finding, delta, lineDelta));
        }
      }
    }

    const directives: Directive[] = [];
    for (const chunk of this.chunks) for (const d of chunk.directives) directives.push({ line: d.line + chunk.line, names: d.names });
    const suppressions = suppressionsOf(directives);
    const kept = directives.length === 0 ? findings : findings.filter((f) => !suppressions.isSuppressed(f.range.start.line, f.code, f.rule));
    kept.sort(compareFindings);
    return { file, policies, findings: kept, internalErrors };
  }

  /** Re-forms the chunks around an edit; chunks after it are kept, their offsets moved. */
  private reparse(text: string, edit: TextChange, dirtyNamespaces: Set<string>): void {
    const old = this.chunks;
    const delta = edit.newLength - (edit.end - edit.start);
    const newEnd = edit.start + edit.newLength;
    // The first chunk the edit touches, and the one before it: whether there is a cut between them
    // depends on the touched one.
    const first = firstIndex(old, (chunk) => chunk.end >= edit.start);
    const from = Math.max(0, Math.min(first, old.length) - 1);
    const former = new ChunkFormer(text, from < old.length ? old[from]!.start : 0);
    const replaced: Chunk[] = [];
    let resume = old.length;
    for (let parsed = former.next(); parsed; parsed = former.next()) {
      // A chunk wholly before the edit is the same as before: keep it, with what was found in it.
      const candidate = from < first ? old[from] : undefined;
      const before = candidate && parsed.end < edit.start && candidate.start === parsed.start && candidate.end === parsed.end ? candidate : undefined;
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
      for (const view of chunk.views) dirtyNamespaces.add(namespaceKey(view));
    }
    const after = old.slice(resume);
    if (delta !== 0) {
      for (const chunk of after) {
        for (const doc of chunk.documents) shiftDocument(doc, delta);
        chunk.start += delta;
        chunk.end += delta;
      }
    }
    this.chunks = [...old.slice(0, from), ...replaced, ...after];
  }
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

/** One change after another as a single change of the first text (for changes not yet analysed). */
export function composeChanges(first: TextChange, second: TextChange): TextChange {
  const currentEnd = first.start + first.newLength;
  const start = Math.min(first.start, second.start);
  const end = second.end > currentEnd ? first.end + (second.end - currentEnd) : first.end;
  const newEnd = Math.max(currentEnd, second.end) + second.newLength - (second.end - second.start);
  return { start, end: Math.max(end, start), newLength: newEnd - start };
}
