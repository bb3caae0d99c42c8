// The latest validation of each open document, so that every language feature reads one parse
// of the current text instead of parsing it again.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { validateDocument, type Validation, type ValidationSettings } from '../engine/validate.ts';
import { DEFAULT_SETTINGS } from '../engine/validate.ts';

export class DocumentAnalyses {
  private readonly latest = new Map<string, { version: number; validation: Validation }>();
  private readonly settings = new Map<string, ValidationSettings>();

  constructor(private readonly pathOf: (uri: string) => string) {}

  /** Records a validation made for a version (diagnostics make them, with the document's settings). */
  record(document: TextDocument, validation: Validation, settings: ValidationSettings): void {
    this.latest.set(document.uri, { version: document.version, validation });
    this.settings.set(document.uri, settings);
  }

  /** The validation of the document's current text: recorded, or made now with its last settings. */
  of(document: TextDocument): Validation {
    const cached = this.latest.get(document.uri);
    if (cached && cached.version === document.version) return cached.validation;
    const settings = this.settings.get(document.uri) ?? DEFAULT_SETTINGS;
    const validation = validateDocument({ text: document.getText(), path: this.pathOf(document.uri), languageId: document.languageId }, settings);
    this.latest.set(document.uri, { version: document.version, validation });
    return validation;
  }

  forget(uri: string): void {
    this.latest.delete(uri);
    this.settings.delete(uri);
  }
}
