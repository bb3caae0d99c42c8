// Re-parses an edited YAML document by parsing again only the block entry the edit touched (an
// item of a block sequence, or a key of a block mapping with its value), cut out as whole lines,
// and splicing it into the previous tree. The result must be exactly what parsing the whole text
// gives, so it declines (and the caller parses the whole text) unless the cut-out entry cannot
// read differently on its own:
// - the document has no anchors, aliases, merge keys or directives, and no problem but duplicate
//   keys, before and after the edit: how the library recovers from a syntax error depends on the
//   text around it;
// - the entry starts its line at its own indentation in a block collection, and every line of its
//   new text stays at least that deep;
// - it is followed by a sibling (a last entry's end is decided by what follows its collection), and
//   it is parsed with a stand-in sibling after it, so that it ends as it does in the whole text;
// - it neither starts with an empty key nor ends with an empty node or a block scalar, whose
//   extent depends on the lines around them.
import type { Finding } from './findings.ts';
import type { LNode, LProperty } from './located.ts';
import { LimitExceeded, reportDuplicateKeys, type ParsedDocument, type PreviousParse } from './parsed-document.ts';
import { carriedProblems, difference, entryValue, rebuildAncestors, reparseBudget, withEntries, type Collection, type Edit, type Frame } from './reparse.ts';
import { parseYaml } from './yaml-tree.ts';

/** Entries tried, from the innermost one holding the edit outwards, before parsing everything. */
const MAX_ATTEMPTS = 4;
const SENTINEL_KEY = 'prodgate_reparse_sentinel';

/** An entry's lines in the previous text: from its line to the next content line (or the end). */
interface EntryLines {
  start: number;
  end: number;
  indent: number;
  /** The entry is the root's last: it runs to the end of the text, with no sibling after it. */
  last: boolean;
}

export function reparseYaml(previous: PreviousParse, text: string): ParsedDocument | undefined {
  const { parsed } = previous;
  const root = parsed.root;
  if (parsed.format !== 'yaml' || !parsed.complete || !parsed.independentEntries || !root || root.type === 'scalar') return undefined;
  if (parsed.problems.some((problem) => problem.code !== 'duplicate-key')) return undefined;
  if (previous.text === text) return parsed;
  const edit = difference(previous.text, text);
  const frames = framesAround(root, edit, previous.text);
  let attempts = 0;
  let budget = reparseBudget(previous.text);
  for (let level = frames.length - 1; level >= 0 && attempts < MAX_ATTEMPTS; level--) {
    const entry = entryLines(frames[level]!, level === 0, previous.text);
    if (!entry || edit.start < entry.start || !(edit.oldEnd < entry.end || (entry.last && edit.oldEnd <= entry.end))) continue;
    budget -= entry.end - entry.start;
    if (budget < 0) return undefined;
    attempts++;
    const spliced = splice(parsed, frames.slice(0, level + 1), entry, edit, text);
    if (spliced) return spliced;
  }
  return undefined;
}

/** The collections from the root down to the innermost entry whose lines hold the edit's start. */
function framesAround(root: Collection, edit: Edit, text: string): Frame[] {
  const frames: Frame[] = [];
  let node: LNode = root;
  while (node.type !== 'scalar') {
    const count = node.type === 'array' ? node.items.length : node.properties.length;
    if (count === 0) break;
    // The last entry whose first line starts at or before the edit.
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStart(text, entryStart(node, middle)) <= edit.start) low = middle;
      else high = middle - 1;
    }
    if (lineStart(text, entryStart(node, low)) > edit.start) break;
    frames.push({ node, index: low });
    node = entryValue(node, low);
  }
  return frames;
}

function entryStart(node: Collection, index: number): number {
  return node.type === 'array' ? node.items[index]!.offset : node.properties[index]!.keySpan.offset;
}

