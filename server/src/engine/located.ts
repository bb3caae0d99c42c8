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
