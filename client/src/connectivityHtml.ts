/**
 * The HTML of the "Show connectivity" webview: a graph of workloads grouped by namespace with the
 * allowed edges, filterable by workload and port, and the matrix for the chosen port. Everything is
 * inline (script with a nonce, styles, data); the Content-Security-Policy forbids any network access.
 * No `vscode` import here, so that tests can check the page.
 */
import type { ConnectivityResult } from '../../shared/protocol';

/** What the page draws: the server's answer (shared/protocol.ts) but whether it is complete. */
export type ConnectivityData = Pick<ConnectivityResult, 'graph' | 'matrix' | 'focus'>;

/** JSON safe inside a <script> element: no `</script>`, no HTML comment openers, no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function connectivityHtml(data: ConnectivityData, nonce: string): string {
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:;`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>NetPol Lens: connectivity</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 8px 16px; }
  label { margin-right: 16px; }
  select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border); }
  .group { fill: none; stroke: var(--vscode-panel-border, #888); stroke-dasharray: 4 3; }
  .group-label { font-size: 12px; fill: var(--vscode-descriptionForeground, #999); }
  .node rect { fill: var(--vscode-button-secondaryBackground, #444); stroke: var(--vscode-focusBorder, #08f); }
  .node.external rect { rx: 16px; fill: var(--vscode-editorWidget-background, #333); }
  .node.selected rect { stroke-width: 3px; }
  .node text { font-size: 12px; fill: var(--vscode-button-secondaryForeground, #fff); }
  .edge-head { fill: var(--vscode-charts-green, #3a3); }
  .edge { fill: none; stroke: var(--vscode-charts-green, #3a3); stroke-width: 1.5px; opacity: 0.8; }
  table { border-collapse: collapse; margin-top: 16px; font-size: 12px; }
  th, td { border: 1px solid var(--vscode-panel-border, #666); padding: 2px 6px; text-align: center; }
  th.row { text-align: left; }
  td.yes { color: var(--vscode-charts-green, #3a3); }
  td.no { color: var(--vscode-charts-red, #c33); }
  .hint { color: var(--vscode-descriptionForeground, #999); font-size: 12px; }
</style>
</head>
<body>
<h2>Connectivity</h2>
<p class="hint">Allowed connections between the workloads of the workspace, as the NetworkPolicies decide them (each probed port). Self-connections are not drawn.</p>
<div>
  <label>Workload <select id="workload"></select></label>
  <label>Port <select id="port"></select></label>
</div>
<svg id="graph" xmlns="http://www.w3.org/2000/svg"></svg>
<div id="matrix"></div>
<script nonce="${nonce}">
(function () {
  const data = ${scriptJson(data)};
  const SVG = 'http://www.w3.org/2000/svg';
  const workloadSelect = document.getElementById('workload');
  const portSelect = document.getElementById('port');
  const svg = document.getElementById('graph');
  const matrixDiv = document.getElementById('matrix');
  function option(select, value, text) { const o = document.createElement('option'); o.value = value; o.textContent = text; select.appendChild(o); }
  option(workloadSelect, '', 'all workloads');
  data.graph.nodes.forEach(function (n) { option(workloadSelect, n.id, n.id); });
  if (data.focus) workloadSelect.value = data.focus;
  option(portSelect, '', 'any probed port');
  data.graph.ports.forEach(function (p) { option(portSelect, p, p); });

  const groups = [];
  data.graph.nodes.forEach(function (n) { let g = groups.find(function (x) { return x.name === n.group; }); if (!g) { g = { name: n.group, nodes: [] }; groups.push(g); } g.nodes.push(n); });
  const W = 160, H = 28, COL = 260, ROW = 44, TOP = 40, LEFT = 20;
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
      const t = el('text', { class: 'group-label', x: String(LEFT + gi * COL), y: String(TOP - 16) }); t.textContent = g.name === '(outside the cluster)' ? g.name : 'namespace ' + g.name;
    });
    data.graph.edges.forEach(function (e) {
      if (w && e.from !== w && e.to !== w) return;
      if (p && e.ports.indexOf(p) < 0) return;
      const a = pos[e.from], b = pos[e.to];
      const sameColumn = a.x === b.x;
      const backward = b.x < a.x;
      const x1 = backward ? a.x : a.x + W, y1 = a.y + H / 2, x2 = sameColumn || backward ? b.x + W : b.x, y2 = b.y + H / 2;
      const bend = sameColumn ? 60 + Math.abs(y2 - y1) / 4 : (x2 - x1) / 2;
      const d = 'M ' + x1 + ' ' + y1 + ' C ' + (x1 + bend) + ' ' + y1 + ', ' + (sameColumn ? x2 + bend : x2 - bend) + ' ' + y2 + ', ' + x2 + ' ' + y2;
      const path = el('path', { class: 'edge', d: d, 'marker-end': 'url(#arrow)' });
      const title = el('title', {}, path); title.textContent = e.from + ' -> ' + e.to + ': ' + e.ports.join(', ');
    });
    data.graph.nodes.forEach(function (n) {
      const g = el('g', { class: 'node' + (n.external ? ' external' : '') + (n.id === w ? ' selected' : ''), transform: 'translate(' + pos[n.id].x + ',' + pos[n.id].y + ')' });
      el('rect', { width: String(W), height: String(H), rx: '4' }, g);
      const t = el('text', { x: '8', y: '18' }, g); t.textContent = n.label.length > 22 ? n.label.slice(0, 21) + '…' : n.label;
      const title = el('title', {}, g); title.textContent = n.id;
      g.addEventListener('click', function () { workloadSelect.value = workloadSelect.value === n.id ? '' : n.id; draw(); });
    });
    drawMatrix(w, p);
  }

  // cell(q, from, to): '1', '0', '-' (not governed) or undefined (not sent), by endpoint index.
  const index = {};
  data.matrix.endpoints.forEach(function (e, i) { index[e] = i; });
  const rows = {}, columns = {};
  data.matrix.rows.forEach(function (r) { rows[r.from] = r.cells; });
  data.matrix.columns.forEach(function (c) { columns[c.to] = c.cells; });
  function cell(q, from, to) {
    if (rows[from]) return rows[from][q][to];
    if (columns[to]) return columns[to][q][from];
    return undefined;
  }
  // Over the chosen ports: '' when no pair was governed or known, else allowed count.
  function summary(qs, from, to) {
    let known = 0, allowed = 0;
    qs.forEach(function (q) { const c = cell(q, from, to); if (c === '1' || c === '0') { known++; if (c === '1') allowed++; } });
    return known === 0 ? undefined : allowed;
  }
  function fill(td, n, qs) {
    if (n === undefined) { td.textContent = ''; return; }
    td.className = n > 0 ? 'yes' : 'no';
    td.textContent = qs.length === 1 ? (n > 0 ? '✓' : '✗') : n + '/' + qs.length;
  }
  function th(row, text, className) { const h = document.createElement('th'); if (className) h.className = className; h.textContent = text; row.appendChild(h); }

  function drawMatrix(w, p) {
    const qs = [];
    data.matrix.ports.forEach(function (port, q) { if (!p || port === p) qs.push(q); });
    const ends = data.matrix.endpoints;
    const table = document.createElement('table');
    const one = w || data.focus;
    if (one) {
      // One endpoint: a row per other endpoint, with both directions.
      const i = index[one];
      const head = table.insertRow(); th(head, 'endpoint'); th(head, one + ' → endpoint'); th(head, 'endpoint → ' + one);
      ends.forEach(function (other, j) {
        const out = summary(qs, i, j), into = summary(qs, j, i);
        if (out === undefined && into === undefined) return;
        const row = table.insertRow(); th(row, other, 'row');
        fill(row.insertCell(), out, qs); fill(row.insertCell(), into, qs);
      });
    } else {
      const head = table.insertRow(); th(head, 'from \\\\ to');
      ends.forEach(function (to) { th(head, to); });
      ends.forEach(function (from, i) {
        const row = table.insertRow(); th(row, from, 'row');
        ends.forEach(function (to, j) { fill(row.insertCell(), summary(qs, i, j), qs); });
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
