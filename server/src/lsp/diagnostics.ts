// Validates open documents and publishes their diagnostics. vscode-jsonrpc handles one queued
// message per macrotask, so a validation waits two macrotasks: edits that already arrived are
// applied first, and each supersedes the validation scheduled before it. Stale work is dropped,
// never queued.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CertificationIssue } from '../engine/certification/types.ts';
import { CODES } from '../engine/codes.ts';
import type { Finding, Severity } from '../engine/findings.ts';
import { spanOfPath } from '../engine/located.ts';
import { applySuppressions, commentPrefixOf, ignoreEntriesFor } from '../engine/suppressions.ts';
import type { LocatedFinding, Validation, ValidationSettings } from '../engine/validate.ts';
import type { ServerSettings, SettingsStore } from './settings.ts';

/** What the server does around each validation: index it, and add what other files say about it. */
export interface DiagnosticsHooks {
  /** The document's validation for these settings (shared with the language features). */
  validate(document: TextDocument, settings: ValidationSettings): Validation;
  /** Records a fresh validation in the index; true when other open documents may need new cross-file diagnostics. */
  validated(document: TextDocument, validation: Validation): boolean;
  /** Issues about this document that come from other files (cross-file gates, the override key). */
  crossFile(document: TextDocument, validation: Validation, settings: ServerSettings): CertificationIssue[];
  /** Findings that need more than the document's text (its workspace's environment, paths it names); they may read files. */
  environmental(document: TextDocument, validation: Validation, settings: ServerSettings): Promise<Finding[]>;
  /** The document's path relative to its workspace folder, which ignore entries name. */
  relativePath(uri: string): string;
  /** The other open documents, to refresh when this one changed. */
  others(uri: string): TextDocument[];
}

interface Pending {
  cancelled: boolean;
}

export class DiagnosticsService {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly connection: Connection,
    private readonly settings: SettingsStore,
    private readonly hooks: DiagnosticsHooks,
  ) {}

  /** `cascade`: also refresh the other open documents if this one's change can affect them. */
  schedule(document: TextDocument, cascade = true): void {
    this.cancel(document.uri);
    const token: Pending = { cancelled: false };
    this.pending.set(document.uri, token);
    setImmediate(() =>
      setImmediate(() => {
        if (token.cancelled) return;
        this.pending.delete(document.uri);
        void this.run(document, cascade);
      }),
    );
  }

  clear(uri: string): void {
    this.cancel(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async run(document: TextDocument, cascade: boolean): Promise<void> {
    const version = document.version;
    const settings = await this.settings.forDocument(document.uri);
    if (this.superseded(document, version)) return;
    let diagnostics: Diagnostic[] = [];
    let affectsOthers = false;
    if (settings.enable) {
      const result = this.hooks.validate(document, settings);
      affectsOthers = this.hooks.validated(document, result);
      const findings: LocatedFinding[] = [...result.findings];
      const environmental = await this.hooks.environmental(document, result, settings);
      if (this.superseded(document, version)) return;
      for (const item of environmental) {
        const span = item.span ?? (result.root ? spanOfPath(result.root, item.path, item.target) : undefined);
        if (span) findings.push({ ...item, span });
      }
      if (result.root) {
        for (const issue of this.hooks.crossFile(document, result, settings)) {
          if (issue.location && 'jsonPath' in issue.location) {
            findings.push({ ...issue, severity: issue.level, code: issue.code ?? 'certification', path: issue.location.jsonPath, span: spanOfPath(result.root, issue.location.jsonPath) });
          }
        }
      }
      const shown = applySuppressions(
        findings,
        document.getText(),
        commentPrefixOf(document.languageId),
        { rules: settings.rules, ignore: ignoreEntriesFor(this.hooks.relativePath(document.uri), settings.ignore) },
        result.root,
      );
      diagnostics = shown.findings.map((item) => toDiagnostic(document, item));
    }
    await this.connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
    if (cascade && affectsOthers) for (const other of this.hooks.others(document.uri)) this.schedule(other, false);
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
    ...(Object.hasOwn(CODES, item.code) ? { codeDescription: { href: ruleDocumentation(item.code) } } : {}),
    source: 'prodgate',
    message: item.message,
  };
}

/** The rule's page, shipped with the server (dist/server.js → docs/rules/<code>.md). */
function ruleDocumentation(code: string): string {
  return pathToFileURL(resolve(__dirname, '..', 'docs', 'rules', `${code}.md`)).href;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};
