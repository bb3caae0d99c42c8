// ProdGate: New Readiness Bundle. The server supplies the files; this asks where to put them and in
// which format, never overwrites a file without asking, then opens the bundle and offers to certify it.
import * as vscode from 'vscode';
import type { ServerRequests } from './server-link.ts';
import { ScaffoldRequest, type ScaffoldParams, type ScaffoldResult } from '../../server/src/lsp/protocol.ts';

const DEFAULT_FOLDER_NAME = 'readiness-bundle';
const CERTIFY = 'Run Production Certification';

type FormatItem = vscode.QuickPickItem & { format: ScaffoldParams['format'] };

const FORMATS: FormatItem[] = [
  { label: 'YAML', description: 'prodgate.bundle.yaml, with a comment on each file', format: 'yaml' },
  { label: 'JSON', description: 'prodgate.bundle.json', format: 'json' },
];

/** The command's handler, bound to the language client that builds the files. */
export function newBundleCommand(client: ServerRequests): () => Promise<void> {
  return () => newBundle(client);
}

async function newBundle(client: ServerRequests): Promise<void> {
  const parent = await pickParentFolder();
  if (!parent) return;
  const format = await vscode.window.showQuickPick(FORMATS, { title: 'ProdGate: New Readiness Bundle', placeHolder: 'Write the artifacts as YAML or JSON?' });
  if (!format) return;
  const name = await vscode.window.showInputBox({
    title: 'ProdGate: New Readiness Bundle',
    prompt: `The folder in ${vscode.workspace.asRelativePath(parent)} that will hold the bundle`,
    value: DEFAULT_FOLDER_NAME,
    validateInput: folderNameProblem,
  });
  if (name === undefined) return;
  const folder = vscode.Uri.joinPath(parent, name.trim());

  let scaffold: ScaffoldResult;
  try {
    scaffold = await client.sendRequest<ScaffoldResult>(ScaffoldRequest, { format: format.format } satisfies ScaffoldParams);
  } catch (error) {
    void vscode.window.showErrorMessage(`ProdGate: could not build the bundle: ${messageOf(error)}`);
    return;
  }
  const targets = scaffold.files.map((file) => {
    const segments = file.path.split('/');
    return { ...file, uri: vscode.Uri.joinPath(folder, ...segments), directory: vscode.Uri.joinPath(folder, ...segments.slice(0, -1)) };
  });
  const existing = await filter(targets, (target) => exists(target.uri));
  let toWrite = targets;
  if (existing.length > 0) {
    const choice = await vscode.window.showWarningMessage(
      `ProdGate: ${existing.length} of the bundle's files already exist in ${vscode.workspace.asRelativePath(folder)}.`,
      { modal: true, detail: existing.map((target) => target.path).join('\n') },
      'Overwrite',
      'Skip existing',
    );
    if (!choice) return; // Cancel: the button every modal message has
    if (choice === 'Skip existing') toWrite = targets.filter((target) => !existing.includes(target));
  }

  const encoder = new TextEncoder();
  try {
    for (const target of toWrite) {
      await vscode.workspace.fs.createDirectory(target.directory);
      await vscode.workspace.fs.writeFile(target.uri, encoder.encode(target.text));
    }
  } catch (error) {
    void vscode.window.showErrorMessage(`ProdGate: could not write the bundle: ${messageOf(error)}`);
    return;
  }

  const bundle = vscode.Uri.joinPath(folder, ...scaffold.bundle.split('/'));
  await vscode.window.showTextDocument(bundle);
  const skipped = targets.length - toWrite.length;
  const choice = await vscode.window.showInformationMessage(
    `ProdGate: wrote ${toWrite.length} files to ${vscode.workspace.asRelativePath(folder)}${skipped > 0 ? ` (${skipped} existing kept)` : ''}. Replace the "replace-with-…" values and the template evidence, then certify.`,
    CERTIFY,
  );
  if (choice === CERTIFY) await vscode.commands.executeCommand('prodgate.certify', bundle);
}

/** The folder to create the bundle in, starting from the first workspace folder. */
async function pickParentFolder(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'ProdGate: where should the new readiness bundle go?',
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Create Bundle Here',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

/** One folder name: the bundle must land inside the chosen folder. */
function folderNameProblem(value: string): string | undefined {
  const name = value.trim();
  if (name === '') return 'Name the folder that will hold the bundle.';
  if (name === '.' || name === '..' || /[\\/:*?"<>|]/.test(name)) return 'Use a single folder name, without / \\ : * ? " < > |.';
  return undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function filter<T>(items: T[], predicate: (item: T) => Promise<boolean>): Promise<T[]> {
  const keep = await Promise.all(items.map(predicate));
  return items.filter((_, index) => keep[index]);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
