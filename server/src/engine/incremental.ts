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
import { analyzeText, keepFindings, severityFor, toFinding, workspaceFor } from './analyze';
import { isCollection, isPair } from 'yaml';
import { templatedRegions } from './parse/templates';
import { DEFAULT_SETTINGS } from './config/settings';
import type { Settings, Severity } from './config/settings';
import { PolicyView } from './model/policyView';
import { ChunkFormer, offsetArrays, shiftRanges } from './parse/documentChunks';
import type { ParsedChunk } from './parse/documentChunks';
import { policiesInDocuments } from './parse/manifests';
import { namespacesInDocument, rememberNamespacesNamedInFile } from './parse/namespaces';
import type { PolicySource } from './parse/manifests';
import type { YamlDocument, YamlFile } from './parse/yamlFile';
import { RULES } from './rules';
import { documentManifests } from './reach/manifests';
import type { FileManifests } from './reach/manifests';
import { newCompileCache } from './reach/workspace';
import { reportAtWith } from './rules/support/reportAt';
import { KustomizeLayout } from './reach/kustomizeLayout';
import type { KustomizationManifest } from './reach/objectKinds';
import type { CompileCache, Workspace } from './reach/workspace';
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

/** Findings in one chunk, with where the chunk was when they were found, to move them with it. */
interface Part {
  /** Absent for findings kept only for this analysis. */
  readonly chunk: Chunk | undefined;
  readonly start: number;
  readonly line: number;
  readonly findings: readonly { readonly rule: Rule; readonly finding: Finding }[];
}

/** What one run of rules found. */
interface RuleRun {
  readonly parts: readonly Part[];
  /** Some finding lay outside its policy's chunk: run again next time. */
  readonly volatile: boolean;
  /** Rules that threw, with what they threw. */
  readonly failed: ReadonlyMap<Rule, unknown>;
}

/** One piece of the text (see parse/documentChunks.ts): its documents, policies, and kept findings. */
interface Chunk {
  start: number;
  end: number;
  /** Line of `start`. */
  line: number;
  /** The offset its YAML nodes were last moved to: they are moved when the chunk is next used. */
  nodesAt: number;
  alive: boolean;
  readonly documents: YamlDocument[];
  /** Its policies, with document indexes counted from the chunk's first document. */
  readonly sources: readonly PolicySource[];
  views: PolicyView[];
  /** Document index of the chunk's first document, when its views were made. */
  viewsFirst: number;
  offsets: number[][] | undefined;
  readonly counts: LineBreakCounts;
  readonly lineBreaks: number;
  /** Suppression comments, lines counted from the chunk's first line. */
  readonly directives: readonly Directive[];
  /** Findings of the rules that depend on a document only. */
  documentRun: RuleRun | undefined;
  /** Findings of the rules that depend on a document and the file's namespaces, with those. */
  fileNamespacesRun: { readonly run: RuleRun; readonly namespaces: string } | undefined;
  /** The namespaces its objects name. */
  named: readonly string[] | undefined;
  /** The workloads, Namespaces, Services, custom resources and kustomization of its documents (see `populationOf`). */
  manifests: unknown[] | undefined;
}

