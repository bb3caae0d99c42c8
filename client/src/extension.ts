// Starts the ProdGate language server for JSON, JSONC, YAML and JSON Lines documents (the server
// decides which are artifacts and publishes their diagnostics to the Problems panel) and for shell
// scripts and Markdown runbooks (blocked production commands), and wires the commands, the
// Boundary Report and the status bar.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { mayNeedServer } from './activation.ts';
import { registerAgents } from './agents.ts';
import { Certification } from './certification.ts';
import { registerCommandSafety } from './command-safety.ts';
import { registerGovernance } from './governance.ts';
import { BoundaryReportPanel } from './report/panel.ts';
import { newBundleCommand } from './scaffold.ts';
import { ReadinessStatusBar } from './status-bar.ts';

let client: LanguageClient | undefined;

const BUNDLE_FILE = /(^|[\\/])prodgate\.bundle\.(ya?ml|json)$/;

function activeBundle(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri && BUNDLE_FILE.test(uri.path) ? uri : undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // Shell scripts and Markdown runbooks: for the commands production must not run.
  const languages = ['json', 'jsonc', 'yaml', 'jsonl', 'shellscript', 'markdown'];
  const clientOptions: LanguageClientOptions = {
    documentSelector: languages.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: {
      configurationSection: 'prodgate',
      // Certification and cross-file gates read artifacts that are not open.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{json,jsonc,yaml,yml,jsonl,ndjson}'),
    },
  };
  client = new LanguageClient('prodgate', 'ProdGate', serverOptions, clientOptions);

  const version = String(context.extension.packageJSON.version);
  const statusBar = new ReadinessStatusBar();
  const panel = new BoundaryReportPanel(context.extensionUri, version, () => void certification.run());
  const certification = new Certification(client, context.workspaceState, panel, statusBar);
  context.subscriptions.push(
    statusBar,
    panel,
    // From the explorer the bundle comes as a Uri, from a CodeLens as a URI string; from the palette,
    // the bundle open in the editor is the one meant.
    vscode.commands.registerCommand('prodgate.certify', (bundle?: vscode.Uri | string) =>
      certification.run(typeof bundle === 'string' ? vscode.Uri.parse(bundle) : bundle instanceof vscode.Uri ? bundle : activeBundle()),
    ),
    vscode.commands.registerCommand('prodgate.newBundle', newBundleCommand(client)),
    registerGovernance(context, client),
    registerAgents(client),
    registerCommandSafety(client),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (!vscode.workspace.getConfiguration('prodgate', document).get<boolean>('certify.onSave', true)) return;
      const isBundle = BUNDLE_FILE.test(document.uri.fsPath);
      const inShownReport = panel.visible && panel.inputUris.includes(document.uri.toString());
      if (isBundle || inShownReport) void certification.run(isBundle ? document.uri : undefined);
    }),
  );
  const languageClient = client;
  let starting: Promise<void> | undefined;
  const startServer = (): void => {
    starting ??= languageClient.start().then(
      () => certification.restoreSelection(),
      (error: unknown) => void vscode.window.showErrorMessage(`ProdGate: the language server did not start: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  const consider = (document: vscode.TextDocument): void => {
    if (!starting && mayNeedServer(document.languageId, document.getText())) startServer();
  };
  const files = vscode.workspace.getConfiguration('prodgate').get<Record<string, string>>('files', {});
  if (Object.keys(files).length > 0) startServer();
  vscode.workspace.textDocuments.forEach(consider);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(consider));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
