// Opens a place in a file that the server returned (a rule, a test, a broken audit line).
import * as vscode from 'vscode';
import type { SourceLink } from '../../server/src/lsp/protocol.ts';

export async function showSourceLink(link: SourceLink): Promise<void> {
  const { start, end } = link.range;
  const range = new vscode.Range(start.line, start.character, end.line, end.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(link.uri), { selection: range, preview: false, viewColumn: vscode.ViewColumn.One });
}
