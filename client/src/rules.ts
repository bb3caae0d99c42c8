// ProdGate: Explain Rule: opens a finding code's page (docs/rules/<code>.md, shipped with the
// extension) in the Markdown preview. The code comes from the caller (a code action), else from
// the ProdGate diagnostics at the cursor, else from a pick of every documented code.
import * as vscode from 'vscode';
import { isFindingCode } from './input.ts';

export function registerExplainRule(context: vscode.ExtensionContext): vscode.Disposable {
  const rulesFolder = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  return vscode.commands.registerCommand('prodgate.explainRule', async (code?: unknown) => {
    const chosen = isFindingCode(code) ? code : await codeAtCursor() ?? await pickCode(rulesFolder);
    if (!chosen) return;
    const page = vscode.Uri.joinPath(rulesFolder, `${chosen}.md`);
    try {
      await vscode.workspace.fs.stat(page);
    } catch {
      void vscode.window.showWarningMessage(`ProdGate: no documentation page for "${chosen}".`);
      return;
    }
    await vscode.commands.executeCommand('markdown.showPreview', page);
  });
}

/** The code of the ProdGate diagnostic under the cursor; with several, the one the user picks. */
async function codeAtCursor(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const codes = [
    ...new Set(
      vscode.languages
        .getDiagnostics(editor.document.uri)
        .filter((diagnostic) => diagnostic.source === 'prodgate' && diagnostic.range.contains(editor.selection.active))
        .map((diagnostic) => (typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code))
        .filter(isFindingCode),
    ),
  ];
  if (codes.length <= 1) return codes[0];
  return vscode.window.showQuickPick(codes, { title: 'ProdGate: Explain Rule', placeHolder: 'Which finding?' });
}

async function pickCode(rulesFolder: vscode.Uri): Promise<string | undefined> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(rulesFolder);
  } catch {
    void vscode.window.showErrorMessage('ProdGate: the rule documentation is missing from the extension.');
    return undefined;
  }
  const codes = entries
    .map(([name]) => name)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => name.slice(0, -'.md'.length))
    .sort();
  return vscode.window.showQuickPick(codes, { title: 'ProdGate: Explain Rule', placeHolder: 'A finding code, e.g. policy-wildcard-allow' });
}
