import { randomBytes } from 'node:crypto';
import { env, l10n, ViewColumn, window } from 'vscode';
import type { WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { changesHtml, changesTitle } from './changesHtml';
import type { ChangesLabels } from './changesHtml';
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
/** The page's words in VS Code's display language. */
function pageLabels(): ChangesLabels {
  return {
    lang: env.language,
    pageTitle: l10n.t('NetPol Lens: connectivity changes'),
    // The page fills in {0} and {1}.
    titleAll: l10n.t('Connectivity changes vs {0}', '{0}'),
    titleOne: l10n.t('Connectivity changes of {0} vs {1}', '{0}', '{1}'),
    hint: l10n.t(
      'What the NetworkPolicies allow now and did not before (added), and the converse (removed), per source and destination, as <code>netpol-lens diff</code> computes it. Click a row to open the rules that allow it now, or the policies that stop it now.',
    ),
    noChange: l10n.t('No change in connectivity.'),
    summaryOne: l10n.t('{0} connection added, {1} removed.', '{0}', '{1}'),
    summaryMany: l10n.t('{0} connections added, {1} removed.', '{0}', '{1}'),
    columns: [l10n.t('Change'), l10n.t('From'), l10n.t('To'), l10n.t('Ports'), l10n.t('Because')],
    added: l10n.t('+ added'),
    removed: l10n.t('− removed'),
    noRule: l10n.t('no rule to open'),
    opens: l10n.t('opens {0}', '{0}'),
  };
}

export async function showChanges(client: LanguageClient, argument?: unknown): Promise<void> {
  const uri = window.activeTextEditor?.document.uri.toString();
  const params: ChangesParams = paramsOf(argument) ?? (uri ? { uri } : {});
  const data = await client.sendRequest<ChangesResult>(CHANGES_REQUEST, params);
  const labels = pageLabels();
  if (!panel) {
    panel = window.createWebviewPanel('netpolLens.changes', changesTitle(data, labels), { viewColumn: ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
    panel.onDidDispose(() => (panel = undefined));
    panel.webview.onDidReceiveMessage((message: unknown) => {
      if (isOpenRules(message)) void openRules(message.rules);
    });
  } else panel.reveal(ViewColumn.Beside, true);
  panel.title = changesTitle(data, labels);
  panel.webview.html = changesHtml(data, randomBytes(16).toString('base64'), labels);
}
