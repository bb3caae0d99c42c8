// Places certification issues in their files: a span, a JSON path (through the file's located
// tree) or an audit-log line becomes a 0-based line/character range.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CertificationIssue } from '../engine/certification/types.ts';
import { spanOfPath, type LNode } from '../engine/located.ts';
import { parseDocument } from '../engine/parse.ts';
import { formatOf } from '../engine/validate.ts';
import type { SourceText } from './certification-inputs.ts';

export interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export class IssueLocator {
  private readonly documents = new Map<string, { document: TextDocument; source: SourceText; root?: LNode | null }>();

  constructor(private readonly sources: ReadonlyMap<string, SourceText>) {}

  /** The absolute path of a report file name, when it was read. */
  pathOf(file: string): string | undefined {
    return this.sources.get(file)?.path;
  }

  locate(issue: CertificationIssue): Range | undefined {
    const location = issue.location;
    if (!location || !issue.file) return undefined;
    if ('line' in location) {
      const line = Math.max(0, location.line - 1);
      return { start: { line, character: 0 }, end: { line, character: 0 } };
    }
    const entry = this.entry(issue.file);
    if (!entry) return undefined;
    let span;
    if ('span' in location) {
      span = location.span;
    } else {
      if (entry.root === undefined) {
        const format = formatOf(entry.source.path);
        entry.root = (format && parseDocument(entry.source.text, format).root) || null;
      }
      if (!entry.root) return undefined;
      span = spanOfPath(entry.root, location.jsonPath, 'key');
    }
    return { start: entry.document.positionAt(span.offset), end: entry.document.positionAt(span.offset + span.length) };
  }

  private entry(file: string) {
    let entry = this.documents.get(file);
    if (!entry) {
      const source = this.sources.get(file);
      if (!source) return undefined;
      entry = { document: TextDocument.create('file:///', 'plaintext', 0, source.text), source };
      this.documents.set(file, entry);
    }
    return entry;
  }
}
