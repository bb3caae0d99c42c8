// The language server, started on first need. vscode-languageclient is loaded only then: loading it
// is most of what activation would otherwise spend its time on.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

/** What the commands need of the server: requests and notifications. */
export interface ServerRequests {
  sendRequest<T>(method: string, params?: unknown): Promise<T>;
  sendNotification(method: string, params?: unknown): Promise<void>;
}

// Shell scripts and Markdown runbooks: for the commands production must not run.
const LANGUAGES = ['json', 'jsonc', 'yaml', 'jsonl', 'shellscript', 'markdown'];

export class ServerLink implements ServerRequests, vscode.Disposable {
  private client: Promise<LanguageClient> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    /** Runs once the server is up, with the running client (e.g. to restore state in it). */
    private readonly onStarted: (client: ServerRequests) => Promise<void>,
  ) {}

  get started(): boolean {
    return this.client !== undefined;
  }

  /** Starts the server unless it is starting or running; a failed start may be retried. */
  start(): Promise<LanguageClient> {
    this.client ??= this.create().catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  async sendRequest<T>(method: string, params?: unknown): Promise<T> {
    return (await this.start()).sendRequest<T>(method, params);
  }

  async sendNotification(method: string, params?: unknown): Promise<void> {
    await (await this.start()).sendNotification(method, params);
  }

  async dispose(): Promise<void> {
    const client = await this.client?.catch(() => undefined);
    await client?.stop();
  }

  private async create(): Promise<LanguageClient> {
    const { LanguageClient, TransportKind } = await import('vscode-languageclient/node');
    const module = this.context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      synchronize: {
        configurationSection: 'prodgate',
        // Certification and cross-file gates read artifacts that are not open.
        fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{json,jsonc,yaml,yml,jsonl,ndjson}'),
      },
    };
    const client = new LanguageClient('prodgate', 'ProdGate', serverOptions, clientOptions);
    await client.start();
    await this.onStarted(client);
    return client;
  }
}
