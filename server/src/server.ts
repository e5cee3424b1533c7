/**
 * The NetPol Lens language server. It only routes LSP requests to the engine (server/src/engine):
 * documents in, diagnostics and code actions out. Run it with `--stdio`, `--node-ipc` or `--socket=N`.
 */
import * as l10n from './engine/l10n/t';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { CodeAction } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyzer } from './lsp/documentAnalyzer';
import { ANALYSIS_PATH_NOTIFICATION, AnalysisPathLog } from './lsp/analysisPathLog';
import { clientResolvesEdits, codeActionData, codeActions, FIX_ALL_KIND, resolveCodeAction } from './lsp/diagnostics';
import { diagnosticsOf, forgetDiagnostics } from './lsp/diagnosticsEncoder';
import { stdioTransport } from './lsp/stdioTransport';
import { clientPulls, DiagnosticReports } from './lsp/diagnosticReports';
import { documentSymbolsOf, languageRequestOf, toCompletionItem } from './lsp/language';
import { hoverAt } from './lsp/hover';
import { complete, localeOf, setLocale } from './engine';
import type { Settings } from './engine';
import { SettingsStore } from './lsp/settingsStore';
import { ValidationScheduler } from './lsp/validationScheduler';
import { tuneForEditing, tuneForFirstOpen } from './lsp/v8Tuning';
import { connectivity, reachCodeLenses, reachCompletions } from './lsp/reachFeatures';
import { ChangesService } from './lsp/changesFeatures';
import { CHANGES_REQUEST, CONNECTIVITY_REQUEST } from '../../shared/protocol';
import type { ChangesParams, ConnectivityParams } from '../../shared/protocol';
import { WorkspaceIndex } from './lsp/workspaceIndex';
import type { ScanProgress } from './lsp/workspaceIndex';
import { folderPaths, workspaceFolderPaths } from './lsp/workspaceFolders';


// V8's settings (lsp/v8Tuning.ts): the heap kept near its live set, the young generation capped at 2 x 8 MB;
// less inlining in the optimizing compiler until the first analysis is published.
tuneForFirstOpen();

// Over stdio, diagnostics are written from pieces kept between publishes (lsp/diagnosticsEncoder.ts).
const stdio = stdioTransport();
const connection = stdio ? createConnection(ProposedFeatures.all, stdio.reader, stdio.writer) : createConnection(ProposedFeatures.all);
stdio?.attach(connection);
const settings = new SettingsStore(connection);
// Which path served each analysis: fallbacks to the whole analysis go to the log.
const pathLog = new AnalysisPathLog(connection.console);
const analyzer = new DocumentAnalyzer({ onPath: pathLog.heard });
const documents = new TextDocuments(analyzer.documents);
// Every *.yaml of the workspace folders: when it changes, open documents are checked again.
const index = new WorkspaceIndex((causedBy) => {
  for (const document of documents.all()) if (document.uri !== causedBy) recheck(document.uri, 300);
  // The scan ending or a file changing on disk: the client asks for lenses again on its own only after an edit.
  if (causedBy === undefined && canRefreshCodeLens) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
}, { limits: async (uri) => (await settings.get(uri)).limits, log: (message) => connection.console.warn(message) });
const changes = new ChangesService(index, async (uri) => (await settings.get(uri)).limits);
let folders: string[] = [];
let canRefreshCodeLens = false;
let canRegisterConfiguration = false;
let canChangeFolders = false;
// Clients that pull diagnostics (diagnosticReports.ts) are never sent publishDiagnostics: they are asked to pull again.
let pulls = false;
// Clients that resolve code actions get them without edits; the chosen one's edit is made on codeAction/resolve.
let lazyEdits = false;
const reports = new DiagnosticReports();
let refreshTimer: NodeJS.Timeout | undefined;

/** Checks an open document again after something outside it changed: publishes, or asks a pulling client to pull again. */
function recheck(uri: string, delayMs: number): void {
  if (!pulls) return scheduler.schedule(uri, delayMs);
  // One refresh for a burst of changes (the index hears a whole folder at once).
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    void connection.languages.diagnostics.refresh().catch(() => undefined);
  }, delayMs);
}

