import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import type { Labels } from '../model/selector';
import { selectorMatches } from '../model/selector';

/**
 * An inverted index of labelled objects (workloads or namespaces): key -> value -> object ids.
 * A selector is answered from the postings of its positive requirements (`In`, `Exists`, matchLabels)
 * and only the candidates they leave are tested against the negative ones (`NotIn`, `DoesNotExist`),
 * so a selector costs the size of its postings, not the size of the workspace.
 */
export class LabelIndex {
  private readonly postings = new Map<string, Map<string, number[]>>();
  readonly size: number;

  constructor(private readonly labels: readonly Labels[]) {
    this.size = labels.length;
    labels.forEach((objectLabels, id) => {
      for (const [key, value] of Object.entries(objectLabels)) {
        let values = this.postings.get(key);
        if (!values) this.postings.set(key, (values = new Map<string, number[]>()));
        let ids = values.get(value);
        if (!ids) values.set(value, (ids = []));
        ids.push(id);
      }
    });
  }

  /** Label keys with, per value, how many objects carry it (for completion). */
  keys(): Map<string, Map<string, number>> {
    const out = new Map<string, Map<string, number>>();
    for (const [key, values] of this.postings) out.set(key, new Map([...values].map(([value, ids]) => [value, ids.length])));
    return out;
  }

  private positive(r: LabelSelectorRequirement): Set<number> | undefined {
    const values = this.postings.get(r.key);
    if (r.operator === 'In') {
      const out = new Set<number>();
      for (const v of r.values ?? []) for (const id of values?.get(v) ?? []) out.add(id);
      return out;
    }
    if (r.operator === 'Exists') {
      const out = new Set<number>();
      for (const ids of values?.values() ?? []) for (const id of ids) out.add(id);
      return out;
    }
    if (r.operator === 'NotIn' || r.operator === 'DoesNotExist') return undefined;
    return new Set(); // an operator the API server rejects matches nothing
  }

  /** Ids of the objects the selector matches, ascending. `{}` matches all. */
  select(selector: LabelSelector): number[] {
    const requirements: LabelSelectorRequirement[] = [
      ...Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, operator: 'In', values: [value] })),
      ...(selector.matchExpressions ?? []),
    ];
    let candidates: Set<number> | undefined;
    const negative: LabelSelectorRequirement[] = [];
    for (const r of requirements) {
      const ids = this.positive(r);
      if (!ids) {
        negative.push(r);
        continue;
      }
      candidates = candidates ? new Set([...candidates].filter((id) => ids.has(id))) : ids;
      if (candidates.size === 0) return [];
    }
    const pool = candidates ? [...candidates].sort((a, b) => a - b) : this.labels.map((_, id) => id);
    if (negative.length === 0) return pool;
    const rest: LabelSelector = { matchExpressions: negative };
    return pool.filter((id) => selectorMatches(rest, this.labels[id]!));
  }
}
