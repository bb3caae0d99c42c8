// Parses JSON, JSONC, YAML and JSON Lines into the located tree. Parsing never throws: whatever is
// wrong becomes a finding with a span, and whatever parses is still returned for checking.
import * as jsonc from 'jsonc-parser';
import * as YAML from 'yaml';
import type { Finding } from './findings.ts';
import type { LArray, LNode, LProperty, Span } from './located.ts';

export type Format = 'json' | 'jsonc' | 'yaml' | 'jsonl';

export interface ParsedDocument {
  format: Format;
  /** Undefined when nothing usable parsed (an empty file, or a limit was hit). */
  root: LNode | undefined;
  problems: Finding[];
  /** False when a limit (depth, alias expansion) stopped parsing: the tree must not be judged. */
  complete: boolean;
}

/** No artifact nests this deep; past it a document is rejected instead of risking the stack. */
export const MAX_DEPTH = 256;
/** Nodes that YAML aliases may add to a document: far above any real file, far below a bomb. */
export const MAX_ALIAS_NODES = 100_000;

class LimitExceeded extends Error {
  constructor(
    readonly code: 'nesting-too-deep' | 'yaml-alias-limit',
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

export function parseDocument(text: string, format: Format): ParsedDocument {
  const problems: Finding[] = [];
  try {
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

function parseRoot(text: string, format: Format, problems: Finding[]): LNode | undefined {
  switch (format) {
    case 'json':
    case 'jsonc':
      return parseJson(text, 0, format === 'jsonc', problems);
    case 'yaml':
      return parseYaml(text, problems);
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

function tooDeep(span: Span): LimitExceeded {
  return new LimitExceeded(
    'nesting-too-deep',
    `The document nests deeper than ${MAX_DEPTH} levels; it is not checked.`,
    { offset: span.offset, length: Math.min(span.length, 1) },
  );
}

function reportDuplicateKeys(properties: LProperty[], problems: Finding[]): void {
  if (properties.length < 2) return;
  const seen = new Set<string>();
  for (const property of properties) {
    if (seen.has(property.key)) {
      problems.push({
        code: 'duplicate-key',
        severity: 'error',
        message: `Duplicate key "${property.key}": readers keep only the last value, so earlier ones are silently lost.`,
        path: [],
        span: property.keySpan,
      });
    }
    seen.add(property.key);
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

// ---------------------------------------------------------------- YAML

function parseYaml(text: string, problems: Finding[]): LNode | undefined {
  const document = YAML.parseDocument(text, {
    uniqueKeys: false, // duplicates are reported uniformly below, for JSON and YAML alike
    merge: true,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  const reported = new Set<string>();
  const report = (problem: Finding) => {
    // An unclosed flow collection 250 levels deep is one error 250 times over: report it once.
    const key = `${problem.severity} ${problem.span!.offset} ${problem.span!.length} ${problem.message}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push(problem);
  };
  for (const error of document.errors) {
    // The library reports its own stack overflow; the depth limit below reports it better.
    if (!error.message.includes('Maximum call stack')) report(yamlProblem(error, 'error', text.length));
  }
  for (const warning of document.warnings) report(yamlProblem(warning, 'warning', text.length));
  if (!document.contents) return undefined;
  const converter = new YamlConverter(document, problems);
  return converter.convert(document.contents, 0, false);
}

function yamlProblem(error: YAML.YAMLError, severity: 'error' | 'warning', textLength: number): Finding {
  // At the end of the input the library points one character past it: keep the span in the text.
  const start = Math.min(error.pos[0], textLength);
  const end = Math.min(error.pos[1], textLength);
  const message = error.code === 'MULTIPLE_DOCS'
    ? 'An artifact is one YAML document: this file holds more than one (`---`).'
    : error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return {
    code: 'syntax-error',
    severity,
    message: message.endsWith('.') ? message : `${message}.`,
    path: [],
    span: { offset: start, length: Math.max(0, end - start) },
  };
}

class YamlConverter {
  private aliasNodes = 0;

  constructor(
    private readonly document: YAML.Document.Parsed,
    private readonly problems: Finding[],
  ) {}

  convert(node: unknown, depth: number, viaAlias: boolean): LNode {
    if (YAML.isAlias(node)) return this.convertAlias(node, depth);
    if (!YAML.isNode(node)) return { type: 'scalar', value: null, offset: 0, length: 0 };
    const range = node.range;
    const offset = range ? range[0] : 0;
    const length = range ? range[1] - range[0] : 0;
    if (depth > MAX_DEPTH) throw tooDeep({ offset, length });
    if (viaAlias && ++this.aliasNodes > MAX_ALIAS_NODES) {
      throw new LimitExceeded(
        'yaml-alias-limit',
        `YAML aliases expand to more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} nodes (an alias bomb?); the document is not checked.`,
        { offset, length },
      );
    }
    if (YAML.isScalar(node)) return { type: 'scalar', value: scalarValue(node.value), offset, length };
    if (YAML.isMap(node)) return { type: 'object', properties: this.convertPairs(node, depth, viaAlias), offset, length };
    if (YAML.isSeq(node)) {
      const items: LNode[] = new Array(node.items.length);
      for (let i = 0; i < items.length; i++) items[i] = this.convert(node.items[i], depth + 1, viaAlias);
      return { type: 'array', items, offset, length };
    }
    return { type: 'scalar', value: null, offset, length };
  }

  private convertAlias(alias: YAML.Alias, depth: number): LNode {
    const target = alias.resolve(this.document);
    if (!target) {
      const [start, end] = alias.range ?? [0, 0];
      return { type: 'scalar', value: null, offset: start, length: end - start };
    }
    return this.convert(target, depth, true);
  }

  private convertPairs(map: YAML.YAMLMap, depth: number, viaAlias: boolean): LProperty[] {
    let merged: LProperty[] | undefined;
    const own: LProperty[] = [];
    for (const pair of map.items) {
      if (isMergeKey(pair.key)) {
        merged ??= [];
        for (const source of mergeSources(pair.value)) {
          const value = this.convert(source, depth + 1, viaAlias);
          if (value.type === 'object') merged.push(...value.properties);
        }
        continue;
      }
      const key = this.keyOf(pair.key);
      if (!key) continue;
      own.push({ key: key.text, keySpan: key.span, value: this.valueOf(pair.value, key.span, depth, viaAlias) });
    }
    if (!viaAlias) reportDuplicateKeys(own, this.problems);
    // Merged keys come first so that the map's own keys, later, win.
    return merged ? [...merged, ...own] : own;
  }

  private valueOf(value: unknown, keySpan: Span, depth: number, viaAlias: boolean): LNode {
    if (value === null || value === undefined) {
      return { type: 'scalar', value: null, offset: keySpan.offset + keySpan.length, length: 0 };
    }
    return this.convert(value, depth + 1, viaAlias);
  }

  private keyOf(key: unknown): { text: string; span: Span } | undefined {
    if (YAML.isScalar(key)) {
      const [start, end] = key.range ?? [0, 0];
      return { text: String(key.value), span: { offset: start, length: end - start } };
    }
    if (YAML.isNode(key)) {
      const [start, end] = key.range ?? [0, 0];
      this.problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: 'Only plain scalar keys are supported in artifacts; this complex key is ignored.',
        path: [],
        span: { offset: start, length: end - start },
      });
    }
    return undefined;
  }
}

function isMergeKey(key: unknown): boolean {
  return YAML.isScalar(key) && (key.value === '<<' || String(key.value) === 'Symbol(<<)' || key.tag === 'tag:yaml.org,2002:merge');
}

function mergeSources(value: unknown): unknown[] {
  return YAML.isSeq(value) ? value.items : [value];
}

function scalarValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
