/** The extension's own snippets, read from package.json, and the text one inserts when its placeholders keep their defaults. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO } from './paths';

interface SnippetContribution {
  readonly language: string;
  readonly path: string;
}

interface Snippet {
  readonly prefix: string | string[];
  readonly body: string | string[];
}

/** The one snippet whose prefix starts with what was typed; its full prefix is the suggestion's label. */
export function findSnippet(language: string, typed: string): Snippet & { readonly label: string } {
  const found: (Snippet & { label: string })[] = [];
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { contributes?: { snippets?: SnippetContribution[] } };
  for (const contribution of manifest.contributes?.snippets ?? []) {
    if (contribution.language !== language) continue;
    const snippets = JSON.parse(readFileSync(path.join(REPO, contribution.path), 'utf8')) as Record<string, Snippet>;
    for (const snippet of Object.values(snippets)) {
      for (const prefix of [snippet.prefix].flat()) if (prefix.startsWith(typed)) found.push({ ...snippet, label: prefix });
    }
  }
  if (found.length !== 1) throw new Error(`expected one ${language} snippet whose prefix starts with ${typed}, found ${found.length}`);
  return found[0]!;
}

/**
 * The text a snippet inserts at column 0 once every placeholder keeps its default: `$1` and `$0` become
 * nothing, `${1:text}` its text, `${1|a,b|}` its first choice. Variables are not expected in our snippets.
 */
export function expandWithDefaults(snippet: Snippet): string {
  const body = [snippet.body].flat().join('\n');
  let text = body;
  for (;;) {
    const next = text
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
      .replace(/\$\{\d+\}|\$\d+/g, '');
    if (next === text) break;
    text = next;
  }
  if (/\$\{?[A-Za-z_]/.test(text)) throw new Error(`snippet uses a variable this test cannot expand:\n${body}`);
  return text.replace(/\\([$}\\])/g, '$1');
}