function newChunk(text: string, parsed: ParsedChunk): Chunk {
  const piece = text.slice(parsed.start, parsed.end);
  const counts = lineBreakCounts(piece);
  return {
    start: parsed.start,
    end: parsed.end,
    line: 0,
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
    documentRun: undefined,
    fileNamespacesRun: undefined,
    named: undefined,
    manifests: undefined,
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
  private fileNamespaces: string | undefined;
  /** How many chunks there were when `fileNamespaces` was gathered. */
  private namedOver = -1;
  /** The same namespaces in order of appearance. */
  private namedInOrder: readonly string[] = [];
  /** Findings of the rules that depend on a namespace: rule -> namespace -> run. */
  private readonly namespaceRuns = new Map<Rule, Map<string, RuleRun>>();
  /** Findings of the rules that depend on a namespace and the workspace: rule -> namespace -> run. */
  private readonly workspaceRuns = new Map<Rule, Map<string, RuleRun>>();
  /** What the workspace runs were made with (see `populationOf`). */
  private population: readonly unknown[] | undefined;
  /** The namespaces of this file's policies when the workspace runs were made. */
  private named: string | undefined;
  /** The kustomizations of the population, and their layout (rebuilt only when they change). */
  private layout: { readonly kustomizations: readonly KustomizationManifest[]; readonly layout: KustomizeLayout } | undefined;
  /** Policies compiled for the workspace rules, kept while the population and the settings stay the same. */
  private compileCache: CompileCache | undefined;

  /**
   * Analyses `text`. `change` tells what changed since the previous call (from the editor's
   * incremental sync); without it the texts are compared.
   */
  analyze(text: string, options: AnalyzeOptions = {}, change?: TextChange): Analysis {
    try {
      return this.analyzeIncrementally(text, options, change);
    } catch {
      // Never worse than analyzeText: a piece the yaml package cannot parse alone goes the whole way.
      return this.whole(text, options);
    }
  }

  private analyzeIncrementally(text: string, options: AnalyzeOptions, change: TextChange | undefined): Analysis {
    const settings = options.settings ?? DEFAULT_SETTINGS;
    // What this path does not do piece by piece (limits, templates, patches)
    // is left to analyzeText, and the next edit starts afresh.
    if (text.length > settings.limits.maxFileSize || options.partial || templatedRegions(text).length > 0) return this.whole(text, options);
    if (this.settings !== settings) this.reset();
    this.settings = settings;
    this.aliasBudget = settings.limits.aliasBudget;
    const previous = this.text;
    let edit = change;
    if (previous === undefined) edit = undefined;
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

    // Lines and line breaks per chunk; the file; every policy, in file order.
    let crlf = 0;
    let lf = 0;
    let line = 0;
    // Indexed loops over the chunks, the policies and the runs: for...of allocates in unoptimised code, and
    // this function runs once per keystroke, mostly before V8 has optimised it.
    const chunks = this.chunks;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      chunk.line = line;
      line += chunk.lineBreaks;
      crlf += chunk.counts.crlf;
      lf += chunk.counts.lf;
    }
    const eol = eolOf({ crlf, lf });
    const file = this.file;
    file.lines =
      edit && previous !== undefined
        ? file.lines.edited(edit.start, edit.end, text.slice(edit.start, edit.start + edit.newLength), text, eol)
        : new LineIndex(text, { eol });
    file.text = text;
    const documents: YamlDocument[] = [];
    const policies: PolicyView[] = [];
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      const first = documents.length;
      for (let d = 0; d < chunk.documents.length; d++) documents.push(chunk.documents[d]!);
      if (chunk.views.length !== chunk.sources.length || chunk.viewsFirst !== first) this.makeViews(chunk, first, dirtyNamespaces);
      for (let v = 0; v < chunk.views.length; v++) policies.push(chunk.views[v]!);
    }
    file.documents = documents;
    if (documents.length > settings.limits.maxDocuments || this.chunks.some((chunk) => this.tooDeep(chunk, settings.limits.maxNestingDepth))) {
      return this.whole(text, options);
    }
    if (policies.some((policy) => !policy.isAnalysable || policy.isPartial)) return this.whole(text, options);

    const findings: Finding[] = [];
    const internalErrors: { rule: string; error: unknown }[] = [];
    if (!settings.enable || policies.length === 0) return this.result(file, policies, findings, internalErrors);

    const key: CacheKey = { settings, eol, otherPolicies: options.otherPolicies };
    if (!this.key || this.key.settings !== key.settings || this.key.eol !== key.eol || !samePolicies(this.key.otherPolicies, key.otherPolicies)) {
      for (const chunk of this.chunks) {
        chunk.documentRun = undefined;
        chunk.fileNamespacesRun = undefined;
      }
      this.namespaceRuns.clear();
      this.workspaceRuns.clear();
    }
    this.key = key;

    const scope = [...policies, ...(options.otherPolicies ?? []).filter((p) => p.isAnalysable && !p.isPartial)];
    // The workspace, built when a workspace rule has to run again (most edits leave most namespaces alone).
    let workspace: Workspace | undefined;
    const ws = options.workspace;
    const workspaceNow = ws ? () => (workspace ??= workspaceFor(ws.uri, file, policies, ws.files, settings, this.compileCache)) : undefined;
    const active: { rule: Rule; severity: Severity }[] = [];
    for (const rule of RULES) {
      const severity = severityFor(rule.meta, settings);
      // No notices here: a file with any is analysed whole, by analyzeText (see above).
      if (severity !== 'off' && rule.dependsOn !== 'notices') active.push({ rule, severity });
    }
    const run = (rules: readonly { rule: Rule; severity: Severity }[], partPolicies: readonly PolicyView[], partScope: readonly PolicyView[]): RuleRun => {
      const found: { rule: Rule; finding: Finding }[] = [];
      const failed = new Map<Rule, unknown>();
      for (const { rule, severity } of rules) {
        const report = (r: Report) => found.push({ rule, finding: toFinding(file, rule, severity, r) });
        // Only the workspace rules read the workspace (and only they are kept per workspace).
        const inWorkspace = rule.dependsOn === 'workspace' || rule.dependsOn === undefined ? workspaceNow?.() : undefined;
        try {
          rule.check({ file, policies: partPolicies, scope: partScope, settings, notices: [], report, reportAt: reportAtWith(report), ...(inWorkspace ? { workspace: inWorkspace } : {}) });
        } catch (error) {
          failed.set(rule, error);
        }
      }
      return this.byChunk(found, failed, ws?.uri);
    };

    // Whole-file rules read anything: every node must be where it is in the text.
    const wholeFile = active.filter(({ rule }) => rule.dependsOn === undefined);
    if (wholeFile.length > 0) this.settleAll();

    const runs: RuleRun[] = [];
    const documentRules = active.filter(({ rule }) => rule.dependsOn === 'document');
    if (documentRules.length > 0) {
      for (let c = 0; c < chunks.length; c++) {
        const chunk = chunks[c]!;
        if (chunk.views.length === 0) continue;
        if (!chunk.documentRun || chunk.documentRun.volatile) {
          this.settle(chunk);
          chunk.documentRun = run(documentRules, chunk.views, scope);
        }
        runs.push(chunk.documentRun);
      }
    }

    const fileNamespacesRules = active.filter(({ rule }) => rule.dependsOn === 'file-namespaces');
    if (fileNamespacesRules.length > 0) {
      // Only a chunk made by this edit names new namespaces; with none and as many chunks, the set is as before.
      let fresh = chunks.length !== this.namedOver;
      for (let c = 0; c < chunks.length; c++) {
        const chunk = chunks[c]!;
        if (chunk.named) continue;
        chunk.named = [...new Set(chunk.documents.flatMap((doc) => namespacesInDocument(doc).map((o) => o.namespace)))].filter(
          (n): n is string => n !== undefined,
        );
        fresh = true;
      }
      let namespaces = this.fileNamespaces;
      if (fresh || namespaces === undefined) {
        const named = new Set<string>();
        for (const chunk of chunks) for (const namespace of chunk.named!) named.add(namespace);
        this.namedInOrder = [...named];
        namespaces = [...named].sort().join('\n');
        // The same string as before when nothing changed, so that comparing it per chunk is cheap.
        if (namespaces === this.fileNamespaces) namespaces = this.fileNamespaces;
        this.fileNamespaces = namespaces;
        this.namedOver = this.chunks.length;
      }
      rememberNamespacesNamedInFile(documents, this.namedInOrder);
      for (let c = 0; c < chunks.length; c++) {
        const chunk = chunks[c]!;
        if (chunk.views.length === 0) continue;
        let kept = chunk.fileNamespacesRun;
        if (!kept || kept.run.volatile || kept.namespaces !== namespaces) {
          this.settle(chunk);
          kept = chunk.fileNamespacesRun = { run: run(fileNamespacesRules, chunk.views, scope), namespaces };
        }
        runs.push(kept.run);
      }
    }

    const namespaceRules = active.filter(({ rule }) => rule.dependsOn === 'namespace');
    if (namespaceRules.length > 0) {
      const members = groupPolicies(policies, namespaceKey);
      let scopes: Map<string, PolicyView[]> | undefined;
      const scopeOf = (namespace: string) => (scopes ??= groupPolicies(scope, namespaceKey)).get(namespace) ?? [];
      this.runPerGroup(this.namespaceRuns, namespaceRules, members, dirtyNamespaces, scopeOf, run, runs);
    }

    // Without a workspace they still run (NP902 compares the policies of this file), per namespace.
    const workspaceRules = active.filter(({ rule }) => rule.dependsOn === 'workspace');
    if (workspaceRules.length === 0) {
      this.workspaceRuns.clear();
      this.population = undefined;
      this.compileCache = undefined;
    } else {
      const defaultNamespace = settings.defaultNamespace;
      const population = ws ? populationOf(ws.uri, file, chunks, ws.files) : NO_WORKSPACE;
      // kustomize's `namespace:` puts every object of this file in one namespace, as the Workspace does.
      const override = ws ? this.layoutOf(population).namespaceOf(ws.uri) : undefined;
      const groupOf = (policy: PolicyView) => override ?? policy.namespace ?? defaultNamespace;
      const named = [...new Set(policies.map(groupOf))].sort().join('\n');
      if (!this.population || !sameItems(this.population, population) || this.named !== named) {
        this.workspaceRuns.clear();
        this.compileCache = newCompileCache();
      }
      this.population = population;
      this.named = named;
      // A policy without a namespace is in the default one (or kustomize's): an edit of it touches that namespace too.
      const dirty = new Set<string>();
      for (const namespace of dirtyNamespaces) {
        dirty.add(namespace);
        if (namespace === '') dirty.add(defaultNamespace);
        if (override !== undefined) dirty.add(override);
      }
      const members = groupPolicies(policies, groupOf);
      this.runPerGroup(this.workspaceRuns, workspaceRules, members, dirty, () => scope, run, runs);
    }

    if (wholeFile.length > 0) runs.push(run(wholeFile, policies, scope));

    // A rule that throws stops where it is: only a run over the whole file gives the same findings.
    const failed = new Set<Rule>();
    for (let r = 0; r < runs.length; r++) if (runs[r]!.failed.size > 0) for (const rule of runs[r]!.failed.keys()) failed.add(rule);
    if (failed.size > 0) {
      this.settleAll();
      for (const entry of active) {
        if (!failed.has(entry.rule)) continue;
        const whole = run([entry], policies, scope);
        for (const part of whole.parts) for (const kept of part.findings) findings.push(kept.finding);
        if (whole.failed.has(entry.rule)) internalErrors.push({ rule: entry.rule.meta.code, error: whole.failed.get(entry.rule) });
      }
    }
    for (let r = 0; r < runs.length; r++) {
      const parts = runs[r]!.parts;
      for (let p = 0; p < parts.length; p++) {
        const part = parts[p]!;
        const delta = part.chunk ? part.chunk.start - part.start : 0;
        const lines = part.chunk ? part.chunk.line - part.line : 0;
        for (let f = 0; f < part.findings.length; f++) {
          const { rule, finding } = part.findings[f]!;
          if (failed.size > 0 && failed.has(rule)) continue;
          findings.push(delta === 0 && lines === 0 ? finding : shiftFinding(finding, delta, lines));
        }
      }
    }

    const directives: Directive[] = [];
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      for (let d = 0; d < chunk.directives.length; d++) directives.push({ line: chunk.directives[d]!.line + chunk.line, names: chunk.directives[d]!.names });
    }
    const suppressions = suppressionsOf(directives);
    const kept = keepFindings(findings, (f) => directives.length > 0 && suppressions.isSuppressed(f.range.start.line, f.code, f.rule));
    return this.result(file, policies, kept, internalErrors);
  }

  /** Which files are applied together, from the kustomizations among the population. */
  private layoutOf(population: readonly unknown[]): KustomizeLayout {
    const kustomizations = population.filter(isKustomization);
    if (!this.layout || !sameItems(this.layout.kustomizations, kustomizations)) this.layout = { kustomizations, layout: new KustomizeLayout(kustomizations) };
    return this.layout.layout;
  }

  /**
   * Runs each rule per group of policies (a namespace), keeping each group's run in `kept` until it is
   * volatile, its group is dirty, or one of its chunks is gone; the runs are added to `runs`.
   */
  private runPerGroup(
    kept: Map<Rule, Map<string, RuleRun>>,
    rules: readonly { rule: Rule; severity: Severity }[],
    members: ReadonlyMap<string, PolicyView[]>,
    dirty: ReadonlySet<string>,
    scopeOf: (group: string) => readonly PolicyView[],
    run: (rules: readonly { rule: Rule; severity: Severity }[], policies: readonly PolicyView[], scope: readonly PolicyView[]) => RuleRun,
    runs: RuleRun[],
  ): void {
    for (const { rule, severity } of rules) {
      let byGroup = kept.get(rule);
      if (!byGroup) kept.set(rule, (byGroup = new Map<string, RuleRun>()));
      for (const key of byGroup.keys()) if (!members.has(key)) byGroup.delete(key);
      for (const [key, group] of members) {
        let result = byGroup.get(key);
        if (!result || result.volatile || dirty.has(key) || result.parts.some((p) => !p.chunk?.alive)) {
          for (const policy of group) this.settle(this.chunkOf.get(policy)!);
          result = run([{ rule, severity }], group, scopeOf(key));
          byGroup.set(key, result);
        }
        runs.push(result);
      }
    }
  }

  /**
   * The analysis. The YAML nodes of documents after the edit are moved to their new offsets when
   * the file or the policies are first read, not before: publishing diagnostics needs only the
   * findings, and moving every node after the edit would cost as much as the file is long.
   */
  private result(file: YamlFile, policies: PolicyView[], findings: Finding[], internalErrors: { rule: string; error: unknown }[]): Analysis {
    const settleAll = () => this.settleAll();
    return {
      get file() {
        settleAll();
        return file;
      },
      get policies() {
        settleAll();
        return policies;
      },
      findings,
      internalErrors,
    };
  }

  /**
   * Findings grouped by the chunk they lie in (to move with it), in the order they were found. A finding
   * outside one chunk, or with a related location in this file (`uri`), would not move with the text.
   */
  private byChunk(found: readonly { rule: Rule; finding: Finding }[], failed: ReadonlyMap<Rule, unknown>, uri?: string): RuleRun {
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

  private chunkAt(offset: number): Chunk | undefined {
    const chunk = this.chunks[firstIndex(this.chunks, (c) => c.end > offset)] ?? this.chunks[this.chunks.length - 1];
    return chunk && chunk.start <= offset ? chunk : undefined;
  }

  private aliasBudget = DEFAULT_SETTINGS.limits.aliasBudget;
  private settings: Settings | undefined;

  /** The whole analysis, by analyzeText; what was kept is dropped. */
  private whole(text: string, options: AnalyzeOptions): Analysis {
    this.reset();
    return analyzeText(text, options);
  }

  private reset(): void {
    this.settings = undefined;
    for (const chunk of this.chunks) chunk.alive = false;
    this.chunks = [];
    this.text = undefined;
    this.key = undefined;
    this.fileNamespaces = undefined;
    this.namespaceRuns.clear();
    this.workspaceRuns.clear();
    this.population = undefined;
    this.named = undefined;
    this.compileCache = undefined;
    this.unsettled = false;
  }

  private readonly deep = new WeakMap<Chunk, boolean>();

  /** A document nested past the limit, or one the yaml package gave up on: analyzeText reports those. */
  private tooDeep(chunk: Chunk, maxNestingDepth: number): boolean {
    let deep = this.deep.get(chunk);
    if (deep === undefined) {
      this.settle(chunk);
      deep = chunk.documents.some((doc) => deeperThan(doc.contents, maxNestingDepth) || doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION'));
      this.deep.set(chunk, deep);
    }
    return deep;
  }

  private makeViews(chunk: Chunk, first: number, dirtyNamespaces: Set<string>): void {
    const known = chunk.views;
    this.settle(chunk);
    chunk.views = chunk.sources.map((source, i) => {
      const absolute = first === 0 ? source : { ...source, documentIndex: source.documentIndex + first };
      const previous = known[i];
      const view = previous ? previous.inFile(this.file, absolute) : new PolicyView(this.file, absolute, { aliasBudget: this.aliasBudget, templated: false });
      if (!previous) dirtyNamespaces.add(namespaceKey(view));
      this.chunkOf.set(view, chunk);
      return view;
    });
    chunk.viewsFirst = first;
    // Runs hold findings, not views: they stay valid.
  }

  /** Moves a chunk's YAML nodes to where the chunk is now. */
  private settle(chunk: Chunk): void {
    const delta = chunk.start - chunk.nodesAt;
    if (delta === 0) return;
    chunk.offsets ??= offsetArrays(chunk.documents);
    shiftRanges(chunk.offsets, delta);
    chunk.nodesAt = chunk.start;
  }

  private settleAll(): void {
    if (!this.unsettled) return;
    for (const chunk of this.chunks) this.settle(chunk);
    this.unsettled = false;
  }

  /** Some chunk's nodes are not where the chunk is. */
  private unsettled = false;

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
      this.unsettled ||= after.length > 0;
      for (let c = 0; c < after.length; c++) {
        after[c]!.start += delta;
        after[c]!.end += delta;
      }
    }
    this.chunks = old.slice(0, from).concat(replaced, after);
  }
}

