/**
 * Templated YAML: Go template actions `{{ ... }}` (Helm charts, and other tools built on Go's
 * text/template; Jinja uses the same braces). Such a document is not the manifest the API server will
 * see: values, keys and whole blocks are decided at render time, so the engine leaves it alone rather
 * than report errors about text that is not there yet. Only plain scans here (indexOf and a loop), so
 * the cost stays linear on any text.
 */

/** Offsets of the first `{{ ... }}` action between `start` and `end`, up to its `}}` or its line's end. */
export function firstTemplateAction(text: string, start: number, end: number): [number, number] | undefined {
  const open = text.indexOf('{{', start);
  if (open < 0 || open >= end) return undefined;
  for (let i = open + 2; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return [open, i];
    if (c === 125 /* } */ && text.charCodeAt(i + 1) === 125) return [open, i + 2];
  }
  return [open, end];
}

const KIND = /["']?\bkind["']?[ \t]*:[ \t]*["']?NetworkPolicy(?:List)?\b/;
const API_VERSION = /["']?\bapiVersion["']?[ \t]*:[ \t]*["']?([^\s"',}]*)/;

/**
 * Does a template's text read as a Kubernetes NetworkPolicy (or a list of them)? Decided on the text,
 * since a template often does not even parse as YAML. An apiVersion written out that is not
 * networking.k8s.io (Calico's projectcalico.org/v3 NetworkPolicy, say) makes it someone else's.
 */
export function templateLooksLikeNetworkPolicy(source: string): boolean {
  if (!KIND.test(source)) return false;
  const apiVersion = API_VERSION.exec(source)?.[1];
  return apiVersion === undefined || apiVersion === '' || apiVersion.includes('{{') || apiVersion === 'v1' || apiVersion.startsWith('networking.k8s.io/');
}

/** Offsets where a `---` document marker starts a line (followed by white space or the end). */
function documentMarkers(text: string): number[] {
  const markers: number[] = [];
  let at = text.indexOf('---');
  while (at >= 0) {
    const before = at === 0 ? 10 : text.charCodeAt(at - 1);
    const after = text.charCodeAt(at + 3);
    if ((before === 10 || before === 13) && (Number.isNaN(after) || after === 32 || after === 9 || after === 10 || after === 13)) markers.push(at);
    at = text.indexOf('---', at + 3);
  }
  return markers;
}

export interface TemplatedRegion {
  /** The region between document markers that holds the template. */
  readonly span: readonly [number, number];
  /** Its first template action. */
  readonly action: readonly [number, number];
}

/**
 * Regions of the text (between `---` lines) that are templates of NetworkPolicies. Found on the text,
 * not on parsed documents: a template usually breaks YAML, and the parser's documents then stop
 * where the breakage starts.
 */
export function templatedRegions(text: string): TemplatedRegion[] {
  return templatedRegionsWhere(text, templateLooksLikeNetworkPolicy);
}

/** Regions of the text (between `---` lines) that hold a template action and whose text `looksLike` accepts. */
export function templatedRegionsWhere(text: string, looksLike: (source: string) => boolean): TemplatedRegion[] {
  if (!text.includes('{{')) return [];
  const bounds = [0, ...documentMarkers(text).filter((m) => m > 0), text.length];
  const regions: TemplatedRegion[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i]!;
    const end = bounds[i + 1]!;
    const action = firstTemplateAction(text, start, end);
    if (action && looksLike(text.slice(start, end))) regions.push({ span: [start, end], action });
  }
  return regions;
}
