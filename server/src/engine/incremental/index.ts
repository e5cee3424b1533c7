/** The incremental analyser: what the language server runs on every edit (see analyzer.ts). */
export { IncrementalAnalyzer } from './analyzer';
export { describePath } from './analysisPath';
export type { AnalysisPath, FullReason, IncrementalAnalysis } from './analysisPath';
export { composeChanges, diffTexts } from './textChange';
export type { TextChange } from './textChange';
