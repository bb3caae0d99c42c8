// Parses JSON, JSONC, YAML and JSON Lines into the located tree. Parsing never throws: whatever is
// wrong becomes a finding (with a span wherever its place is known), and whatever parses is still
// returned for checking.
import type { Finding } from './findings.ts';
import type { LArray, LNode } from './located.ts';
import { reparseJson } from './json-reparse.ts';
import { parseJson } from './json-tree.ts';
import { LimitExceeded, MAX_DEPTH, type Format, type ParsedDocument, type PreviousParse } from './parsed-document.ts';
import { reparseYaml } from './yaml-reparse.ts';
import { parseYaml } from './yaml-tree.ts';

export type { Format, ParsedDocument, PreviousParse } from './parsed-document.ts';
export { MAX_ALIAS_NODES, MAX_DEPTH } from './parsed-document.ts';

/**
 * `previous`, the parse of the text before an edit, lets a JSON or YAML document re-parse only
 * the part the edit touched; the result is the same as parsing the whole text.
 */
export function parseDocument(text: string, format: Format, previous?: PreviousParse): ParsedDocument {
  const reparsed = !previous ? undefined : format === 'yaml' ? reparseYaml(previous, text) : format === 'json' || format === 'jsonc' ? reparseJson(previous, text, format) : undefined;
  if (reparsed) return reparsed;
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
      // A parser library recursed past the stack: only a pathological nesting does that. Where
      // is unknown, so the finding has no span of its own (its place is the document's start).
      problems.push({
        code: 'nesting-too-deep',
        severity: 'error',
        message: `The document nests too deeply to check (more than ${MAX_DEPTH} levels).`,
        path: [],
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
