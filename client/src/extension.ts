/**
 * The VS Code side of NetPol Lens: starts the bundled language server for YAML documents and adds the
 * commands. Activation returns at once; the server starts in the background.
 */
import * as path from 'node:path';
import { commands, window } from 'vscode';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** What `activate` returns, for tests and other extensions: resolves once the server is running. */
export interface NetpolLensApi {
  readonly ready: Promise<void>;
}

export function activate(context: ExtensionContext): NetpolLensApi {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const outputChannel = window.createOutputChannel('NetPol Lens', { log: true });
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: 'netpolLens' },
    outputChannel,
  };
  const languageClient = new LanguageClient('netpolLens', 'NetPol Lens', serverOptions, clientOptions);
  client = languageClient;

  context.subscriptions.push(
    outputChannel,
    commands.registerCommand('netpolLens.restartServer', async () => {
      await languageClient.restart();
      outputChannel.info('NetPol Lens server restarted.');
    }),
    commands.registerCommand('netpolLens.showOutput', () => outputChannel.show(true)),
  );

  const ready = languageClient.start().catch((error: unknown) => {
    outputChannel.error(`NetPol Lens server failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  });
  return { ready };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
