/**
 * The HTML of the "Show connectivity" webview: a graph of workloads grouped by namespace with the
 * allowed edges, filterable by workload and port, and the matrix for the chosen port. Everything is
 * inline (script with a nonce, styles, data); the Content-Security-Policy forbids any network access.
 * No `vscode` import here, so that tests can check the page. Clicking an edge or a cell posts an
 * `OpenRulesMessage` (shared/protocol.ts).
 */
import type { ConnectivityResult } from '../../shared/protocol';

/** What the page draws: the server's answer (shared/protocol.ts) but its counts and whether it is complete. */
export type ConnectivityData = Pick<ConnectivityResult, 'picture' | 'ports' | 'focus' | 'notes'>;

/** JSON safe inside a <script> element: no `</script>`, no HTML comment openers, no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The page's words, in the user's language (the client fills them with vscode.l10n.t). */
export interface ConnectivityLabels {
  /** BCP 47 tag of the page: `en`, `zh-cn`. */
  readonly lang: string;
  readonly title: string;
  readonly heading: string;
  readonly hint: string;
  readonly endpoint: string;
  readonly port: string;
  /** HTML: the legend of the matrix's cells. */
  readonly legendCells: string;
  /** HTML: the legend of the graph's nodes. */
  readonly legendNodes: string;
  readonly allEndpoints: string;
  readonly anyPort: string;
  readonly noPolicy: string;
  /** `namespace {0}`: a group of the graph. */
  readonly namespace: string;
  /** The graph's group of the endpoints outside the cluster. */
  readonly outside: string;
  /** `endpoint`: the matrix's heading for one endpoint's rows. */
  readonly endpointColumn: string;
  readonly fromTo: string;
}

