// Custom requests from commands: a failure is shown to the user and yields undefined, so a command
// never throws into the editor.
import * as vscode from 'vscode';
import type { ServerRequests } from './server-link.ts';

export async function requestOrShow<T>(client: ServerRequests, method: string, params?: unknown): Promise<T | undefined> {
  try {
    return await client.sendRequest<T>(method, params);
  } catch (error) {
    void vscode.window.showErrorMessage(`ProdGate: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
