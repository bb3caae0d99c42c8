// The ProdGate language server: documents in, diagnostics out. Started with --stdio or node IPC
// (vscode-languageserver reads the transport from the command line).
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { snapshotEnvironment } from './environment.ts';
import { DiagnosticsService } from './lsp/diagnostics.ts';
import { documentPath } from './lsp/paths.ts';
import { SettingsStore } from './lsp/settings.ts';

snapshotEnvironment();
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let workspaceFolders: string[] = [];
let supportsConfiguration = false;

const settings = new SettingsStore(connection, () => supportsConfiguration);
const diagnostics = new DiagnosticsService(connection, settings, (uri) => documentPath(uri, workspaceFolders));

connection.onInitialize((params) => {
  supportsConfiguration = params.capabilities.workspace?.configuration === true;
  workspaceFolders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
  if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'prodgate' },
  };
});

connection.onInitialized(() => {
  if (supportsConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'prodgate' });
  }
  connection.workspace.onDidChangeWorkspaceFolders((event) => {
    const removed = new Set(event.removed.map((folder) => folder.uri));
    workspaceFolders = [...workspaceFolders.filter((uri) => !removed.has(uri)), ...event.added.map((folder) => folder.uri)];
    revalidateAll();
  });
});

connection.onDidChangeConfiguration(() => {
  settings.clear();
  revalidateAll();
});

// Fires on open as well as on every change.
documents.onDidChangeContent((event) => diagnostics.schedule(event.document));
documents.onDidClose((event) => {
  settings.forget(event.document.uri);
  diagnostics.clear(event.document.uri);
});

function revalidateAll(): void {
  for (const document of documents.all()) diagnostics.schedule(document);
}

documents.listen(connection);
connection.listen();
