import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isKustomizePatchUri } from '../kustomize/patchFiles';
import { parseYamlFile } from '../engine';
import type { Analysis, Settings } from '../engine';
import { readManifests } from '../engine/reach';
import { composeChanges, IncrementalAnalyzer } from '../engine/incremental';
import type { TextChange } from '../engine/incremental';
import type { WorkspaceIndex } from './workspaceIndex';
import { EditableDocument } from './editableDocument';

interface Entry {
  version: number | undefined;
  settings: Settings | undefined;
  indexVersion: number;
  analysis: Analysis | undefined;
  readonly analyzer: IncrementalAnalyzer;
  /** What changed since the last analysis, as one change of the text analysed then. */
  pending: TextChange | undefined;
}

/**
 * The analysis of each open document, kept per version, and made incrementally: the changes the
 * editor sends (incremental sync) are recorded as they are applied, so an edit re-analyses only the
 * YAML documents it touched (engine/incremental/).
 */
export class DocumentAnalyzer {
  private readonly entries = new Map<string, Entry>();

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
   * the index has read the workspace, the workspace rules (NP95x) run too.
   */
  analyze(document: TextDocument, settings: Settings, index?: WorkspaceIndex): Analysis {
    let entry = this.entries.get(document.uri);
    const indexVersion = index?.versionAround(document.uri) ?? -1;
    if (entry?.analysis && entry.version === document.version && entry.settings === settings && entry.indexVersion === indexVersion) return entry.analysis;
    if (!entry) {
      entry = { version: undefined, settings: undefined, indexVersion, analysis: undefined, analyzer: new IncrementalAnalyzer(), pending: undefined };
      this.entries.set(document.uri, entry);
    }
    const change = entry.pending;
    entry.pending = undefined;
    entry.analysis = entry.analyzer.analyze(
      document.getText(),
      {
        settings,
        partial: isKustomizePatchUri(document.uri),
        ...(index ? { otherPolicies: index.policiesOtherThan(document.uri) } : {}),
        ...(index?.ready ? { workspace: { uri: document.uri, files: index.othersThan(document.uri) } } : {}),
      },
      change,
    );
    entry.version = document.version;
    entry.settings = settings;
    entry.indexVersion = indexVersion;
    if (index) this.handTo(index, document.uri, document.getText(), entry.analysis);
    return entry.analysis;
  }

  /**
   * The index learns the document's text; it reads the manifests from this analysis when it first needs
   * them, or, once a later analysis has reused its parse, from the text again.
   */
  private handTo(index: WorkspaceIndex, uri: string, text: string, analysis: Analysis): void {
    index.setOpen(uri, text, () =>
      this.entries.get(uri)?.analysis === analysis ? readManifests(uri, analysis.file, analysis.policies) : readManifests(uri, parseYamlFile(text)),
    );
  }

  /** The analysis of exactly this version, if there is one. */
  current(document: TextDocument): Analysis | undefined {
    const entry = this.entries.get(document.uri);
    return entry?.version === document.version ? entry.analysis : undefined;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
