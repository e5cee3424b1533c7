import { randomBytes } from 'node:crypto';
import { ViewColumn, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { connectivityHtml } from './connectivityHtml';
import type { ConnectivityData } from './connectivityHtml';

/** "NetPol Lens: Show connectivity": asks the server for the workspace's matrix and shows it in a webview. */
export async function showConnectivity(client: LanguageClient): Promise<void> {
  const uri = window.activeTextEditor?.document.uri.toString();
  const data = await client.sendRequest<ConnectivityData>('netpolLens/connectivity', { ...(uri ? { uri } : {}) });
  if (data.graph.nodes.length === 0) {
    void window.showInformationMessage('NetPol Lens: no workloads (Pods, Deployments, StatefulSets, …) found in the workspace.');
    return;
  }
  const panel = window.createWebviewPanel('netpolLens.connectivity', 'Connectivity', ViewColumn.Beside, { enableScripts: true, localResourceRoots: [] });
  panel.webview.html = connectivityHtml(data, randomBytes(16).toString('base64'));
}
