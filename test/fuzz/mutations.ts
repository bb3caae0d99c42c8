// The fuzz suite's mutations of the example documents, as fast-check arbitraries.
//
// A mutant is a seed plus a list of operations. Each operation holds plain numbers ("pick the n-th
// value", "at offset n") that are resolved against the text it is applied to (modulo its size), so
// fast-check shrinks operations independently of the text. Applying an operation yields text edits;
// the edits of all operations, in order, turn the seed into the mutant, and the LSP suite sends them
// as a sequence of incremental didChange events.
//
// Text operations: character and line insertions and deletions, type flips of values, unicode
// (astral, combining, RTL, BOM, lone surrogates, U+FFFD, NUL, line separators), huge numbers,
// deep nesting, duplicated lines (duplicate keys), YAML anchors, aliases, tags and merge keys, and
// truncation. Tree operations parse the current text (yaml, jsonc-parser, JSON per line for JSON
// Lines), change one node and serialise it again, so the mutant stays near-valid and reaches the
// kinds' semantic rules rather than only the parser.
import fc from 'fast-check';
import * as jsonc from 'jsonc-parser';
import * as YAML from 'yaml';
import type { Seed, SeedFormat } from './seeds.ts';

/** Replace `length` characters at `offset` with `text`. */
export interface Edit {
  offset: number;
  length: number;
  text: string;
}

export function applyEdit(text: string, edit: Edit): string {
  return text.slice(0, edit.offset) + edit.text + text.slice(edit.offset + edit.length);
}

// ---------------------------------------------------------------- pools

export const UNICODE = [
  '\u{1F600}', // astral (a surrogate pair)
  '\u{10FFFF}',
  '\u{1D54F}',
  'e\u0301', // combining acute
  '\u0301\u0301\u0301', // combining marks with no base
  '\u202E', // RTL override
  '\u200F', // RTL mark
  '\u061C',
  '\u0645\u0631\u062D\u0628\u0627', // Arabic
  '\uFEFF', // BOM
  '\uD800', // lone high surrogate
  '\uDC00', // lone low surrogate
  '\uDBFF\uDBFF',
  '\uFFFD',
  '\u0000',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u200B',
  '\u000B',
  '\u001B[31m',
  '\r',
  '\r\n',
  '\t',
  '\u4E2D\u6587',
  'I\u0307',
  '\u00DF',
  '\uFB01',
];

export const HUGE_NUMBERS = [
  '1e308',
  '-1e308',
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '-0.0',
  '18446744073709551616',
  '9007199254740993',
  '-9223372036854775809',
  '123456789012345678901234567890123456789',
  '1.7976931348623157e309',
  '4.9e-324',
  '0.1e-99999',
  '99999999999999999999e99999',
  'NaN',
  'Infinity',
  '-Infinity',
  '.inf',
  '-.inf',
  '.nan',
  '0x7fffffffffffffff',
  '0o777',
  '1_000_000',
  '+1',
  '01',
  '1.',
  '.5',
  '5e',
];

const SYNTAX = ['{', '}', '[', ']', ':', ',', '"', "'", '-', '#', '&', '*', '!', '|', '>', '?', '%', '@', '`', '\\', '\n', ' ', '  ', '\n  ', ': ', '- ', '//', '/*', '*/', '\n---\n', '\n...\n'];

const YAML_PREFIXES = ['&a ', '&b ', '!!binary ', '!custom ', '!!str ', '!!int ', '!!float ', '!!map ', '!!seq ', '!!set ', '!!omap ', '!!timestamp ', '!!null ', '!<tag:yaml.org,2002:str> ', '!local!x ', '? '];
const YAML_VALUES = ['*a', '*b', '*missing', '&a {x: 1}', '&b [1, 2]', '!!binary aGVsbG8=', '!!binary "not base64 ~"', '!custom {a: 1}', '!!int "12"', '!!str 12', '!!float .nan', '!!set {a, b}', '!!omap [a: 1, b: 2]', '!!timestamp 2001-12-14', '!!timestamp not-a-date', '!!map [1]', '|\n  block\n', '>-\n  folded\n', '"\\u0000"', '"\\uD800"', "'it''s'", '~', 'yes', 'no', 'on', 'off', 'Y', '0b101', '2026-13-45'];
const YAML_LINES = ['<<: *a', '<<: [*a, *b]', 'anchor_source: &a {x: 1, y: [2, 3]}', 'list_source: &b [1, 2]', '---', '...', '%YAML 1.2\n---', '%YAML 1.1\n---', '%TAG ! tag:example.com,2000:', '? [complex, key]\n: value', '? {a: 1}\n: v', 'key: |\n  block', 'key: >-\n  folded', '# comment', '- item', '\tx: 1', '"unterminated: x', "'single: x", 'a: b: c', '!!binary aGVsbG8=', '*a', '&a', '<<: {z: 1}'];

