// JSON and JSONC to the located tree, through jsonc-parser: a whole document, or a value cut out
// of one (json-reparse.ts), whose spans are placed at `base` and whose nesting starts at `depth`.
import * as jsonc from 'jsonc-parser';
import type { Finding } from './findings.ts';
import type { LNode, LProperty } from './located.ts';
import { MAX_DEPTH, reportDuplicateKeys, tooDeep } from './parsed-document.ts';

/** Throws LimitExceeded (or a RangeError) when the nesting is too deep. */
export function parseJson(text: string, base: number, lenient: boolean, problems: Finding[], depth = 0): LNode | undefined {
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
  return tree ? fromJsonNode(tree, base, depth, problems) : undefined;
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
