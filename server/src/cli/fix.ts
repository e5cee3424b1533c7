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

/** The file changed on disk between reading and writing: the fixes are not written over it. */
export class ChangedOnDiskError extends Error {
  readonly code = 'CHANGED';
}

/**
 * Writes a file so that it holds either the old or the new content, never half: a temporary file in
 * the same directory, flushed to disk, then renamed over the target (rename is atomic on one file
 * system). A symbolic link is followed, so the link stays and its target gets the new content. Mode
 * and (when running as root) owner are kept. With `expected`, the write is refused if the file no
 * longer holds those bytes: someone changed it while it was being checked.
 */
export async function writeFileAtomic(file: string, content: string | Buffer, expected?: Buffer): Promise<void> {
  const target = await fs.realpath(file).catch(() => file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.netpol-lens-${process.pid}.tmp`);
  const stat = await fs.stat(target).catch(() => undefined);
  try {
    const handle = await fs.open(temporary, 'wx', stat?.mode);
    try {
      await handle.writeFile(content);
      if (stat) await handle.chmod(stat.mode & 0o7777);
      await handle.sync();
      if (stat && process.getuid?.() === 0) await handle.chown(stat.uid, stat.gid);
    } finally {
      await handle.close();
    }
    if (expected && !(await fs.readFile(target).catch(() => undefined))?.equals(expected)) throw new ChangedOnDiskError('changed on disk while being checked');
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