const FLIP_JSON = ['"text"', '""', '0', '42', '-1.5', 'true', 'false', 'null', '[]', '[1, "a", null]', '{}', '{"k": 1}', '{"__proto__": {"x": 1}}'];
const FLIP_YAML = [...FLIP_JSON, '~', 'text', '{k: 1}', '[a, b]', '"true"', "'42'"];

// ---------------------------------------------------------------- operations

export type Op =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'insertLine'; line: number; text: string }
  | { op: 'deleteLines'; line: number; count: number }
  | { op: 'duplicateLine'; line: number; times: number }
  | { op: 'flip'; pick: number; to: number }
  | { op: 'huge'; pick: number; value: string }
  | { op: 'nest'; pick: number; depth: number; map: boolean; closed: boolean }
  | { op: 'yamlPrefix'; pick: number; prefix: string }
  | { op: 'yamlValue'; pick: number; value: string }
  | { op: 'yamlLine'; line: number; text: string; indent: boolean }
  | { op: 'truncate'; at: number }
  | { op: 'tree'; pick: number; other: number; action: TreeAction; payload: number };

export const TREE_ACTIONS = ['delete', 'flip', 'raw', 'unicodeValue', 'unicodeKey', 'renameKey', 'duplicateKey', 'addKey', 'nest', 'empty', 'copyOther', 'duplicateItem', 'anchorAlias', 'mergeKey'] as const;
export type TreeAction = (typeof TREE_ACTIONS)[number];

const position = fc.nat({ max: 1_000_000 });
const shortText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...UNICODE) },
  { weight: 4, arbitrary: fc.constantFrom(...SYNTAX) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.nat({ max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);
const depth = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 40 }) }, { weight: 2, arbitrary: fc.integer({ min: 250, max: 262 }) }, { weight: 1, arbitrary: fc.integer({ min: 1000, max: 5000 }) });

const treeOpArbitrary = fc.record({ op: fc.constant('tree' as const), pick: position, other: position, action: fc.constantFrom(...TREE_ACTIONS), payload: fc.nat({ max: 1_000_000 }) });

export const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, text: shortText }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, length: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 400 })) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insertLine' as const), line: position, text: fc.oneof(shortText, fc.constantFrom(...YAML_LINES)) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('deleteLines' as const), line: position, count: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), line: position, times: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('flip' as const), pick: position, to: fc.nat({ max: 100 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('huge' as const), pick: position, value: fc.constantFrom(...HUGE_NUMBERS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('nest' as const), pick: position, depth, map: fc.boolean(), closed: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('yamlPrefix' as const), pick: position, prefix: fc.constantFrom(...YAML_PREFIXES) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('yamlValue' as const), pick: position, value: fc.constantFrom(...YAML_VALUES) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('yamlLine' as const), line: position, text: fc.constantFrom(...YAML_LINES), indent: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  { weight: 10, arbitrary: treeOpArbitrary },
);

export interface Mutant {
  seed: Seed;
  ops: Op[];
}

/** A seed and its operations: a third of the mutants only change the tree, so they stay near-valid. */
export function mutantArbitrary(seeds: readonly Seed[], maxOps = 4): fc.Arbitrary<Mutant> {
  const ops = fc.oneof(
    { weight: 2, arbitrary: fc.array(opArbitrary, { minLength: 1, maxLength: maxOps }) },
    { weight: 1, arbitrary: fc.array<Op>(treeOpArbitrary, { minLength: 1, maxLength: 3 }) },
  );
  return fc.record({ seed: fc.constantFrom(...seeds), ops });
}

/** The edits that turn the seed into the mutant, each against the text the ones before it left. */
export function mutate(mutant: Mutant): { edits: Edit[]; text: string } {
  let text = mutant.seed.text;
  const edits: Edit[] = [];
  // Tree operations first: they need text that still parses; the text operations then break it.
  const ordered = [...mutant.ops.filter((op) => op.op === 'tree'), ...mutant.ops.filter((op) => op.op !== 'tree')];
  for (const op of ordered) {
    for (const edit of editsOf(op, text, mutant.seed.format)) {
      if (edit.length === 0 && edit.text === '') continue;
      edits.push(edit);
      text = applyEdit(text, edit);
    }
  }
  return { edits, text };
}

