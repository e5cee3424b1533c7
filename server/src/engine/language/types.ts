/**
 * What the language features return, in the engine's own terms (offsets, markdown), so that several
 * providers can answer one request and the server concatenates their parts: this module's API
 * knowledge now, a policy explanation or label values from other providers later.
 */
import type { Settings } from '../config/settings';
import type { PolicyView } from '../model/policyView';
import type { YamlFile } from '../parse/yamlFile';

export interface LanguageRequest {
  readonly file: YamlFile;
  /** Offset of the cursor in the file's text. */
  readonly offset: number;
  readonly settings: Settings;
  /** The file's NetworkPolicies (the analysis already has them). */
  readonly policies: readonly PolicyView[];
}

export type CompletionEntryKind = 'property' | 'value' | 'snippet';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionEntryKind;
  /** One line: the Go type, or what a snippet makes. */
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Text to insert; a snippet (`$1`, `${1|a,b|}`) when `snippet` is set. Lines after the first are relative to the cursor's line. */
  readonly insertText: string;
  readonly snippet: boolean;
  /** The text the entry replaces (the word being typed). */
  readonly replace: readonly [number, number];
  readonly sortText?: string;
  readonly preselect?: boolean;
}

/** One provider's contribution to a hover: markdown about the node under the cursor, and that node's span. */
export interface HoverPart {
  readonly markdown: string;
  readonly span: readonly [number, number];
}

export type OutlineKind = 'policy' | 'selector' | 'rules' | 'rule';

export interface OutlineSymbol {
  readonly name: string;
  readonly detail?: string;
  readonly kind: OutlineKind;
  readonly span: readonly [number, number];
  readonly selectionSpan: readonly [number, number];
  readonly children: readonly OutlineSymbol[];
}

export type CompletionProvider = (request: LanguageRequest) => CompletionEntry[];
export type HoverProvider = (request: LanguageRequest) => HoverPart[];
