// Completion in every artifact kind, in JSON, JSONC, JSON Lines and YAML: the keys an object may
// still take (with a snippet of their value's shape), the values a key allows, and what the gates
// and the workspace know: required metrics, the catalog's connectors, the actions the workspace's
// agent policies use, and the names a governance condition can use.
//
// The document being edited is usually not valid at the cursor, so where the cursor is comes from
// the text (jsonc-parser's scanner for JSON, indentation for YAML); the parsed tree only says which
// keys and list items are already there.
import { basename } from 'node:path';
import * as jsonc from 'jsonc-parser';
import { stringify as yamlStringify } from 'yaml';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { AANA_CATALOG } from '../../engine/certification/catalog.ts';
import { kindById, type KindId } from '../../engine/kinds/index.ts';
import { childOf, type JsonPath, type LNode, type Scalar } from '../../engine/located.ts';
import type { JsonSchema } from '../../engine/schema.ts';
import {
  CONDITION_TERMS,
  connectorMarkdown,
  keyDocumentation,
  keyPathOf,
  keysOf,
  metricMarkdown,
  metricRequirers,
  policyConnectors,
  policyMetrics,
  roleAt,
  schemaAt,
  typeLabel,
  typesOf,
  valueChoices,
  type ConditionTerm,
  type MetricList,
  type SchemaKey,
  type WorkspaceArtifact,
} from '../../engine/schema-navigation.ts';
import { formatOf, type Validation } from '../../engine/validate.ts';
import { asStrings, get, has, isObject } from '../../engine/values.ts';
import { uriToPath } from '../workspace-index.ts';
import type { Feature, FeatureContext } from './feature.ts';

export const completion: Feature = {
  capabilities: { completionProvider: { triggerCharacters: ['"', ':', ' ', '-'] } },
  register(connection, context) {
    connection.onCompletion(async ({ textDocument, position }): Promise<CompletionList | null> => {
      // Metrics, connectors and actions come from the workspace too: wait for its first scan.
      await context.index.ready();
      const document = context.documents.get(textDocument.uri);
      return document ? complete(document, document.offsetAt(position), context) : null;
    });
  },
};

function complete(document: TextDocument, offset: number, context: FeatureContext): CompletionList | null {
  const validation = context.analyses.of(document);
  const kind = validation.kind;
  const schema = kind && kindById(kind)?.schema;
  if (!kind || !schema) return null;
  const text = document.getText();
  // Past the size or nesting limits a document is not checked (only an empty one has no parse),
  // and reading the cursor's place in it (jsonc-parser recurses per level) could exhaust the stack.
  const checked = validation.parsed ? validation.parsed.complete : text.trim() === '';
  if (!checked) return null;
  const format = formatOf(document.uri, document.languageId);
  let slot: Slot | undefined;
  let syntax: Syntax = JSON_SYNTAX;
  if (format === 'yaml') {
    slot = yamlSlot(text, offset, schema);
    syntax = yamlSyntax(indentUnitOf(text));
  } else if (format === 'jsonl') {
    slot = jsonLinesSlot(text, offset);
  } else if (format) {
    slot = jsonSlot(text, offset);
  }
  if (!slot) return null;
  const completer = new Completer(document, text, offset, kind, schema, validation, slot, syntax, context);
  const candidates = [...(slot.objectPath ? completer.keys(slot.objectPath) : []), ...(slot.valuePath ? completer.values(slot.valuePath) : [])];
  return candidates.length > 0 ? { isIncomplete: false, items: completer.items(candidates) } : null;
}

/** What the cursor can complete, and the text a completion replaces. */
interface Slot {
  /** The object whose missing keys are offered. */
  objectPath?: JsonPath;
  /** The value offered for: a property's (the path ends in its key) or a list item's (in its index). */
  valuePath?: JsonPath;
  /** The partial word a completion replaces (its quotes included): offsets around the cursor. */
  start: number;
  end: number;
  /** Inserted first: a space after a bare `:` or `-`, or `- ` to start a list item on an empty line. */
  prefix: string;
  /** The key being typed already has its colon: only the name is replaced. */
  keyHasColon: boolean;
  /** JSON: a comma, when another member follows the inserted one. */
  suffix: string;
  /** JSON: where the previous member ended without the comma the inserted one needs. */
  missingCommaAt?: number;
}

// ---------------------------------------------------------------- JSON

