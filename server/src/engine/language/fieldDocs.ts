import * as l10n from '../l10n/t';
import { sourceText } from '../l10n/sourceText';
import type { SchemaField } from '../validation/schema';

/** types.go comments are wrapped at ~100 columns: join lines into paragraphs for markdown. */
export function unwrap(doc: string): string {
  return doc
    .split(/\n\n/)
    .map((paragraph) => paragraph.replace(/\n/g, ' '))
    .join('\n\n');
}

/** A field's documentation as markdown: its type, its docs, and what the API server fills in (in the current language). */
export function fieldDocumentation(key: string, field: SchemaField): string {
  const lines = [`\`${key}\` · \`${field.type.goType}\`${field.required ? ` · ${l10n.t('required')}` : ''}`, '', unwrap(sourceText(field.doc))];
  if (field.defaultDoc) lines.push('', l10n.t('Default: {0}', sourceText(field.defaultDoc)));
  return lines.join('\n');
}