// ---------------------------------------------------------------- text operations

interface Line {
  start: number;
  /** End of the line's content, before its line break. */
  end: number;
  /** After its line break. */
  next: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  for (let match = breaks.exec(text); match; match = breaks.exec(text)) {
    lines.push({ start, end: match.index, next: match.index + match[0].length });
    start = match.index + match[0].length;
  }
  lines.push({ start, end: text.length, next: text.length });
  return lines;
}

/** Scalar values as tokens: quoted strings, numbers, literals, and YAML plain values after `: ` or `- `. */
function scalarTokens(text: string, format: SeedFormat): Array<{ offset: number; length: number }> {
  const tokens: Array<{ offset: number; length: number }> = [];
  const json = /"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\btrue\b|\bfalse\b|\bnull\b/g;
  const yaml = /(?<=(?::|^\s*-) )[^\s#{}[\],&*!|>][^\n#{}[\],]*/gm;
  const pattern = format === 'yaml' || format === 'markdown' || format === 'shellscript' ? yaml : json;
  // Tokens of huge files: the first 20,000 are plenty to pick from.
  for (let match = pattern.exec(text); match && tokens.length < 20_000; match = pattern.exec(text)) {
    if (match[0].length > 0) tokens.push({ offset: match.index, length: match[0].trimEnd().length || match[0].length });
  }
  return tokens;
}

function pickToken(text: string, format: SeedFormat, pick: number): { offset: number; length: number } {
  const tokens = scalarTokens(text, format);
  if (tokens.length === 0) return { offset: pick % (text.length + 1), length: 0 };
  return tokens[pick % tokens.length];
}

function editsOf(op: Op, text: string, format: SeedFormat): Edit[] {
  const at = (n: number) => n % (text.length + 1);
  switch (op.op) {
    case 'insert':
      return [{ offset: at(op.at), length: 0, text: op.text }];
    case 'delete': {
      const offset = at(op.at);
      return [{ offset, length: Math.min(op.length, text.length - offset), text: '' }];
    }
    case 'truncate': {
      const offset = at(op.at);
      return [{ offset, length: text.length - offset, text: '' }];
    }
    case 'insertLine':
    case 'yamlLine': {
      const lines = linesOf(text);
      const line = lines[op.line % lines.length];
      const indent = op.op === 'yamlLine' && op.indent ? /^[ \t]*/.exec(text.slice(line.start, line.end))![0] : '';
      return [{ offset: line.start, length: 0, text: `${indent}${op.text.replace(/\n/g, `\n${indent}`)}\n` }];
    }
    case 'deleteLines': {
      const lines = linesOf(text);
      const first = op.line % lines.length;
      const last = Math.min(lines.length - 1, first + op.count - 1);
      return [{ offset: lines[first].start, length: lines[last].next - lines[first].start, text: '' }];
    }
    case 'duplicateLine': {
      const lines = linesOf(text);
      const line = lines[op.line % lines.length];
      const copy = `${text.slice(line.start, line.end)}\n`;
      return [{ offset: line.start, length: 0, text: copy.repeat(op.times) }];
    }
    case 'flip': {
      const token = pickToken(text, format, op.pick);
      const pool = format === 'yaml' ? FLIP_YAML : FLIP_JSON;
      return [{ ...token, text: pool[op.to % pool.length] }];
    }
    case 'huge':
      return [{ ...pickToken(text, format, op.pick), text: op.value }];
    case 'nest': {
      const token = pickToken(text, format, op.pick);
      const value = text.slice(token.offset, token.offset + token.length) || '1';
      const open = op.map ? (format === 'yaml' ? '{a: ' : '{"a": ') : '[';
      const close = op.map ? '}' : ']';
      return [{ ...token, text: `${open.repeat(op.depth)}${value}${op.closed ? close.repeat(op.depth) : ''}` }];
    }
    case 'yamlPrefix': {
      const token = pickToken(text, format, op.pick);
      return [{ offset: token.offset, length: 0, text: op.prefix }];
    }
    case 'yamlValue':
      return [{ ...pickToken(text, format, op.pick), text: op.value }];
    case 'tree': {
      const mutated = treeMutation(text, format, op);
      return mutated === undefined || mutated === text ? [] : [diff(text, mutated)];
    }
  }
}

/** One edit from `before` to `after`: what lies between their common prefix and suffix. */
export function diff(before: string, after: string): Edit {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { offset: prefix, length: before.length - prefix - suffix, text: after.slice(prefix, after.length - suffix) };
}

// ---------------------------------------------------------------- tree operations

type Path = Array<string | number>;

/** Values a tree operation writes, raw: placeholders in the tree, replaced after serialising. */
const RAW_VALUES = [...HUGE_NUMBERS, '"\\uD800"', '"\\u0000"', '"\\uFFFD"'];
const RAW_YAML_VALUES = [...HUGE_NUMBERS, ...YAML_VALUES.filter((value) => !value.includes('\n'))];
const FLIP_VALUES: unknown[] = ['text', '', 0, 42, -1.5, true, false, null, [], [1, 'a', null], {}, { k: 1 }, ['*'], { enabled: 'yes' }];

function treeMutation(text: string, format: SeedFormat, op: Extract<Op, { op: 'tree' }>): string | undefined {
  try {
    switch (format) {
      case 'json': {
        const errors: jsonc.ParseError[] = [];
        const value = jsonc.parse(text, errors, { allowTrailingComma: true });
        if (errors.length > 0 || value === undefined) return undefined;
        return mutateJson(value, op, /^\{\s*\n(\s+)/.exec(text)?.[1]?.length ?? 2);
      }
      case 'jsonl': {
        const lines = text.split('\n');
        const candidates = lines.map((line, index) => ({ line, index })).filter(({ line }) => line.trim() !== '');
        if (candidates.length === 0) return undefined;
        const { line, index } = candidates[op.other % candidates.length];
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          return undefined;
        }
        const mutated = mutateJson(value, { ...op, other: Math.floor(op.other / candidates.length) }, 0);
        if (mutated === undefined) return undefined;
        lines[index] = mutated.replace(/\n/g, ' ');
        return lines.join('\n');
      }
      case 'yaml':
        return mutateYaml(text, op);
      case 'markdown':
      case 'shellscript':
        return mutateLines(text, op);
    }
  } catch {
    // A serialiser that cannot write what the operation made: no mutation, not a finding.
    return undefined;
  }
}

function pathsOf(value: unknown, path: Path = [], into: Path[] = []): Path[] {
  into.push(path);
  if (into.length > 5000) return into;
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...path, index], into));
  else if (value !== null && typeof value === 'object') for (const key of Object.keys(value)) pathsOf((value as Record<string, unknown>)[key], [...path, key], into);
  return into;
}

function getAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const step of path) current = (current as Record<string | number, unknown>)[step];
  return current;
}

function unicodeString(payload: number): string {
  return `${UNICODE[payload % UNICODE.length]}value${UNICODE[Math.floor(payload / UNICODE.length) % UNICODE.length]}`;
}

function nested(value: unknown, levels: number, map: boolean): unknown {
  let result = value;
  for (let i = 0; i < levels; i++) result = map ? { a: result } : [result];
  return result;
}

function nestLevels(payload: number): number {
  return [3, 20, 255, 256, 257, 300, 2000][payload % 7];
}

function mutateJson(root: unknown, op: Extract<Op, { op: 'tree' }>, indent: number): string | undefined {
  const paths = pathsOf(root);
  const path = paths[op.pick % paths.length];
  const raws: string[] = [];
  const raw = (text: string) => {
    raws.push(text);
    return `__fuzz_raw_${raws.length - 1}__`;
  };
  const wrapper = { root };
  const fullPath: Path = ['root', ...path];
  const parent = getAt(wrapper, fullPath.slice(0, -1)) as Record<string | number, unknown>;
  const key = fullPath.at(-1)!;
  const current = parent[key];
  const set = (value: unknown) => {
    parent[key] = value;
  };
  const objectAt = (value: unknown): Record<string, unknown> | undefined =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  switch (op.action) {
    case 'delete':
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete parent[key];
      break;
    case 'flip':
      set(FLIP_VALUES[op.payload % FLIP_VALUES.length]);
      break;
    case 'raw':
    case 'anchorAlias':
    case 'mergeKey':
      set(raw(RAW_VALUES[op.payload % RAW_VALUES.length]));
      break;
    case 'unicodeValue':
      set(unicodeString(op.payload));
      break;
    case 'unicodeKey':
    case 'renameKey': {
      if (typeof key !== 'string' || Array.isArray(parent)) return undefined;
      const renamed = op.action === 'unicodeKey' ? `${key}${UNICODE[op.payload % UNICODE.length]}` : renameKey(key, op.payload);
      const entries = Object.entries(parent).map(([name, value]) => [name === key ? renamed : name, value] as const);
      for (const name of Object.keys(parent)) delete parent[name];
      for (const [name, value] of entries) parent[name] = value;
      break;
    }
    case 'duplicateKey': {
      const object = objectAt(current) ?? (Array.isArray(parent) ? undefined : parent);
      const names = object ? Object.keys(object) : [];
      if (!object || names.length === 0) return undefined;
      const name = names[op.payload % names.length];
      // JSON.stringify cannot write a key twice: a placeholder key, renamed after serialising.
      object[raw(JSON.stringify(name))] = FLIP_VALUES[op.other % FLIP_VALUES.length];
      break;
    }
    case 'addKey': {
      const object = objectAt(current) ?? (Array.isArray(parent) ? undefined : parent);
      if (!object) return undefined;
      object[['unknown_field', '__proto__', 'constructor', '$schema', '', ' '][op.payload % 6]] = FLIP_VALUES[op.other % FLIP_VALUES.length];
      break;
    }
    case 'nest':
      set(nested(current, nestLevels(op.payload), op.payload % 2 === 0));
      break;
    case 'empty':
      set(Array.isArray(current) ? [] : objectAt(current) ? {} : '');
      break;
    case 'copyOther':
      set(structuredClone(getAt(root, paths[op.other % paths.length])));
      break;
    case 'duplicateItem': {
      const list = Array.isArray(current) ? current : Array.isArray(parent) ? parent : undefined;
      if (!list || list.length === 0) return undefined;
      list.splice(op.payload % list.length, 0, structuredClone(list[op.other % list.length]));
      break;
    }
  }
  let text = JSON.stringify(wrapper.root, null, indent);
  if (text === undefined) return undefined;
  raws.forEach((value, index) => {
    text = text.split(`"__fuzz_raw_${index}__"`).join(value);
  });
  return `${text}\n`;
}

