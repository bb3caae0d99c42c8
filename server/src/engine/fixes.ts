// Quick fixes as text edits. Pure: a document (its text, format, kind, located tree and value) and
// one finding in, the edits that fix it out.
//
// Edits are computed from the located tree's spans and change only what the fix changes: comments,
// blank lines, quoting, anchors and the style of every list and object (one entry a line or
// inline, YAML block or flow) stay as written, byte for byte. jsonc-parser's `modify` is not used:
// it re-formats the list it appends to and moves a trailing comment onto the new last item. New
// values are rendered by JSON.stringify or the yaml library and indented like their neighbours.
import type { Edit } from 'jsonc-parser';
import * as YAML from 'yaml';
import type { Finding } from './findings.ts';
import {
  MIN_AUDIT_RETENTION_DAYS,
  MIN_SHADOW_DURATION_DAYS,
  MIN_SHADOW_RECORDS,
  REQUIRED_CERTIFICATION_METRICS,
  REQUIRED_HUMAN_REVIEW_TOPICS,
  REQUIRED_OBSERVABILITY_METRICS,
} from './kinds/aana-requirements.ts';
import { wildcardBreadth } from './kinds/agent-policy.ts';
import { EXTERNAL_SCOPE } from './kinds/external-evidence.ts';
import { isPlaceholder, missingNames } from './kinds/gates.ts';
import { kindById } from './kinds/index.ts';
import type { ArtifactKind, KindId } from './kinds/kind.ts';
import { propertyOf, type JsonPath, type LNode, type Span } from './located.ts';
import type { Format } from './parse.ts';
import { schemaFindings } from './schema.ts';
import { resolveRefs, schemaAt, typesOf, valueAt } from './schema-navigation.ts';
import { asArray, asObject, asStrings, get, isObject } from './values.ts';

export type { Edit };

export interface FixableDocument {
  text: string;
  format: Format;
  kind: KindId;
  root: LNode;
  /** The document's plain value (a validation's `value`). */
  value: unknown;
}

/** The finding to fix. `origin` says who reported it: the document's own rules, or the certification (because of another file). */
export interface FixTarget {
  code: string;
  message: string;
  path: JsonPath;
  origin: 'document' | 'certification';
}

/** What the rest of the workspace says, read only by the fixes that need it. */
export interface WorkspaceFacts {
  /** Every metric the workspace's certification policies require (their metrics.required). */
  certificationMetrics(): readonly string[];
  /** The concrete actions the workspace's agent policies allow. */
  agentActions(): readonly string[];
}

export interface Fix {
  title: string;
  edits: Edit[];
  /** The one obvious fix for its finding, which an editor may apply without asking. */
  preferred: boolean;
}

type Fixer = (document: FixableDocument, editor: TextEditor, target: FixTarget, workspace: WorkspaceFacts) => (Fix | undefined)[];

const FIXERS = new Map<string, Fixer>([
  ['metrics-missing', (document, editor, target, workspace) => [addMissingMetrics(document, editor, target, workspace)]],
  ['evidence-template-scope', (_document, editor, target) => [setExternalScope(editor, target)]],
  ['human-review-topic-missing', (document, editor, target) => [addReviewTopic(document, editor, target)]],
  ['key-missing', (document, editor, target) => [addMissingKey(document, editor, target)]],
  ['policy-wildcard-allow', (document, editor, target, workspace) => narrowWildcard(document, editor, target, workspace)],
]);

/** The codes `fixesFor` has fixes for. */
export const FIXABLE_CODES: ReadonlySet<string> = new Set(FIXERS.keys());

export function fixesFor(document: FixableDocument, target: FixTarget, workspace: WorkspaceFacts): Fix[] {
  const fixer = FIXERS.get(target.code);
  if (!fixer) return [];
  const fixes = fixer(document, new TextEditor(document.text, document.format, document.root), target, workspace);
  return fixes.filter((fix): fix is Fix => fix !== undefined);
}

// ---------------------------------------------------------------- the fixes

/** The metrics each kind's own rule requires (a cross-file finding is about the certification policy's). */
const REQUIRED_METRICS: Partial<Record<KindId, readonly string[]>> = {
  'certification-policy': REQUIRED_CERTIFICATION_METRICS,
  'observability-policy': REQUIRED_OBSERVABILITY_METRICS,
  'deployment-manifest': REQUIRED_OBSERVABILITY_METRICS,
};

