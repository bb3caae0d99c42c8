// ProdGate: Check Command. The server says whether the command is blocked in the workspace's
// environment; for a blocked one this offers "Request exception", which collects a justification,
// a rollback plan, the requester and the exact confirmation phrase, and lets the server decide
// whether to append the approval record.
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import type { ServerRequests } from './server-link.ts';
import { CONFIRMATION_PHRASE } from '../../server/src/engine/commands/approval.ts';
import {
  CheckCommandRequest,
  RequestExceptionRequest,
  type CheckCommandParams,
  type CheckCommandResult,
  type RequestExceptionParams,
  type RequestExceptionResult,
} from '../../server/src/lsp/protocol.ts';
import { requestOrShow } from './requests.ts';

const REQUEST_EXCEPTION = 'Request exception';
const OPEN_LOG = 'Open approval log';

export function registerCommandSafety(client: ServerRequests): vscode.Disposable {
  return vscode.commands.registerCommand('prodgate.checkCommand', (command?: string) => checkCommand(client, typeof command === 'string' ? command : undefined));
}

async function checkCommand(client: ServerRequests, given: string | undefined): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const command =
    given ??
    (await vscode.window.showInputBox({
      title: 'ProdGate: Check Command',
      prompt: 'The shell command to check against the production read-only policy',
      value: selectedCommand(editor),
      placeHolder: 'e.g. sudo systemctl restart support-api',
      validateInput: (value) => (value.trim() === '' ? 'Type a command' : undefined),
    }));
  if (command === undefined || command.trim() === '') return;
  const uri = editor?.document.uri.scheme === 'file' ? editor.document.uri.toString() : undefined;
  const params: CheckCommandParams = { command, ...(uri ? { uri } : {}) };
  const result = await requestOrShow<CheckCommandResult>(client, CheckCommandRequest, params);
  if (!result) return;
  const rules = [...new Set(result.matches.map((match) => `${match.blocks} — ${match.reason}`))].join(' ');
  if (!result.breaksPolicy) {
    void vscode.window.showInformationMessage(`ProdGate: allowed in ${result.environment}. No rule of the production read-only policy blocks it.`);
    return;
  }
  if (!result.blocked) {
    void vscode.window.showInformationMessage(`ProdGate: allowed in ${result.environment} (${result.environmentSource}); in production it would be blocked: ${rules}`);
    return;
  }
  const choice = await vscode.window.showWarningMessage(`ProdGate: blocked in production (${result.environmentSource}): ${rules}`, REQUEST_EXCEPTION);
  if (choice === REQUEST_EXCEPTION) await requestException(client, command, uri);
}

/** The selection, else the current line of a shell script or runbook: what the user is looking at. */
function selectedCommand(editor: vscode.TextEditor | undefined): string | undefined {
  if (!editor) return undefined;
  if (!editor.selection.isEmpty) return editor.document.getText(editor.selection).trim();
  if (editor.document.languageId !== 'shellscript' && editor.document.languageId !== 'markdown') return undefined;
  return editor.document.lineAt(editor.selection.active.line).text.trim().replace(/^\$\s+/, '') || undefined;
}

async function requestException(client: ServerRequests, command: string, uri: string | undefined): Promise<void> {
  const ask = (step: number, prompt: string, extra: vscode.InputBoxOptions = {}) =>
    vscode.window.showInputBox({ title: `ProdGate: Request production exception (${step}/4)`, prompt, ignoreFocusOut: true, ...extra });
  const justification = await ask(1, `Why must "${command}" run in production?`);
  if (justification === undefined) return;
  const rollbackPlan = await ask(2, 'How will you undo it if it goes wrong? (the rollback plan)');
  if (rollbackPlan === undefined) return;
  const requestedBy = await ask(3, 'Who requests the exception?', { value: safeUserName() });
  if (requestedBy === undefined) return;
  const confirmation = await ask(4, `To proceed in production, type exactly: ${CONFIRMATION_PHRASE}`, { placeHolder: CONFIRMATION_PHRASE });
  if (confirmation === undefined) return;
  const params: RequestExceptionParams = { command, requestedBy, justification, rollbackPlan, confirmation, ...(uri ? { uri } : {}) };
  const result = await requestOrShow<RequestExceptionResult>(client, RequestExceptionRequest, params);
  if (!result) return;
  if (!result.approved) {
    void vscode.window.showWarningMessage(`ProdGate: no exception recorded: ${result.reasons.join('; ')}.`);
    return;
  }
  const log = vscode.Uri.parse(result.log);
  const choice = await vscode.window.showInformationMessage(
    `ProdGate: exception approved for "${result.record.action}" and recorded in ${vscode.workspace.asRelativePath(log)}. Take a backup first, and keep the rollback plan at hand.`,
    OPEN_LOG,
  );
  if (choice === OPEN_LOG) await vscode.window.showTextDocument(log, { preview: false });
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
