import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';

export type Labels = Readonly<Record<string, string>>;

/** Requirements worked out per selector object: a policy's selectors are compared with many others'. */
const requirementsOf = new WeakMap<LabelSelector, readonly LabelSelectorRequirement[]>();

/** A selector as a flat list of requirements, matchLabels written as `In [value]`. */
export function requirements(selector: LabelSelector): readonly LabelSelectorRequirement[] {
  const known = requirementsOf.get(selector);
  if (known) return known;
  const out: LabelSelectorRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) out.push({ key, operator: 'In', values: [value] });
  out.push(...(selector.matchExpressions ?? []));
  if (typeof selector === 'object' && selector !== null) requirementsOf.set(selector, out);
  return out;
}

function requirementMatches(r: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(value!);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false; // the API server rejects other operators; nothing matches them
  }
}

/** `metav1.LabelSelectorAsSelector` semantics: every requirement must hold; `{}` matches everything. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  return requirements(selector).every((r) => requirementMatches(r, labels));
}

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return !selector || requirements(selector).length === 0;
}

/** Does requirement `a` (on an object's labels) guarantee requirement `b`? Decided conservatively. */
function requirementImplies(a: LabelSelectorRequirement, b: LabelSelectorRequirement): boolean {
  if (a.key !== b.key) return false;
  const av = a.values ?? [];
  const bv = b.values ?? [];
  switch (b.operator) {
    case 'Exists':
      return a.operator === 'In' || a.operator === 'Exists';
    case 'DoesNotExist':
      return a.operator === 'DoesNotExist';
    case 'In':
      return a.operator === 'In' && av.length > 0 && av.every((v) => bv.includes(v));
    case 'NotIn':
      if (a.operator === 'DoesNotExist') return true;
      if (a.operator === 'In') return av.every((v) => !bv.includes(v));
      if (a.operator === 'NotIn') return bv.every((v) => av.includes(v));
      return false;
    default:
      return false;
  }
}

/**
 * Is every object that `narrow` selects also selected by `wide`? Proven requirement by requirement,
 * so `false` means "not proven" (for example `app In [a,b]` against two NotIn requirements).
 */
export function selectorCovers(wide: LabelSelector, narrow: LabelSelector): boolean {
  const narrowReqs = requirements(narrow);
  return requirements(wide).every((b) => narrowReqs.some((a) => requirementImplies(a, b)));
}

/** Can no object satisfy both requirements? Decided conservatively (`false`: maybe some can). */
function requirementsExclude(a: LabelSelectorRequirement, b: LabelSelectorRequirement): boolean {
  if (a.key !== b.key) return false;
  const av = a.values ?? [];
  const bv = b.values ?? [];
  const present = (r: LabelSelectorRequirement) => r.operator === 'In' || r.operator === 'Exists';
  if ((a.operator === 'DoesNotExist' && present(b)) || (b.operator === 'DoesNotExist' && present(a))) return true;
  if (a.operator === 'In' && b.operator === 'In') return !av.some((v) => bv.includes(v));
  if (a.operator === 'In' && b.operator === 'NotIn') return av.every((v) => bv.includes(v));
  if (a.operator === 'NotIn' && b.operator === 'In') return bv.every((v) => av.includes(v));
  return false;
}

/**
 * Could one object be selected by both selectors? `false` only when two requirements on one key
 * contradict each other (`app=web` and `app=api`); different keys can always meet on one pod.
 */
export function selectorsMayOverlap(a: LabelSelector, b: LabelSelector): boolean {
  const bReqs = requirements(b);
  return !requirements(a).some((ra) => bReqs.some((rb) => requirementsExclude(ra, rb)));
}

/** `app=web,tier in (a,b),!legacy`: the selector in kubectl's notation. */
export function formatSelector(selector: LabelSelector): string {
  const parts = requirements(selector).map((r) => {
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
        return values.length === 1 ? `${r.key}=${values[0]}` : `${r.key} in (${values.join(',')})`;
      case 'NotIn':
        return `${r.key} notin (${values.join(',')})`;
      case 'Exists':
        return r.key;
      case 'DoesNotExist':
        return `!${r.key}`;
      default:
        return `${r.key} ${r.operator} (${values.join(',')})`;
    }
  });
  return parts.length === 0 ? '<all>' : parts.join(',');
}
