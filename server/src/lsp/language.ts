/** The engine's completion, hover and outline results in LSP's shapes. */
import { CompletionItemKind, InsertTextFormat, MarkupKind, SymbolKind } from 'vscode-languageserver';
import type { CompletionItem, DocumentSymbol, Hover, Position } from 'vscode-languageserver';
import { outlineFile, outlinesClusterPolicies, policyOutline } from '../engine';
import type { Analysis, CompletionEntry, HoverPart, LanguageRequest, LineIndex, OutlineSymbol, Settings, YamlFile } from '../engine';
import type { PolicyView } from '../engine/model/policyView';

/** What the language features need at a position, from the document's (cached) analysis. */
export function languageRequestOf(analysis: Analysis, settings: Settings, position: Position): LanguageRequest | undefined {
  if (!settings.enable) return undefined;
  return { file: analysis.file, offset: analysis.file.lines.offsetAt(position), settings, policies: analysis.policies };
}

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
};

export function toCompletionItem(entry: CompletionEntry, lines: LineIndex): CompletionItem {
  return {
    label: entry.label,
    kind: COMPLETION_KIND[entry.kind],
    ...(entry.detail ? { detail: entry.detail } : {}),
    ...(entry.documentation ? { documentation: { kind: MarkupKind.Markdown, value: entry.documentation } } : {}),
    insertTextFormat: entry.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: lines.range(entry.replace[0], entry.replace[1]), newText: entry.insertText },
    ...(entry.sortText ? { sortText: entry.sortText } : {}),
  };
}

/** Several providers' parts as one hover, in the order given, separated by rules, over the smallest span. */
export function toHover(parts: readonly HoverPart[], lines: LineIndex): Hover | null {
  if (parts.length === 0) return null;
  const value = parts.map((p) => p.markdown).join('\n\n---\n\n');
  const span = parts.reduce((a, b) => (b.span[1] - b.span[0] < a.span[1] - a.span[0] ? b : a)).span;
  return { contents: { kind: MarkupKind.Markdown, value }, range: lines.range(span[0], span[1]) };
}

const SYMBOL_KIND: Record<OutlineSymbol['kind'], SymbolKind> = {
  policy: SymbolKind.Object,
  selector: SymbolKind.Field,
  rules: SymbolKind.Array,
  rule: SymbolKind.Struct,
};

export function toDocumentSymbol(symbol: OutlineSymbol, lines: LineIndex): DocumentSymbol {
  return {
    name: symbol.name,
    ...(symbol.detail ? { detail: symbol.detail } : {}),
    kind: SYMBOL_KIND[symbol.kind],
    range: lines.range(symbol.span[0], symbol.span[1]),
    selectionRange: lines.range(symbol.selectionSpan[0], symbol.selectionSpan[1]),
    children: symbol.children.map((child) => toDocumentSymbol(child, lines)),
  };
}

/**
 * Each policy's symbol, kept per policy view while the policy starts at the same position: its text is the same
 * (a view is one document's), and so is every position in it. Typing moves every policy after the edit along its
 * lines: their symbols are those of the last request.
 */
const symbolsByView = new WeakMap<
  PolicyView,
  {
    readonly line: number;
    readonly character: number;
    readonly symbol: DocumentSymbol | undefined;
    /** How many items the symbol is, children included. */
    readonly items: number;
    /** The symbol without its children, once asked for (`MAX_OUTLINE_ITEMS`). */
    alone?: DocumentSymbol;
  }
>();

/**
 * The most outline items (symbols, children included) a file's outline is given in full; a file whose outline
 * would have more gets each policy without what is beneath it. vscode-json (`json.maxItemsComputed`) and
 * yaml-language-server (`yaml.maxItemsComputed`) stop their outlines at 5,000 items too; here every policy stays
 * in it. On 5,000 crowded policies the whole outline was 35,000 symbols, about 120 ms and 10 MB per request.
 */
export const MAX_OUTLINE_ITEMS = 5000;

function itemsOf(symbol: DocumentSymbol): number {
  let items = 1;
  for (const child of symbol.children ?? []) items += itemsOf(child);
  return items;
}

/** The symbol without its children. */
function alone(symbol: DocumentSymbol): DocumentSymbol {
  return {
    name: symbol.name,
    ...(symbol.detail !== undefined ? { detail: symbol.detail } : {}),
    kind: symbol.kind,
    range: symbol.range,
    selectionRange: symbol.selectionRange,
  };
}

/** The arrays `documentSymbolsOf` made: the encoder writes the JSON of each of their symbols once (diagnosticsEncoder.ts). */
export const symbolArrays = new WeakSet<readonly DocumentSymbol[]>();

/** A symbol and its children moved by `lines` lines. */
function movedByLines(symbol: DocumentSymbol, lines: number): DocumentSymbol {
  const move = (range: DocumentSymbol['range']) => ({ start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } });
  return {
    name: symbol.name,
    ...(symbol.detail !== undefined ? { detail: symbol.detail } : {}),
    kind: symbol.kind,
    range: move(symbol.range),
    selectionRange: move(symbol.selectionRange),
    children: (symbol.children ?? []).map((child) => movedByLines(child, lines)),
  };
}

/** The file's outline as LSP symbols: `outlineFile` made into DocumentSymbols, those of unchanged policies as before. */
export function documentSymbolsOf(file: YamlFile, policies: readonly PolicyView[]): DocumentSymbol[] {
  const lines = file.lines;
  if (outlinesClusterPolicies(file)) {
    const all = outlineFile(file, policies).map((symbol) => toDocumentSymbol(symbol, lines));
    return all.reduce((items, symbol) => items + itemsOf(symbol), 0) > MAX_OUTLINE_ITEMS ? all.map(alone) : all;
  }
  const shown: { readonly symbol: DocumentSymbol; alone?: DocumentSymbol }[] = [];
  let items = 0;
  for (const policy of policies) {
    const at = lines.positionAt(policy.source.node.range?.[0] ?? 0);
    let kept = symbolsByView.get(policy);
    if (!kept || kept.line !== at.line || kept.character !== at.character) {
      // Moved by whole lines (a line break typed above it): every position of its symbol moved by as many lines.
      // Otherwise made anew; the engine's own outline (`outline`, which keeps each policy's too) is not asked.
      let symbol: DocumentSymbol | undefined;
      if (kept && kept.character === at.character) symbol = kept.symbol && movedByLines(kept.symbol, at.line - kept.line);
      else {
        const outlined = policyOutline(policy);
        symbol = outlined && toDocumentSymbol(outlined, lines);
      }
      kept = { line: at.line, character: at.character, symbol, items: symbol ? itemsOf(symbol) : 0 };
      symbolsByView.set(policy, kept);
    }
    if (kept.symbol) {
      shown.push(kept as typeof kept & { readonly symbol: DocumentSymbol });
      items += kept.items;
    }
  }
  // Past the limit each policy alone, the same objects from request to request (the encoder keeps each one's JSON).
  const symbols = items > MAX_OUTLINE_ITEMS ? shown.map((kept) => (kept.alone ??= alone(kept.symbol))) : shown.map((kept) => kept.symbol);
  symbolArrays.add(symbols);
  return symbols;
}