function renameKey(key: string, payload: number): string {
  switch (payload % 5) {
    case 0:
      return key.slice(1);
    case 1:
      return key.toUpperCase();
    case 2:
      return `${key}_`;
    case 3:
      return key.replace(/_/g, '-');
    default:
      return ` ${key}`;
  }
}

function mutateYaml(text: string, op: Extract<Op, { op: 'tree' }>): string | undefined {
  const document = YAML.parseDocument(text, { uniqueKeys: false });
  if (document.errors.length > 0 || !YAML.isNode(document.contents)) return undefined;
  const paths: Path[] = [];
  const walk = (node: unknown, path: Path) => {
    paths.push(path);
    if (paths.length > 5000) return;
    if (YAML.isMap(node)) {
      for (const pair of node.items) if (YAML.isScalar(pair.key) && (typeof pair.key.value === 'string' || typeof pair.key.value === 'number')) walk(pair.value, [...path, pair.key.value]);
    } else if (YAML.isSeq(node)) node.items.forEach((item, index) => walk(item, [...path, index]));
  };
  walk(document.contents, []);
  const path = paths[op.pick % paths.length];
  const other = paths[op.other % paths.length];
  const raws: string[] = [];
  const raw = (value: string) => {
    raws.push(value);
    return `__fuzz_raw_${raws.length - 1}__`;
  };
  const node = path.length === 0 ? document.contents : document.getIn(path, true);
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length === 0 ? document.contents : document.getIn(parentPath, true);
  const key = path.at(-1);
  const set = (value: unknown) => {
    if (path.length === 0) document.contents = document.createNode(value) as typeof document.contents;
    else document.setIn(path, value);
  };
  switch (op.action) {
    case 'delete':
      if (path.length === 0) return undefined;
      document.deleteIn(path);
      break;
    case 'flip':
      set(document.createNode(FLIP_VALUES[op.payload % FLIP_VALUES.length]));
      break;
    case 'raw':
      set(raw(RAW_YAML_VALUES[op.payload % RAW_YAML_VALUES.length]));
      break;
    case 'unicodeValue':
      set(unicodeString(op.payload));
      break;
    case 'unicodeKey':
    case 'renameKey': {
      if (!YAML.isMap(parent) || typeof key !== 'string') return undefined;
      const pair = parent.items.find((item) => YAML.isScalar(item.key) && item.key.value === key);
      if (!pair || !YAML.isScalar(pair.key)) return undefined;
      pair.key.value = op.action === 'unicodeKey' ? `${key}${UNICODE[op.payload % UNICODE.length]}` : renameKey(key, op.payload);
      break;
    }
    case 'duplicateKey': {
      const map = YAML.isMap(node) ? node : YAML.isMap(parent) ? parent : undefined;
      if (!map || map.items.length === 0) return undefined;
      const pair = map.items[op.payload % map.items.length];
      map.items.push(document.createPair(YAML.isScalar(pair.key) ? pair.key.value : 'dup', FLIP_VALUES[op.other % FLIP_VALUES.length]));
      break;
    }
    case 'addKey': {
      const map = YAML.isMap(node) ? node : YAML.isMap(parent) ? parent : undefined;
      if (!map) return undefined;
      map.items.push(document.createPair(['unknown_field', '__proto__', 'constructor', '$schema', '', '<<'][op.payload % 6], FLIP_VALUES[op.other % FLIP_VALUES.length]));
      break;
    }
    case 'nest':
      set(nested(YAML.isNode(node) ? node.toJSON() : node, nestLevels(op.payload), op.payload % 2 === 0));
      break;
    case 'empty':
      set(YAML.isSeq(node) ? [] : YAML.isMap(node) ? {} : '');
      break;
    case 'copyOther': {
      const source = other.length === 0 ? document.contents : document.getIn(other, true);
      set(YAML.isNode(source) ? source.clone() : source);
      break;
    }
    case 'duplicateItem': {
      const seq = YAML.isSeq(node) ? node : YAML.isSeq(parent) ? parent : undefined;
      if (!seq || seq.items.length === 0) return undefined;
      const item = seq.items[op.other % seq.items.length];
      seq.items.splice(op.payload % seq.items.length, 0, YAML.isNode(item) ? item.clone() : item);
      break;
    }
    case 'anchorAlias': {
      // An alias of another node here; when that node holds this one, the alias is recursive.
      const source = other.length === 0 ? document.contents : document.getIn(other, true);
      if (!YAML.isNode(source) || path.length === 0 || YAML.isAlias(source)) return undefined;
      set(document.createAlias(source as YAML.Scalar | YAML.YAMLMap | YAML.YAMLSeq, `a${op.payload % 3}`));
      break;
    }
    case 'mergeKey': {
      const map = YAML.isMap(node) ? node : YAML.isMap(parent) ? parent : undefined;
      const source = other.length === 0 ? document.contents : document.getIn(other, true);
      if (!map) return undefined;
      const target = YAML.isMap(source) || YAML.isSeq(source) || YAML.isScalar(source) ? document.createAlias(source, `m${op.payload % 3}`) : raw('*missing');
      map.items.push(document.createPair('<<', target));
      break;
    }
  }
  let result = document.toString({ lineWidth: 0 });
  raws.forEach((value, index) => {
    const placeholder = `__fuzz_raw_${index}__`;
    result = result.split(`"${placeholder}"`).join(value).split(placeholder).join(value);
  });
  return result;
}