function addMissingMetrics(document: FixableDocument, editor: TextEditor, target: FixTarget, workspace: WorkspaceFacts): Fix | undefined {
  const required = target.origin === 'certification' ? workspace.certificationMetrics() : REQUIRED_METRICS[document.kind];
  // Recomputed from the current list, so metrics added since the diagnostic was published are not added twice.
  const missing = missingNames(required ?? [], valueAt(document.value, target.path));
  const edits = missing.length > 0 ? editor.appendItems(target.path, missing) : undefined;
  if (!edits) return undefined;
  const shown = missing.length > 3 ? `${missing.slice(0, 3).join(', ')}, …` : missing.join(', ');
  const title = missing.length === 1 ? `Add the missing metric ${shown}` : `Add the ${missing.length} missing metrics (${shown})`;
  return { title, edits, preferred: true };
}

function setExternalScope(editor: TextEditor, target: FixTarget): Fix | undefined {
  const edits = editor.replaceValue(target.path, EXTERNAL_SCOPE);
  // Never preferred: an editor must not apply it on its own, since only real evidence makes it true.
  return edits && { title: `Set evidence_scope to ${EXTERNAL_SCOPE} (only if real external evidence backs this file)`, edits, preferred: false };
}

function addReviewTopic(document: FixableDocument, editor: TextEditor, target: FixTarget): Fix | undefined {
  // One diagnostic per topic, and its message names it.
  const topic = REQUIRED_HUMAN_REVIEW_TOPICS.find((candidate) => target.message.includes(candidate));
  if (!topic) return undefined;
  const decisions = `${topic} decisions`;
  if (document.kind === 'governance-policy') {
    // A governance policy routes a topic through an escalation class: a new one, named for the
    // topic, whose trigger, route and actions stay flagged until someone fills them in.
    const index = asArray(valueAt(document.value, target.path)).length;
    const escalationClass = { ...asObject(placeholderFor(artifactKind(document), document.value, [...target.path, index])), name: decisions };
    const edits = editor.appendItems(target.path, [escalationClass]);
    return edits && { title: `Add an escalation class for ${decisions} (its trigger and route to fill in)`, edits, preferred: true };
  }
  const edits = editor.appendItems(target.path, [decisions]);
  return edits && { title: `Add "${decisions}" to ${target.path.join('.')}`, edits, preferred: true };
}

function addMissingKey(document: FixableDocument, editor: TextEditor, target: FixTarget): Fix | undefined {
  const key = target.path[target.path.length - 1];
  if (typeof key !== 'string') return undefined;
  const value = placeholderFor(artifactKind(document), document.value, target.path);
  const edits = editor.insertProperty(target.path.slice(0, -1), key, value);
  return edits && { title: addKeyTitle(key, value), edits, preferred: true };
}

function addKeyTitle(key: string, value: unknown): string {
  if (typeof value === 'boolean' || typeof value === 'number') return `Add "${key}: ${value}"`;
  if (typeof value === 'string') return isPlaceholder(value) ? `Add "${key}" with a placeholder to replace` : `Add "${key}: ${value}"`;
  return `Add the missing "${key}"${/replace/i.test(JSON.stringify(value)) ? ' (with placeholders to replace)' : ''}`;
}

/** Replace a wildcard allow entry with the concrete actions it grants that the workspace uses, or remove it. */
function narrowWildcard(document: FixableDocument, editor: TextEditor, target: FixTarget, workspace: WorkspaceFacts): (Fix | undefined)[] {
  const pattern = valueAt(document.value, target.path);
  const index = target.path[target.path.length - 1];
  if (typeof pattern !== 'string' || typeof index !== 'number') return [];
  const listPath = target.path.slice(0, -1);
  const permissions = get(document.value, 'permissions');
  const allowed = new Set(asStrings(get(permissions, 'allow')));
  const denied = asStrings(get(permissions, 'deny'));
  const concrete = [...new Set(workspace.agentActions())]
    .filter((action) => wildcardBreadth(action) === undefined && grants(pattern, action))
    // Already allowed by their own entry, or denied here anyway: listing them would change nothing.
    .filter((action) => !allowed.has(action) && !denied.some((deny) => grants(deny, action)))
    .sort();
  const verb = /^([^:*]+):\*$/.exec(pattern)?.[1];
  const noun = `concrete ${verb ? `${verb} ` : ''}action${concrete.length === 1 ? '' : 's'}`;
  const replacement = concrete.length > 0 ? editor.replaceItem(listPath, index, concrete) : undefined;
  const removal = editor.removeItem(listPath, index);
  return [
    replacement && { title: `Replace "${pattern}" with the ${concrete.length} ${noun} used in this workspace`, edits: replacement, preferred: false },
    removal && { title: `Remove the wildcard entry "${pattern}"`, edits: removal, preferred: false },
  ];
}