/** The frame's entry as whole lines, when it is a block entry starting its line and not its collection's last (but the root's). */
function entryLines(frame: Frame, isRoot: boolean, text: string): EntryLines | undefined {
  const { node, index } = frame;
  const opening = text.charCodeAt(node.offset);
  if (opening === 0x5b /* [ */ || opening === 0x7b /* { */) return undefined; // a flow collection
  const count = node.type === 'array' ? node.items.length : node.properties.length;
  const last = index === count - 1;
  if (last && !isRoot) return undefined;
  const first = entryStart(node, index);
  const start = lineStart(text, first);
  const shape = (node.type === 'array' ? /^( *)- +$/ : /^( *)$/).exec(text.slice(start, first));
  if (!shape) return undefined;
  const value = entryValue(node, index);
  const valueEnd = Math.max(value.offset + value.length, first + 1);
  // A collection's span ends after its last line's newline; an empty value's may reach into the
  // next line's indentation, which a cut-out entry cannot reproduce.
  let end = valueEnd;
  while (end > first && text.charCodeAt(end - 1) === 0x20) end--;
  if (text.charCodeAt(end - 1) !== 0x0a) {
    const newline = text.indexOf('\n', end);
    end = newline === -1 ? text.length : newline + 1;
  }
  if (valueEnd > end) return undefined;
  return { start, end: last ? text.length : nextContentLine(text, end), indent: shape[1]!.length, last };
}

function splice(parsed: ParsedDocument, frames: Frame[], entry: EntryLines, edit: Edit, text: string): ParsedDocument | undefined {
  const { node: collection, index } = frames[frames.length - 1]!;
  const depth = frames.length - 1;
  const newEnd = entry.end + edit.delta;
  const slice = text.slice(entry.start, newEnd);
  if (!staysInside(slice, entry.indent)) return undefined;
  if (collection.type === 'object' && !entry.last && isItemAt(text, newEnd, entry.indent)) return undefined;

  const problems: Finding[] = [];
  let tree;
  try {
    const sibling = entry.last ? '' : `${' '.repeat(entry.indent)}${collection.type === 'array' ? '- 0' : `${SENTINEL_KEY}: 0`}\n`;
    tree = parseYaml(slice + sibling, problems, entry.start, depth);
  } catch (error) {
    if (error instanceof LimitExceeded || error instanceof RangeError) return undefined; // parsing the whole text reports it
    throw error;
  }
  const replica = tree.root;
  if (!tree.independentEntries || !replica || replica.type !== collection.type) return undefined;
  const entries = withoutSentinel(replica, entry.last ? undefined : newEnd + entry.indent);
  if (!entries || entries.length === 0) return undefined;
  if (problems.some((problem) => problem.code !== 'duplicate-key' || problem.span!.offset >= newEnd)) return undefined;
  if (replica.offset !== entry.start + entry.indent || (index === 0 && replica.offset !== collection.offset)) return undefined;
  // Where an empty node or a block scalar ends depends on the lines after it, and where an empty
  // key sits on those before: at the edges of the cut-out text they may differ from the whole.
  if (startsEmpty(entries) || endsOpen(entries[entries.length - 1]!, text)) return undefined;

  // Duplicate keys: those of the entry come from its parse; those among the collection's own keys
  // are found again over its new keys; the rest move with the text.
  const ownKeys = new Set(collection.type === 'object' ? collection.properties.map((property) => property.keySpan.offset) : []);
  const replicaKeys = new Set(replica.type === 'object' ? replica.properties.map((property) => property.keySpan.offset) : []);
  const found = [
    ...problems.filter((problem) => !replicaKeys.has(problem.span!.offset)),
    ...carriedProblems(parsed.problems, entry.start, entry.end, edit.delta, ownKeys),
  ];

  const updated = withEntries(collection, index, entries, edit.delta);
  if (updated.type === 'object') reportDuplicateKeys(updated.properties, found);
  // A last entry is the root's, and the root then ends where its re-parsed replica ends.
  updated.length = entry.last ? replica.offset + replica.length - updated.offset : collection.length + edit.delta;
  const root = rebuildAncestors(frames.slice(0, -1), updated, edit.delta);
  found.sort((a, b) => a.span!.offset - b.span!.offset);
  return { format: 'yaml', root, problems: found, complete: true, independentEntries: true };
}

