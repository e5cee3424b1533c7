import { analyzeText, DEFAULT_SETTINGS } from '../../../server/src/engine';
import type { LanguageRequest } from '../../../server/src/engine';

/** A request at the `|` of a text (the marker is removed), like rust-analyzer's cursor fixtures. */
export function requestAt(textWithCursor: string): { request: LanguageRequest; text: string } {
  const offset = textWithCursor.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const analysis = analyzeText(text);
  return { request: { file: analysis.file, offset, settings: DEFAULT_SETTINGS, policies: analysis.policies }, text };
}

export const HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n';
