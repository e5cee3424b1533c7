/**
 * Analysis of a document that is being edited, at a cost that follows the edit, not the file: an
 * edit re-parses only the YAML documents it touched (chunks.ts), keeps the parse and the findings of
 * the others, and re-runs each rule only where what it depends on changed (schedule.ts). The result is
 * the same as `analyzeText` on the same text (test/unit/incremental.test.ts holds it to that), and says
 * which path served it (analysisPath.ts).
 *
 * An analysis returned here shares the YAML nodes of unchanged documents with the next one, whose
 * offsets are moved in place: use each analysis before asking for the next.
 */
import type { AnalyzeOptions, Finding, LazyFixes, ShownFinding } from '../analyze';
import { mentionsExpectations } from '../expectations/format';
import { mentionsClusterPolicies } from '../parse/clusterPolicies';
import { mentionsForeignPolicyApi, namesNoForeignPolicyApi } from '../cilium/model';
import { analyzeText, keepSortedFindings, severityFor, toFinding, withoutIndexes, workspaceFor } from '../analyze';
import { templatedRegions } from '../parse/templates';
import { DEFAULT_SETTINGS } from '../config/settings';
import type { Settings } from '../config/settings';
import { PolicyView } from '../model/policyView';
import type { YamlDocument, YamlFile } from '../parse/yamlFile';
import { RULES } from '../rules';
import type { CompileCache, Workspace } from '../reach/workspace';
import { documentManifests, GatheredManifests } from '../reach/manifests';
import type { DocumentManifests, FileManifests } from '../reach/manifests';
import type { Report, Rule } from '../rules/rule';
import { reportAtWith } from '../rules/support/reportAt';
import { suppressionsOf } from '../suppress/directives';
import type { Directive } from '../suppress/directives';
import { eolOf, LineIndex } from '../text/positions';
import type { AnalysisPath, FullReason, IncrementalAnalysis } from './analysisPath';
import { ChunkList, namedIn, namespaceKey, shiftFinding, shiftFixes } from './chunks';
import type { Chunk, RuleRun } from './chunks';
import { newSchedules, SCHEDULE_KINDS, scheduleKindOf } from './schedule';
import type { ActiveRule, Pass, ScheduleKind, Schedules } from './schedule';
import { orderedFindings } from './order';
import { diffTexts, fitsLengths } from './textChange';
import type { TextChange } from './textChange';

interface CacheKey {
  readonly settings: Settings;
  readonly eol: string;
  readonly otherPolicies: readonly PolicyView[] | undefined;
}

/** Characters around an edit looked at for what it may have made (`{{`, an expectations kind or group): more than the longest. */
const HOLDS_MARGIN = 100;

/** What makes a text one for analyzeText rather than this path (see `holds`). */
interface TextHolds {
  readonly templates: boolean;
  readonly expectations: boolean;
  readonly clusterPolicies: boolean;
  readonly foreignPolicies: boolean;
}

function scanHolds(text: string): TextHolds {
  return {
    templates: text.includes('{{'),
    expectations: mentionsExpectations(text),
    clusterPolicies: mentionsClusterPolicies(text),
    foreignPolicies: mentionsForeignPolicyApi(text),
  };
}

/** What analyzeIncrementally yields before it is done: the per-document findings. */
interface Stage {
  early(): Finding[];
}

function suppressedBy(directives: readonly Directive[]): (finding: Finding) => boolean {
  const suppressions = suppressionsOf(directives);
  return (f: Finding) => directives.length > 0 && suppressions.isSuppressed(f.range.start.line, f.code, f.rule);
}