/** Whether an allow or deny pattern covers an action, as OpenClaw matches (see wildcardBreadth). */
function grants(pattern: string, action: string): boolean {
  if (wildcardBreadth(pattern) === 'everything') return true;
  if (pattern.endsWith('*')) return action.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return action.endsWith(pattern.slice(1));
  return pattern === action;
}

// ---------------------------------------------------------------- placeholders

/** Numbers whose production minimum is known: the gate's threshold is the value to start from. */
const PRODUCTION_MINIMUMS = new Map<string, number>([
  ['minimum_duration_days', MIN_SHADOW_DURATION_DAYS],
  ['minimum_records', MIN_SHADOW_RECORDS],
  ['minimum_days', MIN_AUDIT_RETENTION_DAYS],
  ['retention_days', MIN_AUDIT_RETENTION_DAYS],
]);

/** Gates can require keys of what the previous round added (rate_limits.enabled: true requires its limits). */
const MAX_FILL_ROUNDS = 8;

/**
 * The value a missing key gets, shaped by the kind's schema and chosen so that the document stays
 * flagged until a person supplies the real one: "replace-with-…" text, a list whose placeholder
 * item (or emptiness) is reported, a section filled the same way. Production switches get `true`
 * and gated numbers their production minimum. Sign-offs get `false`: a sign-off records a person's
 * decision, which a quick fix must not make for them.
 */
function placeholderFor(kind: ArtifactKind, documentValue: unknown, path: JsonPath): unknown {
  const key = String(path[path.length - 1]);
  const schema = schemaAt(kind.schema, path) ?? {};
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length === 1) return schema.enum[0];
  switch (typesOf(schema).find((type) => type !== 'null')) {
    case 'boolean':
      return !key.endsWith('_signoff');
    case 'integer':
    case 'number':
      // Text where a number belongs is reported as a type mismatch until it is replaced.
      return PRODUCTION_MINIMUMS.get(key) ?? placeholderText(key);
    case 'array': {
      const items = isObject(schema.items) ? resolveRefs(kind.schema, schema.items) : {};
      const example = [placeholderText(key)];
      // Not every list checks its items: where a placeholder item would pass, an empty list is reported instead.
      return typesOf(items).includes('string') && isFlagged(kind, documentValue, path, example) ? example : [];
    }
    case 'object':
      return filledSection(kind, documentValue, path);
    default:
      return placeholderText(key);
  }
}

/** A new object at `path` holding a placeholder for every key the kind's rules require in it. */
function filledSection(kind: ArtifactKind, documentValue: unknown, path: JsonPath): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  for (let round = 0; round < MAX_FILL_ROUNDS; round++) {
    const value = withValue(documentValue, path, section);
    const gaps = ruleFindings(kind, value).filter(
      (finding) => finding.code === 'key-missing' && finding.path.length === path.length + 1 && isWithin(finding.path, path),
    );
    if (gaps.length === 0) break;
    for (const gap of gaps) defineKey(section, String(gap.path[path.length]), placeholderFor(kind, value, gap.path));
  }
  return section;
}

function isFlagged(kind: ArtifactKind, documentValue: unknown, path: JsonPath, candidate: unknown): boolean {
  return ruleFindings(kind, withValue(documentValue, path, candidate)).some((finding) => isWithin(finding.path, path));
}

/** The findings validation reports on a parsed document of this kind. */
function ruleFindings(kind: ArtifactKind, value: unknown): Finding[] {
  return [...schemaFindings(kind.schema, value), ...kind.check(value)];
}

function placeholderText(key: string): string {
  return `replace-with-${key.replace(/_/g, '-')}`;
}

