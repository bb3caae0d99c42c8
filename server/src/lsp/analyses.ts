// The latest validation of each open document, so that every language feature reads one parse
// of the current text instead of parsing it again, and an edit re-parses only what it touched.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { validateDocument, type Validation, type ValidationSettings } from '../engine/validate.ts';
import { DEFAULT_SETTINGS } from '../engine/validate.ts';

export class DocumentAnalyses {
  private readonly latest = new Map<string, { version: number; text: string; settings: ValidationSettings; validation: Validation }>();

  constructor(private readonly pathOf: (uri: string) => string) {}

  /**
   * The validation of the document's current text, made at most once per version and settings.
   * Without `settings` (language features) the document's last settings apply.
   */
  of(document: TextDocument, settings?: ValidationSettings): Validation {
    const cached = this.latest.get(document.uri);
    const wanted = settings ?? cached?.settings ?? DEFAULT_SETTINGS;
    if (cached && cached.version === document.version && cached.settings === wanted) return cached.validation;
    const text = document.getText();
    const previous = cached?.validation.parsed && { text: cached.text, parsed: cached.validation.parsed };
    const validation = validateDocument({ text, path: this.pathOf(document.uri), languageId: document.languageId, previous }, wanted);
    this.latest.set(document.uri, { version: document.version, text, settings: wanted, validation });
    return validation;
  }

  forget(uri: string): void {
    this.latest.delete(uri);
  }
}
