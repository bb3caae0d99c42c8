// Re-parses an edited JSON or JSONC document by parsing again only the innermost value that holds
// the whole edit, and splicing it into the previous tree. A JSON value delimits itself, so cut out
// of its document it reads the same; this declines (and the caller parses the whole text) when the
// previous parse had a syntax problem, or when the value's new text is not exactly one value
// without one.
import type { Finding } from './findings.ts';
import type { LNode } from './located.ts';
import { parseJson } from './json-tree.ts';
import { LimitExceeded, type ParsedDocument, type PreviousParse } from './parsed-document.ts';
import { carriedProblems, difference, entryValue, rebuildAncestors, reparseBudget, type Edit, type Frame } from './reparse.ts';

/** Values tried, from the innermost one holding the edit outwards, before parsing everything. */
const MAX_ATTEMPTS = 3;

export function reparseJson(previous: PreviousParse, text: string, format: 'json' | 'jsonc'): ParsedDocument | undefined {
  const { parsed } = previous;
  const root = parsed.root;
  if (parsed.format !== format || !parsed.complete || !root) return undefined;
  if (parsed.problems.some((problem) => problem.code !== 'duplicate-key')) return undefined;
  if (previous.text === text) return parsed;
  const edit = difference(previous.text, text);
  if (!holds(root, edit)) return undefined;
  // frames[k] is the collection holding values[k + 1]; values[0] is the root.
  const frames: Frame[] = [];
  const values: LNode[] = [root];
  for (let node: LNode = root; node.type !== 'scalar'; ) {
    const index = node.type === 'array' ? node.items.findIndex((item) => holds(item, edit)) : node.properties.findIndex((property) => holds(property.value, edit));
    if (index === -1) break;
    frames.push({ node, index });
    node = entryValue(node, index);
    values.push(node);
  }
  let budget = reparseBudget(previous.text);
  for (let level = values.length - 1; level >= 0 && level >= values.length - MAX_ATTEMPTS; level--) {
    budget -= values[level]!.length;
    if (budget < 0) return undefined;
    const spliced = splice(parsed, values[level]!, frames.slice(0, level), edit, text, format);
    if (spliced) return spliced;
  }
  return undefined;
}

/** Whether the edit lies within the node's text (an insertion at either end included). */
function holds(node: LNode, edit: Edit): boolean {
  return edit.start >= node.offset && edit.oldEnd <= node.offset + node.length;
}

/** Re-parses `old`, the value below `frames` (so at depth frames.length). */
function splice(parsed: ParsedDocument, old: LNode, frames: Frame[], edit: Edit, text: string, format: 'json' | 'jsonc'): ParsedDocument | undefined {
  const slice = text.slice(old.offset, old.offset + old.length + edit.delta);
  const problems: Finding[] = [];
  let node: LNode | undefined;
  try {
    node = parseJson(slice, old.offset, format === 'jsonc', problems, frames.length);
  } catch (error) {
    if (error instanceof LimitExceeded || error instanceof RangeError) return undefined; // parsing the whole text reports it
    throw error;
  }
  if (!node || node.offset !== old.offset || node.length !== slice.length) return undefined;
  if (problems.some((problem) => problem.code !== 'duplicate-key')) return undefined;
  // Duplicate keys inside the value come from its parse; the keys around it did not change.
  const found = [...problems, ...carriedProblems(parsed.problems, old.offset, old.offset + old.length, edit.delta, new Set())];
  found.sort((a, b) => a.span!.offset - b.span!.offset);
  return { format: parsed.format, root: rebuildAncestors(frames, node, edit.delta), problems: found, complete: true };
}
