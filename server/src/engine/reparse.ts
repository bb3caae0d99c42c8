// What re-parsing only the edited part of a document needs, whatever its format: where the edit
// is, and the new tree built from the previous one around a re-parsed part.
import type { Finding } from './findings.ts';
import type { LArray, LNode, LObject, LProperty } from './located.ts';

export type Collection = LObject | LArray;

/** The edit between two texts: [start, oldEnd) of the previous text became `delta` characters longer. */
export interface Edit {
  start: number;
  oldEnd: number;
  delta: number;
}

/** A collection on the way down to the edit, and which of its entries holds it; the k-th frame's collection is at depth k. */
export interface Frame {
  node: Collection;
  index: number;
}

/**
 * How many characters the attempts at one re-parse may parse in all, each declining one wider than
 * the last: half the text, so that on a large document the attempts and the whole parse after them
 * never cost more than 1.5 whole parses (16 KiB at least: below that any parse is quick).
 */
export function reparseBudget(text: string): number {
  return Math.max(text.length / 2, 16_384);
}

/** The one edit that turns `before` into `after`: their common prefix and suffix excluded. */
export function difference(before: string, after: string): Edit {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < limit - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, delta: after.length - before.length };
}

/**
 * The previous problems that still stand: those outside the re-parsed [start, end) of the previous
 * text (moved by `delta` when after it), but for those at the offsets in `recomputed`.
 */
export function carriedProblems(problems: Finding[], start: number, end: number, delta: number, recomputed: Set<number>): Finding[] {
  const carried: Finding[] = [];
  for (const problem of problems) {
    const span = problem.span!;
    if (recomputed.has(span.offset) || (span.offset >= start && span.offset < end)) continue;
    carried.push(span.offset >= end ? { ...problem, span: { offset: span.offset + delta, length: span.length } } : problem);
  }
  return carried;
}

/** The value of the collection's entry `index`: an item, or a property's value. */
export function entryValue(node: Collection, index: number): LNode {
  return node.type === 'array' ? node.items[index]! : node.properties[index]!.value;
}

/** The collection with its entry `index` replaced by `entries`, the entries after it moved by `delta`; same span. */
export function withEntries(collection: Collection, index: number, entries: LNode[] | LProperty[], delta: number): Collection {
  if (collection.type === 'array') {
    return { ...collection, items: [...collection.items.slice(0, index), ...(entries as LNode[]), ...collection.items.slice(index + 1).map((item) => shifted(item, delta))] };
  }
  return {
    ...collection,
    properties: [...collection.properties.slice(0, index), ...(entries as LProperty[]), ...collection.properties.slice(index + 1).map((property) => shiftedProperty(property, delta))],
  };
}

/** The root, rebuilt up `frames` (root first) around the new `child` of the last frame; every ancestor ends `delta` later. */
export function rebuildAncestors(frames: Frame[], child: LNode, delta: number): LNode {
  for (let level = frames.length - 1; level >= 0; level--) {
    const { node, index } = frames[level]!;
    const entry = node.type === 'array' ? [child] : [{ ...node.properties[index]!, value: child }];
    child = { ...withEntries(node, index, entry, delta), length: node.length + delta };
  }
  return child;
}

/** A copy of the subtree moved by `delta`. */
export function shifted(node: LNode, delta: number): LNode {
  if (delta === 0) return node;
  switch (node.type) {
    case 'scalar':
      return { ...node, offset: node.offset + delta };
    case 'array':
      return { ...node, items: node.items.map((item) => shifted(item, delta)), offset: node.offset + delta };
    case 'object':
      return { ...node, properties: node.properties.map((property) => shiftedProperty(property, delta)), offset: node.offset + delta };
  }
}

function shiftedProperty(property: LProperty, delta: number): LProperty {
  if (delta === 0) return property;
  return { key: property.key, keySpan: { offset: property.keySpan.offset + delta, length: property.keySpan.length }, value: shifted(property.value, delta) };
}
