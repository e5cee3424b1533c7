/**
 * A selector that matches nothing because one of its labels is mistyped: `app: cart` where the
 * Deployment says `app: carts`. One edit (a character inserted, removed, replaced, or two swapped) that
 * makes the selector match something the workspace holds is almost always what the author meant; the
 * workspace rules say "did you mean" with a quick fix, even where the workspace may not hold every pod.
 */
import * as l10n from '../../l10n/t';
import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PolicyView } from '../../model/policyView';
import type { Labels } from '../../model/selector';
import { selectorMatches } from '../../model/selector';
import type { FieldPath } from '../../parse/fieldPath';
import { isOneEditApart } from '../../text/editDistance';
import type { OffsetEdit } from '../../text/positions';
import type { FixProposal } from '../rule';
import { replaceScalar } from './apiValidation';

/** Something a selector may match: a workload's pod labels or a Namespace's labels, with its name for messages. */
export interface Labelled {
  readonly name: string;
  readonly labels: Labels;
}

/** One mistyped key or value of a selector, and what it should read. */
export interface LabelTypo {
  /** Path of the mistyped node, from the selector: `['matchLabels', 'app']`, `['matchExpressions', 0, 'values', 1]`. */
  readonly path: FieldPath;
  /** Whether the key (`matchLabels` only) or the value is mistyped. */
  readonly part: 'key' | 'value';
  readonly written: string;
  readonly meant: string;
  /** The names of what the selector matches once corrected. */
  readonly matches: readonly string[];
}

const SEPARATORS = /[-._/]/;

/**
 * Whether `written` -> `meant` looks like a slip rather than another member of a series: both at least
 * three characters long, and not a replaced digit (`web-1`/`web-2`, `v1`/`v2`) nor a replaced
 * one-character segment (`team-a`/`team-b`).
 */
function isPlausibleSlip(written: string, meant: string): boolean {
  if (written.length < 3 || meant.length < 3) return false;
  if (written.length !== meant.length) return true;
  const diffs: number[] = [];
  for (let i = 0; i < written.length; i++) if (written[i] !== meant[i]) diffs.push(i);
  if (diffs.length !== 1) return true; // two neighbours swapped
  const i = diffs[0]!;
  if (/[0-9]/.test(written[i]!) && /[0-9]/.test(meant[i]!)) return false;
  const alone = (text: string) => (i === 0 || SEPARATORS.test(text[i - 1]!)) && (i === text.length - 1 || SEPARATORS.test(text[i + 1]!));
  return !alone(written);
}

function withMatchLabels(selector: LabelSelector, matchLabels: Record<string, string>): LabelSelector {
  return { ...selector, matchLabels };
}

/**
 * The single edits of the selector's `matchLabels` keys and values and `In` values that make it match
 * at least one of `candidates` (none when it matches one already).
 */
