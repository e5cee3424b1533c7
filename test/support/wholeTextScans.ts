/**
 * Counting the scans of a whole text (issue #16): a keystroke or a first open must not search the whole text
 * once per piece or per rule. Used by test/unit/firstOpen.test.ts and test/unit/editScans.test.ts.
 */
const SCANNING = ['includes', 'indexOf', 'lastIndexOf', 'search', 'match', 'matchAll', 'split', 'replace', 'replaceAll', 'startsWith', 'endsWith'] as const;

/**
 * Runs `body` with the string searches and `RegExp` `exec`/`test` counted when the string searched is as
 * long as `text` (the whole text: no other string in the analysis is that long). Returns the count by method.
 */
export function countWholeTextScans(text: string, body: () => void): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  const stringProto = String.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const regexpProto = RegExp.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const saved: { proto: Record<string, (...args: unknown[]) => unknown>; name: string; original: (...args: unknown[]) => unknown }[] = [];
  for (const name of SCANNING) {
    const original = stringProto[name]!;
    saved.push({ proto: stringProto, name, original });
    stringProto[name] = function (this: string, ...args: unknown[]) {
      if (typeof this === 'string' && this.length === text.length) count(name);
      return original.apply(this, args);
    };
  }
  for (const name of ['exec', 'test']) {
    const original = regexpProto[name]!;
    saved.push({ proto: regexpProto, name, original });
    regexpProto[name] = function (this: RegExp, ...args: unknown[]) {
      // A sticky or global expression from `lastIndex` reads on from there: only a search from the start scans.
      if (typeof args[0] === 'string' && args[0].length === text.length && this.lastIndex === 0) count(`RegExp ${name}`);
      return original.apply(this, args);
    };
  }
  try {
    body();
  } finally {
    for (const { proto, name, original } of saved) proto[name] = original;
  }
  return counts;
}