/** Thrown where this path does not go: the file is analysed whole, by analyzeText, for `reason`. */
class WholeFile extends Error {
  constructor(
    readonly reason: FullReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** Analyses successive versions of one document. */
export class IncrementalAnalyzer {
  private text: string | undefined;
  /** Why nothing is kept (`text` is undefined): what the next analysis reports as its reason to be full. */
  private nothingKept: FullReason = 'first analysis';
  private readonly chunks = new ChunkList();
  /**
   * One file object for every version: policies of unchanged documents keep pointing at it. An
   * analysis returned is valid until the next call.
   */
  private readonly file: { text: string; lines: LineIndex; documents: YamlDocument[]; notices: []; skippedDocuments: ReadonlySet<number> } = {
    text: '',
    lines: new LineIndex(''),
    documents: [],
    notices: [],
    skippedDocuments: new Set(),
  };
  private readonly chunkOf = new WeakMap<PolicyView, Chunk>();
  private key: CacheKey | undefined;
  private settings: Settings | undefined;
  /** The file's namespaces as gathered last, and over how many chunks. */
  private fileNamespaces: { readonly joined: string; readonly inOrder: readonly string[]; readonly over: number } | undefined;
  /** What the previous text holds that this path leaves to analyzeText (see `holds`). */
  private textHolds: TextHolds | undefined;
  private readonly schedules: Schedules = newSchedules();
  /** The workspace the last analysis made for its rules, with what it was made of (see `workspaceOf`). */
  private lastWorkspace:
    | {
        readonly workspace: Workspace;
        readonly uri: string;
        readonly settings: Settings;
        readonly cache: CompileCache | undefined;
        readonly others: readonly FileManifests[];
        readonly own: FileManifests;
        readonly policies: readonly PolicyView[];
      }
    | undefined;

  /** @param rules the rules to run (all of them; tests give others). */
  constructor(private readonly rules: readonly Rule[] = RULES) {}

  /**
   * Analyses `text`. `change` tells what changed since the previous call (from the editor's
   * incremental sync); without it the texts are compared. Never throws: if the incremental path
   * fails, the text is analysed whole and the result's `path` says why, with the error.
   */
  analyze(text: string, options: AnalyzeOptions = {}, change?: TextChange): IncrementalAnalysis {
    return this.analyzeStaged(text, options, change).rest();
  }

  /**
   * The analysis in two steps, for a first publish that does not wait for the cross-policy rules:
   * `early()` gives the findings of the rules that read their own document only (`dependsOn: 'document'`),
   * which no other document can change, so each is in `rest()`'s whole analysis too; `rest()` finishes it.
   * `early` is undefined when the analysis went another way (a fallback to analyzeText). Between the two
   * steps nothing else may use this analyzer; `rest()` must be called, once.
   */
  analyzeStaged(text: string, options: AnalyzeOptions = {}, change?: TextChange): { early: (() => Finding[]) | undefined; rest: () => IncrementalAnalysis } {
    const fallback = (error: unknown): IncrementalAnalysis => {
      if (error instanceof WholeFile) return this.whole(text, options, { kind: 'full', reason: error.reason, detail: error.detail });
      // A bug of ours: analyzeText gives the right findings, and the path carries the error to the log.
      const detail = error instanceof Error ? error.message : String(error);
      return this.whole(text, options, { kind: 'full', reason: 'error', detail, error });
    };
    const steps = this.analyzeIncrementally(text, options, change);
    let step: IteratorResult<Stage, IncrementalAnalysis> | undefined;
    let failed: unknown;
    let failedAt = false;
    let analysis: IncrementalAnalysis | undefined;
    const advance = (): void => {
      if (failedAt || step?.done) return;
      try {
        step = steps.next();
      } catch (error) {
        failedAt = true;
        failed = error;
      }
    };
    advance();
    const stage = !failedAt && !step!.done ? step!.value : undefined;
    return {
      early: stage ? () => stage.early() : undefined,
      rest: () => {
        if (analysis) return analysis;
        while (!failedAt && !step!.done) advance();
        analysis = failedAt ? fallback(failed) : (step!.value as IncrementalAnalysis);
        return analysis;
      },
    };
  }

  /** Yields, once the per-document rules have run, their findings (see analyzeStaged). */
  private *analyzeIncrementally(text: string, options: AnalyzeOptions, change: TextChange | undefined): Generator<Stage, IncrementalAnalysis> {
    const settings = options.settings ?? DEFAULT_SETTINGS;
    const edit = this.guard(text, options, settings, change);
    // After the guard: settings that changed drop what was kept.
    const previous = this.text;
    const fullReason = previous === undefined ? this.nothingKept : undefined;

    const dirtyNamespaces = new Set<string>();
    // The policies this edit changed: as they were (in chunks now gone) and as they are (in new chunks).
    const changed: { before: PolicyView[]; after: PolicyView[] } = { before: [], after: [] };
    const reparsed = edit ? this.chunks.reparse(text, edit, dirtyNamespaces, changed.before) : this.chunks.rebuild(text);
    if (!edit) this.clearSchedules();
    this.text = text;
    const counter = { rerun: 0 };

    const { file, policies, chunks, byKind, scope, pass, directives, isSuppressed } = this.prepare(
      text,
      options,
      settings,
      edit,
      previous,
      dirtyNamespaces,
      changed,
      counter,
    );

    const path = (): AnalysisPath => (fullReason ? { kind: 'full', reason: fullReason } : { kind: 'incremental', reparsed, chunks: chunks.length, rerun: counter.rerun });
    const findings: Finding[] = [];
    const internalErrors: { rule: string; error: unknown }[] = [];
    if (!settings.enable || policies.length === 0) return this.result(file, policies, { shown: findings, findings: () => findings }, internalErrors, path());

    // Whole-file rules read anything: every node must be where it is in the text.
    if (byKind.get('file')!.length > 0) this.chunks.settleAll();
    const runs: RuleRun[] = [];
    for (const kind of SCHEDULE_KINDS) {
      this.schedules[kind].run(byKind.get(kind)!, pass, runs);
      // The per-document findings so far: kept as below, without those of a rule that failed (it runs again whole).
      if (kind === 'document') {
        const soFar = runs.slice();
        yield { early: () => keepInOrder(collectInOrder(soFar, this.chunks, true), isSuppressed).findings() };
      }
    }

    // A rule that throws stops where it is: only a run over the whole file gives the same findings.
    const failed = new Set<Rule>();
    for (let r = 0; r < runs.length; r++) if (runs[r]!.failed.size > 0) for (const rule of runs[r]!.failed.keys()) failed.add(rule);
    if (failed.size > 0) {
      this.chunks.settleAll();
      for (const kind of SCHEDULE_KINDS) {
        for (const entry of byKind.get(kind)!) {
          if (!failed.has(entry.rule)) continue;
          const whole = pass.run([entry], policies, scope);
          for (const part of whole.parts) for (const kept of part.findings) findings.push(kept.finding);
          if (whole.failed.has(entry.rule)) internalErrors.push({ rule: entry.rule.meta.code, error: whole.failed.get(entry.rule) });
        }
      }
    }
    // Ordered chunk by chunk, only those whose findings changed; with suppression comments or a rule that threw, all of them at once.
    const kept =
      (directives.length === 0 && failed.size === 0 ? orderedFindings(runs, this.chunks) : undefined) ??
      keepInOrder(collectInOrder(runs, this.chunks, false, failed, findings), directives.length > 0 ? isSuppressed : undefined);
    return this.result(file, policies, kept, internalErrors, path());
  }

  /**
   * Throws WholeFile for a text this path leaves to analyzeText (limits, templates, patches, files judged
   * whole); the next edit then starts afresh. Returns the edit since the previous text (none for a first).
   */
  private guard(text: string, options: AnalyzeOptions, settings: Settings, change: TextChange | undefined): TextChange | undefined {
    if (text.length > settings.limits.maxFileSize) throw new WholeFile('notices present', 'file too large');
    if (options.partial) throw new WholeFile('notices present', 'Kustomize patch');
    if (this.settings !== undefined && this.settings !== settings) this.reset('settings changed');
    const previous = this.text;
    let edit = change;
    if (previous === undefined) edit = undefined;
    else if (!edit || !fitsLengths(edit, previous.length, text.length)) edit = diffTexts(previous, text);
    const holds = this.holds(text, edit);
    if (holds.templates && templatedRegions(text).length > 0) throw new WholeFile('notices present', 'templates');
    // Expectations files are small and judged whole against the workspace (NP96x); no policy chunk holds them.
    if (holds.expectations) throw new WholeFile('expectations file', 'connectivity expectations');
    if (holds.clusterPolicies) throw new WholeFile('cluster policies', 'ClusterNetworkPolicy or AdminNetworkPolicy');
    // Cilium and Calico policies are judged over the whole file (engine/cilium/); no policy chunk holds them.
    if (holds.foreignPolicies) throw new WholeFile('notices present', 'Cilium or Calico policies');
    this.settings = settings;
    return edit;
  }

  /**
   * What the rules of one analysis are run with, over the chunks formed so far: their lines, the file, the
   * policies (views made for new chunks), the rules by schedule, the pass, the suppression comments. Throws
   * WholeFile for what this path leaves to analyzeText.
   */
  private prepare(
    text: string,
    options: AnalyzeOptions,
    settings: Settings,
    edit: TextChange | undefined,
    previous: string | undefined,
    dirtyNamespaces: Set<string>,
    changed: { before: PolicyView[]; after: PolicyView[] },
    counter: { rerun: number },
  ) {
    const file = this.file;
    // Lines and line breaks per chunk; the file; every policy, in file order.
    let crlf = 0;
    let lf = 0;
    let line = 0;
    // Indexed loops over the chunks, the policies and the runs: for...of allocates in unoptimised code, and
    // this function runs once per keystroke, mostly before V8 has optimised it.
    const chunks = this.chunks.chunks;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      chunk.line = line;
      chunk.index = c;
      line += chunk.lineBreaks;
      crlf += chunk.counts.crlf;
      lf += chunk.counts.lf;
    }
    const eol = eolOf({ crlf, lf });
    file.lines =
      edit && previous !== undefined
        ? file.lines.editedInPlace(edit.start, edit.end, text.slice(edit.start, edit.start + edit.newLength), text, eol)
        : new LineIndex(text, { eol });
    file.text = text;
    // Checked by the guard (holds): the Cilium and Calico rules need not scan the text for their API groups.
    namesNoForeignPolicyApi(file);
    const documents: YamlDocument[] = [];
    const policies: PolicyView[] = [];
    // What this path leaves to analyzeText, looked for in the chunks and views made since the last analysis: the
    // others passed (any of it resets the analyser, and settings that changed drop every chunk).
    let deep = false;
    let cutShort = false;
    let partial = false;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      const first = documents.length;
      for (let d = 0; d < chunk.documents.length; d++) documents.push(chunk.documents[d]!);
      const fresh = chunk.deep === undefined;
      const remade = chunk.views.length !== chunk.sources.length || chunk.viewsFirst !== first;
      if (remade) this.makeViews(chunk, first, settings, dirtyNamespaces, changed.after);
      if (fresh || remade) {
        deep ||= this.chunks.tooDeep(chunk, settings.limits.maxNestingDepth);
        for (let v = 0; v < chunk.views.length; v++) {
          cutShort ||= !chunk.views[v]!.isAnalysable;
          partial ||= chunk.views[v]!.isPartial;
        }
      }
      for (let v = 0; v < chunk.views.length; v++) policies.push(chunk.views[v]!);
    }
    file.documents = documents;
    if (documents.length > settings.limits.maxDocuments) throw new WholeFile('notices present', 'too many documents');
    if (deep) throw new WholeFile('notices present', 'nesting too deep');
    if (cutShort) throw new WholeFile('notices present', 'policy cut short by the alias budget');
    if (partial) throw new WholeFile('notices present', 'patch directives');

    const namespacesInFile = this.namespacesOf(chunks);

    const key: CacheKey = { settings, eol, otherPolicies: options.otherPolicies };
    if (!this.key || this.key.settings !== key.settings || this.key.eol !== key.eol || !samePolicies(this.key.otherPolicies, key.otherPolicies)) {
      this.clearSchedules();
    }
    this.key = key;

    // The rules by the schedule they run in; an unknown dependence throws here (a bug of the rule's).
    const byKind = new Map<ScheduleKind, ActiveRule[]>(SCHEDULE_KINDS.map((kind) => [kind, []]));
    for (const rule of this.rules) {
      const severity = severityFor(rule.meta, settings);
      if (severity === 'off') continue;
      const kind = scheduleKindOf(rule);
      // Without a workspace, a workspace rule still runs in its own schedule, per namespace (default
      // included) over the whole scope as analyzeText runs it, and only there: once more per namespace
      // group (no namespace apart from `default`, over that group's policies only) cost a second run
      // of every such rule on each edit, and could find what analyzeText does not.
      byKind.get(kind)!.push({ rule, severity });
    }

    const scope = [...policies, ...(options.otherPolicies ?? []).filter((p) => p.isAnalysable && !p.isPartial)];
    // The workspace, built when a workspace rule has to run again (most edits leave most namespaces alone).
    let workspace: Workspace | undefined;
    const ws = options.workspace;
    const workspaceSchedule = this.schedules.workspace;
    const workspaceNow = ws ? () => (workspace ??= this.workspaceOf(ws, file, policies, chunks, settings, workspaceSchedule.compileCache)) : undefined;
    const chunkList = this.chunks;
    const chunkOf = this.chunkOf;
    const pass: Pass = {
      chunks: chunkList,
      file,
      policies,
      scope,
      settings,
      dirtyNamespaces,
      changed,
      fileNamespaces: namespacesInFile.joined,
      workspace: ws,
      chunkOf: (policy) => chunkOf.get(policy)!,
      run: (rules, partPolicies, partScope): RuleRun => {
        counter.rerun++;
        const found: { rule: Rule; finding: Finding }[] = [];
        const failed = new Map<Rule, unknown>();
        for (const { rule, severity } of rules) {
          const report = (r: Report) => found.push({ rule, finding: toFinding(file, rule, severity, r, r.lazyFixes && r.policy ? this.lazyFixesOf(r.policy) : undefined) });
          // Only the workspace rules read the workspace (and only they are kept per workspace).
          const inWorkspace = rule.dependsOn === 'workspace' || rule.dependsOn === undefined ? workspaceNow?.() : undefined;
          try {
            rule.check({
              file,
              policies: partPolicies,
              scope: partScope,
              settings,
              notices: [],
              namespacesInFile: namespacesInFile.inOrder,
              report,
              reportAt: reportAtWith(report),
              ...(inWorkspace ? { workspace: inWorkspace } : {}),
            });
          } catch (error) {
            failed.set(rule, error);
          }
        }
        return chunkList.byChunk(found, failed, ws?.uri);
      },
    };

    const directives: Directive[] = [];
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      for (let d = 0; d < chunk.directives.length; d++) directives.push({ line: chunk.directives[d]!.line + chunk.line, names: chunk.directives[d]!.names });
    }
    const isSuppressed = suppressedBy(directives);
    return { file, chunks, documents, policies, namespacesInFile, byKind, scope, pass, directives, isSuppressed };
  }

  /**
   * The workspace the workspace rules read: the last one made again into this analysis's when only some of this
   * file's policies were replaced since, each by one in its namespace (an edit of a policy: 5,000 policies read
   * into a new Workspace on every keystroke otherwise), else a new one.
   */
  private workspaceOf(ws: NonNullable<AnalyzeOptions['workspace']>, file: YamlFile, policies: readonly PolicyView[], chunks: readonly Chunk[], settings: Settings, cache: CompileCache | undefined): Workspace {
    const own = ownManifests(ws.uri, file, policies, chunks);
    const others = ws.files.filter((f) => f.uri !== ws.uri);
    const last = this.lastWorkspace;
    this.lastWorkspace = undefined;
    if (last && last.uri === ws.uri && last.settings === settings && last.cache === cache && sameItems(last.others, others) && sameManifests(last.own, own)) {
      const replaced = replacedViews(last.policies, policies);
      if (replaced && last.workspace.replaceViews([...others, own], replaced)) {
        this.lastWorkspace = { ...last, policies, own };
        return last.workspace;
      }
    }
    const workspace = workspaceFor(ws.uri, file, policies, ws.files, settings, cache, () => own);
    this.lastWorkspace = { workspace, uri: ws.uri, settings, cache, others, own, policies };
    return workspace;
  }

  /**
   * Whether `text` may hold a template (`{{`), an expectations document, a cluster-wide policy or a Cilium
   * or Calico policy, which this path leaves to analyzeText. After an edit of a text that held none, only
   * the text around the edit is looked at: four scans of a 5 MB text on every keystroke otherwise.
   */
  private holds(text: string, edit: TextChange | undefined): TextHolds {
    const known = edit ? this.textHolds : undefined;
    let holds: TextHolds;
    if (!known || !edit) {
      holds = scanHolds(text);
    } else {
      // What the text did not hold before, only the edited text and its surroundings can hold now.
      const around = scanHolds(text.slice(Math.max(0, edit.start - HOLDS_MARGIN), edit.start + edit.newLength + HOLDS_MARGIN));
      holds = {
        templates: known.templates ? text.includes('{{') : around.templates,
        expectations: known.expectations ? mentionsExpectations(text) : around.expectations,
        clusterPolicies: known.clusterPolicies ? mentionsClusterPolicies(text) : around.clusterPolicies,
        foreignPolicies: known.foreignPolicies ? mentionsForeignPolicyApi(text) : around.foreignPolicies,
      };
    }
    this.textHolds = holds;
    return holds;
  }

  /**
   * The distinct namespaces the file's objects name, in order of appearance, as a list and as one string (the
   * order counts: NP901's message lists them so). Only a chunk made by this edit names new namespaces: with none
   * and as many chunks, they are as before (the same string, so that comparing it per chunk is cheap).
   */
  private namespacesOf(chunks: readonly Chunk[]): { readonly joined: string; readonly inOrder: readonly string[] } {
    let fresh = this.fileNamespaces === undefined || chunks.length !== this.fileNamespaces.over;
    for (let c = 0; c < chunks.length; c++) {
      if (chunks[c]!.named) continue;
      namedIn(chunks[c]!);
      fresh = true;
    }
    if (!fresh) return this.fileNamespaces!;
    const named = new Set<string>();
    for (const chunk of chunks) for (const namespace of namedIn(chunk)) named.add(namespace);
    const inOrder = [...named];
    let joined = inOrder.join('\n');
    if (joined === this.fileNamespaces?.joined) joined = this.fileNamespaces.joined;
    this.fileNamespaces = { joined, inOrder, over: chunks.length };
    return this.fileNamespaces;
  }

  /**
   * The analysis. The YAML nodes of documents after the edit are moved to their new offsets when
   * the file or the policies are first read, not before: publishing diagnostics needs only the
   * findings, and moving every node after the edit would cost as much as the file is long.
   */
  private result(
    file: YamlFile,
    policies: PolicyView[],
    kept: { readonly shown: readonly ShownFinding[]; findings(): Finding[] },
    internalErrors: { rule: string; error: unknown }[],
    path: AnalysisPath,
  ): IncrementalAnalysis {
    const chunks = this.chunks;
    return {
      get file() {
        chunks.settleAll();
        return file;
      },
      get policies() {
        chunks.settleAll();
        return policies;
      },
      // Publishing reads `shown`; the findings moved to where they are now are made for what needs their spans or fixes.
      get findings() {
        return kept.findings();
      },
      shown: kept.shown,
      internalErrors,
      path,
    };
  }

  /** The whole analysis, by analyzeText; what was kept is dropped. */
  private whole(text: string, options: AnalyzeOptions, path: AnalysisPath & { kind: 'full' }): IncrementalAnalysis {
    this.reset(path.reason === 'settings changed' || path.reason === 'first analysis' ? path.reason : 'previous analysis was full');
    return { ...analyzeText(text, options), path };
  }

  private reset(why: FullReason): void {
    this.settings = undefined;
    this.chunks.clear();
    this.text = undefined;
    this.nothingKept = why;
    this.key = undefined;
    this.fileNamespaces = undefined;
    this.textHolds = undefined;
    this.lastWorkspace = undefined;
    this.clearSchedules();
  }

  private clearSchedules(): void {
    for (const kind of SCHEDULE_KINDS) this.schedules[kind].clear();
  }

  /**
   * How the lazy fixes of a finding on `policy` are made when first read (toFinding): in the text as it is
   * then, with the nodes of the policy's piece moved there, then moved back to where the piece was when the
   * finding was found, as kept findings are (shiftFinding moves them on from there). A fix that edits
   * outside the piece is left out (Report.lazyFixes: they edit only their policy's document). None when the
   * piece is gone: the finding is then of an analysis replaced since (use each analysis before asking for the next).
   */
  private lazyFixesOf(policy: PolicyView): LazyFixes {
    const chunk = this.chunkOf.get(policy);
    if (!chunk) return (make) => make();
    const start = chunk.start;
    const line = chunk.line;
    return (make) => {
      if (!chunk.alive) return [];
      this.chunks.settle(chunk);
      const inside = (offset: number) => offset >= chunk.start && offset <= chunk.end;
      const fixes = make().filter((fix) => fix.offsetEdits.every((e) => inside(e.start) && inside(e.end)));
      const delta = chunk.start - start;
      const lines = chunk.line - line;
      return delta === 0 && lines === 0 ? fixes : shiftFixes(fixes, -delta, -lines);
    };
  }

  private makeViews(chunk: Chunk, first: number, settings: Settings, dirtyNamespaces: Set<string>, added: PolicyView[]): void {
    const known = chunk.views;
    this.chunks.settle(chunk);
    chunk.views = chunk.sources.map((source, i) => {
      const absolute = first === 0 ? source : { ...source, documentIndex: source.documentIndex + first };
      const previous = known[i];
      const view = previous ? previous.inFile(this.file, absolute) : new PolicyView(this.file, absolute, { aliasBudget: settings.limits.aliasBudget, templated: false });
      if (!previous) {
        dirtyNamespaces.add(namespaceKey(view));
        added.push(view);
      }
      this.chunkOf.set(view, chunk);
      return view;
    });
    chunk.viewsFirst = first;
    // Runs hold findings, not views: they stay valid.
  }
}

