/**
 * The NetPol Lens language server. It only routes LSP requests to the engine (server/src/engine):
 * documents in, diagnostics and code actions out. Run it with `--stdio`, `--node-ipc` or `--socket=N`.
 */
import * as l10n from '@vscode/l10n';
import { setFlagsFromString } from 'node:v8';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { CodeAction } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyzer } from './lsp/documentAnalyzer';
import { ANALYSIS_PATH_NOTIFICATION, AnalysisPathLog } from './lsp/analysisPathLog';
import { codeActions, FIX_ALL_KIND, toDiagnostic } from './lsp/diagnostics';
import { languageRequestOf, toCompletionItem, toDocumentSymbol } from './lsp/language';
import { hoverAt } from './lsp/hover';
import { complete, localeOf, outline, setLocale } from './engine';
import { SettingsStore } from './lsp/settingsStore';
import { ValidationScheduler } from './lsp/validationScheduler';
import { connectivity, reachCodeLenses, reachCompletions } from './lsp/reachFeatures';
import { CONNECTIVITY_REQUEST } from '../../shared/protocol';
import type { ConnectivityParams } from '../../shared/protocol';
import { WorkspaceIndex } from './lsp/workspaceIndex';
import type { ScanProgress } from './lsp/workspaceIndex';
import { folderPaths, workspaceFolderPaths } from './lsp/workspaceFolders';


// After each full collection V8 lets the heap grow up to 4x what is live when it judges collection cheap; a
// server kept open for hours settles at that ceiling. 1.25x keeps the peak near the live set (a 5,000-policy
// file after 60 edits: about 275 MB instead of 480 MB) at no measured cost per edit (docs/benchmark.md).
setFlagsFromString('--heap-growing-percent=25');

const connection = createConnection(ProposedFeatures.all);
const settings = new SettingsStore(connection);
// Which path served each analysis: fallbacks to the whole analysis go to the log.
const pathLog = new AnalysisPathLog(connection.console);
const analyzer = new DocumentAnalyzer({ onPath: pathLog.heard });
const documents = new TextDocuments(analyzer.documents);
// Every *.yaml of the workspace folders: when it changes, open documents are checked again.
const index = new WorkspaceIndex((causedBy) => {
  for (const document of documents.all()) if (document.uri !== causedBy) scheduler.schedule(document.uri, 300);
  // The scan ending or a file changing on disk: the client asks for lenses again on its own only after an edit.
  if (causedBy === undefined && canRefreshCodeLens) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
}, { limits: async (uri) => (await settings.get(uri)).limits, log: (message) => connection.console.warn(message) });
let folders: string[] = [];
let canRefreshCodeLens = false;
let canRegisterConfiguration = false;
let canChangeFolders = false;

async function analysisOf(document: TextDocument) {
  const documentSettings = await settings.get(document.uri);
  return { analysis: analyzer.analyze(document, documentSettings, index), settings: documentSettings };
}

