import { randomBytes } from 'node:crypto';
import { env, l10n, Range, Uri, ViewColumn, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { connectivityHtml } from './connectivityHtml';
import type { ConnectivityLabels } from './connectivityHtml';
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

/** The page's words in VS Code's display language. */
function pageLabels(): ConnectivityLabels {
  return {
    lang: env.language,
    title: l10n.t('NetPol Lens: connectivity'),
    heading: l10n.t('Connectivity'),
    hint: l10n.t(
      "Connections the NetworkPolicies allow between the workloads of the workspace, the cluster's DNS and the outside world (split where the policies' ipBlocks draw lines). Click an edge or a cell to open the rules that allow it. Self-connections are not drawn.",
    ),
    endpoint: l10n.t('Endpoint'),
    port: l10n.t('Port'),
    legendCells: l10n.t(
      'Cells: the ports allowed from the row to the column: <b>all</b> every protocol and port, <b>TCP 8080</b> those ports only, <b>✗</b> nothing, blank: two outside addresses (no policy applies). With a port chosen: ✓ or ✗ for that port.',
    ),
    legendNodes: l10n.t("Nodes: box a workload, dashed box the cluster's DNS (in every cluster, not in the workspace), round an outside range."),
    allEndpoints: l10n.t('all endpoints'),
    anyPort: l10n.t('any port'),
    noPolicy: l10n.t('no policy restricts this connection'),
    // The page puts the group's name in place of {0}.
    namespace: l10n.t('namespace {0}', '{0}'),
    outside: l10n.t('(outside the cluster)'),
    endpointColumn: l10n.t('endpoint'),
    fromTo: l10n.t('from \\ to'),
  };
}

/** Opens a rule the picture names; with several (both ends' rules), the one the user picks. */
export async function openRules(rules: readonly ConnectivityRule[]): Promise<void> {
  const rule =
    rules.length === 1
      ? rules[0]
      : (await window.showQuickPick(
          rules.map((r) => ({ label: r.title, rule: r })),
          { title: l10n.t('NetPol Lens: the rules that allow this connection') },
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
    void window.showInformationMessage(l10n.t('NetPol Lens: no workloads (Pods, Deployments, StatefulSets, …) found in the workspace.'));
    return;
  }
  if (data.needsFocus) {
    const focus = await window.showQuickPick([...data.picture.endpoints], {
      title: l10n.t('NetPol Lens: Show connectivity'),
      placeHolder: l10n.t('{0} endpoints, more than the {1} shown at once: pick one to see its connections', data.picture.endpoints.length, data.needsFocus.limit),
    });
    if (focus === undefined) return;
    data = await client.sendRequest<ConnectivityResult>(CONNECTIVITY_REQUEST, { ...params, focus } satisfies ConnectivityParams);
  }
  const panel = window.createWebviewPanel('netpolLens.connectivity', data.focus ? l10n.t('Connectivity: {0}', data.focus) : l10n.t('Connectivity'), ViewColumn.Beside, {
    enableScripts: true,
    localResourceRoots: [],
  });
  panel.webview.onDidReceiveMessage((message: unknown) => {
    if (isOpenRules(message)) void openRules(message.rules);
  });
  panel.webview.html = connectivityHtml(data, randomBytes(16).toString('base64'), pageLabels());
}
