// Places JSON paths of files as editor links: the editor's text when a file is open, else the
// disk's; each file read and parsed once per locator.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { spanOfPath, type JsonPath, type Span } from '../engine/located.ts';
import { parseDocument } from '../engine/parse.ts';
import { formatOf } from '../engine/validate.ts';
import type { SourceLink } from './protocol.ts';

/** Places JSON paths in files: the editor's text when open, else the disk's; each file parsed once. */
export class SourceLocator {
  private readonly parsed = new Map<string, Promise<{ text: string; span: (path: JsonPath, target: 'key' | 'value') => Span } | undefined>>();

  constructor(
    private readonly root: string | undefined,
    private readonly openText: (path: string) => string | undefined,
  ) {}

  async link(file: string, path: JsonPath, target: 'key' | 'value' = 'value'): Promise<SourceLink | undefined> {
    const absolute = isAbsolute(file) ? file : resolve(this.root ?? '', file);
    let entry = this.parsed.get(absolute);
    if (!entry) {
      entry = this.load(absolute);
      this.parsed.set(absolute, entry);
    }
    const loaded = await entry;
    if (!loaded) return undefined;
    const uri = pathToFileURL(absolute).href;
    const span = loaded.span(path, target);
    // A YAML block node's span runs on to the next line: the link ends with its last character.
    let end = span.offset + span.length;
    while (end > span.offset && /\s/.test(loaded.text.charAt(end - 1))) end--;
    const document = TextDocument.create(uri, 'plaintext', 0, loaded.text);
    return { uri, range: { start: document.positionAt(span.offset), end: document.positionAt(end) } };
  }

  private async load(path: string): Promise<{ text: string; span: (path: JsonPath, target: 'key' | 'value') => Span } | undefined> {
    let text = this.openText(path);
    if (text === undefined) {
      try {
        text = await readFile(path, 'utf8');
      } catch {
        return undefined;
      }
    }
    const format = formatOf(path);
    const root = format && format !== 'jsonl' ? parseDocument(text, format).root : undefined;
    return { text, span: (jsonPath, target) => (root ? spanOfPath(root, jsonPath, target) : { offset: 0, length: 0 }) };
  }
}