const scheduler = new ValidationScheduler(async (uri) => {
  const document = documents.get(uri);
  if (!document) return;
  const documentSettings = await settings.get(uri);
  // The text may have changed while the settings were fetched: the next run publishes that version.
  if (documents.get(uri)?.version !== document.version) return;
  const analysis = analyzer.analyze(document, documentSettings, index);
  for (const { rule, error } of analysis.internalErrors) {
    connection.console.error(`Rule ${rule} failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  await connection.sendDiagnostics({ uri, version: document.version, diagnostics: analysis.findings.map(toDiagnostic) });
}, (uri, error) => connection.console.error(`Checking ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));

connection.onInitialize((params) => {
  // The client's display language (VS Code's, or what another editor sends): messages, fix titles, hovers.
  setLocale(localeOf(params.locale) ?? 'en');
  settings.canPull = params.capabilities.workspace?.configuration === true;
  // Eglot answers workspace/configuration but warns on registrations it did not declare.
  canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  folders = workspaceFolderPaths(params);
  canRefreshCodeLens = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  canChangeFolders = params.capabilities.workspace?.workspaceFolders === true;
  const options = params.initializationOptions as { traceAnalysisPath?: unknown } | null | undefined;
  if (options?.traceAnalysisPath === true) pathLog.notify = (path) => void connection.sendNotification(ANALYSIS_PATH_NOTIFICATION, path);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      completionProvider: { triggerCharacters: [':', ' '] },
      documentSymbolProvider: true,
      ...(canChangeFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
    },
    serverInfo: { name: 'netpol-lens' },
  };
});

/**
 * Work-done progress for a scan that starts at once: begun when the client has created it (reports made
 * before then are dropped), ended by `done`. Without client support, nothing is sent.
 */
function scanProgress(title: string): ScanProgress & { done(): void } {
  let reporter: { report(percentage: number, message: string): void } | undefined;
  const created = connection.window.createWorkDoneProgress().then(
    (progress) => {
      progress.begin(title, 0, undefined, false);
      reporter = progress;
      return progress;
    },
    () => undefined,
  );
  return {
    report: (percentage, message) => reporter?.report(percentage, message),
    done: () => void created.then((progress) => progress?.done()),
  };
}

function indexingFailed(error: unknown): void {
  connection.console.error(`Indexing the workspace failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** Runs a scan of the index in the background with progress; open documents are checked meanwhile and again when it is done. */
function inBackground(title: string, scan: (progress: ScanProgress) => Promise<void>): void {
  const progress = scanProgress(title);
  void scan(progress)
    .catch(indexingFailed)
    .finally(() => progress.done());
}

connection.onInitialized(() => {
  if (settings.canPull && canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'netpolLens' });
  // The scan is queued now, so that folder changes the client sends from here on are applied after it.
  inBackground(l10n.t('NetPol Lens: indexing the workspace'), (progress) => index.scan(folders, progress));
  if (canChangeFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const added = folderPaths(event.added);
      const removed = folderPaths(event.removed);
      if (added.length === 0) void index.changeFolders([], removed).catch(indexingFailed);
      else inBackground(l10n.t('NetPol Lens: indexing added workspace folders'), (progress) => index.changeFolders(added, removed, progress));
    });
  }
});

connection.onDidChangeWatchedFiles((params) => {
  // A kustomization changed: which open documents are Kustomize patches is asked again, and they are checked again.
  if (analyzer.watched(params.changes)) for (const document of documents.all()) scheduler.schedule(document.uri, 0);
  void index.watched(params.changes);
});

connection.onDidChangeConfiguration((change) => {
  const before = settings.get('');
  settings.changed(change.settings);
  // The limits decide what the index holds (a file over maxFileSize is not read): read it again when they move.
  void Promise.all([before, settings.get('')]).then(([was, is]) => {
    if (JSON.stringify(was.limits) !== JSON.stringify(is.limits)) void index.reread().catch(indexingFailed);
  });
  for (const document of documents.all()) scheduler.schedule(document.uri, 0);
});

// The index hears each open document's text as it changes (read lazily: no parse per keystroke).
documents.onDidOpen((event) => {
  analyzer.tellIndex(event.document, index);
  scheduler.schedule(event.document.uri, 0);
});
documents.onDidChangeContent((event) => {
  analyzer.tellIndex(event.document, index);
  scheduler.schedule(event.document.uri);
});
documents.onDidClose((event) => {
  scheduler.cancel(event.document.uri);
  analyzer.forget(event.document.uri);
  pathLog.forget(event.document.uri);
  index.closeOpen(event.document.uri);
  settings.forget(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onCodeAction(async (params): Promise<CodeAction[]> => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  return codeActions(document.uri, analyzer.analyze(document, await settings.get(document.uri), index), params.context);
});

connection.onHover(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  const { analysis, settings: documentSettings } = await analysisOf(document);
  return hoverAt(document, analysis, index, documentSettings, params.position);
});

connection.onCodeLens(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  // The index has the text already (tellIndex); analysed first (incrementally, usually kept from the last
  // publish) so that the index reads the document's manifests from the analysis instead of parsing it again.
  const { settings: documentSettings } = await analysisOf(document);
  return reachCodeLenses(document, index, documentSettings);
});

connection.onCompletion(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const { analysis, settings: documentSettings } = await analysisOf(document);
  const request = languageRequestOf(analysis, documentSettings, params.position);
  const api = request ? complete(request).map((entry) => toCompletionItem(entry, analysis.file.lines)) : [];
  return [...api, ...reachCompletions(document, index, documentSettings, params.position)];
});

connection.onRequest(CONNECTIVITY_REQUEST, async (params: ConnectivityParams | undefined) => {
  return connectivity(index, await settings.get(params?.uri ?? ''), params);
});

connection.onDocumentSymbol(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const { analysis, settings: documentSettings } = await analysisOf(document);
  return documentSettings.enable ? outline(analysis.policies).map((symbol) => toDocumentSymbol(symbol, analysis.file.lines)) : [];
});

documents.listen(connection);
connection.listen();