/** The findings of some runs as found, each with how far its piece moved since (see collectInOrder). */
interface Collected {
  readonly found: readonly Finding[];
  /** Characters and lines that `found[i]` moved with its piece. */
  readonly deltas: readonly number[];
  readonly lineDeltas: readonly number[];
  /** Indexes into `found`, in the order keepFindings sorts the moved findings into. */
  readonly order: ArrayLike<number>;
}

/**
 * The findings of `extra` and of `runs` (moved with their pieces, without those of a rule that failed), in the order keepFindings sorts them into
 * (`compareFindings`, stably), without sorting them all: each finding is put with the piece its start lies in,
 * the pieces in text order, and each piece's few findings are sorted. The pieces' extents are disjoint and in
 * order, so findings of different pieces are in order by their start, and ties (the same span and code) are
 * within one piece, in the order they came. A finding starting before the first piece, which no piece holds,
 * makes it sort them all. On 5,000 policies this is linear in the 11,000 findings of a keystroke, not n log n.
 * Nothing is moved here (see `keepInOrder`).
 */
function collectInOrder(runs: readonly RuleRun[], chunkList: ChunkList, leaveOutFailed: boolean, failed: ReadonlySet<Rule> = new Set(), extra: readonly Finding[] = []): Collected {
  const chunks = chunkList.chunks;
  const found: Finding[] = [];
  const deltas: number[] = [];
  const lineDeltas: number[] = [];
  const keys: number[] = [];
  // The piece that holds a finding's start: its part's (ChunkList.byChunk put it with the piece holding its start, and the
  // piece and the finding have moved together since; the last piece, which may hold starts past its end, is made again
  // by any edit after it), else the one found.
  const place = (start: number): number => chunkList.chunkAt(start)?.index ?? -1;
  let unplaced = false;
  for (let f = 0; f < extra.length; f++) {
    const key = place(extra[f]!.span[0]);
    unplaced ||= key < 0;
    found.push(extra[f]!);
    deltas.push(0);
    lineDeltas.push(0);
    keys.push(key);
  }
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    const parts = run.parts;
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p]!;
      const delta = part.chunk ? part.chunk.start - part.start : 0;
      const lines = part.chunk ? part.chunk.line - part.line : 0;
      const partKey = part.chunk !== undefined && chunks[part.chunk.index] === part.chunk ? part.chunk.index : -1;
      for (let f = 0; f < part.findings.length; f++) {
        const { rule, finding } = part.findings[f]!;
        if (failed.size > 0 && failed.has(rule)) continue;
        if (leaveOutFailed && run.failed.size > 0 && run.failed.has(rule)) continue;
        const key = partKey >= 0 ? partKey : place(finding.span[0] + delta);
        unplaced ||= key < 0;
        found.push(finding);
        deltas.push(delta);
        lineDeltas.push(lines);
        keys.push(key);
      }
    }
  }
  // compareFindings on the moved findings.
  const compare = (a: number, b: number): number => {
    const x = found[a]!;
    const y = found[b]!;
    const dx = deltas[a]!;
    const dy = deltas[b]!;
    return x.span[0] + dx - (y.span[0] + dy) || x.span[1] + dx - (y.span[1] + dy) || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0);
  };
  if (unplaced) return { found, deltas, lineDeltas, order: Array.from({ length: found.length }, (_, i) => i).sort((a, b) => compare(a, b) || a - b) };
  // A stable counting sort by piece, then each piece's findings sorted stably (insertion: a handful each).
  const starts = new Int32Array(chunks.length + 1);
  for (let f = 0; f < keys.length; f++) starts[keys[f]! + 1]!++;
  for (let c = 0; c < chunks.length; c++) starts[c + 1]! += starts[c]!;
  const next = starts.slice(0, chunks.length);
  const order = new Int32Array(found.length);
  for (let f = 0; f < found.length; f++) order[next[keys[f]!]!++] = f;
  for (let c = 0; c < chunks.length; c++) {
    for (let i = starts[c]! + 1; i < starts[c + 1]!; i++) {
      const index = order[i]!;
      let j = i - 1;
      for (; j >= starts[c]! && compare(order[j]!, index) > 0; j--) order[j + 1] = order[j]!;
      order[j + 1] = index;
    }
  }
  return { found, deltas, lineDeltas, order };
}

