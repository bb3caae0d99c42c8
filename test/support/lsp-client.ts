// Drives the built language server (dist/server.js --stdio) the way an editor does.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const SERVER = resolve(__dirname, '../../dist/server.js');
export const WORKSPACE = resolve(__dirname, '../fixtures/workspace');

export interface ClientOptions {
  settings?: Record<string, unknown>;
  workspaceFolder?: string;
}

export class LspTestClient {
  private readonly published = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: Array<() => void> = [];
  private readonly versions = new Map<string, number>();
  settings: Record<string, unknown>;
  exited = false;

  private constructor(
    private readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    options: ClientOptions,
  ) {
    this.settings = options.settings ?? {};
    process.on('exit', () => {
      this.exited = true;
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.published.get(params.uri) ?? [];
      list.push(params);
      this.published.set(params.uri, list);
      for (const wake of this.waiters.splice(0)) wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'prodgate' ? this.settings : null)),
    );
    connection.onRequest('client/registerCapability', () => null);
  }

  static async start(options: ClientOptions = {}): Promise<LspTestClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection, options);
    connection.listen();
    const folder = options.workspaceFolder ?? WORKSPACE;
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'workspace' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  uri(relativePath: string): string {
    return pathToFileURL(resolve(WORKSPACE, relativePath)).href;
  }

  async open(uri: string, languageId: string, text: string): Promise<number> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
    return 1;
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  }

  /** The diagnostics published for `uri` at `version` (or later), waiting up to `timeout` ms. */
  async diagnostics(uri: string, version = this.versions.get(uri) ?? 1, timeout = 10_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const match = (this.published.get(uri) ?? []).find((params) => (params.version ?? 0) >= version);
      if (match) return match.diagnostics;
      if (this.exited) throw new Error('the server exited');
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no diagnostics for ${uri} at version ${version} within ${timeout} ms`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  /** The version of the last open or change sent for `uri`. */
  versionOf(uri: string): number {
    return this.versions.get(uri) ?? 1;
  }

  /** The latest diagnostics of `uri`, published for its current version or later, once `match` holds for them. */
  async diagnosticsWhen(uri: string, match: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const version = this.versionOf(uri);
    let latest: Diagnostic[] = [];
    await waitFor(() => {
      const publish = this.publishes(uri).at(-1);
      latest = publish?.diagnostics ?? [];
      return publish !== undefined && (publish.version ?? 0) >= version && match(latest);
    });
    return latest;
  }

  /** Every publish for `uri` so far. */
  publishes(uri: string): PublishDiagnosticsParams[] {
    return this.published.get(uri) ?? [];
  }

  /** Shuts the server down politely, but never waits more than 2 s for it: a test must not hang. */
  async stop(): Promise<void> {
    await stopServer(this.connection, this.process, this.exited);
  }
}

/** Asks a language server to shut down and exit, waiting at most 2 s, then kills it. */
export async function stopServer(connection: ProtocolConnection, child: ChildProcess, exited: boolean): Promise<void> {
  if (!exited) {
    const polite = (async () => {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
    })();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([polite.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
  }
  connection.dispose();
  child.kill('SIGKILL');
}

/** Polls until `condition` holds; throws after `timeout` ms. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A diagnostic's message as text (LSP 3.18 allows Markdown content). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** Applies LSP text edits to a text, as an editor does (positions are in the text before the edits). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///edited', 'plaintext', 0, text), edits);
}
