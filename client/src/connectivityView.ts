import { randomBytes } from 'node:crypto';
import { ViewColumn, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { connectivityHtml } from './connectivityHtml';
import { CONNECTIVITY_REQUEST } from '../../shared/protocol';
import type { ConnectivityParams, ConnectivityResult } from '../../shared/protocol';

/**
 * "NetPol Lens: Show connectivity": asks the server for the workspace's matrix and shows it in a webview.
 * A workspace with more endpoints than the view shows at once gets a pick of one, whose connections are shown.
 */
export async function showConnectivity(client: LanguageClient): Promise<void> {
  const uri = window.activeTextEditor?.document.uri.toString();
  const params: ConnectivityParams = uri ? { uri } : {};
  let data = await client.sendRequest<ConnectivityResult>(CONNECTIVITY_REQUEST, params);
  if (data.matrix.endpoints.length === 0) {
    void window.showInformationMessage('NetPol Lens: no workloads (Pods, Deployments, StatefulSets, …) found in the workspace.');
    return;
  }
  if (data.needsFocus) {
    const focus = await window.showQuickPick([...data.matrix.endpoints], {
      title: 'NetPol Lens: Show connectivity',
      placeHolder: `${data.matrix.endpoints.length} workloads, more than the ${data.needsFocus.limit} shown at once: pick one to see its connections`,
    });
    if (focus === undefined) return;
    data = await client.sendRequest<ConnectivityResult>(CONNECTIVITY_REQUEST, { ...params, focus } satisfies ConnectivityParams);
  }
  const panel = window.createWebviewPanel('netpolLens.connectivity', data.focus ? `Connectivity: ${data.focus}` : 'Connectivity', ViewColumn.Beside, {
    enableScripts: true,
    localResourceRoots: [],
  });
  panel.webview.html = connectivityHtml(data, randomBytes(16).toString('base64'));
}