/**
 * What keepFindings keeps of the collected findings, moved (`findings`, made when first asked for) and as shown
 * (`shown`: a finding whose piece moved along its lines only, as typing moves every piece after the edit, is the
 * finding as found, whose range is right; the others as moved). Without suppression comments (`isSuppressed`
 * undefined) nothing is moved to decide; with them, everything is, as keepFindings does.
 */
function keepInOrder(collected: Collected, isSuppressed: ((finding: Finding) => boolean) | undefined): { readonly shown: readonly ShownFinding[]; findings(): Finding[] } {
  const { found, deltas, lineDeltas, order } = collected;
  const move = (i: number): Finding => (deltas[i] === 0 && lineDeltas[i] === 0 ? found[i]! : shiftFinding(found[i]!, deltas[i]!, lineDeltas[i]!));
  if (isSuppressed) {
    const moved = Array.from(order, move);
    const kept = keepSortedFindings(moved, isSuppressed);
    return { shown: kept, findings: () => kept };
  }
  // keepSortedFindings on indexes: within a run of the same span and code, a message said again is left out.
  const kept: number[] = [];
  let run = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (k > 0) {
      const a = found[order[k - 1]!]!;
      const b = found[i]!;
      const same = a.code === b.code && a.span[0] + deltas[order[k - 1]!]! === b.span[0] + deltas[i]! && a.span[1] + deltas[order[k - 1]!]! === b.span[1] + deltas[i]!;
      if (!same) run = k;
    }
    let said = false;
    for (let j = run; j < k && !said; j++) said = withoutIndexes(found[order[j]!]!.message) === withoutIndexes(found[i]!.message);
    if (!said) kept.push(i);
  }
  const moved = new Array<Finding | undefined>(kept.length);
  const shown = new Array<ShownFinding>(kept.length);
  for (let k = 0; k < kept.length; k++) {
    const i = kept[k]!;
    shown[k] = lineDeltas[i] === 0 ? found[i]! : (moved[k] = move(i));
  }
  let findings: Finding[] | undefined;
  return {
    shown,
    findings: () => (findings ??= kept.map((i, k) => (moved[k] ??= move(i)))),
  };
}