function artifactKind(document: FixableDocument): ArtifactKind {
  const kind = kindById(document.kind);
  if (!kind) throw new Error(`Unknown artifact kind ${document.kind}.`);
  return kind;
}

// ---------------------------------------------------------------- plain values

/** A copy of `root` with `value` at `path`; only the objects and arrays along the path are copied. */
function withValue(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [segment, ...rest] = path;
  if (typeof segment === 'number') {
    const copy = [...asArray(root)];
    copy[segment] = withValue(copy[segment], rest, value);
    return copy;
  }
  const copy = { ...asObject(root) };
  defineKey(copy, segment, withValue(get(root, segment), rest, value));
  return copy;
}

/** Sets a key as an own data property, even `__proto__`. */
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isWithin(path: JsonPath, ancestor: JsonPath): boolean {
  return path.length >= ancestor.length && ancestor.every((segment, index) => path[index] === segment);
}

// ---------------------------------------------------------------- text edits

/** An entry of a bracketed list or object: an item, or a property from its key to its value's end. */
interface Entry {
  start: number;
  end: number;
}

/** Edits on one document's text, placed by its located tree. Each method returns undefined when the place is not written in the text. */
class TextEditor {
  private readonly syntax: 'json' | 'yaml';
  private readonly eol: string;
  /** One level of indentation, as the document writes it. */
  private readonly unit: string;

  constructor(
    private readonly text: string,
    format: Format,
    private readonly root: LNode,
  ) {
    this.syntax = format === 'yaml' ? 'yaml' : 'json';
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.unit = indentUnit(text, this.syntax);
  }

  /** Replaces a scalar, in its quoting style. */
  replaceValue(path: JsonPath, value: unknown): Edit[] | undefined {
    const node = this.writtenNode(path);
    if (node?.type !== 'scalar') return undefined;
    const quote = this.text[node.offset];
    const style = quote === '"' ? YAML.Scalar.QUOTE_DOUBLE : quote === "'" ? YAML.Scalar.QUOTE_SINGLE : YAML.Scalar.PLAIN;
    const content = this.syntax === 'json' ? JSON.stringify(value) : this.yamlFlow(value, style);
    return [{ offset: node.offset, length: node.length, content }];
  }

  /** Appends items to the end of a list, in its style. */
  appendItems(listPath: JsonPath, items: readonly unknown[]): Edit[] | undefined {
    const list = this.writtenNode(listPath);
    if (list?.type !== 'array') return undefined;
    const lastIndex = list.items.length - 1;
    const last = writtenChild(list, lastIndex);
    if (this.isBlock(list)) {
      // An aliased last item is written at its anchor: the list's own text ends the list.
      const end = last ? last.offset + last.length : list.offset + list.length;
      const lines = this.yamlLines(items).map((line) => this.pad(list.offset) + line);
      return [{ offset: this.lineEnd(end), length: 0, content: this.eol + lines.join(this.eol) }];
    }
    const previous = writtenChild(list, lastIndex - 1);
    if (lastIndex >= 0 && (!last || (lastIndex > 0 && !previous))) return undefined; // an alias ends the list: no place to write after it
    const entries = [previous, last].filter((item): item is LNode => item !== undefined).map(entryOf);
    return this.appendEntries(list, entries, (indent, inline) => items.map((item) => this.flowValue(item, indent, inline)));
  }

  /** Adds a key at the end of an object, indented like the object's keys. */
  insertProperty(objectPath: JsonPath, key: string, value: unknown): Edit[] | undefined {
    const object = this.writtenNode(objectPath);
    if (object?.type !== 'object') return undefined;
    if (this.isBlock(object)) {
      const lines = this.yamlLines(new Map([[key, value]])).map((line) => this.pad(object.offset) + line);
      return [{ offset: this.lineEnd(object.offset + object.length), length: 0, content: this.eol + lines.join(this.eol) }];
    }
    const written = object.properties.filter((property) => contains(object, property.keySpan)); // not the merged ones
    const entries = written.slice(-2).map((property) => ({ start: property.keySpan.offset, end: property.value.offset + property.value.length }));
    if (entries.some((entry) => entry.end < entry.start)) return undefined; // an alias value is written at its anchor
    return this.appendEntries(object, entries, (indent, inline) => [this.flowProperty(key, value, indent, inline)]);
  }

