// Drives any language server over stdio as an editor does, recording when each publishDiagnostics
// arrives, so that benchmarks can time ProdGate and other servers with the same client.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  type Diagnostic,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { stopServer } from '../../test/support/lsp-client.ts';

export interface SessionOptions {
  /** The workspace folder the server is told about. */
  folderUri: string;
  /** The answer to each item of a workspace/configuration request, by its section. */
  configuration(section: string | undefined): unknown;
}

export interface Publish {
  /** performance.now() when the notification was read. */
  at: number;
  version?: number;
  diagnostics: Diagnostic[];
}

export class LspSession {
  private readonly published = new Map<string, Publish[]>();
  private readonly waiters = new Set<() => void>();
  private exited = false;
  /** The end of the server's stderr, to say why it exited. */
  private stderr = '';
  /** How the server wants changes: TextDocumentSyncKind.Full or Incremental. */
  sync: TextDocumentSyncKind = TextDocumentSyncKind.Full;

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: ProtocolConnection,
    options: SessionOptions,
  ) {
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2000)));
    child.on('exit', () => {
      this.exited = true;
      this.wake();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const at = performance.now();
      const list = this.published.get(params.uri) ?? [];
      list.push({ at, version: params.version, diagnostics: params.diagnostics });
      this.published.set(params.uri, list);
      this.wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((item) => options.configuration(item.section)));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
  }

  /** Spawns `command` (argv, the first being the executable) and completes the initialize handshake. */
  static async start(command: string[], options: SessionOptions): Promise<LspSession> {
    const child = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(child, connection, options);
    connection.listen();
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.folderUri,
      workspaceFolders: [{ uri: options.folderUri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    const sync = result.capabilities.textDocumentSync;
    session.sync = (typeof sync === 'object' ? sync.change : sync) ?? TextDocumentSyncKind.None;
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  async open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** Sends one edit: as a range if the server syncs incrementally, else the whole `newText`. */
  async change(uri: string, version: number, edit: TextDocumentContentChangeEvent & { range: unknown }, newText: string): Promise<void> {
    const contentChanges = this.sync === TextDocumentSyncKind.Incremental ? [edit] : [{ text: newText }];
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** How many publishes for `uri` have arrived so far: pass it to `publishAfter`. */
  count(uri: string): number {
    return this.published.get(uri)?.length ?? 0;
  }

  /**
   * The first publish for `uri` after the first `seen` whose diagnostics satisfy `match` (servers
   * that publish without a version are told apart by what their diagnostics say).
   */
  async publishAfter(uri: string, seen: number, match: (diagnostics: Diagnostic[]) => boolean, timeout = 60_000): Promise<Publish> {
    const deadline = performance.now() + timeout;
    for (;;) {
      const found = (this.published.get(uri) ?? []).slice(seen).find((publish) => match(publish.diagnostics));
      if (found) return found;
      if (this.exited) throw new Error(`the server exited: ${this.stderr}`);
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new Error(`no matching diagnostics for ${uri} within ${timeout} ms`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, remaining);
        this.waiters.add(wake);
      });
    }
  }

  /** Shuts the server down politely, waiting at most 2 s before killing it. */
  async stop(): Promise<void> {
    await stopServer(this.connection, this.child, this.exited);
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
