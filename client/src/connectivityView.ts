import { randomBytes } from 'node:crypto';
import { Range, Uri, ViewColumn, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { connectivityHtml } from './connectivityHtml';
import { CONNECTIVITY_REQUEST } from '../../shared/protocol';
import type { ConnectivityParams, ConnectivityResult, ConnectivityRule, OpenRulesMessage } from '../../shared/protocol';

function isRule(value: unknown): value is ConnectivityRule {
  const rule = value as Partial<ConnectivityRule> | null;
  return typeof rule === 'object' && rule !== null && typeof rule.uri === 'string' && typeof rule.title === 'string' && typeof rule.range?.start?.line === 'number' && typeof rule.range.end?.line === 'number';
}

/** The page's message, checked: it comes from a webview, so anything not of that shape is ignored. */
export function isOpenRules(message: unknown): message is OpenRulesMessage {
  if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'openRules') return false;
  const rules = (message as { rules?: unknown }).rules;
  return Array.isArray(rules) && rules.every(isRule);
}

/** Opens a rule the picture names; with several (both ends' rules), the one the user picks. */
export async function openRules(rules: readonly ConnectivityRule[]): Promise<void> {
  const rule =
    rules.length === 1
      ? rules[0]
      : (await window.showQuickPick(
          rules.map((r) => ({ label: r.title, rule: r })),
          { title: 'NetPol Lens: the rules that allow this connection' },
        ))?.rule;
  if (!rule) return;
  const { start, end } = rule.range;
  await window.showTextDocument(Uri.parse(rule.uri), { viewColumn: ViewColumn.One, selection: new Range(start.line, start.character, end.line, end.character) });
}

/**
 * "NetPol Lens: Show connectivity": asks the server for the workspace's picture and shows it in a webview.
 * A workspace with more endpoints than the view shows at once gets a pick of one, whose connections are shown.
 * Clicking an edge or a cell opens the rule that allows it.
 */
export async function showConnectivity(client: LanguageClient): Promise<void> {
  const uri = window.activeTextEditor?.document.uri.toString();
  const params: ConnectivityParams = uri ? { uri } : {};
  let data = await client.sendRequest<ConnectivityResult>(CONNECTIVITY_REQUEST, params);
  if (data.workloads === 0) {
    void window.showInformationMessage('NetPol Lens: no workloads (Pods, Deployments, StatefulSets, …) found in the workspace.');
    return;
  }
  if (data.needsFocus) {
    const focus = await window.showQuickPick([...data.picture.endpoints], {
      title: 'NetPol Lens: Show connectivity',
      placeHolder: `${data.picture.endpoints.length} endpoints, more than the ${data.needsFocus.limit} shown at once: pick one to see its connections`,
    });
    if (focus === undefined) return;
    data = await client.sendRequest<ConnectivityResult>(CONNECTIVITY_REQUEST, { ...params, focus } satisfies ConnectivityParams);
  }
  const panel = window.createWebviewPanel('netpolLens.connectivity', data.focus ? `Connectivity: ${data.focus}` : 'Connectivity', ViewColumn.Beside, {
    enableScripts: true,
    localResourceRoots: [],
  });
  panel.webview.onDidReceiveMessage((message: unknown) => {
    if (isOpenRules(message)) void openRules(message.rules);
  });
  panel.webview.html = connectivityHtml(data, randomBytes(16).toString('base64'));
}
