/**
 * The NetPol Lens language server. It only routes LSP requests to the engine (server/src/engine):
 * documents in, diagnostics and code actions out. Run it with `--stdio`, `--node-ipc` or `--socket=N`.
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { CodeAction } from 'vscode-languageserver/node';
import { DocumentAnalyzer } from './lsp/documentAnalyzer';
import { codeActions, FIX_ALL_KIND, toDiagnostic } from './lsp/diagnostics';
import { SettingsStore } from './lsp/settingsStore';
import { ValidationScheduler } from './lsp/validationScheduler';

const connection = createConnection(ProposedFeatures.all);
const analyzer = new DocumentAnalyzer();
const documents = new TextDocuments(analyzer.documents);
const settings = new SettingsStore(connection);

const scheduler = new ValidationScheduler(async (uri) => {
  const document = documents.get(uri);
  if (!document) return;
  const documentSettings = await settings.get(uri);
  // The text may have changed while the settings were fetched: the next run publishes that version.
  if (documents.get(uri)?.version !== document.version) return;
  const analysis = analyzer.analyze(document, documentSettings);
  for (const { rule, error } of analysis.internalErrors) {
    connection.console.error(`Rule ${rule} failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  await connection.sendDiagnostics({ uri, version: document.version, diagnostics: analysis.findings.map(toDiagnostic) });
});

connection.onInitialize((params) => {
  settings.canPull = params.capabilities.workspace?.configuration === true;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    },
    serverInfo: { name: 'netpol-lens' },
  };
});

connection.onInitialized(() => {
  if (settings.canPull) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'netpolLens' });
});

connection.onDidChangeConfiguration((change) => {
  settings.changed(change.settings);
  for (const document of documents.all()) scheduler.schedule(document.uri, 0);
});

documents.onDidOpen((event) => scheduler.schedule(event.document.uri, 0));
documents.onDidChangeContent((event) => scheduler.schedule(event.document.uri));
documents.onDidClose((event) => {
  scheduler.cancel(event.document.uri);
  analyzer.forget(event.document.uri);
  settings.forget(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onCodeAction(async (params): Promise<CodeAction[]> => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  return codeActions(document.uri, analyzer.analyze(document, await settings.get(document.uri)), params.context);
});

documents.listen(connection);
connection.listen();
