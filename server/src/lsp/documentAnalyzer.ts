import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { isKustomizationName, KustomizePatches } from '../kustomize/patchFiles';
import { parseYamlFile } from '../engine';
import type { Finding, Settings } from '../engine';
import { readManifests } from '../engine/reach';
import { composeChanges, IncrementalAnalyzer } from '../engine/incremental';
import type { AnalysisPath, IncrementalAnalysis, TextChange } from '../engine/incremental';
import type { WorkspaceIndex } from './workspaceIndex';
import { EditableDocument } from './editableDocument';

interface Entry {
  version: number | undefined;
  settings: Settings | undefined;
  indexVersion: number;
  analysis: IncrementalAnalysis | undefined;
  readonly analyzer: IncrementalAnalyzer;
  /** What changed since the last analysis, as one change of the text analysed then. */
  pending: TextChange | undefined;
  /** Whether a kustomization lists the document as a patch: asked when it is opened and after a kustomization changed. */
  patch: boolean | undefined;
  /** A staged analysis whose per-document findings were given (`earlyFindings`): the next `analyze` finishes it. */
  staged: (() => void) | undefined;
  /** How long the last analysis took, in milliseconds (the whole of it, for a staged one: not measured). */
  lastMs: number | undefined;
}

/** From this size on (characters), a document's first analysis gives its per-document findings first (earlyFindings). */
export const EARLY_FINDINGS_SIZE = 100_000;

export interface DocumentAnalyzerOptions {
  /** Hears which path served each new analysis (not one given again from the cache): the server logs fallbacks. */
  readonly onPath?: (uri: string, version: number, path: AnalysisPath) => void;
  /** Makes the analyser of each document (tests give one with other rules). */
  readonly newAnalyzer?: () => IncrementalAnalyzer;
}

/**
 * The analysis of each open document, kept per version, and made incrementally: the changes the
 * editor sends (incremental sync) are recorded as they are applied, so an edit re-analyses only the
 * YAML documents it touched (engine/incremental/).
 */
export class DocumentAnalyzer {
  private readonly entries = new Map<string, Entry>();
  private readonly patches = new KustomizePatches();

  constructor(private readonly options: DocumentAnalyzerOptions = {}) {}

  /**
   * For `new TextDocuments(...)`: applies changes as usual, recording the offsets each replaced. The documents
   * are EditableDocuments: FullTextDocument's behaviour, with large texts edited in place (editableDocument.ts).
   */
  readonly documents: TextDocumentsConfiguration<TextDocument> = {
    create: (uri, languageId, version, content) => {
      this.entries.delete(uri);
      return EditableDocument.create(uri, languageId, version, content);
    },
    update: (document, changes, version) => {
      let updated = document;
      for (const change of changes) {
        const replaced = this.replaced(updated, change);
        updated = EditableDocument.update(updated, [change], version);
        const entry = this.entries.get(document.uri);
        if (entry) entry.pending = entry.pending ? composeChanges(entry.pending, replaced) : replaced;
      }
      return updated;
    },
  };

  private replaced(document: TextDocument, change: TextDocumentContentChangeEvent): TextChange {
    if (!('range' in change)) return { start: 0, end: document.getText().length, newLength: change.text.length };
    const start = document.offsetAt(change.range.start);
    const end = Math.max(start, document.offsetAt(change.range.end));
    return { start, end, newLength: change.text.length };
  }

  /**
   * With the workspace index, the other files' policies count for cross-policy judgements (DNS) and, once
   * the index has read the workspace, the workspace rules (NP95x) run too. The index is only read here:
   * `tellIndex` tells it the document's text.
   */
  analyze(document: TextDocument, settings: Settings, index?: WorkspaceIndex): IncrementalAnalysis {
    const existing = this.entries.get(document.uri);
    existing?.staged?.();
    const indexVersion = index?.versionAround(document.uri) ?? -1;
    if (existing?.analysis && existing.version === document.version && existing.settings === settings && existing.indexVersion === indexVersion) return existing.analysis;
    const { entry, text, options, change } = this.prepare(document, settings, index, indexVersion);
    const started = performance.now();
    const analysis = entry.analyzer.analyze(text, options, change);
    entry.lastMs = performance.now() - started;
    this.finished(entry, document.version, settings, indexVersion, analysis, document.uri);
    return entry.analysis!;
  }

  /**
   * Whether the document's last analysis took at most `budgetMs`: the server then analyses an edit as soon as
   * it arrives (ValidationScheduler's `prepare`), since the next one will most likely be as quick. False
   * before the first analysis, and after a staged one (a large document's first: seconds).
   */
  quick(uri: string, budgetMs: number): boolean {
    const lastMs = this.entries.get(uri)?.lastMs;
    return lastMs !== undefined && lastMs <= budgetMs;
  }

