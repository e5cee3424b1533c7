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

export function findSuppressions(text: string, lines: LineIndex): Suppressions {
  // line -> rules suppressed on it ('*' for all)
  const byLine = new Map<number, Set<string>>();
  if (!text.includes('netpol-lens-disable')) return { isSuppressed: () => false };
  for (let line = 0; line < lines.lineCount; line++) {
    const start = lines.offsetAt({ line, character: 0 });
    const end = line + 1 < lines.lineCount ? lines.offsetAt({ line: line + 1, character: 0 }) : text.length;
    const match = DIRECTIVE.exec(text.slice(start, end));
    if (!match) continue;
    const target = match[1] === 'next-line' ? line + 1 : line;
    const names = match[2]!.split(/[\s,]+/).filter((n) => n !== '' && n !== '--');
    const set = byLine.get(target) ?? new Set<string>();
    if (names.length === 0) set.add('*');
    for (const name of names) set.add(name);
    byLine.set(target, set);
  }
  return {
    isSuppressed(line, code, name) {
      const set = byLine.get(line);
      return !!set && (set.has('*') || set.has(code) || set.has(name));
    },
  };
}