/** The policies by a key (their namespace), each group in file order. */
function groupPolicies(policies: readonly PolicyView[], keyOf: (policy: PolicyView) => string): Map<string, PolicyView[]> {
  const groups = new Map<string, PolicyView[]>();
  for (let p = 0; p < policies.length; p++) {
    const policy = policies[p]!;
    const key = keyOf(policy);
    const group = groups.get(key);
    if (group) group.push(policy);
    else groups.set(key, [policy]);
  }
  return groups;
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

/** The population of an analysis without a workspace: unlike that of any workspace, even an empty one. */
const NO_WORKSPACE: readonly unknown[] = [Symbol('no workspace')];

/** A kustomization among the population's items (the only items with `entries`). */
function isKustomization(item: unknown): item is KustomizationManifest {
  return typeof item === 'object' && item !== null && 'entries' in item && 'uri' in item;
}

/**
 * What the workspace rules' findings depend on besides the policies of their namespace: every workload,
 * Namespace, Service, custom resource and kustomization of the workspace and the other files' policies
 * (by identity: a document's manifests are the same objects while the document is unchanged, and so are
 * an unchanged file's).
 */
function populationOf(uri: string, file: YamlFile, chunks: readonly Chunk[], others: readonly FileManifests[]): unknown[] {
  const items: unknown[] = [];
  for (const other of others) {
    if (other.uri === uri) continue;
    for (const workload of other.workloads) items.push(workload);
    for (const namespace of other.namespaces) items.push(namespace);
    for (const service of other.services) items.push(service);
    for (const resource of other.customResources) items.push(resource);
    if (other.kustomization) items.push(other.kustomization);
    for (const policy of other.policies) if (policy.isAnalysable && !policy.isPartial) items.push(policy);
  }
  let kustomization = false;
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    // A chunk's documents never change: what they hold is worked out once.
    if (!chunk.manifests) {
      chunk.manifests = [];
      for (const doc of chunk.documents) {
        const manifests = documentManifests(uri, file, doc);
        for (const workload of manifests.workloads) chunk.manifests.push(workload);
        for (const namespace of manifests.namespaces) chunk.manifests.push(namespace);
        for (const service of manifests.services) chunk.manifests.push(service);
        for (const resource of manifests.customResources) chunk.manifests.push(resource);
        if (manifests.kustomization) chunk.manifests.push(manifests.kustomization);
      }
    }
    for (let m = 0; m < chunk.manifests.length; m++) {
      const item = chunk.manifests[m];
      // The file's first kustomization is its own (readManifests), the others are not read.
      if (isKustomization(item)) {
        if (kustomization) continue;
        kustomization = true;
      }
      items.push(item);
    }
  }
  // This file's policies count by the namespaces they are in (`IncrementalAnalyzer.named`), not by identity.
  return items;
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
