import type { Finding } from '../analyze';
import type { OffsetEdit } from '../text/positions';

/** Two edits conflict when their ranges overlap, or when both insert at the same offset. */
function conflicts(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/**
 * The preferred fix of each finding, in order, leaving out any whose edits conflict with an earlier
 * chosen fix (it is picked up on the next pass, after re-analysis).
 */
export function preferredFixEdits(findings: readonly Finding[]): OffsetEdit[] {
  const chosen: OffsetEdit[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.isPreferred);
    if (!fix) continue;
    if (fix.offsetEdits.some((edit) => chosen.some((other) => conflicts(edit, other)))) continue;
    chosen.push(...fix.offsetEdits);
  }
  return chosen;
}
