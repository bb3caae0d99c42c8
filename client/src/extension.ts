// Activates ProdGate: registers the commands, the Boundary Report and the status bar, and starts
// the language server (which validates JSON, JSONC, YAML and JSON Lines artifacts, shell scripts
// and Markdown runbooks) only once it is needed: a document that may be an artifact or a runbook
// (a cheap look at its text), files mapped to kinds by settings, or a first command.
import * as vscode from 'vscode';
import { mayNeedServer } from './activation.ts';
import { registerAgents } from './agents.ts';
import { Certification } from './certification.ts';
import { registerCommandSafety } from './command-safety.ts';
import { registerGovernance } from './governance.ts';
import { registerExplainRule } from './rules.ts';
import { BoundaryReportPanel } from './report/panel.ts';
import { newBundleCommand } from './scaffold.ts';
import { ServerLink } from './server-link.ts';
import { ReadinessStatusBar } from './status-bar.ts';

let server: ServerLink | undefined;

const BUNDLE_FILE = /(^|[\\/])prodgate\.bundle\.(ya?ml|json)$/;

function activeBundle(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri && BUNDLE_FILE.test(uri.path) ? uri : undefined;
}

export function activate(context: vscode.ExtensionContext): void {
  const version = String(context.extension.packageJSON.version);
  const statusBar = new ReadinessStatusBar();
  const panel = new BoundaryReportPanel(context.extensionUri, version, () => void certification.run());
  const link: ServerLink = new ServerLink(context, (client): Promise<void> => certification.restoreSelection(client));
  server = link;
  const certification: Certification = new Certification(link, context.workspaceState, panel, statusBar);
  context.subscriptions.push(
    statusBar,
    panel,
    // From the explorer the bundle comes as a Uri, from a CodeLens as a URI string; from the palette,
    // the bundle open in the editor is the one meant.
    vscode.commands.registerCommand('prodgate.certify', (bundle?: vscode.Uri | string) =>
      certification.run(typeof bundle === 'string' ? vscode.Uri.parse(bundle) : bundle instanceof vscode.Uri ? bundle : activeBundle()),
    ),
    vscode.commands.registerCommand('prodgate.newBundle', newBundleCommand(link)),
    registerGovernance(context, link),
    registerAgents(link),
    registerCommandSafety(link),
    registerExplainRule(context),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (!vscode.workspace.getConfiguration('prodgate', document).get<boolean>('certify.onSave', true)) return;
      const isBundle = BUNDLE_FILE.test(document.uri.fsPath);
      const inShownReport = panel.visible && panel.inputUris.includes(document.uri.toString());
      if (isBundle || inShownReport) void certification.run(isBundle ? document.uri : undefined);
    }),
  );

  const startServer = (): void => {
    if (link.started) return;
    link.start().catch((error: unknown) => {
      void vscode.window.showErrorMessage(`ProdGate: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  const consider = (document: vscode.TextDocument): void => {
    if (!link.started && mayNeedServer(document.languageId, document.getText(), document.uri.path)) startServer();
  };
  const files = vscode.workspace.getConfiguration('prodgate').get<Record<string, string>>('files', {});
  if (Object.keys(files).length > 0) startServer();
  vscode.workspace.textDocuments.forEach(consider);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(consider));
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
}