/**
 * readManifests of the file, from what each chunk's documents hold, worked out once per chunk (its documents never
 * change): on 5,000 policies, a look-up per document on every keystroke otherwise. The same manifests in the same order.
 */
function ownManifests(uri: string, file: YamlFile, policies: readonly PolicyView[], chunks: readonly Chunk[]): FileManifests {
  const gathered = new GatheredManifests();
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    if (chunk.byKind?.uri !== uri) chunk.byKind = { uri, manifests: chunkManifests(uri, file, chunk) };
    if (chunk.byKind.manifests) gathered.add(chunk.byKind.manifests);
  }
  return gathered.of(uri, file, policies);
}

/** The manifests of a chunk's documents together (its first kustomization), or undefined when they hold none. */
function chunkManifests(uri: string, file: YamlFile, chunk: Chunk): DocumentManifests | undefined {
  let held: GatheredManifests | undefined;
  for (const doc of chunk.documents) {
    const manifests = documentManifests(uri, file, doc);
    if (manifests.workloads.length + manifests.namespaces.length + manifests.services.length + manifests.customResources.length + manifests.clusterPolicies.length === 0 && !manifests.kustomization) continue;
    (held ??= new GatheredManifests()).add(manifests);
  }
  return held;
}

/** At most this many policies replaced since the last workspace for it to be made again rather than anew. */
const REPLACE_LIMIT = 16;

