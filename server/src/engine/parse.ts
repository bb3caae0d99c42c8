// Parses JSON, JSONC, YAML and JSON Lines into the located tree. Parsing never throws: whatever is
// wrong becomes a finding with a span, and whatever parses is still returned for checking.
import * as jsonc from 'jsonc-parser';
import type { Finding } from './findings.ts';
import type { LArray, LNode, LProperty } from './located.ts';
import { LimitExceeded, MAX_DEPTH, reportDuplicateKeys, tooDeep, type Format, type ParsedDocument } from './parsed-document.ts';
import { reparseYaml, type PreviousParse } from './yaml-reparse.ts';
import { parseYaml } from './yaml-tree.ts';

export type { Format, ParsedDocument } from './parsed-document.ts';
export type { PreviousParse } from './yaml-reparse.ts';
export { MAX_ALIAS_NODES, MAX_DEPTH } from './parsed-document.ts';

/**
 * `previous`, the parse of the text before an edit, lets a YAML document re-parse only the
 * entry the edit touched; the result is the same as parsing the whole text.
 */
export function parseDocument(text: string, format: Format, previous?: PreviousParse): ParsedDocument {
  if (format === 'yaml' && previous) {
    const reparsed = reparseYaml(previous, text);
    if (reparsed) return reparsed;
  }
  const problems: Finding[] = [];
  try {
    if (format === 'yaml') {
      const tree = parseYaml(text, problems);
      return { format, root: tree.root, problems, complete: true, independentEntries: tree.independentEntries };
    }
    const root = parseRoot(text, format, problems);
    return { format, root, problems, complete: true };
  } catch (error) {
    if (error instanceof LimitExceeded) {
      problems.push({ code: error.code, severity: 'error', message: error.message, path: [], span: error.span });
    } else if (error instanceof RangeError) {
      // A parser library recursed past the stack: only a pathological nesting does that.
      problems.push({
        code: 'nesting-too-deep',
        severity: 'error',
        message: `The document nests too deeply to check (more than ${MAX_DEPTH} levels).`,
        path: [],
        span: { offset: 0, length: 0 },
      });
    } else {
      throw error;
    }
    return { format, root: undefined, problems, complete: false };
  }
}

function parseRoot(text: string, format: Exclude<Format, 'yaml'>, problems: Finding[]): LNode | undefined {
  switch (format) {
    case 'json':
    case 'jsonc':
      return parseJson(text, 0, format === 'jsonc', problems);
    case 'jsonl':
      return parseJsonLines(text, problems);
  }
}

// ---------------------------------------------------------------- JSON

function parseJson(text: string, base: number, lenient: boolean, problems: Finding[]): LNode | undefined {
  const errors: jsonc.ParseError[] = [];
  const tree = jsonc.parseTree(text, errors, { allowTrailingComma: lenient, disallowComments: !lenient });
  for (const error of errors) {
    problems.push({
      code: 'syntax-error',
      severity: 'error',
      message: jsonErrorMessage(error.error),
      path: [],
      span: { offset: base + error.offset, length: error.length },
    });
  }
  return tree ? fromJsonNode(tree, base, 0, problems) : undefined;
}

function jsonErrorMessage(code: jsonc.ParseErrorCode): string {
  switch (code) {
    case jsonc.ParseErrorCode.InvalidSymbol:
      return 'Invalid symbol.';
    case jsonc.ParseErrorCode.InvalidNumberFormat:
      return 'Invalid number format.';
    case jsonc.ParseErrorCode.PropertyNameExpected:
      return 'Property name expected.';
    case jsonc.ParseErrorCode.ValueExpected:
      return 'Value expected.';
    case jsonc.ParseErrorCode.ColonExpected:
      return 'Colon expected.';
    case jsonc.ParseErrorCode.CommaExpected:
      return 'Comma expected.';
    case jsonc.ParseErrorCode.CloseBraceExpected:
      return 'Closing brace `}` expected.';
    case jsonc.ParseErrorCode.CloseBracketExpected:
      return 'Closing bracket `]` expected.';
    case jsonc.ParseErrorCode.EndOfFileExpected:
      return 'End of file expected: only one value is allowed.';
    case jsonc.ParseErrorCode.InvalidCommentToken:
      return 'Comments are not permitted in JSON (use a .jsonc file for comments).';
    case jsonc.ParseErrorCode.UnexpectedEndOfComment:
      return 'Unexpected end of comment.';
    case jsonc.ParseErrorCode.UnexpectedEndOfString:
      return 'Unexpected end of string.';
    case jsonc.ParseErrorCode.UnexpectedEndOfNumber:
      return 'Unexpected end of number.';
    case jsonc.ParseErrorCode.InvalidUnicode:
      return 'Invalid unicode escape sequence.';
    case jsonc.ParseErrorCode.InvalidEscapeCharacter:
      return 'Invalid escape character in string.';
    case jsonc.ParseErrorCode.InvalidCharacter:
      return 'Invalid character in string (control characters must be escaped).';
  }
}

function fromJsonNode(node: jsonc.Node, base: number, depth: number, problems: Finding[]): LNode {
  const span = { offset: base + node.offset, length: node.length };
  if (depth > MAX_DEPTH) throw tooDeep(span);
  switch (node.type) {
    case 'object': {
      const properties: LProperty[] = [];
      for (const child of node.children ?? []) {
        const [keyNode, valueNode] = child.children ?? [];
        if (!keyNode || !valueNode) continue; // an incomplete property: already a syntax error
        properties.push({
          key: String(keyNode.value),
          keySpan: { offset: base + keyNode.offset, length: keyNode.length },
          value: fromJsonNode(valueNode, base, depth + 1, problems),
        });
      }
      reportDuplicateKeys(properties, problems);
      return { type: 'object', properties, ...span };
    }
    case 'array':
      return {
        type: 'array',
        items: (node.children ?? []).map((child) => fromJsonNode(child, base, depth + 1, problems)),
        ...span,
      };
    case 'property': // never a value node; kept for exhaustiveness
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return { type: 'scalar', value: node.value ?? null, ...span };
  }
}



// ---------------------------------------------------------------- JSON Lines

/** One record per non-blank line; the tree is an array of records, indexed in order. */
function parseJsonLines(text: string, problems: Finding[]): LArray {
  const items: LNode[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    if (line.trim() !== '') {
      const node = parseJson(line, start, false, problems);
      if (node) items.push(node);
    }
    start = end + 1;
  }
  return { type: 'array', items, offset: 0, length: text.length };
}