/** Characters of a key or bare word being typed: anything but JSON's punctuation and spaces. */
const JSON_WORD = /[^\s"{}[\],:]/;

function jsonSlot(text: string, offset: number): Slot | undefined {
  const location = jsonc.getLocation(text, offset);
  const path = location.path;
  if (location.isAtPropertyKey) {
    const token = jsonWordToken(text, offset);
    const keyHasColon = nextSignificant(text, token.end) === ':';
    return { objectPath: path.slice(0, -1), ...token, prefix: '', keyHasColon, suffix: keyHasColon ? '' : memberFollows(text, token.end) };
  }
  if (path.length === 0) return undefined;
  const { literal, ...token } = jsonValueToken(text, offset, location.previousNode);
  const before = previousSignificant(text, token.start);
  const last = path[path.length - 1];
  if (!literal && before >= 0 && !':[,{'.includes(text[before])) {
    // The cursor follows a complete member that has no comma after it: it starts the next member.
    const container = path.slice(0, -1);
    const next: Slot = { ...token, prefix: '', keyHasColon: false, suffix: memberFollows(text, token.end), missingCommaAt: before + 1 };
    return typeof last === 'number' ? { ...next, valuePath: [...container, last + 1] } : { ...next, objectPath: container };
  }
  return { valuePath: path, ...token, prefix: text[token.start - 1] === ':' ? ' ' : '', keyHasColon: false, suffix: literal ? '' : memberFollows(text, token.end) };
}

/** The key or bare word around the cursor, with its quotes. */
function jsonWordToken(text: string, offset: number): { start: number; end: number } {
  let start = offset;
  while (start > 0 && JSON_WORD.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && JSON_WORD.test(text[end])) end++;
  if (text[start - 1] === '"') {
    start--;
    if (text[end] === '"') end++;
  }
  return { start, end };
}

/** The value around the cursor: the literal the scanner found there, or a word being typed. */
function jsonValueToken(text: string, offset: number, literal: jsonc.Node | undefined): { start: number; end: number; literal: boolean } {
  if (literal && literal.type !== 'property' && offset >= literal.offset && offset <= literal.offset + literal.length) {
    if (literal.type !== 'string') return { start: literal.offset, end: literal.offset + literal.length, literal: true };
    // An unterminated string runs to the end of the line in the scanner; the completion replaces only up to the cursor.
    return { start: literal.offset, end: closingQuote(text, offset) ?? offset, literal: true };
  }
  return { ...jsonWordToken(text, offset), literal: false };
}

/** The offset after the `"` closing the string the cursor is in, if it closes on this line. */
function closingQuote(text: string, offset: number): number | undefined {
  for (let i = offset; i < text.length && text[i] !== '\n'; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return undefined;
}

function previousSignificant(text: string, index: number): number {
  let i = index - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return i;
}

/** The first character after `offset` that is not white space. */
function nextSignificant(text: string, offset: number): string | undefined {
  let i = offset;
  while (i < text.length && /\s/.test(text[i])) i++;
  return text[i];
}

/** `,` when another member starts after `offset` (a key, or a list item's value): JSON needs one between them. */
function memberFollows(text: string, offset: number): string {
  const next = nextSignificant(text, offset);
  return next !== undefined && '"{['.includes(next) ? ',' : '';
}

/** Where the line holding `offset` starts. */
function lineStartOf(text: string, offset: number): number {
  return offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** One record per line: the line is completed as JSON, under its record's index. */
function jsonLinesSlot(text: string, offset: number): Slot | undefined {
  const lineStart = lineStartOf(text, offset);
  const lineEnd = text.indexOf('\n', offset);
  // Records are numbered by the non-blank lines before, as the parser numbers them.
  let record = 0;
  for (let start = 0; start < lineStart; ) {
    const end = text.indexOf('\n', start);
    if (text.slice(start, end).trim() !== '') record++;
    start = end + 1;
  }
  const slot = jsonSlot(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd), offset - lineStart);
  if (!slot) return undefined;
  return {
    ...slot,
    start: slot.start + lineStart,
    end: slot.end + lineStart,
    ...(slot.objectPath ? { objectPath: [record, ...slot.objectPath] } : {}),
    ...(slot.valuePath ? { valuePath: [record, ...slot.valuePath] } : {}),
    ...(slot.missingCommaAt !== undefined ? { missingCommaAt: slot.missingCommaAt + lineStart } : {}),
  };
}

// ---------------------------------------------------------------- YAML

/** An open block of the YAML text above the cursor. */
interface Block {
  type: 'map' | 'seq';
  column: number;
  path: JsonPath;
  /** seq: the index of its current item. */
  item: number;
  /** map: its last key, when that key's value is a block below it (nothing follows its colon). */
  openKey?: string;
}

/** The nesting of YAML block collections, followed line by line through their indentation. */
class YamlBlocks {
  private readonly stack: Block[] = [];

  /** Closes the blocks a line starting at `column` ends: deeper ones, and a sequence unless the line continues it. */
  close(column: number, continuesSequence: boolean): Block | undefined {
    for (let top = this.stack.at(-1); top; top = this.stack.at(-1)) {
      if (top.column < column || (top.column === column && (top.type === 'map' || continuesSequence))) return top;
      this.stack.pop();
    }
    return undefined;
  }

  /** The path of a new collection at `column`: under the open key, or in the current item. Undefined under a key whose value is on its own line. */
  childPath(column: number): JsonPath | undefined {
    const top = this.close(column, true);
    if (!top) return [];
    if (top.type === 'seq') return top.column < column ? [...top.path, top.item] : undefined;
    // A sequence may sit at its key's own column ("indentless").
    return top.openKey !== undefined ? [...top.path, top.openKey] : undefined;
  }

  /** The mapping a key at `column` is in, opened by its first key. */
  mapAt(column: number): Block | undefined {
    const top = this.close(column, false);
    if (top?.type === 'map' && top.column === column) return top;
    const path = this.childPath(column);
    if (!path) return undefined;
    const map: Block = { type: 'map', column, path, item: 0 };
    this.stack.push(map);
    return map;
  }

  /** The sequence a dash at `column` adds an item to, opened by its first dash. */
  nextItem(column: number): Block | undefined {
    const top = this.close(column, true);
    if (top?.type === 'seq' && top.column === column) {
      top.item++;
      return top;
    }
    const path = this.childPath(column);
    if (!path) return undefined;
    const seq: Block = { type: 'seq', column, path, item: 0 };
    this.stack.push(seq);
    return seq;
  }

  /** Where an empty line's cursor at `column` would add: the next item of a sequence there, or a key. */
  entryAt(column: number): { seq: Block } | { objectPath: JsonPath } | undefined {
    const top = this.close(column, true);
    if (top?.type === 'seq' && top.column === column) return { seq: top };
    if (top?.type === 'map' && top.column === column) return { objectPath: top.path };
    const path = this.childPath(column);
    return path && { objectPath: path };
  }
}

/** A `key:` at `column` of a line: the key, where its text ends (quotes included) and its colon. */
function yamlKeyAt(line: string, column: number): { name: string; end: number; colon: number } | undefined {
  const first = line[column];
  if (first === '"' || first === "'") {
    let close = column + 1;
    while (close < line.length && line[close] !== first) close += line[close] === '\\' && first === '"' ? 2 : 1;
    let colon = close + 1;
    while (line[colon] === ' ') colon++;
    if (close >= line.length || !isSeparator(line, colon)) return undefined;
    return { name: line.slice(column + 1, close), end: close + 1, colon };
  }
  if (first === undefined || '[{#&*!|>%@`'.includes(first)) return undefined;
  for (let i = column; i < line.length; i++) {
    if (isSeparator(line, i)) {
      const name = line.slice(column, i).trimEnd();
      return { name, end: column + name.length, colon: i };
    }
    if (line[i] === '#' && /\s/.test(line[i - 1])) return undefined;
  }
  return undefined;
}

/** A colon that separates a key from its value (followed by a space or the end of the line). */
function isSeparator(line: string, index: number): boolean {
  return line[index] === ':' && (index + 1 === line.length || line[index + 1] === ' ' || line[index + 1] === '\t');
}

function skipSpaces(line: string, index: number): number {
  while (line[index] === ' ') index++;
  return index;
}

/** The end of the scalar starting at `start`: its closing quote, or the comment or end of the line (trailing spaces left out). */
function scalarEnd(line: string, start: number): number {
  const quote = line[start];
  if (quote === '"' || quote === "'") {
    for (let i = start + 1; i < line.length; i++) {
      if (line[i] === '\\' && quote === '"') i++;
      else if (line[i] === quote) return i + 1;
    }
    return line.length;
  }
  const comment = line.slice(start).search(/\s#/);
  const end = comment === -1 ? line.length : start + comment;
  return start + line.slice(start, end).trimEnd().length;
}

/** A block scalar header (`|`, `>-`, …): the lines below it, more indented, are text. */
const BLOCK_SCALAR = /^[|>][-+0-9]*\s*(#.*)?$/;

/** Follows the blocks of one line above the cursor; returns the column a block scalar starts under, if one does. */
function followLine(blocks: YamlBlocks, line: string): number | undefined {
  const indent = skipSpaces(line, 0);
  if (indent === line.length || line[indent] === '#' || (indent === 0 && /^(---|\.\.\.|%)/.test(line))) return undefined;
  let column = indent;
  while (line[column] === '-' && (column + 1 === line.length || line[column + 1] === ' ')) {
    if (!blocks.nextItem(column)) return undefined;
    column = skipSpaces(line, column + 1);
    if (column === line.length) return undefined; // the item's content is on the lines below
  }
  const key = yamlKeyAt(line, column);
  if (!key) return undefined;
  const map = blocks.mapAt(column);
  if (!map) return undefined;
  const value = line.slice(key.colon + 1).trim();
  map.openKey = value === '' || value.startsWith('#') ? key.name : undefined;
  return BLOCK_SCALAR.test(value) ? column : undefined;
}

/** The cursor's slot in YAML, from the blocks the lines above it open. */
function yamlSlot(text: string, offset: number, schema: JsonSchema): Slot | undefined {
  const lineStart = lineStartOf(text, offset);
  const blocks = new YamlBlocks();
  let blockScalar: number | undefined;
  for (let start = 0; start < lineStart; ) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (blockScalar !== undefined) {
      const indent = skipSpaces(line, 0);
      if (indent === line.length || indent > blockScalar) continue;
      blockScalar = undefined;
    }
    blockScalar = followLine(blocks, line);
  }

  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, '');
  const cursor = offset - lineStart;
  const at = (start: number, end: number) => ({ start: lineStart + start, end: lineStart + end });
  const indent = skipSpaces(line, 0);
  if (blockScalar !== undefined && Math.min(indent, cursor) > blockScalar) return undefined; // text of a `|` or `>` scalar
  if (indent === line.length) {
    // An empty line: what the cursor's column would add to.
    const entry = blocks.entryAt(cursor);
    if (!entry) return undefined;
    const base = { ...at(cursor, cursor), keyHasColon: false, suffix: '' };
    if ('seq' in entry) {
      const item = [...entry.seq.path, entry.seq.item + 1];
      return { ...base, objectPath: item, valuePath: item, prefix: '- ' };
    }
    if (typesOf(schemaAt(schema, entry.objectPath) ?? {}).includes('array')) {
      const item = [...entry.objectPath, 0];
      return { ...base, objectPath: item, valuePath: item, prefix: '- ' };
    }
    return { ...base, objectPath: entry.objectPath, prefix: '' };
  }
  if (cursor < indent || line[indent] === '#') return undefined;

  let column = indent;
  let item: JsonPath | undefined;
  while (line[column] === '-' && column < cursor && (column + 1 === line.length || line[column + 1] === ' ')) {
    const seq = blocks.nextItem(column);
    if (!seq) return undefined;
    item = [...seq.path, seq.item];
    column = skipSpaces(line, column + 1);
  }
  if (column > cursor) return undefined;
  const prefix = line[cursor - 1] === '-' && column === cursor ? ' ' : '';

  let key = yamlKeyAt(line, column);
  // In a list of scalars, `read:ticket` and a bare `read:` are values, not keys.
  if (key && item && !isKeyOf(schemaAt(schema, item), key.name)) key = undefined;
  if (key && key.colon < cursor) {
    const map = blocks.mapAt(column);
    if (!map) return undefined;
    const valueStart = skipSpaces(line, key.colon + 1);
    const base = { keyHasColon: false, suffix: '', prefix: cursor === key.colon + 1 ? ' ' : '' };
    if (valueStart > cursor) return { ...base, ...at(cursor, cursor), valuePath: [...map.path, key.name] };
    if (line[valueStart] === '{' || /\s#/.test(line.slice(valueStart, cursor))) return undefined;
    if (line[valueStart] === '[') {
      const flowItem = flowSequenceItem(line, valueStart, cursor);
      return flowItem && { ...base, ...at(flowItem.start, flowItem.end), valuePath: [...map.path, key.name, flowItem.index] };
    }
    return { ...base, ...at(valueStart, Math.max(scalarEnd(line, valueStart), cursor)), valuePath: [...map.path, key.name] };
  }
  if (key) {
    // Editing a key that already has its colon: only the name is replaced.
    const map = blocks.mapAt(column);
    return map && { ...at(column, Math.max(key.end, cursor)), objectPath: map.path, prefix: '', keyHasColon: true, suffix: '' };
  }
  if (/\s#/.test(line.slice(column, cursor))) return undefined;
  const end = Math.max(scalarEnd(line, column), cursor);
  if (item) return { ...at(column, end), objectPath: item, valuePath: item, prefix, keyHasColon: false, suffix: '' };
  const map = blocks.mapAt(column);
  return map && { ...at(column, end), objectPath: map.path, prefix, keyHasColon: false, suffix: '' };
}

/** Whether `name` is a key of the object a list item may be (not part of a scalar item such as `read:ticket`). */
function isKeyOf(node: JsonSchema | undefined, name: string): boolean {
  if (!node) return true;
  const types = typesOf(node);
  if (!types.some((type) => type !== 'object')) return true;
  return types.includes('object') && isObject(node.properties) && has(node.properties, name);
}

/** The item of a one-line flow sequence (`[a, b]`) the cursor is in. */
function flowSequenceItem(line: string, open: number, cursor: number): { index: number; start: number; end: number } | undefined {
  let index = 0;
  let start = open + 1;
  for (let i = open + 1; i <= line.length; i++) {
    const char = line[i];
    if (char === '"' || char === "'") {
      i = scalarEnd(line, i) - 1;
    } else if (char === ',' || char === ']' || i === line.length) {
      if (cursor <= i) {
        const itemStart = Math.min(skipSpaces(line, start), cursor);
        return { index, start: itemStart, end: Math.max(itemStart + line.slice(itemStart, i).trimEnd().length, cursor) };
      }
      if (char === ']') return undefined;
      index++;
      start = i + 1;
    }
  }
  return undefined;
}

/** The document's indentation step (the smallest indentation of its first lines), 2 by default. */
function indentUnitOf(text: string): string {
  let unit = 0;
  const head = text.slice(0, 8192).split('\n');
  for (const line of head) {
    const indent = skipSpaces(line, 0);
    if (indent > 0 && indent < line.length && line[indent] !== '#' && (unit === 0 || indent < unit)) unit = indent;
  }
  return ' '.repeat(unit || 2);
}

// ---------------------------------------------------------------- what is inserted

/** How a format writes what completion inserts, as snippet text. */
interface Syntax {
  /** A key with a snippet of its value's shape. */
  member(name: string, value: JsonSchema, root: JsonSchema): string;
  /** A key alone, its colon already written. */
  keyName(name: string): string;
  scalar(value: Scalar): string;
  /** A string the user keeps typing in: the cursor ends inside it. */
  openString(text: string): string;
}

/** Literal text inside a snippet. */
function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/** A snippet choice of values, or undefined when the schema does not enumerate them. */
function choice(node: JsonSchema, render: (value: Scalar) => string): string | undefined {
  if (!Array.isArray(node.enum)) return undefined;
  const values = node.enum.filter((value): value is Scalar => value !== null && typeof value !== 'object');
  return values.length > 0 ? `\${1|${values.map((value) => render(value).replace(/[$}\\,|]/g, '\\$&')).join(',')}|}` : undefined;
}

/** The value's type that shapes its snippet: the first of a union that is not null. */
function shapeType(node: JsonSchema): string | undefined {
  return typesOf(node).find((type) => type !== 'null');
}

/** The key a new object's snippet starts with: its first required key, else its first key. */
function firstKey(root: JsonSchema, node: JsonSchema) {
  const keys = keysOf(root, node);
  return keys.find((key) => key.required) ?? keys[0];
}

const JSON_SYNTAX: Syntax = {
  member: (name, value, root) => `${JSON_SYNTAX.keyName(name)}: ${jsonShape(value, root, true)}`,
  keyName: (name) => escapeSnippet(JSON.stringify(name)),
  scalar: (value) => escapeSnippet(JSON.stringify(value)),
  openString: (text) => `${escapeSnippet(JSON.stringify(text).slice(0, -1))}$0"`,
};

function jsonShape(node: JsonSchema, root: JsonSchema, outer: boolean): string {
  // A string enum is a choice inside the quotes: "${1|promote,demote|}".
  const strings = shapeType(node) === 'string';
  const enumerated = choice(node, (value) => (strings ? JSON.stringify(value).slice(1, -1) : JSON.stringify(value)));
  if (enumerated) return strings ? `"${enumerated}"` : enumerated;
  switch (shapeType(node)) {
    case 'object': {
      const first = outer ? firstKey(root, node) : undefined;
      return first ? `{\n\t${JSON_SYNTAX.keyName(first.name)}: ${jsonShape(first.schema, root, false)}\n}` : '{$1}';
    }
    case 'array':
      return '[$1]';
    case 'string':
      return '"$1"';
    case 'boolean':
      return '${1|true,false|}';
    default:
      return '$1';
  }
}

function yamlScalarText(value: Scalar): string {
  return yamlStringify(value, { lineWidth: 0 }).trimEnd();
}

function yamlSyntax(indent: string): Syntax {
  const shape = (node: JsonSchema, root: JsonSchema, depth: number): string => {
    const enumerated = choice(node, yamlScalarText);
    if (enumerated) return ` ${enumerated}`;
    const nested = indent.repeat(depth);
    switch (shapeType(node)) {
      case 'object': {
        const first = depth === 1 ? firstKey(root, node) : undefined;
        return first ? `\n${nested}${escapeSnippet(first.name)}:${shape(first.schema, root, depth + 1)}` : `\n${nested}$1`;
      }
      case 'array':
        return `\n${nested}- $1`;
      case 'boolean':
        return ' ${1|true,false|}';
      default:
        return ' $1';
    }
  };
  return {
    member: (name, value, root) => `${escapeSnippet(name)}:${shape(value, root, 1)}`,
    keyName: (name) => escapeSnippet(name),
    scalar: (value) => escapeSnippet(yamlScalarText(value)),
    openString: (text) => `${escapeSnippet(text)}$0`,
  };
}

// ---------------------------------------------------------------- candidates

interface Candidate {
  label: string;
  kind: CompletionItemKind;
  /** Snippet text (without the slot's prefix and suffix). */
  insert: string;
  detail?: string;
  documentation?: string;
  /** Replaces this instead of the slot's token (a name inside a condition); no prefix or suffix then. */
  within?: { start: number; end: number };
  /** Ask for completions again after inserting: a verb's resources, a new key's values. */
  retrigger?: boolean;
}

const TERM_KINDS: Record<ConditionTerm['kind'], CompletionItemKind> = {
  scorecard: CompletionItemKind.Variable,
  threshold: CompletionItemKind.Constant,
  keyword: CompletionItemKind.Keyword,
};

class Completer {
  constructor(
    private readonly document: TextDocument,
    private readonly text: string,
    private readonly offset: number,
    private readonly kind: KindId,
    private readonly schema: JsonSchema,
    private readonly validation: Validation,
    private readonly slot: Slot,
    private readonly syntax: Syntax,
    private readonly context: FeatureContext,
  ) {}

  /** The keys the object at `path` does not have yet, in schema order with the required ones first. */
  keys(path: JsonPath): Candidate[] {
    const node = schemaAt(this.schema, path);
    if (!node) return [];
    const present = new Set<string>();
    const object = this.nodeAt(path);
    if (object?.type === 'object') {
      for (const property of object.properties) if (!this.holdsCursor(property.keySpan)) present.add(property.key);
    }
    const keys = keysOf(this.schema, node).filter((key) => !present.has(key.name));
    // Required keys first; `$schema` last, as it is rarely typed by hand.
    const rank = (key: SchemaKey) => (key.required ? 0 : key.name === '$schema' ? 2 : 1);
    const ordered = [...keys].sort((a, b) => rank(a) - rank(b));
    return ordered.map((key) => ({
      label: key.name,
      kind: CompletionItemKind.Property,
      insert: this.slot.keyHasColon ? this.syntax.keyName(key.name) : this.syntax.member(key.name, key.schema, this.schema),
      detail: typeLabel(this.schema, key.schema),
      documentation: keyDocumentation(this.kind, [...path, key.name]),
      retrigger: !this.slot.keyHasColon && this.suggestsValues([...path, key.name], key.schema),
    }));
  }

  /**
   * Whether a key's value (a list's items) has suggestions an enum snippet does not already show:
   * metrics, connectors, actions, condition names or known values. The editor then asks again
   * once the key is inserted.
   */
  private suggestsValues(path: JsonPath, node: JsonSchema): boolean {
    const valuePath = typesOf(node).includes('array') ? [...path, 0] : path;
    const role = roleAt(this.kind, valuePath)?.role;
    if (role && role !== 'threshold') return true;
    const choices = valueChoices(this.kind, valuePath);
    return !choices.closed && choices.values.some((value) => typeof value !== 'boolean');
  }

  /** The values the value at `path` can take: what its role in the gates names, then the schema's choices. */
  values(path: JsonPath): Candidate[] {
    const role = roleAt(this.kind, path);
    const candidates: Candidate[] = [];
    if (role?.role === 'metric-list') candidates.push(...this.metrics(role));
    else if (role?.role === 'connector') candidates.push(...this.connectors());
    else if (role?.role === 'agent-action') candidates.push(...this.actions());
    else if (role?.role === 'condition') candidates.push(...this.conditionTerms());
    const documentation = keyDocumentation(this.kind, keyPathOf(path));
    const choices = valueChoices(this.kind, path);
    for (const value of choices.values) {
      const label = String(value);
      if (candidates.some((candidate) => candidate.label === label)) continue;
      candidates.push({ label, kind: choices.closed ? CompletionItemKind.EnumMember : CompletionItemKind.Value, insert: this.syntax.scalar(value), documentation });
    }
    const taken = this.takenValues(path);
    return candidates.filter((candidate) => candidate.within || !taken.has(candidate.label));
  }

  private metrics(list: MetricList): Candidate[] {
    const policies = this.certificationPolicies();
    const names = new Set([...list.required, ...(list.tracksPolicyMetrics ? policies.flatMap(policyMetrics) : [])]);
    return [...names].map((metric) => {
      const requirers = metricRequirers(list, metric, policies);
      const by = [...(requirers.builtIn ? ['AANA'] : []), ...requirers.policies.map((policy) => basename(policy.path))];
      return {
        label: metric,
        kind: CompletionItemKind.Value,
        insert: this.syntax.scalar(metric),
        detail: `required by ${by.join(', ')}`,
        documentation: metricMarkdown(list, metric, policies),
      };
    });
  }

  /** The catalog's connectors, those a certification policy of the workspace requires first. */
  private connectors(): Candidate[] {
    const policies = this.certificationPolicies();
    const required = new Set(policies.flatMap(policyConnectors));
    const catalog = [...AANA_CATALOG.filter((entry) => required.has(entry.id)), ...AANA_CATALOG.filter((entry) => !required.has(entry.id))];
    return catalog.map((integration) => ({
      label: integration.id,
      kind: CompletionItemKind.Module,
      insert: this.syntax.scalar(integration.id),
      detail: integration.requiredSourceIds.join(', '),
      documentation: connectorMarkdown(integration.id, policies),
    }));
  }

  /**
   * The verbs, resources and concrete actions the workspace's agent policies use. Without a colon
   * typed yet, verbs (then resources) and whole actions; after `verb:`, that verb on every resource.
   */
  private actions(): Candidate[] {
    const typed = unquote(this.text.slice(this.slot.start, this.offset));
    const vocabulary = actionVocabulary(this.agentPolicies());
    const colon = typed.indexOf(':');
    if (colon !== -1) {
      const verb = typed.slice(0, colon);
      const withVerb = [...vocabulary.resources].filter(([, verbs]) => verbs.has(verb));
      const others = [...vocabulary.resources].filter(([, verbs]) => !verbs.has(verb));
      return [...withVerb, ...others].map(([resource, verbs]) => ({
        label: `${verb}:${resource}`,
        kind: CompletionItemKind.Value,
        insert: this.syntax.scalar(`${verb}:${resource}`),
        detail: `resource used with ${[...verbs].join(', ')}`,
      }));
    }
    return [
      ...[...vocabulary.verbs].map(([verb, files]) => ({
        label: `${verb}:`,
        kind: CompletionItemKind.Function,
        insert: this.syntax.openString(`${verb}:`),
        detail: `verb used in ${[...files].join(', ')}`,
        retrigger: true,
      })),
      ...[...vocabulary.actions].map(([action, files]) => ({
        label: action,
        kind: CompletionItemKind.Value,
        insert: this.syntax.scalar(action),
        detail: `in ${[...files].join(', ')}`,
      })),
    ];
  }

  /** Scorecard and threshold names and Python keywords; inside an expression, for the word at the cursor. */
  private conditionTerms(): Candidate[] {
    const { start, end } = this.slot;
    const expression = this.text.slice(start, end).replace(/^["']|["']$/g, '');
    // In an expression, the name at the cursor is completed; an empty condition gets its first name, quoted as the format needs.
    let within: { start: number; end: number } | undefined;
    if (expression.trim() !== '') {
      within = { start: this.offset, end: this.offset };
      while (within.start > start && /\w/.test(this.text[within.start - 1])) within.start--;
      while (within.end < end && /\w/.test(this.text[within.end])) within.end++;
    }
    return CONDITION_TERMS.map((term) => ({
      label: term.name,
      kind: TERM_KINDS[term.kind],
      insert: within ? escapeSnippet(term.name) : this.syntax.openString(term.name),
      detail: term.kind,
      documentation: term.description,
      ...(within ? { within } : {}),
    }));
  }

  /**
   * Values already used where each may appear once: the other items of the list, and the ids of the
   * list's other entries (connector ids, alert ids, …).
   */
  private takenValues(path: JsonPath): Set<string> {
    const taken = new Set<string>();
    const last = path[path.length - 1];
    const add = (node: LNode | undefined) => {
      if (node?.type === 'scalar' && node.value !== null && !this.holdsCursor(node)) taken.add(String(node.value));
    };
    if (typeof last === 'number') {
      const list = this.nodeAt(path.slice(0, -1));
      if (list?.type === 'array') list.items.forEach(add);
    } else if (typeof path[path.length - 2] === 'number' && /(^|_)id$/.test(last)) {
      const list = this.nodeAt(path.slice(0, -2));
      if (list?.type === 'array') for (const entry of list.items) add(childOf(entry, last));
    }
    return taken;
  }

  /** The completion items, in the candidates' order, replacing the slot's token. */
  items(candidates: Candidate[]): CompletionItem[] {
    const { slot, document } = this;
    const range = (start: number, end: number): Range => ({ start: document.positionAt(start), end: document.positionAt(end) });
    // A token that opens with a quote is matched with its quote: the label alone would never match what was typed.
    const quote = /^["']/.test(this.text[slot.start] ?? '') ? this.text[slot.start] : '';
    const commaEdit = slot.missingCommaAt === undefined ? undefined : [{ range: range(slot.missingCommaAt, slot.missingCommaAt), newText: ',' }];
    return candidates.map((candidate, order): CompletionItem => ({
      label: candidate.label,
      kind: candidate.kind,
      ...(candidate.detail ? { detail: candidate.detail } : {}),
      ...(candidate.documentation ? { documentation: { kind: 'markdown', value: candidate.documentation } } : {}),
      sortText: String(order).padStart(4, '0'),
      filterText: candidate.within ? candidate.label : `${quote}${candidate.label}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: candidate.within
        ? { range: range(candidate.within.start, candidate.within.end), newText: candidate.insert }
        : { range: range(slot.start, slot.end), newText: `${escapeSnippet(slot.prefix)}${candidate.insert}${slot.suffix}` },
      ...(commaEdit && !candidate.within ? { additionalTextEdits: commaEdit } : {}),
      ...(candidate.retrigger ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
    }));
  }

  private nodeAt(path: JsonPath): LNode | undefined {
    let node = this.validation.root;
    for (const segment of path) node = node && childOf(node, segment);
    return node;
  }

  /** Whether a span of the tree is the token being completed (its partial key or value is not "already there"). */
  private holdsCursor(span: { offset: number; length: number }): boolean {
    return this.offset >= span.offset && this.offset <= span.offset + span.length;
  }

  private certificationPolicies(): WorkspaceArtifact[] {
    return this.context.index.byKind('certification-policy');
  }

  /** The workspace's agent policies, this document's current text among them. */
  private agentPolicies(): { name: string; value: unknown }[] {
    const path = uriToPath(this.document.uri);
    return [
      { name: basename(path ?? this.document.uri), value: this.validation.value },
      ...this.context.index
        .byKind('agent-policy')
        .filter((artifact) => artifact.path !== path)
        .map((artifact) => ({ name: basename(artifact.path), value: artifact.validation?.value })),
    ];
  }
}

function unquote(token: string): string {
  return token.replace(/^["']/, '');
}

interface ActionVocabulary {
  /** Verb → the files that use it. */
  verbs: Map<string, Set<string>>;
  /** Resource → the verbs it is used with. */
  resources: Map<string, Set<string>>;
  /** Concrete verb:resource action → the files that use it. */
  actions: Map<string, Set<string>>;
}

/** What agent policies' permissions name; wildcards are left out, they are never a suggestion. */
function actionVocabulary(policies: { name: string; value: unknown }[]): ActionVocabulary {
  const vocabulary: ActionVocabulary = { verbs: new Map(), resources: new Map(), actions: new Map() };
  const add = (map: Map<string, Set<string>>, key: string, value: string) => map.set(key, (map.get(key) ?? new Set()).add(value));
  for (const policy of policies) {
    const permissions = get(policy.value, 'permissions');
    const escalate = get(permissions, 'escalate');
    const entries = [
      ...asStrings(get(permissions, 'allow')),
      ...asStrings(get(permissions, 'deny')),
      ...asStrings(escalate),
      ...(Array.isArray(escalate) ? asStrings(escalate.map((entry) => get(entry, 'action'))) : []),
    ];
    for (const entry of entries) {
      const colon = entry.indexOf(':');
      if (colon <= 0) continue;
      const verb = entry.slice(0, colon);
      const resource = entry.slice(colon + 1);
      if (verb.includes('*')) continue;
      add(vocabulary.verbs, verb, policy.name);
      if (resource === '' || resource.includes('*')) continue;
      add(vocabulary.resources, resource, verb);
      add(vocabulary.actions, entry, policy.name);
    }
  }
  return vocabulary;
}
