import type { LineIndex } from '../text/positions';

/**
 * Suppression comments, as ESLint's:
 *   `# netpol-lens-disable-next-line NP201, NP202` on the line above a finding,
 *   `# netpol-lens-disable-line NP201` at the end of the finding's own line.
 * Rules are named by code or name, separated by commas or spaces; none named means every rule.
 * The `#` must start the line or follow white space, as a YAML comment does.
 */
const DIRECTIVE = /(?:^|\s)#\s*netpol-lens-disable-(next-line|line)\b([^\r\n#]*)/;

export interface Suppressions {
  isSuppressed(line: number, code: string, name: string): boolean;
}

/** One suppression comment: the line it applies to, and the rules it names (none: every rule). */
export interface Directive {
  readonly line: number;
  readonly names: readonly string[];
}

/** The suppression comments of `text`, whose first line is line `firstLine` of the file. */
export function scanDirectives(text: string, firstLine = 0): Directive[] {
  if (!text.includes('netpol-lens-disable')) return [];
  const found: Directive[] = [];
  // Line breaks as LineIndex has them: \r\n, \n and a lone \r.
  text.split(/\r\n|\n|\r/).forEach((lineText, index) => {
    const match = DIRECTIVE.exec(lineText);
    if (!match) return;
    const line = firstLine + index;
    const names = match[2]!.split(/[\s,]+/).filter((n) => n !== '' && n !== '--');
    found.push({ line: match[1] === 'next-line' ? line + 1 : line, names });
  });
  return found;
}

export function suppressionsOf(directives: Iterable<Directive>): Suppressions {
  // line -> rules suppressed on it ('*' for all)
  const byLine = new Map<number, Set<string>>();
  for (const { line, names } of directives) {
    const set = byLine.get(line) ?? new Set<string>();
    if (names.length === 0) set.add('*');
    for (const name of names) set.add(name);
    byLine.set(line, set);
  }
  if (byLine.size === 0) return { isSuppressed: () => false };
  return {
    isSuppressed(line, code, name) {
      const set = byLine.get(line);
      return !!set && (set.has('*') || set.has(code) || set.has(name));
    },
  };
}

export function findSuppressions(text: string, _lines?: LineIndex): Suppressions {
  return suppressionsOf(scanDirectives(text));
}
