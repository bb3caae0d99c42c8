// Folding ranges of an artifact: one per object or list that spans several lines, from the line of
// its key, and one per block of comment lines (YAML `#`, JSONC `//` and `/* */`). Documents of no
// kind get none: the editor's own JSON and YAML folding covers them.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as jsonc from 'jsonc-parser';
import type { LNode } from '../../engine/located.ts';
import { formatOf } from '../../engine/validate.ts';
import type { Feature } from './feature.ts';
import { contentEnd, writtenItems, writtenProperties } from './symbols.ts';

export const folding: Feature = {
  capabilities: { foldingRangeProvider: true },
  register(connection, { documents, analyses }) {
    connection.onFoldingRanges(({ textDocument }) => {
      const document = documents.get(textDocument.uri);
      if (!document) return null;
      const { kind, root } = analyses.of(document);
      if (!kind || !root) return null;
      const format = formatOf(document.uri, document.languageId);
      // Each JSON Lines record is one line: an audit log has nothing to fold.
      if (format === 'jsonl') return [];
      const structure = new StructureFolds(document);
      structure.addRoot(root);
      switch (format) {
        case 'yaml':
          return [...structure.ranges, ...yamlCommentFolds(document, structure.scalarLines)];
        case 'jsonc':
          return [...structure.ranges, ...jsoncCommentFolds(document)];
        default:
          return structure.ranges;
      }
    });
  },
};

/** The folds of objects and lists, and the lines inside multi-line strings (whose `#` is text). */
class StructureFolds {
  readonly ranges: FoldingRange[] = [];
  readonly scalarLines = new Set<number>();
  private readonly startLines = new Set<number>();
  private readonly text: string;

  constructor(private readonly document: TextDocument) {
    this.text = document.getText();
  }

  /**
   * The root has no key: a bracketed root (`{` or `[`) folds from its own line, but a YAML block
   * root starts on its first key's line, and folding that would hide the whole document.
   */
  addRoot(root: LNode): void {
    if (this.bracketed(root)) this.add(root, root.offset);
    else this.addContent(root);
  }

  /** Folds `node` from the line of `start` (its key, or itself), then what it holds. */
  private add(node: LNode, start: number): void {
    const startLine = this.document.positionAt(start).line;
    let endLine = this.document.positionAt(contentEnd(this.text, node)).line;
    if (node.type === 'scalar') {
      for (let line = startLine + 1; line <= endLine; line++) this.scalarLines.add(line);
      return;
    }
    // As in the editor's JSON folding, a closing bracket stays visible below the folded lines.
    if (this.bracketed(node)) endLine--;
    // One fold per line: `[{` opens a list and its first item together, and the list's fold wins.
    if (endLine > startLine && !this.startLines.has(startLine)) {
      this.startLines.add(startLine);
      this.ranges.push({ startLine, endLine });
    }
    this.addContent(node);
  }

  /** Folds what an object or a list holds. */
  private addContent(node: LNode): void {
    if (node.type === 'object') {
      for (const { keySpan, value } of writtenProperties(node)) {
        // A YAML alias's value is written (and folded) at its anchor.
        if (value.offset >= keySpan.offset + keySpan.length) this.add(value, keySpan.offset);
      }
    } else if (node.type === 'array') {
      for (const [item] of writtenItems(node)) this.add(item, item.offset);
    }
  }

  private bracketed(node: LNode): boolean {
    return this.text[node.offset] === '{' || this.text[node.offset] === '[';
  }
}

/** Blocks of YAML comment lines; a `#` line inside a block scalar or a quoted string is text. */
function yamlCommentFolds(document: TextDocument, scalarLines: ReadonlySet<number>): FoldingRange[] {
  const commentLines: number[] = [];
  document.getText().split('\n').forEach((line, index) => {
    if (/^\s*#/.test(line) && !scalarLines.has(index)) commentLines.push(index);
  });
  return commentBlocks(commentLines);
}

/** Multi-line block comments, and runs of `//` comments that stand on their own lines. */
function jsoncCommentFolds(document: TextDocument): FoldingRange[] {
  const text = document.getText();
  const scanner = jsonc.createScanner(text, false);
  const ranges: FoldingRange[] = [];
  const lineComments: number[] = [];
  for (let token = scanner.scan(); token !== jsonc.SyntaxKind.EOF; token = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const startLine = scanner.getTokenStartLine();
    if (token === jsonc.SyntaxKind.BlockCommentTrivia) {
      const endLine = document.positionAt(offset + scanner.getTokenLength()).line;
      if (endLine > startLine) ranges.push({ startLine, endLine, kind: FoldingRangeKind.Comment });
    } else if (token === jsonc.SyntaxKind.LineCommentTrivia && text.slice(offset - scanner.getTokenStartCharacter(), offset).trim() === '') {
      lineComments.push(startLine);
    }
  }
  return [...ranges, ...commentBlocks(lineComments)];
}

/** One comment fold per run of two or more consecutive comment lines (given in order). */
function commentBlocks(lines: readonly number[]): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i < lines.length && lines[i] === lines[i - 1] + 1) continue;
    if (i - 1 > start) ranges.push({ startLine: lines[start], endLine: lines[i - 1], kind: FoldingRangeKind.Comment });
    start = i;
  }
  return ranges;
}