/** The replica's entries without the stand-in sibling expected at `sentinelOffset`; undefined if it is not there. */
function withoutSentinel(replica: Collection, sentinelOffset: number | undefined): LNode[] | LProperty[] | undefined {
  const entries: LNode[] | LProperty[] = replica.type === 'array' ? replica.items : replica.properties;
  if (sentinelOffset === undefined) return entries;
  const last = entries[entries.length - 1];
  if (!last) return undefined;
  const found = replica.type === 'array'
    ? (last as LNode).offset === sentinelOffset + 2 && (last as LNode).type === 'scalar'
    : (last as LProperty).keySpan.offset === sentinelOffset && (last as LProperty).key === SENTINEL_KEY;
  return found ? entries.slice(0, -1) as LNode[] | LProperty[] : undefined;
}

function startsEmpty(entries: LNode[] | LProperty[]): boolean {
  const first = entries[0]!;
  return 'keySpan' in first ? first.keySpan.length === 0 : first.length === 0;
}

function endsOpen(entry: LNode | LProperty, text: string): boolean {
  const node = 'keySpan' in entry ? entry.value : entry;
  if (node.type === 'scalar') {
    const indicator = text.charCodeAt(node.offset);
    return node.length === 0 || indicator === 0x7c /* | */ || indicator === 0x3e /* > */;
  }
  if (node.type === 'array') return node.items.length === 0 || endsOpen(node.items[node.items.length - 1]!, text);
  return node.properties.length === 0 || endsOpen(node.properties[node.properties.length - 1]!, text);
}

/**
 * The entry's new text starts its first line at the entry's indentation, keeps every other line
 * (but blank and comment lines) at least as deep, and holds no document marker or directive.
 */
function staysInside(slice: string, indent: number): boolean {
  let lineBegin = 0;
  let first = true;
  while (lineBegin < slice.length) {
    let lineEnd = slice.indexOf('\n', lineBegin);
    if (lineEnd === -1) lineEnd = slice.length;
    let column = lineBegin;
    while (column < lineEnd && slice.charCodeAt(column) === 0x20) column++;
    const depth = column - lineBegin;
    const next = slice.charCodeAt(column);
    const blank = column === lineEnd || (next === 0x0d && column + 1 === lineEnd);
    if (first) {
      if (depth !== indent || blank) return false;
      first = false;
    } else if (!blank && next !== 0x23 /* # */ && depth < indent) {
      return false;
    }
    if (depth === 0 && /^(?:---|\.\.\.)(?:\s|$)|^%/.test(slice.slice(lineBegin, Math.min(lineEnd, lineBegin + 4)))) return false;
    lineBegin = lineEnd + 1;
  }
  return true;
}

/** The start of the first line from `offset` (a line start) that is neither blank nor a comment. */
function nextContentLine(text: string, offset: number): number {
  let lineBegin = offset;
  while (lineBegin < text.length) {
    let column = lineBegin;
    while (column < text.length && (text.charCodeAt(column) === 0x20 || text.charCodeAt(column) === 0x09 || text.charCodeAt(column) === 0x0d)) column++;
    if (column < text.length && text.charCodeAt(column) !== 0x0a && text.charCodeAt(column) !== 0x23) return lineBegin;
    const newline = text.indexOf('\n', column);
    if (newline === -1) return text.length;
    lineBegin = newline + 1;
  }
  return text.length;
}

/** Whether the line at `offset` is a sequence item at `indent`: a mapping entry ending in `key:` would take it as its value. */
function isItemAt(text: string, offset: number, indent: number): boolean {
  return /^( *)-(?:\s|$)/.exec(text.slice(offset, offset + indent + 2))?.[1]!.length === indent;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}