  /**
   * Replaces one list item with several, in the list's style: the first takes the item's place, the
   * others follow on lines of their own (after a comment on the item's line) or inline after it.
   */
  replaceItem(listPath: JsonPath, index: number, items: readonly unknown[]): Edit[] | undefined {
    const list = this.writtenNode(listPath);
    const item = this.writtenNode([...listPath, index]);
    if (list?.type !== 'array' || !item || items.length === 0) return undefined;
    const end = item.offset + item.length;
    if (this.isBlock(list)) {
      const [first, ...rest] = this.yamlLines(items).map((line) => this.pad(list.offset) + line);
      return this.replaceThenInsert(item, first.trimStart().slice(2), this.lineEnd(end), rest.map((line) => this.eol + line).join(''));
    }
    const previous = index > 0 ? list.items[index - 1] : undefined;
    if (this.sameLine(previous ? previous.offset + previous.length : list.offset, item.offset)) {
      const rendered = items.map((value) => this.flowValue(value, '', true));
      return [{ offset: item.offset, length: item.length, content: rendered.join(this.inlineSeparator(list.items, index)) }];
    }
    const indent = this.leadingIndent(item.offset);
    const [first, ...rest] = items.map((value) => indent + this.flowValue(value, indent, false));
    const comma = this.afterTrivia(end);
    if (this.text[comma] === ',') {
      return this.replaceThenInsert(item, first.trimStart(), this.lineEnd(comma + 1), rest.map((line) => `${this.eol}${line},`).join(''));
    }
    const close = list.offset + list.length - 1;
    return this.replaceThenInsert(item, `${first.trimStart()},`, Math.min(this.lineEnd(end), close), this.eol + rest.join(`,${this.eol}`));
  }

  /** Replaces a node's text and inserts more at `at` (at or after its end), as one edit when they meet. */
  private replaceThenInsert(node: Span, replacement: string, at: number, insertion: string): Edit[] {
    if (insertion === '') return [{ offset: node.offset, length: node.length, content: replacement }];
    if (at === node.offset + node.length) return [{ offset: node.offset, length: node.length, content: replacement + insertion }];
    return [
      { offset: node.offset, length: node.length, content: replacement },
      { offset: at, length: 0, content: insertion },
    ];
  }

  /** Removes one list item, with its line or its comma. */
  removeItem(listPath: JsonPath, index: number): Edit[] | undefined {
    const list = this.writtenNode(listPath);
    const item = this.writtenNode([...listPath, index]);
    if (list?.type !== 'array' || !item) return undefined;
    const end = item.offset + item.length;
    if (this.isBlock(list)) {
      if (list.items.length === 1) return this.emptyBlockList(listPath, list);
      const lineStart = this.lineStart(item.offset);
      if (this.text.slice(lineStart, item.offset).trim() !== '-') return undefined; // shares its line with more than its dash
      return [{ offset: lineStart, length: this.nextLineStart(end) - lineStart, content: '' }];
    }
    const comma = this.afterTrivia(end);
    const hasComma = this.text[comma] === ',';
    const withComma = hasComma ? comma + 1 : end;
    const previous = index > 0 ? list.items[index - 1] : undefined;
    const next = list.items[index + 1];
    const close = list.offset + list.length - 1;
    const lineStart = this.lineStart(item.offset);
    const onOwnLine =
      this.text.slice(lineStart, item.offset).trim() === '' && this.lineEnd(withComma) < close && (!next || !this.sameLine(end, next.offset));
    if (onOwnLine) {
      const edits: Edit[] = [{ offset: lineStart, length: this.nextLineStart(withComma) - lineStart, content: '' }];
      // The new last item must not keep a comma before the closing bracket (JSON does not allow one).
      if (!next && !hasComma && previous) edits.unshift({ offset: this.afterTrivia(previous.offset + previous.length), length: 1, content: '' });
      return edits;
    }
    if (next) return [{ offset: item.offset, length: next.offset - item.offset, content: '' }];
    if (previous) return [{ offset: previous.offset + previous.length, length: end - (previous.offset + previous.length), content: '' }];
    return [{ offset: item.offset, length: withComma - item.offset, content: '' }];
  }

