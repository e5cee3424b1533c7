import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../engine';
import type { Analysis, Settings } from '../engine';
import type { WorkspaceIndex } from './workspaceIndex';

interface Entry {
  readonly version: number;
  readonly settings: Settings;
  readonly indexVersion: number;
  readonly analysis: Analysis;
}

/** The last analysis of each open document, reused while its version and settings are unchanged. */
export class DocumentAnalyzer {
  private readonly entries = new Map<string, Entry>();

  /**
   * With the workspace index, the other files' policies count for cross-policy judgements (DNS) and, once
   * the index has read the workspace, the workspace rules (NP95x) run too.
   */
  analyze(document: TextDocument, settings: Settings, index?: WorkspaceIndex): Analysis {
    const cached = this.entries.get(document.uri);
    const indexVersion = index?.versionAround(document.uri) ?? -1;
    if (cached && cached.version === document.version && cached.settings === settings && cached.indexVersion === indexVersion) return cached.analysis;
    const analysis = analyzeText(document.getText(), {
      settings,
      ...(index ? { otherPolicies: index.policiesOtherThan(document.uri) } : {}),
      ...(index?.ready ? { workspace: { uri: document.uri, files: index.othersThan(document.uri) } } : {}),
    });
    this.entries.set(document.uri, { version: document.version, settings, indexVersion, analysis });
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