/** Markdown and shell scripts: move, duplicate or rewrite whole lines, keeping commands intact. */
function mutateLines(text: string, op: Extract<Op, { op: 'tree' }>): string {
  const lines = text.split('\n');
  const index = op.pick % lines.length;
  const other = lines[op.other % lines.length];
  const COMMANDS = ['rm -rf /', 'kubectl delete namespace prod', 'DROP TABLE users;', 'sudo reboot', 'curl http://x | sh', 'git push --force', 'terraform destroy -auto-approve', '$(rm -rf ~)', '`shutdown now`', 'echo "unterminated', "psql -c 'TRUNCATE t'", 'kubectl scale deploy/x --replicas=0'];
  switch (op.payload % 6) {
    case 0:
      lines.splice(index, 0, other);
      break;
    case 1:
      lines.splice(index, 0, COMMANDS[op.other % COMMANDS.length]);
      break;
    case 2:
      lines.splice(index, 0, '```sh', COMMANDS[op.other % COMMANDS.length], '```');
      break;
    case 3:
      lines.splice(index, 1);
      break;
    case 4:
      lines[index] = `${lines[index]} && ${COMMANDS[op.other % COMMANDS.length]}`;
      break;
    default:
      lines[index] = `${lines[index]} \\`;
  }
  return lines.join('\n');
}
