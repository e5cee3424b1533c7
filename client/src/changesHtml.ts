/**
 * The HTML of the "Show connectivity changes" webview: the connections the workspace's edits add and
 * remove (against HEAD, or the files as last saved), a row each with the ports and why, in the style of
 * the connectivity view. Clicking a row posts an `OpenRulesMessage` with the rules and policies behind it.
 * Everything is inline; the Content-Security-Policy forbids any network access. No `vscode` import here,
 * so that tests can check the page.
 */
import type { ChangesResult } from '../../shared/protocol';
import { scriptJson } from './connectivityHtml';

/** The page's words, in the user's language (the client fills them with vscode.l10n.t); `{0}`, `{1}` are filled in here. */
export interface ChangesLabels {
  readonly lang: string;
  readonly pageTitle: string;
  /** `Connectivity changes vs {0}` */
  readonly titleAll: string;
  /** `Connectivity changes of {0} vs {1}` */
  readonly titleOne: string;
  /** HTML */
  readonly hint: string;
  readonly noChange: string;
  /** `{0} connection added, {1} removed.` */
  readonly summaryOne: string;
  /** `{0} connections added, {1} removed.` */
  readonly summaryMany: string;
  readonly columns: readonly [string, string, string, string, string];
  readonly added: string;
  readonly removed: string;
  readonly noRule: string;
  /** `opens {0}` */
  readonly opens: string;
}

export const ENGLISH_CHANGES_LABELS: ChangesLabels = {
  lang: 'en',
  pageTitle: 'NetPol Lens: connectivity changes',
  titleAll: 'Connectivity changes vs {0}',
  titleOne: 'Connectivity changes of {0} vs {1}',
  hint: 'What the NetworkPolicies allow now and did not before (added), and the converse (removed), per source and destination, as <code>netpol-lens diff</code> computes it. Click a row to open the rules that allow it now, or the policies that stop it now.',
  noChange: 'No change in connectivity.',
  summaryOne: '{0} connection added, {1} removed.',
  summaryMany: '{0} connections added, {1} removed.',
  columns: ['Change', 'From', 'To', 'Ports', 'Because'],
  added: '+ added',
  removed: '− removed',
  noRule: 'no rule to open',
  opens: 'opens {0}',
};

function fill(template: string, ...values: string[]): string {
  return template.replace(/\{(\d)\}/g, (whole, i: string) => values[Number(i)] ?? whole);
}

export function changesTitle(data: Pick<ChangesResult, 'against' | 'policy'>, labels: ChangesLabels = ENGLISH_CHANGES_LABELS): string {
  return data.policy ? fill(labels.titleOne, data.policy, data.against) : fill(labels.titleAll, data.against);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function changesHtml(data: ChangesResult, nonce: string, labels: ChangesLabels = ENGLISH_CHANGES_LABELS): string {
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(labels.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(labels.pageTitle)}</title>
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
<p class="hint">${labels.hint}</p>
<p class="hint" id="notes"></p>
<div id="changes"></div>
<script nonce="${nonce}">
(function () {
  const data = ${scriptJson(data)};
  const L = ${scriptJson(labels)};
  const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  document.getElementById('title').textContent = ${scriptJson(changesTitle(data, labels))};
  function fill(template, a, b) { return template.replace('{0}', a).replace('{1}', b); }
  document.getElementById('summary').textContent = data.added.length === 0 && data.removed.length === 0 ? L.noChange : fill(data.added.length === 1 ? L.summaryOne : L.summaryMany, String(data.added.length), String(data.removed.length));
  document.getElementById('notes').textContent = data.notes.join(' ');
  if (data.added.length + data.removed.length === 0) return;
  const table = document.createElement('table');
  const head = table.insertRow();
  L.columns.forEach(function (text) { const th = document.createElement('th'); th.textContent = text; head.appendChild(th); });
  function row(kind, c) {
    const tr = table.insertRow();
    tr.className = 'change';
    const mark = tr.insertCell(); mark.className = kind; mark.textContent = kind === 'added' ? L.added : L.removed;
    [c.from, c.to, c.ports].forEach(function (text) { tr.insertCell().textContent = text; });
    const because = tr.insertCell();
    c.because.forEach(function (reason) { const line = document.createElement('div'); line.textContent = reason; because.appendChild(line); });
    tr.setAttribute('title', c.rules.length === 0 ? L.noRule : L.opens.replace('{0}', c.rules.map(function (r) { return r.title; }).join(', ')));
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