  /** A YAML block list losing its only item becomes `[]`, so that the key keeps a list. */
  private emptyBlockList(listPath: JsonPath, list: LNode): Edit[] | undefined {
    const parent = this.writtenNode(listPath.slice(0, -1));
    const property = parent?.type === 'object' ? parent.properties.find((candidate) => candidate.value === list) : undefined;
    if (!property) return undefined;
    const colon = this.text.indexOf(':', property.keySpan.offset + property.keySpan.length);
    const end = this.lineEnd(list.offset + list.length);
    return [{ offset: colon + 1, length: end - (colon + 1), content: ' []' }];
  }

  /**
   * Appends to a JSON array or object, or a YAML flow collection, given its last two entries. A
   * collection written one entry a line gets new lines after its last entry's line (so a trailing
   * comment stays with its entry), with the same indentation and trailing-comma habit; an inline
   * one gets entries after the last.
   */
  private appendEntries(container: Span, entries: Entry[], render: (indent: string, inline: boolean) => string[]): Edit[] {
    const open = container.offset;
    const close = container.offset + container.length - 1;
    if (entries.length === 0) {
      const inside = this.text.slice(open + 1, close);
      if (this.syntax === 'yaml' && !inside.includes('\n')) return [{ offset: open + 1, length: 0, content: render('', true).join(', ') }];
      const outer = this.lineIndent(open);
      const indent = outer + this.unit;
      const lines = render(indent, false).map((entry) => indent + entry);
      const content = this.eol + lines.join(`,${this.eol}`) + (inside.includes('\n') ? '' : this.eol + outer);
      return [{ offset: open + 1, length: 0, content }];
    }
    const last = entries[entries.length - 1];
    const previous = entries[entries.length - 2];
    if (this.sameLine(previous ? previous.end : open, last.start)) {
      const separator = previous ? this.separatorBetween(previous.end, last.start) : ', ';
      return [{ offset: last.end, length: 0, content: render('', true).map((entry) => separator + entry).join('') }];
    }
    const indent = this.leadingIndent(last.start);
    const lines = render(indent, false).map((entry) => indent + entry);
    const comma = this.afterTrivia(last.end);
    const trailingComma = this.text[comma] === ',';
    const at = Math.min(this.lineEnd(trailingComma ? comma + 1 : last.end), close);
    const content = this.eol + lines.join(`,${this.eol}`) + (trailingComma ? ',' : '');
    if (trailingComma) return [{ offset: at, length: 0, content }];
    if (at === last.end) return [{ offset: at, length: 0, content: `,${content}` }];
    return [
      { offset: last.end, length: 0, content: ',' },
      { offset: at, length: 0, content },
    ];
  }

  // -------------------------------------------------------------- rendering

  private flowValue(value: unknown, indent: string, inline: boolean): string {
    if (this.syntax === 'yaml') return this.yamlFlow(value);
    return inline ? JSON.stringify(value) : JSON.stringify(value, null, this.unit).split('\n').join(this.eol + indent);
  }

  private flowProperty(key: string, value: unknown, indent: string, inline: boolean): string {
    if (this.syntax === 'yaml') return this.yamlFlow(new Map([[key, value]])).slice(2, -2);
    return `${JSON.stringify(key)}: ${this.flowValue(value, indent, inline)}`;
  }

  /** A value as YAML flow text: safe inside `[…]` and `{…}`, and as a block value. */
  private yamlFlow(value: unknown, stringType: YAML.Scalar.Type = YAML.Scalar.PLAIN): string {
    const list = YAML.stringify([value], { ...this.yamlOptions(), collectionStyle: 'flow', defaultStringType: stringType });
    return list.trimEnd().slice(2, -2); // "[ value ]"
  }

  /** A list's items ("- …") or a map's pairs as YAML block lines, not yet indented. */
  private yamlLines(value: unknown): string[] {
    return YAML.stringify(value, this.yamlOptions()).trimEnd().split('\n');
  }

  private yamlOptions(): YAML.ToStringOptions & YAML.CreateNodeOptions {
    return { indent: this.unit.length, lineWidth: 0, aliasDuplicateObjects: false };
  }

  // -------------------------------------------------------------- places in the text

  /**
   * The node at `path` when it is written in place. A YAML alias's node (and a merge key's) is
   * written at its anchor: editing it there would change every alias, so there is no place to edit.
   */
  private writtenNode(path: JsonPath): LNode | undefined {
    let node: LNode = this.root;
    for (const segment of path) {
      const child = writtenChild(node, segment);
      if (!child) return undefined;
      node = child;
    }
    return node;
  }

