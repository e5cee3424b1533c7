/** Text changes between two versions of a document: what the editor sends, or what comparing the texts finds. */

/** `[start, end)` of the previous text became `[start, start + newLength)` of the new one. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly newLength: number;
}

/** The smallest change that turns `before` into `after`: common prefix and suffix left out. */
export function diffTexts(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail, newLength: after.length - tail - start };
}

/** Whether `change` turns a text of `beforeLength` characters into one of `afterLength`. */
export function fitsLengths(change: TextChange, beforeLength: number, afterLength: number): boolean {
  return change.start >= 0 && change.start <= change.end && change.end <= beforeLength && beforeLength - (change.end - change.start) + change.newLength === afterLength;
}

/** One change after another as a single change of the first text (for changes not yet analysed). */
export function composeChanges(first: TextChange, second: TextChange): TextChange {
  const currentEnd = first.start + first.newLength;
  const start = Math.min(first.start, second.start);
  const end = second.end > currentEnd ? first.end + (second.end - currentEnd) : first.end;
  const newEnd = Math.max(currentEnd, second.end) + second.newLength - (second.end - second.start);
  return { start, end: Math.max(end, start), newLength: newEnd - start };
}
