// The LSP fuzz suite's view of the built server: one long-lived dist/server.js over stdio, with
// its stderr, its window/logMessage and window/showMessage errors, and every request timed.
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
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
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { SERVER, stopServer } from '../support/lsp-client.ts';

/** Every response must arrive within this (a hang guard, not a performance test). */
export const RESPONSE_LIMIT_MS = Number(process.env.FUZZ_TIMEOUT_MS ?? 2000);

export class FuzzServer {
  /** Latest publish per URI. */
  private readonly published = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Array<() => void> = [];
  /** stderr text and error log messages since the last `takeProblems`. */
  private stderr = '';
  private logErrors: string[] = [];
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      for (const wake of this.waiters.splice(0)) wake();
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.set(params.uri, params);
      for (const wake of this.waiters.splice(0)) wake();
    });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      if (params.type === 1) this.logErrors.push(`logMessage error: ${params.message}`);
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      if (params.type === 1) this.logErrors.push(`showMessage error: ${params.message}`);
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
    // The stream closes when the server dies: that is reported through `exited`, not thrown here.
    connection.onError(() => undefined);
    connection.onClose(() => undefined);
  }

  static async start(folder: string): Promise<FuzzServer> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new FuzzServer(child, connection);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'examples' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, codeLens: { refreshSupport: true } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return server;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** stderr output that looks like a crash, and error log messages, since the last call. */
  takeProblems(): string[] {
    const problems = [...this.logErrors];
    if (/Unhandled|\n\s+at .+[:(]\d+:\d+|Error\b/.test(this.stderr)) problems.push(`stderr: ${this.stderr.slice(0, 4000)}`);
    this.stderr = '';
    this.logErrors = [];
    return problems;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.published.delete(uri);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The diagnostics published for `uri` at `version`, and how long they took; throws past `limit` ms. */
  async diagnostics(uri: string, version: number, limit = RESPONSE_LIMIT_MS): Promise<{ params: PublishDiagnosticsParams; ms: number }> {
    const started = performance.now();
    for (;;) {
      const params = this.published.get(uri);
      if (params && (params.version ?? 0) >= version) return { params, ms: performance.now() - started };
      if (this.exited) throw new Error(`the server exited (${JSON.stringify(this.exited)}) before publishing diagnostics of version ${version}`);
      const remaining = started + limit - performance.now();
      if (remaining <= 0) throw new Error(`no diagnostics for version ${version} within ${limit} ms`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  /** A request that must be answered, without an error, within `limit` ms. */
  async request<T>(method: string, params: unknown, limit = RESPONSE_LIMIT_MS): Promise<{ result: T; ms: number }> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method} not answered within ${limit} ms`)), limit);
    });
    try {
      const result = await Promise.race([this.connection.sendRequest(method, params) as Promise<T>, timeout]);
      return { result, ms: performance.now() - started };
    } catch (error) {
      if (this.exited) throw new Error(`the server exited (${JSON.stringify(this.exited)}) during ${method}`);
      throw new Error(`${method} failed: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    await stopServer(this.connection, this.child, this.exited !== undefined);
  }
}

/** Timings of a run, for the summary line and RESULTS.md, and the slowest response, to look into. */
export class Timings {
  readonly samples: number[] = [];
  slowest: { ms: number; what: string } | undefined;
  add(ms: number, what: () => string): void {
    this.samples.push(ms);
    if (ms > (this.slowest?.ms ?? -1)) this.slowest = { ms: Math.round(ms), what: what() };
  }
  summary(): { count: number; max: number; p99: number; p50: number } {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
    return { count: sorted.length, max: sorted.at(-1) ?? 0, p99: at(0.99), p50: at(0.5) };
  }
}
