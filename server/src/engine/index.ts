/** The analysis engine: parse -> model -> checks -> fixes. No LSP connection, no I/O. */
export { analyzeFile, analyzeFiles, analyzeText, docsUrl, findPolicies, severityFor } from './analyze';
export type { Analysis, AnalyzeOptions, FileInput, Finding, Fix, ShownFinding } from './analyze';
export { DEFAULT_SETTINGS, normalizeSettings } from './config/settings';
export type { RuleSetting, Settings, Severity } from './config/settings';
export { RULES, findRule } from './rules';
export type { Rule, RuleMeta } from './rules/rule';
export { applyEdits, LineIndex } from './text/positions';
export type { OffsetEdit, Position, Range, TextEdit } from './text/positions';
export { parseYamlFile } from './parse/yamlFile';
export type { YamlFile } from './parse/yamlFile';
export { preferredFixEdits } from './fixes/fixAll';
export { complete, hover, outline, outlineFile, outlinesClusterPolicies, policyOutline, COMPLETION_PROVIDERS, HOVER_PROVIDERS } from './language';
export type { CompletionEntry, CompletionProvider, HoverPart, HoverProvider, LanguageRequest, OutlineSymbol } from './language';
export { catalogueOf, currentLocale, LOCALES, localeOf, localeOfEnvironment, setLocale } from './l10n/locale';
export { ruleDescription, sourceText } from './l10n/sourceText';
export type { Locale } from './l10n/locale';
