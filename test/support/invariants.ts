/**
 * What must hold for the analysis of ANY text: the properties behind the property tests and the fuzz
 * run. Each check throws an Error naming what broke; the caller reports the input.
 */
import { analyzeText, applyEdits, parseYamlFile } from '../../server/src/engine';
import type { Analysis, Finding, Range, Settings } from '../../server/src/engine';

function yamlErrorCount(text: string): number {
  return parseYamlFile(text).documents.reduce((sum, d) => sum + d.errors.length, 0);
}

/**
 * [start, end) of the line holding `offset` and the lines under it indented deeper (blank lines and
 * comments included): the YAML block an edit on that line can change the meaning of.
 */
function blockUnder(text: string, offset: number): [number, number] {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const indentOf = (from: number) => {
    let i = from;
    while (text[i] === ' ' || text[i] === '-') i++;
    return i - from;
  };
  const indent = indentOf(lineStart);
  let end = text.length;
  let at = text.indexOf('\n', offset);
  while (at >= 0) {
    const next = at + 1;
    const lineEnd = text.indexOf('\n', next);
    const line = text.slice(next, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
    if (line.trim() !== '' && !line.trimStart().startsWith('#') && indentOf(next) <= indent) {
      end = next;
      break;
    }
    at = lineEnd;
  }
  return [lineStart, end];
}

function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function assertRangeInside(range: Range, lengths: readonly number[], what: string): void {
  for (const end of [range.start, range.end]) {
    if (end.line < 0 || end.line >= lengths.length) throw new Error(`${what}: line ${end.line} outside 0..${lengths.length - 1}`);
    if (end.character < 0 || end.character > lengths[end.line]!) throw new Error(`${what}: character ${end.character} outside line ${end.line} (length ${lengths[end.line]})`);
  }
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  if (!ordered) throw new Error(`${what}: range ends before it starts`);
}

export interface InvariantOptions {
  readonly settings?: Settings;
  /** Also apply every fix and re-analyse (the expensive part). */
  readonly checkFixes?: boolean;
}

/** Analyses `text` and checks every invariant; returns the analysis for further checks. */
export function checkInvariants(text: string, options: InvariantOptions = {}): Analysis {
  const analysis = analyzeText(text, { settings: options.settings });
  if (analysis.internalErrors.length > 0) {
    const { rule, error } = analysis.internalErrors[0]!;
    throw new Error(`rule ${rule} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  const lengths = lineLengths(text);
  for (const finding of analysis.findings) {
    const what = `${finding.code} at ${JSON.stringify(finding.range)}`;
    const [start, end] = finding.span;
    if (!(start >= 0 && start <= end && end <= text.length)) throw new Error(`${what}: span ${start}..${end} outside the text (${text.length})`);
    assertRangeInside(finding.range, lengths, what);
    for (const fix of finding.fixes) {
      for (const edit of fix.edits) assertRangeInside(edit.range, lengths, `${what} fix "${fix.title}"`);
    }
  }
  if (options.checkFixes === false) return analysis;

  const errorsBefore = yamlErrorCount(text);
  for (const finding of analysis.findings) {
    const before = analysis.findings.filter((f) => f.code === finding.code).length;
    for (const fix of finding.fixes) {
      const what = `${finding.code} fix "${fix.title}"`;
      let after: string;
      try {
        after = applyEdits(text, fix.offsetEdits);
      } catch (error) {
        throw new Error(`${what} does not apply: ${(error as Error).message}`, { cause: error });
      }
      if (yamlErrorCount(after) > errorsBefore) throw new Error(`${what} leaves text that does not parse:\n${after}`);
      // Never more findings of the kind it fixes, and never its own left in place. Findings inside the
      // block under the edited line are not counted: renaming a misspelt `sp}ec` to `spec` rightly
      // reveals a misspelt field inside it, which was not looked at before.
      const reanalysed = analyzeText(after, { settings: options.settings });
      const editAt = Math.min(...fix.offsetEdits.map((e) => e.start));
      const outside = (findings: readonly Finding[], source: string) => {
        const [blockStart, blockEnd] = blockUnder(source, editAt);
        return findings.filter((f) => f.code === finding.code && !(f.span[0] > blockStart && f.span[0] < blockEnd)).length;
      };
      const left = outside(reanalysed.findings, after);
      const was = outside(analysis.findings, text);
      if (left > was) throw new Error(`${what} adds ${finding.code} findings (${was} before, ${left} after):\n${after}`);
      const same = reanalysed.findings.some((f) => f.code === finding.code && f.message === finding.message && f.span[0] === finding.span[0]);
      if (same && reanalysed.findings.filter((f) => f.code === finding.code).length >= before) throw new Error(`${what} leaves its own finding in place:\n${after}`);
    }
  }
  return analysis;
}
