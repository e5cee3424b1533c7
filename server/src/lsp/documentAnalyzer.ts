import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../engine';
import { isKustomizePatchUri } from '../kustomize/patchFiles';
import type { Analysis, Settings } from '../engine';

interface Entry {
  readonly version: number;
  readonly settings: Settings;
  readonly analysis: Analysis;
}

/** The last analysis of each open document, reused while its version and settings are unchanged. */
export class DocumentAnalyzer {
  private readonly entries = new Map<string, Entry>();

  analyze(document: TextDocument, settings: Settings): Analysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.settings === settings) return cached.analysis;
    const analysis = analyzeText(document.getText(), { settings, partial: isKustomizePatchUri(document.uri) });
    this.entries.set(document.uri, { version: document.version, settings, analysis });
    return analysis;
  }

  /** The analysis of exactly this version, if there is one. */
  current(document: TextDocument): Analysis | undefined {
    const cached = this.entries.get(document.uri);
    return cached?.version === document.version ? cached.analysis : undefined;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
