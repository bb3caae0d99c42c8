// Whether ranges (LSP, 0-based) and CLI positions (1-based) lie within a document.
import { TextDocument } from 'vscode-languageserver-textdocument';

export interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export class Bounds {
  readonly lineLengths: number[];

  constructor(readonly text: string) {
    const document = TextDocument.create('file:///bounds', 'plaintext', 0, text);
    // A line's length without its line break (\n, \r\n or \r, as the server's documents count them).
    this.lineLengths = Array.from({ length: document.lineCount }, (_, line) => document.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }) - document.offsetAt({ line, character: 0 }));
  }

  /** Why `range` is not within the document, or undefined when it is. */
  rangeProblem(range: Range): string | undefined {
    for (const [name, position] of [
      ['start', range.start],
      ['end', range.end],
    ] as const) {
      const { line, character } = position;
      if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0) return `${name} ${JSON.stringify(position)} is not a position`;
      if (line >= this.lineLengths.length) return `${name} line ${line} ≥ line count ${this.lineLengths.length}`;
      if (character > this.lineLengths[line]) return `${name} character ${character} > length ${this.lineLengths[line]} of line ${line}`;
    }
    if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) return `start after end: ${JSON.stringify(range)}`;
    return undefined;
  }

  /** The same for 1-based line and column pairs (the CLI's JSON output). */
  positionsProblem(start: { line: number; column: number }, end: { line: number; column: number }): string | undefined {
    return this.rangeProblem({ start: { line: start.line - 1, character: start.column - 1 }, end: { line: end.line - 1, character: end.column - 1 } });
  }
}
