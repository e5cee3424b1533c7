/**
 * The HTML of the "Show connectivity changes" webview: the connections the workspace's edits add and
 * remove (against HEAD, or the files as last saved), a row each with the ports and why, in the style of
 * the connectivity view. Clicking a row posts an `OpenRulesMessage` with the rules and policies behind it.
 * Everything is inline; the Content-Security-Policy forbids any network access. No `vscode` import here,
 * so that tests can check the page.
 */
import type { ChangesResult } from '../../shared/protocol';
import { scriptJson } from './connectivityHtml';

export function changesTitle(data: Pick<ChangesResult, 'against' | 'policy'>): string {
  return data.policy ? `Connectivity changes of ${data.policy} vs ${data.against}` : `Connectivity changes vs ${data.against}`;
}

export function changesHtml(data: ChangesResult, nonce: string): string {
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>NetPol Lens: connectivity changes</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 8px 16px; }
  table { border-collapse: collapse; margin-top: 12px; font-size: 13px; }
  th, td { border: 1px solid var(--vscode-panel-border, #666); padding: 3px 8px; text-align: left; vertical-align: top; }
  tr.change { cursor: pointer; }
  tr.change:hover { background: var(--vscode-list-hoverBackground, #2a2d2e); }
  td.added { color: var(--vscode-charts-green, #3a3); white-space: nowrap; }
  td.removed { color: var(--vscode-charts-red, #c33); white-space: nowrap; }
  .hint, .summary { color: var(--vscode-descriptionForeground, #999); font-size: 12px; }
  .summary { color: var(--vscode-foreground); font-weight: bold; }
</style>
</head>
<body>
<h2 id="title"></h2>
<p class="summary" id="summary"></p>
<p class="hint">What the NetworkPolicies allow now and did not before (added), and the converse (removed), per source and destination, as <code>netpol-lens diff</code> computes it. Click a row to open the rules that allow it now, or the policies that stop it now.</p>
<p class="hint" id="notes"></p>
<div id="changes"></div>
<script nonce="${nonce}">
(function () {
  const data = ${scriptJson(data)};
  const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  document.getElementById('title').textContent = ${scriptJson(changesTitle(data))};
  function count(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }
  document.getElementById('summary').textContent = data.added.length === 0 && data.removed.length === 0 ? 'No change in connectivity.' : count(data.added.length, 'connection') + ' added, ' + data.removed.length + ' removed.';
  document.getElementById('notes').textContent = data.notes.join(' ');
  if (data.added.length + data.removed.length === 0) return;
  const table = document.createElement('table');
  const head = table.insertRow();
  ['Change', 'From', 'To', 'Ports', 'Because'].forEach(function (text) { const th = document.createElement('th'); th.textContent = text; head.appendChild(th); });
  function row(kind, c) {
    const tr = table.insertRow();
    tr.className = 'change';
    const mark = tr.insertCell(); mark.className = kind; mark.textContent = kind === 'added' ? '+ added' : '− removed';
    [c.from, c.to, c.ports].forEach(function (text) { tr.insertCell().textContent = text; });
    const because = tr.insertCell();
    c.because.forEach(function (reason) { const line = document.createElement('div'); line.textContent = reason; because.appendChild(line); });
    tr.setAttribute('title', c.rules.length === 0 ? 'no rule to open' : 'opens ' + c.rules.map(function (r) { return r.title; }).join(', '));
    tr.addEventListener('click', function () { if (vscode && c.rules.length > 0) vscode.postMessage({ type: 'openRules', rules: c.rules }); });
  }
  data.added.forEach(function (c) { row('added', c); });
  data.removed.forEach(function (c) { row('removed', c); });
  document.getElementById('changes').appendChild(table);
})();
</script>
</body>
</html>
`;
}
