// Validates open documents and publishes their diagnostics. A validation waits for the current
// burst of edits to settle into one macrotask; an edit that arrives before it runs, or while its
// settings are being fetched, supersedes it, so stale work is dropped rather than queued.
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LocatedFinding } from '../engine/validate.ts';
import { validateDocument } from '../engine/validate.ts';
import type { Severity } from '../engine/findings.ts';
import type { SettingsStore } from './settings.ts';

export class DiagnosticsService {
  private readonly pending = new Map<string, NodeJS.Immediate>();

  constructor(
    private readonly connection: Connection,
    private readonly settings: SettingsStore,
    private readonly pathOf: (uri: string) => string,
  ) {}

  schedule(document: TextDocument): void {
    const previous = this.pending.get(document.uri);
    if (previous) clearImmediate(previous);
    this.pending.set(
      document.uri,
      setImmediate(() => {
        this.pending.delete(document.uri);
        void this.run(document);
      }),
    );
  }

  clear(uri: string): void {
    const previous = this.pending.get(uri);
    if (previous) clearImmediate(previous);
    this.pending.delete(uri);
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