export function labelTypos(selector: LabelSelector, candidates: readonly Labelled[]): LabelTypo[] {
  if (candidates.some((c) => selectorMatches(selector, c.labels))) return [];
  const valuesByKey = new Map<string, Set<string>>();
  for (const candidate of candidates) {
    for (const [key, value] of Object.entries(candidate.labels)) {
      const values = valuesByKey.get(key);
      if (values) values.add(value);
      else valuesByKey.set(key, new Set([value]));
    }
  }
  const matching = (corrected: LabelSelector) => candidates.filter((c) => selectorMatches(corrected, c.labels)).map((c) => c.name);
  const typos: LabelTypo[] = [];
  const matchLabels = selector.matchLabels ?? {};
  for (const [key, value] of Object.entries(matchLabels)) {
    const known = valuesByKey.get(key);
    if (known && !known.has(value)) {
      for (const meant of known) {
        if (!isOneEditApart(value, meant) || !isPlausibleSlip(value, meant)) continue;
        const matches = matching(withMatchLabels(selector, { ...matchLabels, [key]: meant }));
        if (matches.length > 0) typos.push({ path: ['matchLabels', key], part: 'value', written: value, meant, matches });
      }
    } else if (!known) {
      for (const meant of valuesByKey.keys()) {
        if (meant in matchLabels || !isOneEditApart(key, meant) || !isPlausibleSlip(key, meant)) continue;
        const renamed: Record<string, string> = {};
        for (const [k, v] of Object.entries(matchLabels)) renamed[k === key ? meant : k] = v;
        const matches = matching(withMatchLabels(selector, renamed));
        if (matches.length > 0) typos.push({ path: ['matchLabels', key], part: 'key', written: key, meant, matches });
      }
    }
  }
  (selector.matchExpressions ?? []).forEach((expression, e) => {
    if (expression.operator !== 'In') return;
    const known = valuesByKey.get(expression.key);
    if (!known) return;
    (expression.values ?? []).forEach((value, v) => {
      if (known.has(value)) return;
      for (const meant of known) {
        if (!isOneEditApart(value, meant) || !isPlausibleSlip(value, meant)) continue;
        const values = (expression.values ?? []).map((x, i) => (i === v ? meant : x));
        const expressions = (selector.matchExpressions ?? []).map((x, i) => (i === e ? { ...x, values } : x));
        const matches = matching({ ...selector, matchExpressions: expressions });
        if (matches.length > 0) typos.push({ path: ['matchExpressions', e, 'values', v], part: 'value', written: value, meant, matches });
      }
    });
  });
  return typos;
}

/** A label value as a plain YAML scalar would be read as something else (`123`, `true`, `on`, `null`). */
function needsQuotes(value: string): boolean {
  return /^(?:[-+]?[0-9][0-9_.]*(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|true|false|yes|no|on|off|y|n|null|~)$/i.test(value);
}

/** The fix for one typo: the mistyped key or value rewritten in place, keeping its quotes. */
export function typoFix(policy: PolicyView, selectorPath: FieldPath, typo: LabelTypo): FixProposal | undefined {
  const path = [...selectorPath, ...typo.path];
  const node = (typo.part === 'key' ? policy.pair(path)?.key : policy.node(path)) as Node | null | undefined;
  if (!isScalar(node) || !node.range) return undefined;
  const span: [number, number] = [node.range[0], node.range[1]];
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const edit: OffsetEdit = quoted || !needsQuotes(typo.meant) ? replaceScalar(policy.file.text, span, typo.meant) : { start: span[0], end: span[1], newText: JSON.stringify(typo.meant) };
  const title = typo.part === 'key' ? l10n.t('Change label key `{0}` to `{1}`', typo.written, typo.meant) : l10n.t('Change label value `{0}` to `{1}`', typo.written, typo.meant);
  return { title, edits: [edit] };
}

/** "did you mean `carts`?" for the typos of one node (several candidates: "`carts` or `card`"). */
export function didYouMean(typos: readonly LabelTypo[]): string {
  const meant = [...new Set(typos.map((t) => `\`${t.meant}\``))];
  const matches = [...new Set(typos.flatMap((t) => t.matches))];
  const shown = matches.slice(0, 3).join(', ') + (matches.length > 3 ? ', …' : '');
  return meant.length === 1 ? l10n.t('did you mean {0}? With it the selector matches {1}', meant[0]!, shown) : l10n.t('did you mean {0}? With the first the selector matches {1}', meant.join(l10n.t(' or ')), shown);
}

/** The typos grouped by the node they are on, in the selector's order. */
export function typosByNode(typos: readonly LabelTypo[]): LabelTypo[][] {
  const groups = new Map<string, LabelTypo[]>();
  for (const typo of typos) {
    const key = `${typo.part}:${JSON.stringify(typo.path)}`;
    const group = groups.get(key);
    if (group) group.push(typo);
    else groups.set(key, [typo]);
  }
  return [...groups.values()];
}
