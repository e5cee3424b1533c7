/**
 * The VS Code side of NetPol Lens: starts the bundled language server for YAML documents and adds the
 * commands. Activation returns at once; the server starts in the background.
 */
import * as path from 'node:path';
import { commands, l10n, Range, Selection, Uri, window, workspace } from 'vscode';
import type { ExtensionContext } from 'vscode';
import { showConnectivity } from './connectivityView';
import { showChanges } from './changesView';
import { CloseAction, LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { SHOW_CHANGES_COMMAND, SHOW_WORKLOADS_COMMAND } from '../../shared/protocol';
import type { WorkloadLocation } from '../../shared/protocol';

let client: LanguageClient | undefined;

/** What `activate` returns, for tests and other extensions: resolves once the server is running. */
export interface NetpolLensApi {
  readonly ready: Promise<void>;
}

export function activate(context: ExtensionContext): NetpolLensApi {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const outputChannel = window.createOutputChannel('NetPol Lens', { log: true });
  // Over stdio, as other editors start it: there the server writes diagnostics with its own encoder, which
  // re-encodes only the diagnostics an edit changed (server/src/lsp/diagnosticsEncoder.ts).
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      // kubectl takes JSON manifests too; the server only reports on files that hold a NetworkPolicy.
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'json' },
    ],
    // The server indexes every manifest of the workspace and follows their changes on disk.
    // A commit or checkout moves .git's HEAD or a branch: the server asks again for the "vs HEAD" code lenses.
    synchronize: {
      configurationSection: 'netpolLens',
      fileEvents: [workspace.createFileSystemWatcher('**/{*.yaml,*.yml,*.json,Kustomization}'), workspace.createFileSystemWatcher('**/.git/{HEAD,packed-refs,refs/heads/**}')],
    },
    outputChannel,
    // netpolLens.locale: Chinese (or English) messages whatever VS Code's own display language; read again
    // on each start, so a change restarts the server (below).
    initializationOptions: () => {
      const locale = workspace.getConfiguration('netpolLens').get<string>('locale');
      return locale && locale !== 'auto' ? { locale } : {};
    },
    // The server answers pulls (textDocument/diagnostic) with "unchanged" when an edit changed no finding;
    // the library pulls on open only unless told to pull after each change too.
    diagnosticPullOptions: { onChange: true },
    // The library's policy (restart, give up after 5 crashes in 3 minutes), but a restart is one line in
    // the output channel rather than a pop-up; giving up still shows one.
    errorHandler: {
      error: (error, message, count) => defaultErrorHandler().error(error, message, count),
      closed: async () => {
        const result = await defaultErrorHandler().closed();
        if (result.action !== CloseAction.Restart) return result;
        return { action: CloseAction.Restart, message: l10n.t('The NetPol Lens server stopped unexpectedly; it has been restarted.'), handled: true };
      },
    },
  };
  const languageClient = new LanguageClient('netpolLens', 'NetPol Lens', serverOptions, clientOptions);
  const fallback = languageClient.createDefaultErrorHandler();
  const defaultErrorHandler = () => fallback;
  client = languageClient;

  context.subscriptions.push(
    outputChannel,
    commands.registerCommand('netpolLens.restartServer', async () => {
      await languageClient.restart();
      outputChannel.info(l10n.t('NetPol Lens server restarted.'));
    }),
    commands.registerCommand('netpolLens.showOutput', () => outputChannel.show(true)),
    commands.registerCommand(SHOW_WORKLOADS_COMMAND, showWorkloads),
    commands.registerCommand('netpolLens.showConnectivity', () => showConnectivity(languageClient)),
    commands.registerCommand(SHOW_CHANGES_COMMAND, (argument?: unknown) => showChanges(languageClient, argument)),
    workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('netpolLens.locale') && languageClient.isRunning()) void languageClient.restart();
    }),
  );

  const ready = languageClient.start().catch((error: unknown) => {
    outputChannel.error(l10n.t('NetPol Lens server failed to start: {0}', error instanceof Error ? error.message : String(error)));
    throw error;
  });
  return { ready };
}

/** The "selects N workloads" code lens: pick one of them to open it. */
async function showWorkloads(title: string, locations: WorkloadLocation[]): Promise<void> {
  const picked = await window.showQuickPick(locations, { title, placeHolder: locations.length === 0 ? l10n.t('No workload of the workspace') : l10n.t('Open a workload') });
  if (!picked) return;
  const { start, end } = picked.range;
  const editor = await window.showTextDocument(Uri.parse(picked.uri));
  editor.selection = new Selection(start.line, start.character, end.line, end.character);
  editor.revealRange(new Range(start.line, start.character, end.line, end.character));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