export const ENGLISH_LABELS: ConnectivityLabels = {
  lang: 'en',
  title: 'NetPol Lens: connectivity',
  heading: 'Connectivity',
  hint: "Connections the NetworkPolicies allow between the workloads of the workspace, the cluster's DNS and the outside world (split where the policies' ipBlocks draw lines). Click an edge or a cell to open the rules that allow it. Self-connections are not drawn.",
  endpoint: 'Endpoint',
  port: 'Port',
  legendCells:
    'Cells: the ports allowed from the row to the column: <b>all</b> every protocol and port, <b>TCP 8080</b> those ports only, <b>✗</b> nothing, blank: two outside addresses (no policy applies). With a port chosen: ✓ or ✗ for that port.',
  legendNodes: "Nodes: box a workload, dashed box the cluster's DNS (in every cluster, not in the workspace), round an outside range.",
  allEndpoints: 'all endpoints',
  anyPort: 'any port',
  noPolicy: 'no policy restricts this connection',
  namespace: 'namespace {0}',
  outside: '(outside the cluster)',
  endpointColumn: 'endpoint',
  fromTo: 'from \\ to',
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function connectivityHtml(data: ConnectivityData, nonce: string, labels: ConnectivityLabels = ENGLISH_LABELS): string {
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:;`;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(labels.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(labels.title)}</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 8px 16px; }
  label { margin-right: 16px; }
  select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border); }
  .group { fill: none; stroke: var(--vscode-panel-border, #888); stroke-dasharray: 4 3; }
  .group-label { font-size: 12px; fill: var(--vscode-descriptionForeground, #999); }
  .node rect { fill: var(--vscode-button-secondaryBackground, #444); stroke: var(--vscode-focusBorder, #08f); }
  .node.external rect { rx: 14px; fill: var(--vscode-editorWidget-background, #333); stroke: var(--vscode-charts-orange, #d83); }
  .node.cluster rect { fill: var(--vscode-editorWidget-background, #333); stroke: var(--vscode-charts-purple, #a6f); stroke-dasharray: 4 2; }
  .node.selected rect { stroke-width: 3px; }
  .node text { font-size: 12px; fill: var(--vscode-button-secondaryForeground, #fff); }
  .edge-head { fill: var(--vscode-charts-green, #3a3); }
  .edge { fill: none; stroke: var(--vscode-charts-green, #3a3); stroke-width: 1.5px; opacity: 0.8; cursor: pointer; }
  .edge:hover { stroke-width: 3px; opacity: 1; }
  table { border-collapse: collapse; margin-top: 16px; font-size: 12px; }
  th, td { border: 1px solid var(--vscode-panel-border, #666); padding: 2px 6px; text-align: center; }
  th.row { text-align: left; }
  td.yes { color: var(--vscode-charts-green, #3a3); cursor: pointer; }
  td.no { color: var(--vscode-charts-red, #c33); }
  .hint, .legend { color: var(--vscode-descriptionForeground, #999); font-size: 12px; }
  .legend span { margin-right: 16px; }
</style>
</head>
<body>
<h2>${escapeHtml(labels.heading)}</h2>
<p class="hint">${escapeHtml(labels.hint)}</p>
<div>
  <label>${escapeHtml(labels.endpoint)} <select id="workload"></select></label>
  <label>${escapeHtml(labels.port)} <select id="port"></select></label>
</div>
<p class="legend" id="legend"><span>${labels.legendCells}</span><span>${escapeHtml(labels.legendNodes)}</span></p>
<p class="hint" id="notes"></p>
<svg id="graph" xmlns="http://www.w3.org/2000/svg"></svg>
<div id="matrix"></div>
<script nonce="${nonce}">
(function () {
  const data = ${scriptJson(data)};
  const L = ${scriptJson(labels)};
  const pic = data.picture;
  const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  const SVG = 'http://www.w3.org/2000/svg';
  const workloadSelect = document.getElementById('workload');
  const portSelect = document.getElementById('port');
  const svg = document.getElementById('graph');
  const matrixDiv = document.getElementById('matrix');
  document.getElementById('notes').textContent = data.notes.join(' ');
  function option(select, value, text) { const o = document.createElement('option'); o.value = value; o.textContent = text; select.appendChild(o); }
  option(workloadSelect, '', L.allEndpoints);
  pic.nodes.forEach(function (n) { option(workloadSelect, n.id, n.kind === 'workload' ? n.id : n.label); });
  if (data.focus) workloadSelect.value = data.focus;
  option(portSelect, '', L.anyPort);
  data.ports.forEach(function (p) { option(portSelect, p, p); });
  const labelOf = {};
  pic.nodes.forEach(function (n) { labelOf[n.id] = n.kind === 'workload' ? n.id : n.label; });
  function nameOf(key) { return labelOf[key] || key; }

  // Does port set s hold the probed port p ('80/TCP')?
  function has(s, p) {
    const set = pic.sets[s];
    if (!set) return false;
    if (set.all) return true;
    const slash = p.indexOf('/'), port = Number(p.slice(0, slash)), protocol = p.slice(slash + 1);
    return set.ranges.some(function (r) { return r[0] === protocol && r[1] <= port && port <= r[2]; });
  }
  function allowed(s) { return s >= 0 && pic.sets[s] && pic.sets[s].label !== 'none'; }
  function openRules(rules) { if (vscode && rules.length > 0) vscode.postMessage({ type: 'openRules', rules: rules.map(function (r) { return pic.rules[r]; }) }); }
  function ruleTitles(rules) { return rules.length === 0 ? L.noPolicy : rules.map(function (r) { return pic.rules[r].title; }).join('\\n'); }

  const groups = [];
  pic.nodes.forEach(function (n) { let g = groups.find(function (x) { return x.name === n.group; }); if (!g) { g = { name: n.group, nodes: [] }; groups.push(g); } g.nodes.push(n); });
  const W = 180, H = 28, COL = 280, ROW = 44, TOP = 40, LEFT = 20;
  const pos = {};
  groups.forEach(function (g, gi) { g.nodes.forEach(function (n, ni) { pos[n.id] = { x: LEFT + 20 + gi * COL, y: TOP + 20 + ni * ROW }; }); });
  const height = TOP + 40 + Math.max(1, ...groups.map(function (g) { return g.nodes.length; })) * ROW;
  svg.setAttribute('width', String(LEFT + groups.length * COL + 40));
  svg.setAttribute('height', String(height));

  function el(name, attrs, parent) { const e = document.createElementNS(SVG, name); Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); (parent || svg).appendChild(e); return e; }

  function draw() {
    const w = workloadSelect.value, p = portSelect.value;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const defs = el('defs', {});
    const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '8', markerHeight: '8', orient: 'auto-start-reverse' }, defs);
    el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'edge-head' }, marker);
    groups.forEach(function (g, gi) {
      el('rect', { class: 'group', x: String(LEFT + gi * COL), y: String(TOP - 10), width: String(W + 40), height: String(g.nodes.length * ROW + 30), rx: '6' });
      const t = el('text', { class: 'group-label', x: String(LEFT + gi * COL), y: String(TOP - 16) }); t.textContent = g.name === '(outside the cluster)' ? L.outside : L.namespace.replace('{0}', g.name);
    });
    pic.edges.forEach(function (e) {
      if (w && e.from !== w && e.to !== w) return;
      if (p && !has(e.set, p)) return;
      const a = pos[e.from], b = pos[e.to];
      const sameColumn = a.x === b.x;
      const backward = b.x < a.x;
      const x1 = backward ? a.x : a.x + W, y1 = a.y + H / 2, x2 = sameColumn || backward ? b.x + W : b.x, y2 = b.y + H / 2;
      const bend = sameColumn ? 60 + Math.abs(y2 - y1) / 4 : (x2 - x1) / 2;
      const d = 'M ' + x1 + ' ' + y1 + ' C ' + (x1 + bend) + ' ' + y1 + ', ' + (sameColumn ? x2 + bend : x2 - bend) + ' ' + y2 + ', ' + x2 + ' ' + y2;
      const path = el('path', { class: 'edge', d: d, 'marker-end': 'url(#arrow)' });
      const title = el('title', {}, path); title.textContent = nameOf(e.from) + ' → ' + nameOf(e.to) + ': ' + pic.sets[e.set].label + '\\n' + ruleTitles(e.rules);
      path.addEventListener('click', function () { openRules(e.rules); });
    });
    pic.nodes.forEach(function (n) {
      const g = el('g', { class: 'node ' + n.kind + (n.id === w ? ' selected' : ''), transform: 'translate(' + pos[n.id].x + ',' + pos[n.id].y + ')' });
      el('rect', { width: String(W), height: String(H), rx: '4' }, g);
      const t = el('text', { x: '8', y: '18' }, g); t.textContent = n.label.length > 25 ? n.label.slice(0, 24) + '…' : n.label;
      const title = el('title', {}, g); title.textContent = n.title;
      g.addEventListener('click', function () { workloadSelect.value = workloadSelect.value === n.id ? '' : n.id; draw(); });
    });
    drawMatrix(w, p);
  }

  // cell(from, to): { set, rules } (set -1: not governed) or undefined (not sent), by endpoint index.
  const index = {};
  pic.endpoints.forEach(function (e, i) { index[e] = i; });
  const rows = {}, columns = {};
  pic.rows.forEach(function (r) { rows[r.from] = r; });
  pic.columns.forEach(function (c) { columns[c.to] = c; });
  function cell(from, to) {
    if (rows[from]) return { set: rows[from].sets[to], rules: rows[from].rules[to] };
    if (columns[to]) return { set: columns[to].sets[from], rules: columns[to].rules[from] };
    return undefined;
  }
  function fill(td, c, p) {
    if (c === undefined || c.set < 0) { td.textContent = ''; return; }
    const ok = p ? has(c.set, p) : allowed(c.set);
    td.className = ok ? 'yes' : 'no';
    td.textContent = p ? (ok ? '✓' : '✗') : (ok ? pic.sets[c.set].label : '✗');
    if (ok) {
      td.setAttribute('title', ruleTitles(c.rules));
      td.addEventListener('click', function () { openRules(c.rules); });
    }
  }
  function th(row, text, className) { const h = document.createElement('th'); if (className) h.className = className; h.textContent = text; row.appendChild(h); }

  function drawMatrix(w, p) {
    const ends = pic.endpoints;
    const table = document.createElement('table');
    const one = w || data.focus;
    if (one) {
      // One endpoint: a row per other endpoint, with both directions.
      const i = index[one];
      const head = table.insertRow(); th(head, L.endpointColumn); th(head, nameOf(one) + ' → ' + L.endpointColumn); th(head, L.endpointColumn + ' → ' + nameOf(one));
      ends.forEach(function (other, j) {
        const out = cell(i, j), into = cell(j, i);
        if ((out === undefined || out.set < 0) && (into === undefined || into.set < 0)) return;
        const row = table.insertRow(); th(row, nameOf(other), 'row');
        fill(row.insertCell(), out, p); fill(row.insertCell(), into, p);
      });
    } else {
      const head = table.insertRow(); th(head, L.fromTo);
      ends.forEach(function (to) { th(head, nameOf(to)); });
      ends.forEach(function (from, i) {
        const row = table.insertRow(); th(row, nameOf(from), 'row');
        ends.forEach(function (to, j) { fill(row.insertCell(), cell(i, j), p); });
      });
    }
    matrixDiv.replaceChildren(table);
  }

  workloadSelect.addEventListener('change', draw);
  portSelect.addEventListener('change', draw);
  draw();
})();
</script>
</body>
</html>
`;
}
