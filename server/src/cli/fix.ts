import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { analyzeText, applyEdits, preferredFixEdits } from '../engine';
import type { Analysis, AnalyzeOptions } from '../engine';

const MAX_PASSES = 10;

/**
 * Applies preferred fixes until none is left (a fix can only be chosen once the text it touches is
 * free of other fixes' edits), and returns the final text with its analysis.
 */
export function fixText(text: string, options: AnalyzeOptions): { text: string; analysis: Analysis; fixed: number } {
  let current = text;
  let analysis = analyzeText(current, options);
  let fixed = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const edits = preferredFixEdits(analysis.findings);
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    fixed += edits.length;
    current = next;
    analysis = analyzeText(current, options);
  }
  return { text: current, analysis, fixed };
}

/** Writes a file so that it holds either the old or the new text, never half: a temporary file, then rename. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.netpol-lens-${process.pid}.tmp`);
  const stat = await fs.stat(file).catch(() => undefined);
  try {
    await fs.writeFile(temporary, text, { mode: stat?.mode });
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
