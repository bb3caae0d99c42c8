// The ProdGate language server: documents in, diagnostics out. Started with --stdio or node IPC
// (vscode-languageserver reads the transport from the command line).
import {
  createConnection,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import { snapshotEnvironment } from './environment.ts';
import { INPUT_KINDS } from './engine/certification/types.ts';
import { access } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { isObject } from './engine/values.ts';
import { configPathFindings, isConfigFileName } from './engine/workspace-config.ts';
import { AgentPolicies } from './lsp/agents.ts';
import { CommandSafety } from './lsp/command-safety.ts';
import { DocumentAnalyses } from './lsp/analyses.ts';
import { overrideSignatureFindings } from './lsp/override-signature.ts';
import { FEATURES } from './lsp/features/index.ts';
import { CertificationService } from './lsp/certification.ts';
import { CertifyRequest, SelectionNotification, type CertifyParams } from './lsp/protocol.ts';
import { DiagnosticsService } from './lsp/diagnostics.ts';
import { documentPath } from './lsp/paths.ts';
import { SettingsStore } from './lsp/settings.ts';
import { uriToPath, WorkspaceIndex } from './lsp/workspace-index.ts';

snapshotEnvironment();
const connection = createConnection(ProposedFeatures.all);
const SERVER_VERSION = version;
const documents = new TextDocuments(TextDocument);
let workspaceFolders: string[] = [];
let supportsConfiguration = false;
let supportsCodeLensRefresh = false;

const openText = (path: string) => documents.all().find((document) => uriToPath(document.uri) === path)?.getText();
const settings = new SettingsStore(connection, () => supportsConfiguration, workspaceRootOf, openText);
const index = new WorkspaceIndex((uri) => settings.forDocument(uri));
const certification = new CertificationService(
  index,
  () => workspaceFolders,
  openText,
  (uri) => settings.forDocument(uri),
);
const agents = new AgentPolicies(index, workspaceRootOf);
const commandSafety = new CommandSafety((uri) => settings.forDocument(uri), () => workspaceFolders);
/** Kinds whose changes can change other documents' diagnostics. */
const SHARED_KINDS = new Set<string>([...Object.values(INPUT_KINDS), 'certification-bundle', 'agent-policy']);
const pathOf = (uri: string) => documentPath(uri, workspaceFolders);
const analyses = new DocumentAnalyses(pathOf);
const diagnostics = new DiagnosticsService(connection, settings, {
  validate: (document, documentSettings) => analyses.of(document, documentSettings),
  validated(document, validation) {
    const path = uriToPath(document.uri);
    if (!path) return false;
    const before = index.get(path)?.kind;
    index.record(path, validation);
    return SHARED_KINDS.has(validation?.kind ?? before ?? '');
  },
  crossFile(document, validation, documentSettings) {
    const path = uriToPath(document.uri);
    if (!path) return [];
    return [...certification.crossFileIssues(path, documentSettings), ...agents.crossFileIssues(path, validation)];
  },
  async environmental(document, validation, documentSettings) {
    const path = uriToPath(document.uri);
    if (!path) return commandSafety.findings(document, validation);
    if (validation.kind === 'workspace-config') return configPathFindings(validation.value, await existingPaths(validation.value, dirname(path)));
    if (validation.kind === 'signed-override') {
      const keyFile = documentSettings.overrideKeyFile;
      const keyPath = keyFile ? resolve(workspaceRootOf(path) ?? dirname(path), keyFile) : undefined;
      return overrideSignatureFindings(validation, document.getText(), keyPath);
    }
    return commandSafety.findings(document, validation);
  },
  relativePath: pathOf,
  others: (uri) => documents.all().filter((document) => document.uri !== uri),
});

connection.onInitialize((params) => {
  supportsConfiguration = params.capabilities.workspace?.configuration === true;
  supportsCodeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  workspaceFolders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
  if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
  return {
    capabilities: {
      ...Object.assign({}, ...FEATURES.map((feature) => feature.capabilities)),
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'prodgate', version: SERVER_VERSION },
  };
});

connection.onInitialized(() => {
  // The index is built in the background; open documents are re-checked against it once it is.
  void index.scan(workspaceFolders).then(revalidateAll, (error: unknown) => connection.console.error(`ProdGate: indexing the workspace failed: ${String(error)}`));
  if (supportsConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'prodgate' });
  }
  connection.workspace.onDidChangeWorkspaceFolders((event) => {
    const removed = new Set(event.removed.map((folder) => folder.uri));
    workspaceFolders = [...workspaceFolders.filter((uri) => !removed.has(uri)), ...event.added.map((folder) => folder.uri)];
    revalidateAll();
  });
});

connection.onRequest(CertifyRequest, async (params: CertifyParams) => {
  const result = await certification.certify(params ?? {});
  // The "Run certification" lenses show the readiness level: ask the editor to fetch them again.
  if (supportsCodeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type);
  return result;
});
connection.onNotification(SelectionNotification, (selection: CertifyParams['selection']) => {
  certification.remember(selection);
  revalidateAll();
});

connection.onDidChangeWatchedFiles(async (event) => {
  for (const change of event.changes) {
    const path = uriToPath(change.uri);
    if (!path) continue;
    if (isConfigFileName(basename(path))) settings.clear();
    if (documents.get(change.uri)) continue; // open documents are indexed from the editor's text
    if (change.type === FileChangeType.Deleted) index.remove(path);
    else await index.refreshFromDisk(path);
  }
  revalidateAll();
});

connection.onDidChangeConfiguration(() => {
  settings.clear();
  revalidateAll();
});

// Fires on open as well as on every change. A configuration file applies as it is typed.
documents.onDidChangeContent((event) => {
  if (isConfigDocument(event.document.uri)) {
    settings.clear();
    revalidateAll();
  } else diagnostics.schedule(event.document);
});
documents.onDidClose((event) => {
  settings.forget(event.document.uri);
  analyses.forget(event.document.uri);
  diagnostics.clear(event.document.uri);
  // The file on disk, not the editor's unsaved text, is what the index holds for a closed file.
  const path = uriToPath(event.document.uri);
  if (path) void index.refreshFromDisk(path);
  if (isConfigDocument(event.document.uri)) {
    settings.clear();
    revalidateAll();
  }
});

function isConfigDocument(uri: string): boolean {
  const path = uriToPath(uri);
  return path !== undefined && isConfigFileName(basename(path));
}

/** The configuration's bundle and connector catalog paths that exist, relative to its folder. */
async function existingPaths(value: unknown, folder: string): Promise<Set<string>> {
  const existing = new Set<string>();
  for (const key of ['bundle', 'connectorCatalog']) {
    const path = isObject(value) ? value[key] : undefined;
    if (typeof path !== 'string') continue;
    if (await access(resolve(folder, path.trim())).then(() => true, () => false)) existing.add(path.trim());
  }
  return existing;
}

/** The innermost workspace folder holding `path`. */
function workspaceRootOf(path: string): string | undefined {
  return workspaceFolders
    .map((folder) => uriToPath(folder))
    .filter((folder): folder is string => folder !== undefined && (path === folder || path.startsWith(`${folder}/`)))
    .sort((a, b) => b.length - a.length)[0];
}

function revalidateAll(): void {
  for (const document of documents.all()) diagnostics.schedule(document, false);
}

for (const feature of FEATURES) feature.register(connection, { documents, analyses, index, certification, agents, commandSafety });

documents.listen(connection);
connection.listen();
