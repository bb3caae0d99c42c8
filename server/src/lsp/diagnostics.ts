// Validates open documents and publishes their diagnostics. vscode-jsonrpc handles one queued
// message per macrotask, so a validation waits two macrotasks: edits that already arrived are
// applied first, and each supersedes the validation scheduled before it. Stale work is dropped,
// never queued.
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LocatedFinding } from '../engine/validate.ts';
import { validateDocument } from '../engine/validate.ts';
import type { Severity } from '../engine/findings.ts';
import type { SettingsStore } from './settings.ts';

interface Pending {
  cancelled: boolean;
}

export class DiagnosticsService {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly connection: Connection,
    private readonly settings: SettingsStore,
    private readonly pathOf: (uri: string) => string,
  ) {}

  schedule(document: TextDocument): void {
    this.cancel(document.uri);
    const token: Pending = { cancelled: false };
    this.pending.set(document.uri, token);
    setImmediate(() =>
      setImmediate(() => {
        if (token.cancelled) return;
        this.pending.delete(document.uri);
        void this.run(document);
      }),
    );
  }

  clear(uri: string): void {
    this.cancel(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async run(document: TextDocument): Promise<void> {
    const version = document.version;
    const settings = await this.settings.forDocument(document.uri);
    if (this.superseded(document, version)) return;
    let diagnostics: Diagnostic[] = [];
    if (settings.enable) {
      const result = validateDocument(
        { text: document.getText(), path: this.pathOf(document.uri), languageId: document.languageId },
        settings,
      );
      diagnostics = result.findings.map((item) => toDiagnostic(document, item));
    }
    await this.connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
  }

  private cancel(uri: string): void {
    const previous = this.pending.get(uri);
    if (previous) previous.cancelled = true;
    this.pending.delete(uri);
  }

  /** A newer edit arrived while this run waited: its own run will publish. */
  private superseded(document: TextDocument, version: number): boolean {
    return document.version !== version || this.pending.has(document.uri);
  }
}

function toDiagnostic(document: TextDocument, item: LocatedFinding): Diagnostic {
  return {
    range: {
      start: document.positionAt(item.span.offset),
      end: document.positionAt(item.span.offset + item.span.length),
    },
    severity: SEVERITY[item.severity],
    code: item.code,
    source: 'prodgate',
    message: item.message,
  };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};
