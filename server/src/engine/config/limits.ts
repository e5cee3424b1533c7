/**
 * Bounds on the work one analysis may do, so that no input (an alias bomb, a 50 MB file, a document
 * nested a thousand levels deep) can stall the editor or the CI job. Past a bound the engine stops and
 * says so with an NP0xx diagnostic; it never hangs and never guesses.
 */
import * as l10n from '../l10n/t';

export interface Limits {
  /** Largest text analysed, in characters (UTF-16 code units: bytes, for ASCII YAML). */
  readonly maxFileSize: number;
  /** Documents (`---`) analysed per file; the rest are left alone. */
  readonly maxDocuments: number;
  /** Deepest nesting of mappings and sequences in a document that is analysed. */
  readonly maxNestingDepth: number;
  /** YAML nodes a policy may reach through aliases (`*name`), counted per use: the billion-laughs guard. */
  readonly aliasBudget: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileSize: 10_000_000,
  maxDocuments: 20_000,
  maxNestingDepth: 100,
  aliasBudget: 100_000,
};

/**
 * Accepted range per limit. The nesting bound stays below what the `yaml` package's recursive composer
 * survives (a few hundred levels on Node's default stack); the others stop short of values that
 * would let one file take minutes.
 */
const RANGES: Record<keyof Limits, { min: number; max: number }> = {
  maxFileSize: { min: 1_000, max: 100_000_000 },
  maxDocuments: { min: 1, max: 100_000 },
  maxNestingDepth: { min: 10, max: 500 },
  aliasBudget: { min: 0, max: 10_000_000 },
};

export function normalizeLimits(raw: unknown, problems: string[]): Limits {
  if (raw === undefined || raw === null) return DEFAULT_LIMITS;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(l10n.t('netpolLens.limits: expected an object'));
    return DEFAULT_LIMITS;
  }
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const [name, { min, max }] of Object.entries(RANGES)) {
    const value = (raw as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) out[name] = value;
    else problems.push(l10n.t('netpolLens.limits.{0}: expected a whole number from {1} to {2}', name, min, max));
  }
  return out as unknown as Limits;
}