  /**
   * The first analysis of a large document, in two steps: returns the findings of the rules that read
   * only their own document (no other document can change them, and the whole analysis has each of
   * them: IncrementalAnalyzer.analyzeStaged), to publish before the cross-policy rules have run; the next
   * `analyze` finishes the analysis. Undefined, with nothing begun, for a small document or one analysed before.
   */
  earlyFindings(document: TextDocument, settings: Settings, index?: WorkspaceIndex): readonly Finding[] | undefined {
    const begun = this.beginStaged(document, settings, index);
    if (!begun) return undefined;
    return begun.early();
  }

  /**
   * Begins the staged first analysis of a large document (undefined for a small one, or one analysed before):
   * the next `analyze` finishes it.
   */
  private beginStaged(document: TextDocument, settings: Settings, index: WorkspaceIndex | undefined) {
    if (!this.stages(document)) return undefined;
    const indexVersion = index?.versionAround(document.uri) ?? -1;
    const { entry, text, options, change } = this.prepare(document, settings, index, indexVersion);
    const version = document.version;
    let staged: ReturnType<IncrementalAnalyzer['analyzeStaged']> | undefined;
    const finish = () => {
      entry.staged = undefined;
      staged ??= entry.analyzer.analyzeStaged(text, options, change);
      this.finished(entry, version, settings, indexVersion, staged.rest(), document.uri);
    };
    entry.staged = finish;
    const pending = () => entry.staged === finish;
    return {
      /** The early findings of the whole text, or undefined (the analysis is then finished). */
      early: (): readonly Finding[] | undefined => {
        if (!pending()) return undefined;
        staged ??= entry.analyzer.analyzeStaged(text, options, change);
        if (!staged.early) {
          finish();
          return undefined;
        }
        return staged.early();
      },
    };
  }

  /** Whether the next analysis of the document is a staged first one: a large document not analysed before. */
  private stages(document: TextDocument): boolean {
    const existing = this.entries.get(document.uri);
    return !existing?.analysis && !existing?.staged && document.getText().length >= EARLY_FINDINGS_SIZE;
  }

  private prepare(document: TextDocument, settings: Settings, index: WorkspaceIndex | undefined, indexVersion: number) {
    let entry = this.entries.get(document.uri);
    if (!entry) {
      const analyzer = this.options.newAnalyzer?.() ?? new IncrementalAnalyzer();
      entry = {
        version: undefined,
        settings: undefined,
        indexVersion,
        analysis: undefined,
        analyzer,
        pending: undefined,
        patch: undefined,
        staged: undefined,
        lastMs: undefined,
      };
      this.entries.set(document.uri, entry);
    }
    const change = entry.pending;
    entry.pending = undefined;
    entry.patch ??= this.patches.isPatchUri(document.uri);
    const options = {
      settings,
      partial: entry.patch,
      ...(index ? { otherPolicies: index.policiesOtherThan(document.uri) } : {}),
      ...(index?.ready ? { workspace: { uri: document.uri, files: index.othersThan(document.uri) } } : {}),
    };
    return { entry, text: document.getText(), options, change };
  }

  private finished(entry: Entry, version: number, settings: Settings, indexVersion: number, analysis: IncrementalAnalysis, uri: string): void {
    entry.analysis = analysis;
    entry.version = version;
    entry.settings = settings;
    entry.indexVersion = indexVersion;
    this.options.onPath?.(uri, version, analysis.path);
  }

  /**
   * Tells the index the document's text (a no-op when it has that text). The index reads the document's
   * manifests when it first needs them: from the latest analysis if that is of this text, else from the text.
   */
  tellIndex(document: TextDocument, index: WorkspaceIndex): void {
    const { uri } = document;
    const text = document.getText();
    index.setOpen(uri, text, () => {
      const analysis = this.entries.get(uri)?.analysis;
      return analysis && analysis.file.text === text ? readManifests(uri, analysis.file, analysis.policies) : readManifests(uri, parseYamlFile(text));
    });
  }

  /**
   * workspace/didChangeWatchedFiles: when a kustomization changed, which documents are patches is asked
   * again and every document is analysed again when next asked. Returns whether one did.
   */
  watched(changes: readonly { readonly uri: string }[]): boolean {
    let any = false;
    for (const change of changes) {
      const file = pathOf(change.uri);
      if (file === undefined || !isKustomizationName(file)) continue;
      this.patches.changed(file);
      any = true;
    }
    if (any) {
      for (const entry of this.entries.values()) {
        entry.patch = undefined;
        entry.version = undefined;
      }
    }
    return any;
  }

  /** The analysis of exactly this version, if there is one. */
  current(document: TextDocument): IncrementalAnalysis | undefined {
    const entry = this.entries.get(document.uri);
    return entry?.version === document.version ? entry.analysis : undefined;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}

/** A file: URI as a path (kustomizations are files on disk). */
function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