function logInternalErrors(uri: string, analysis: { internalErrors: readonly { rule: string; error: unknown }[] }): void {
  for (const { rule, error } of analysis.internalErrors) {
    connection.console.error(`Rule ${rule} failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

async function analysisOf(document: TextDocument) {
  const documentSettings = await settings.get(document.uri);
  return { analysis: analyzer.analyze(document, documentSettings, index), settings: documentSettings };
}

/** The pause in typing before an edit's diagnostics are published (a burst of keystrokes is published once). */
const VALIDATION_DELAY_MS = 30;

/**
 * An open document and its settings, if its text did not change while the settings were fetched (the next run
 * then takes the new version).
 */
async function currentWithSettings(uri: string): Promise<{ document: TextDocument; settings: Settings } | undefined> {
  const document = documents.get(uri);
  if (!document) return undefined;
  const documentSettings = await settings.get(uri);
  return documents.get(uri)?.version === document.version ? { document, settings: documentSettings } : undefined;
}

/** Publishes the diagnostics of an open document's current version. */
async function validate(uri: string): Promise<void> {
  const current = await currentWithSettings(uri);
  if (!current) return;
  const { document, settings: documentSettings } = current;
  // A large document opened: its per-document findings are published before the cross-policy rules run
  // (each of them is in the whole analysis, so none is withdrawn); the publish is written before the rest runs.
  const early = analyzer.earlyFindings(document, documentSettings, index);
  if (early) await connection.sendDiagnostics({ uri, version: document.version, diagnostics: diagnosticsOf(uri, early) });
  const analysis = analyzer.analyze(document, documentSettings, index);
  logInternalErrors(uri, analysis);
  await connection.sendDiagnostics({ uri, version: document.version, diagnostics: diagnosticsOf(uri, analysis.shown ?? analysis.findings) });
  tuneForEditing();
}

/** Analyses an edit at once when the document's last analysis was quick: `validate` then publishes it from the cache. */
async function prepare(uri: string): Promise<void> {
  if (!analyzer.quick(uri, VALIDATION_DELAY_MS)) return;
  const current = await currentWithSettings(uri);
  if (current) analyzer.analyze(current.document, current.settings, index);
}

const scheduler = new ValidationScheduler(
  validate,
  (uri, error) => connection.console.error(`Checking ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  VALIDATION_DELAY_MS,
  prepare,
);

connection.onInitialize((params) => {
  const options = params.initializationOptions as { traceAnalysisPath?: unknown; locale?: unknown } | null | undefined;
  // The language of messages, fix titles and hovers: the one the user chose for NetPol Lens (VS Code's
  // netpolLens.locale, sent as initializationOptions.locale), else the client's display language.
  setLocale(localeOf(typeof options?.locale === 'string' ? options.locale : undefined) ?? localeOf(params.locale) ?? 'en');
  settings.canPull = params.capabilities.workspace?.configuration === true;
  // Eglot answers workspace/configuration but warns on registrations it did not declare.
  canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  folders = workspaceFolderPaths(params);
  canRefreshCodeLens = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  canChangeFolders = params.capabilities.workspace?.workspaceFolders === true;
  pulls = clientPulls(params.capabilities);
  lazyEdits = clientResolvesEdits(params.capabilities);
  if (options?.traceAnalysisPath === true) pathLog.notify = (path) => void connection.sendNotification(ANALYSIS_PATH_NOTIFICATION, path);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: lazyEdits },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: true },
      completionProvider: { triggerCharacters: [':', ' '] },
      documentSymbolProvider: true,
      // A finding can depend on other files (the workspace index), so clients pull again when asked (refresh).
      ...(pulls ? { diagnosticProvider: { identifier: 'netpol-lens', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
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

/** A commit, checkout or reset moves HEAD or a branch: the "vs HEAD" lenses count against another commit. */
const GIT_HEAD_MOVED = /\/\.git\/(?:HEAD|packed-refs|refs\/)/;

connection.onDidChangeWatchedFiles((params) => {
  const git = params.changes.filter((change) => GIT_HEAD_MOVED.test(change.uri));
  if (canRefreshCodeLens && git.length > 0) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  // git's own files are no manifests (a branch may be called deploy.yaml).
  const changes = git.length > 0 ? params.changes.filter((change) => !git.includes(change)) : params.changes;
  // A kustomization changed: which open documents are Kustomize patches is asked again, and they are checked again.
  if (analyzer.watched(changes)) for (const document of documents.all()) recheck(document.uri, 0);
  void index.watched(changes);
});

connection.onDidChangeConfiguration((change) => {
  const before = settings.get('');
  settings.changed(change.settings);
  // The limits decide what the index holds (a file over maxFileSize is not read): read it again when they move.
  void Promise.all([before, settings.get('')]).then(([was, is]) => {
    if (JSON.stringify(was.limits) !== JSON.stringify(is.limits)) void index.reread().catch(indexingFailed);
  });
  for (const document of documents.all()) recheck(document.uri, 0);
});

// The index hears each open document's text as it changes (read lazily: no parse per keystroke). A
// client that pulls asks for the diagnostics of what it opened or changed itself.
documents.onDidOpen((event) => {
  analyzer.tellIndex(event.document, index);
  if (!pulls) scheduler.schedule(event.document.uri, 0);
});
documents.onDidChangeContent((event) => {
  analyzer.tellIndex(event.document, index);
  if (!pulls) scheduler.edited(event.document.uri);
});
documents.onDidClose((event) => {
  scheduler.cancel(event.document.uri);
  analyzer.forget(event.document.uri);
  pathLog.forget(event.document.uri);
  index.closeOpen(event.document.uri);
  settings.forget(event.document.uri);
  reports.forget(event.document.uri);
  stdio?.encoder.forget(event.document.uri);
  forgetDiagnostics(event.document.uri);
  if (!pulls) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.languages.diagnostics.on(async (params, token) => {
  const uri = params.textDocument.uri;
  const document = documents.get(uri);
  if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  const documentSettings = await settings.get(uri);
  // The client cancels a pull when the document changes again: it pulls the new version next.
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  const current = documents.get(uri) ?? document;
  // A large document's first pull is answered with its per-document findings (never withdrawn later), and
  // the client is asked at once to pull again: the next pull finishes the analysis.
  const early = analyzer.earlyFindings(current, documentSettings, index);
  if (early) {
    setImmediate(() => void connection.languages.diagnostics.refresh().catch(() => undefined));
    return reports.report(uri, early, params.previousResultId);
  }
  const analysis = analyzer.analyze(current, documentSettings, index);
  tuneForEditing();
  logInternalErrors(uri, analysis);
  return reports.report(uri, analysis.shown ?? analysis.findings, params.previousResultId);
});

connection.onCodeAction(async (params): Promise<CodeAction[]> => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  return codeActions(document.uri, analyzer.analyze(document, await settings.get(document.uri), index), params.context, lazyEdits);
});

connection.onCodeActionResolve(async (action) => {
  const data = codeActionData(action);
  const document = data && documents.get(data.uri);
  if (!data || !document) return action;
  return resolveCodeAction(action, data, analyzer.analyze(document, await settings.get(document.uri), index));
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
  const reach = reachCodeLenses(document, index, documentSettings);
  // "vs HEAD" lenses come without a title: it is computed in codeLens/resolve, for the lenses on screen.
  const edited = documentSettings.enable ? await changes.lenses(document.uri).catch((error: unknown) => {
    connection.console.error(`Comparing ${document.uri} with its baseline failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return [];
  }) : [];
  return [...reach, ...edited];
});

connection.onCodeLensResolve(async (lens) => {
  const uri = (lens.data as { netpolChanges?: { uri?: unknown } } | undefined)?.netpolChanges?.uri;
  return changes.resolve(lens, await settings.get(typeof uri === 'string' ? uri : ''));
});

connection.onRequest(CHANGES_REQUEST, async (params: ChangesParams | null | undefined) => {
  const uri = typeof params?.uri === 'string' ? params.uri : '';
  return changes.changes(await settings.get(uri), typeof params === 'object' && params !== null ? params : undefined);
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
  return documentSettings.enable ? documentSymbolsOf(analysis.file, analysis.policies) : [];
});

documents.listen(connection);
connection.listen();
