// Document symbols (the outline) of an artifact, JSON and YAML alike: its located tree as a
// DocumentSymbol tree. List items are named by the field that identifies them (a source's
// source_id, a rule's decision…), so the outline reads like the artifact, not like its indexes.
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { propertyOf, type LArray, type LNode, type LObject, type LProperty, type Span } from '../../engine/located.ts';
import type { Feature } from './feature.ts';

/** Audit logs can hold millions of records: the outline lists the first ones only. */
const MAX_OUTLINED_RECORDS = 1000;

/** The fields that identify a list item, most specific first. */
const NAME_FIELDS = ['source_id', 'connector_id', 'adapter_id', 'id', 'name', 'agent', 'decision', 'action', 'title', 'metric'];

export const documentSymbols: Feature = {
  // The label names ProdGate's outline next to the editor's own JSON or YAML outline.
  capabilities: { documentSymbolProvider: { label: 'ProdGate' } },
  register(connection, { documents, analyses }) {
    connection.onDocumentSymbol(({ textDocument }) => {
      const document = documents.get(textDocument.uri);
      if (!document) return null;
      const { kind, root } = analyses.of(document);
      if (!kind || !root) return null;
      const outline = new Outline(document);
      return kind === 'shadow-audit-log' && root.type === 'array' ? outline.records(root) : outline.children(root);
    });
  },
};

class Outline {
  constructor(private readonly document: TextDocument) {}

  /** The symbols of an object's keys or of an array's items. */
  children(node: LNode): DocumentSymbol[] {
    if (node.type === 'object') return writtenProperties(node).map((property) => this.property(property));
    if (node.type === 'array') return writtenItems(node).map(([item, index]) => this.item(item, index));
    return [];
  }

  /**
   * An audit log's records, each known by its position and its time. Their keys are left out: every
   * record has the same ones, and they would make the outline of 1,000 records some 15 MB.
   */
  records(log: LArray): DocumentSymbol[] {
    return log.items.slice(0, MAX_OUTLINED_RECORDS).map((record, index) => {
      const createdAt = record.type === 'object' ? scalarText(propertyOf(record, 'created_at')?.value) : undefined;
      const name = createdAt ? `record ${index + 1} (${createdAt})` : `record ${index + 1}`;
      const range = rangeOf(this.document, record.offset, record);
      return { name, kind: SymbolKind.Object, range, selectionRange: range };
    });
  }

  private property({ key, keySpan, value }: LProperty): DocumentSymbol {
    const selectionRange = this.range(keySpan.offset, keySpan.offset + keySpan.length);
    // A YAML alias's value is written at its anchor, earlier in the file: the outline shows it there.
    if (value.offset < keySpan.offset + keySpan.length) {
      return { name: symbolName(key), kind: SymbolKind.Property, range: selectionRange, selectionRange, children: [] };
    }
    return {
      name: symbolName(key),
      kind: kindOf(value, 'property'),
      ...detail(value),
      range: rangeOf(this.document, keySpan.offset, value),
      selectionRange,
      children: this.children(value),
    };
  }

  private item(item: LNode, index: number): DocumentSymbol {
    const range = rangeOf(this.document, item.offset, item);
    const named = item.type === 'object' ? itemName(item) : undefined;
    return {
      name: named?.name ?? `[${index}]`,
      kind: kindOf(item, 'item'),
      ...detail(item),
      range,
      selectionRange: named ? this.range(named.span.offset, named.span.offset + named.span.length) : range,
      children: this.children(item),
    };
  }

  private range(start: number, end: number): Range {
    return { start: this.document.positionAt(start), end: this.document.positionAt(end) };
  }
}

/**
 * The range from `start` (a key, or the node itself) to the end of the node's text. YAML nodes
 * end after their line break; the range stops at the last character instead.
 */
export function rangeOf(document: TextDocument, start: number, node: LNode): Range {
  return { start: document.positionAt(start), end: document.positionAt(contentEnd(document.getText(), node)) };
}

/** The offset just after the node's last non-blank character. */
export function contentEnd(text: string, node: LNode): number {
  let end = node.offset + node.length;
  while (end > node.offset && /\s/.test(text[end - 1])) end--;
  return end;
}

/**
 * The properties written in the object itself. YAML merge keys (`<<: *base`) bring in properties
 * whose keys are written at the anchor: they are left to the anchor's place in the file.
 */
export function writtenProperties(node: LObject): LProperty[] {
  return node.properties.filter((property) => contains(node, property.keySpan));
}

/** The items written in the array itself, with their indexes (an aliased item is written at its anchor). */
export function writtenItems(node: LArray): [LNode, number][] {
  return node.items.flatMap((item, index): [LNode, number][] => (contains(node, item) ? [[item, index]] : []));
}

function contains(outer: Span, inner: Span): boolean {
  return inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length;
}

/** A list item's name from its identifying field, and where that field's value is. */
function itemName(item: LObject): { name: string; span: Span } | undefined {
  for (const field of NAME_FIELDS) {
    const value = propertyOf(item, field)?.value;
    const text = scalarText(value);
    if (!value || !text || !contains(item, value)) continue;
    // A deployment-governance rule is known by its decision and the reason code it reports.
    const reason = field === 'decision' ? scalarText(propertyOf(item, 'reason_code')?.value) : undefined;
    return { name: reason ? `${text} (${reason})` : text, span: value };
  }
  return undefined;
}

/** The text of a string or number value that is not blank. */
function scalarText(node: LNode | undefined): string | undefined {
  if (node?.type !== 'scalar' || (typeof node.value !== 'string' && typeof node.value !== 'number')) return undefined;
  const text = String(node.value).trim();
  return text === '' ? undefined : text;
}

/** Editors reject symbols without a name: an empty key shows as `""`. */
function symbolName(key: string): string {
  return key.trim() === '' ? JSON.stringify(key) : key;
}

/** A key is a property unless it holds an object or a list; a list item is what it holds. */
function kindOf(node: LNode, role: 'property' | 'item'): SymbolKind {
  if (node.type === 'object') return SymbolKind.Object;
  if (node.type === 'array') return SymbolKind.Array;
  if (role === 'property') return SymbolKind.Property;
  switch (typeof node.value) {
    case 'string':
      return SymbolKind.String;
    case 'number':
      return SymbolKind.Number;
    case 'boolean':
      return SymbolKind.Boolean;
    default:
      return SymbolKind.Null;
  }
}

/** A scalar's value, shown beside its name. */
function detail(node: LNode): { detail?: string } {
  return node.type === 'scalar' ? { detail: String(node.value) } : {};
}
