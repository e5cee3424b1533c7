import { removeSeqItem } from '../../fixes/yamlEdits';
import type { PolicyView } from '../../model/policyView';
import type { FieldPath } from '../../parse/fieldPath';
import { asSeq } from '../../parse/yamlFile';
import type { RuleContext } from '../rule';

/** How the items of one list relate, for finding the ones that add nothing. */
export interface Containment<T> {
  /** Everything `inner` stands for, `outer` stands for too. */
  readonly covers: (outer: T, inner: T) => boolean;
  /** Both stand for the same: of two such items the later one is the repeat. Default: each covers the other. */
  readonly same?: (a: T, b: T) => boolean;
  /** Whether the item may be reported as redundant (default: every item). */
  readonly judged?: (item: T, index: number) => boolean;
  /** Whether the item may be named as the one that covers another (default: every item). */
  readonly mayCover?: (item: T, index: number) => boolean;
}

/** An item that adds nothing to its list: `cover` (at `coverIndex`) already stands for it. */
export interface RedundantItem<T> {
  readonly index: number;
  readonly item: T;
  readonly coverIndex: number;
  readonly cover: T;
  /** The two stand for the same (a repeat), rather than the item being narrower. */
  readonly same: boolean;
}

/**
 * The items covered by another item of the same list. Identical items: the later one is the repeat.
 * Contained: the narrower one. The cover named is the first one that stays (never an item already
 * found redundant), so the message names what is left after the removal.
 */
export function findRedundantItems<T>(items: readonly T[], relation: Containment<T>): RedundantItem<T>[] {
  const same = relation.same ?? ((a: T, b: T) => relation.covers(a, b) && relation.covers(b, a));
  const found: RedundantItem<T>[] = [];
  const redundant = new Set<number>();
  items.forEach((item, j) => {
    if (relation.judged && !relation.judged(item, j)) return;
    const i = items.findIndex(
      (other, k) => k !== j && !redundant.has(k) && (!relation.mayCover || relation.mayCover(other, k)) && relation.covers(other, item) && (k < j || !same(other, item)),
    );
    if (i < 0) return;
    redundant.add(j);
    found.push({ index: j, item, coverIndex: i, cover: items[i]!, same: same(items[i]!, item) });
  });
  return found;
}

/** A list of one policy: its items and where it is. */
export interface PolicyList<T> {
  readonly policy: PolicyView;
  readonly items: readonly T[];
  readonly path: FieldPath;
  /** The field reported for item `index` (default: the item itself). */
  readonly fieldOf?: (index: number) => FieldPath;
}

/**
 * Reports each redundant item of the list on its own range, with the preferred fix that removes it
 * (keeping indentation and the comments of the other items; block and flow sequences).
 */
export function reportRedundantItems<T>(
  context: RuleContext,
  list: PolicyList<T>,
  relation: Containment<T>,
  describe: (found: RedundantItem<T>) => { message: string; fixTitle: string },
): void {
  const { policy, path } = list;
  const found = findRedundantItems(list.items, relation);
  if (found.length === 0) return;
  const seq = asSeq(policy.source.document, policy.node(path));
  for (const redundant of found) {
    const field = list.fieldOf ? list.fieldOf(redundant.index) : [...path, redundant.index];
    const span = policy.valueSpan(field);
    if (!span) continue;
    const removal = seq ? removeSeqItem(policy.file, seq, redundant.index) : undefined;
    const { message, fixTitle } = describe(redundant);
    context.report({ policy, span, field, message, fixes: removal ? [{ title: fixTitle, isPreferred: true, edits: [removal] }] : [] });
  }
}
