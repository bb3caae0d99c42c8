// The located document model: every artifact, whatever its format, parses to this tree, whose nodes
// carry their offsets in the source text. Rules read plain values and report JSON paths; the shells
// map a path back to a span through this tree.

export type JsonPath = readonly (string | number)[];

export interface Span {
  offset: number;
  length: number;
}

export type Scalar = string | number | boolean | null;

export interface LObject extends Span {
  type: 'object';
  properties: LProperty[];
}

export interface LProperty {
  key: string;
  keySpan: Span;
  value: LNode;
}

export interface LArray extends Span {
  type: 'array';
  items: LNode[];
}

export interface LScalar extends Span {
  type: 'scalar';
  value: Scalar;
}

export type LNode = LObject | LArray | LScalar;

/** The property that decides a key's value: the last one, as JSON readers and YAML loaders keep. */
export function propertyOf(node: LObject, key: string): LProperty | undefined {
  for (let i = node.properties.length - 1; i >= 0; i--) {
    if (node.properties[i].key === key) return node.properties[i];
  }
  return undefined;
}

export function childOf(node: LNode, segment: string | number): LNode | undefined {
  if (node.type === 'object' && typeof segment === 'string') return propertyOf(node, segment)?.value;
  if (node.type === 'array' && typeof segment === 'number') return node.items[segment];
  return undefined;
}

/**
 * The plain value of a node. Objects get every key as an own property (a `__proto__` key is data,
 * never a prototype), and duplicate keys resolve to the last value.
 */
export function toPlain(node: LNode): unknown {
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'array':
      return node.items.map(toPlain);
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.properties) {
        Object.defineProperty(result, property.key, {
          value: toPlain(property.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return result;
    }
  }
}

/**
 * Where a finding about `path` belongs. `target: 'key'` points at the key naming the node (the
 * place for "this object lacks a key"); a path that runs past the tree falls back to the deepest
 * node it reaches, on its key.
 */
export function spanOfPath(root: LNode, path: JsonPath, target: 'key' | 'value' = 'value'): Span {
  let node: LNode = root;
  let keySpan: Span | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (node.type === 'object' && typeof segment === 'string') {
      const property = propertyOf(node, segment);
      if (!property) return keySpan ?? rootAnchor(root);
      keySpan = property.keySpan;
      node = property.value;
    } else if (node.type === 'array' && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment];
      keySpan = { offset: node.offset, length: node.length };
    } else {
      return keySpan ?? rootAnchor(root);
    }
  }
  if (target === 'key') return keySpan ?? rootAnchor(root);
  return { offset: node.offset, length: node.length };
}

/** The root has no key: its findings sit on the first key, or the first character. */
function rootAnchor(root: LNode): Span {
  if (root.type === 'object' && root.properties.length > 0) return root.properties[0].keySpan;
  return { offset: root.offset, length: Math.min(root.length, 1) };
}

/** `$.metrics.required[3]`, `$["odd key"]`. */
export function formatJsonPath(path: JsonPath): string {
  let result = '$';
  for (const segment of path) {
    if (typeof segment === 'number') result += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) result += `.${segment}`;
    else result += `[${JSON.stringify(segment)}]`;
  }
  return result;
}

export interface NodeAtOffset {
  /** Path of the innermost node whose key or value holds the offset. */
  path: (string | number)[];
  /** Whether the offset is on the key naming the node, or in its value. */
  on: 'key' | 'value';
  node: LNode;
  /** The object or array holding the node (undefined at the root). */
  parent: LObject | LArray | undefined;
}

/**
 * What is at `offset`: the innermost key or value that contains it (ends inclusive, so a cursor
 * right after a token still counts). Undefined when the offset is outside the root.
 */
export function nodeAtOffset(root: LNode, offset: number): NodeAtOffset | undefined {
  if (!within(root, offset)) return undefined;
  let found: NodeAtOffset = { path: [], on: 'value', node: root, parent: undefined };
  for (;;) {
    const node = found.node;
    let next: NodeAtOffset | undefined;
    if (node.type === 'object') {
      for (const property of node.properties) {
        if (within(property.keySpan, offset)) {
          return { path: [...found.path, property.key], on: 'key', node: property.value, parent: node };
        }
        if (within(property.value, offset)) {
          next = { path: [...found.path, property.key], on: 'value', node: property.value, parent: node };
        }
      }
    } else if (node.type === 'array') {
      node.items.forEach((item, index) => {
        if (within(item, offset)) next = { path: [...found.path, index], on: 'value', node: item, parent: node };
      });
    }
    if (!next) return found;
    found = next;
  }
}

function within(span: Span, offset: number): boolean {
  return offset >= span.offset && offset <= span.offset + span.length;
}