/**
 * The policies of `before` that `after` replaces, each by the one at its place in the same namespace (as written),
 * when there are as many and at most REPLACE_LIMIT differ; undefined otherwise.
 */
function replacedViews(before: readonly PolicyView[], after: readonly PolicyView[]): Map<PolicyView, PolicyView> | undefined {
  if (before.length !== after.length) return undefined;
  const replaced = new Map<PolicyView, PolicyView>();
  for (let p = 0; p < after.length; p++) {
    const was = before[p]!;
    const now = after[p]!;
    if (was === now) continue;
    if (was.namespace !== now.namespace || !was.isAnalysable || !now.isAnalysable || was.isPartial || now.isPartial) return undefined;
    replaced.set(was, now);
    if (replaced.size > REPLACE_LIMIT) return undefined;
  }
  return replaced;
}

/** The same manifests of a file but its policies: the same objects, in the same order. */
function sameManifests(a: FileManifests, b: FileManifests): boolean {
  return (
    a.uri === b.uri &&
    a.file === b.file &&
    a.kustomization === b.kustomization &&
    sameItems(a.workloads, b.workloads) &&
    sameItems(a.namespaces, b.namespaces) &&
    sameItems(a.services, b.services) &&
    sameItems(a.customResources, b.customResources) &&
    sameItems(a.clusterPolicies, b.clusterPolicies)
  );
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** The same policies (the editor's index hands a new array on every call). */
function samePolicies(a: readonly PolicyView[] | undefined, b: readonly PolicyView[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((policy, i) => policy === b[i]);
}
