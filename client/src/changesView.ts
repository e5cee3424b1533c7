import { randomBytes } from 'node:crypto';
import { ViewColumn, window } from 'vscode';
import type { WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { changesHtml, changesTitle } from './changesHtml';
import { isOpenRules, openRules } from './connectivityView';
import { CHANGES_REQUEST } from '../../shared/protocol';
import type { ChangesParams, ChangesResult } from '../../shared/protocol';

let panel: WebviewPanel | undefined;

/** The lens passes `ChangesParams`; anything else (the palette passes nothing) asks for every change. */
function paramsOf(value: unknown): ChangesParams | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { uri, policy } = value as { uri?: unknown; policy?: { uri?: unknown; key?: unknown } };
  const onePolicy = typeof policy?.uri === 'string' && typeof policy.key === 'string' ? { policy: { uri: policy.uri, key: policy.key } } : {};
  return { ...(typeof uri === 'string' ? { uri } : {}), ...onePolicy };
}

/**
 * "NetPol Lens: Show connectivity changes" (and the "vs HEAD" code lens, for one policy): asks the server
 * what the workspace's edits add and remove and shows it beside the editor, in one panel reused.
 */
export async function showChanges(client: LanguageClient, argument?: unknown): Promise<void> {
  const uri = window.activeTextEditor?.document.uri.toString();
  const params: ChangesParams = paramsOf(argument) ?? (uri ? { uri } : {});
  const data = await client.sendRequest<ChangesResult>(CHANGES_REQUEST, params);
  if (!panel) {
    panel = window.createWebviewPanel('netpolLens.changes', changesTitle(data), { viewColumn: ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
    panel.onDidDispose(() => (panel = undefined));
    panel.webview.onDidReceiveMessage((message: unknown) => {
      if (isOpenRules(message)) void openRules(message.rules);
    });
  } else panel.reveal(ViewColumn.Beside, true);
  panel.title = changesTitle(data);
  panel.webview.html = changesHtml(data, randomBytes(16).toString('base64'));
}