  private isBlock(node: LNode): boolean {
    return this.syntax === 'yaml' && this.text[node.offset] !== '[' && this.text[node.offset] !== '{';
  }

  /** Spaces up to the column of `offset` (where a block collection's entries start). */
  private pad(offset: number): string {
    return ' '.repeat(offset - this.lineStart(offset));
  }

  /** What precedes `offset` on its line when that is only indentation, else as many spaces. */
  private leadingIndent(offset: number): string {
    const before = this.text.slice(this.lineStart(offset), offset);
    return before.trim() === '' ? before : ' '.repeat(before.length);
  }

  private lineIndent(offset: number): string {
    return /^[ \t]*/.exec(this.text.slice(this.lineStart(offset)))![0];
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** The end of the line a span ends on, before its line break (a YAML block node's span includes its own). */
  private lineEnd(spanEnd: number): number {
    let end = spanEnd;
    if (this.text[end - 1] === '\n') end -= this.text[end - 2] === '\r' ? 2 : 1;
    const lineBreak = this.text.indexOf('\n', end);
    if (lineBreak === -1) return this.text.length;
    return this.text[lineBreak - 1] === '\r' ? lineBreak - 1 : lineBreak;
  }

  /** The start of the line after the one `spanEnd` ends on (or the end of the text). */
  private nextLineStart(spanEnd: number): number {
    const end = this.lineEnd(spanEnd);
    return Math.min(this.text.length, end + (this.text[end] === '\r' ? 2 : 1));
  }

  private sameLine(from: number, to: number): boolean {
    return !this.text.slice(Math.min(from, to), Math.max(from, to)).includes('\n');
  }

  /** The separator an inline collection writes between two entries (", " or ","). */
  private separatorBetween(end: number, start: number): string {
    return /,[ \t]*/.exec(this.text.slice(end, start))?.[0] ?? ', ';
  }

  private inlineSeparator(items: readonly LNode[], index: number): string {
    const other = index > 0 ? index - 1 : index + 1;
    const [before, after] = other < index ? [items[other], items[index]] : [items[index], items[other]];
    return before && after ? this.separatorBetween(before.offset + before.length, after.offset) : ', ';
  }

  /** The offset of the first character after `offset` that is neither white space nor a comment. */
  private afterTrivia(offset: number): number {
    const text = this.text;
    let at = offset;
    while (at < text.length) {
      if (/\s/.test(text[at])) at++;
      else if (this.syntax === 'yaml' && text[at] === '#') at = this.lineEnd(at + 1);
      else if (this.syntax === 'json' && text.startsWith('//', at)) at = this.lineEnd(at + 2);
      else if (this.syntax === 'json' && text.startsWith('/*', at)) {
        const close = text.indexOf('*/', at + 2);
        at = close === -1 ? text.length : close + 2;
      } else break;
    }
    return at;
  }
}

/** One level of indentation, as the first indented line writes it: two spaces by default, and in YAML (which cannot indent with tabs). */
function indentUnit(text: string, syntax: 'json' | 'yaml'): string {
  const indented = /^([ \t]+)\S/m.exec(text)?.[1];
  if (!indented) return '  ';
  if (indented.includes('\t')) return syntax === 'json' ? '\t' : '  ';
  return indented;
}

/** A child written inside its parent, after its key or the item before it (an alias's node is where its anchor is). */
function writtenChild(node: LNode, segment: string | number): LNode | undefined {
  if (node.type === 'object' && typeof segment === 'string') {
    const property = propertyOf(node, segment);
    if (!property || !contains(node, property.keySpan) || !contains(node, property.value)) return undefined;
    return property.value.offset >= property.keySpan.offset + property.keySpan.length ? property.value : undefined;
  }
  if (node.type === 'array' && typeof segment === 'number') {
    const item = node.items[segment];
    const previous = node.items[segment - 1];
    if (!item || !contains(node, item)) return undefined;
    return !previous || item.offset >= previous.offset + previous.length ? item : undefined;
  }
  return undefined;
}

function entryOf(node: LNode): Entry {
  return { start: node.offset, end: node.offset + node.length };
}

function contains(outer: Span, inner: Span): boolean {
  return inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length;
}
