// JSON Schema validation (draft 2020-12) with errors turned into findings on the offending node.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Finding } from './findings.ts';
import type { JsonPath } from './located.ts';

export type JsonSchema = Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv);
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

export function schemaFindings(schema: JsonSchema, value: unknown): Finding[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  const findings: Finding[] = [];
  const errors = validate.errors ?? [];
  // A value of the wrong type breaks its enum too: the type error says it better.
  const wrongType = new Set(errors.filter((error) => error.keyword === 'type').map((error) => error.instancePath));
  for (const error of errors) {
    if ((error.keyword === 'enum' || error.keyword === 'const') && wrongType.has(error.instancePath)) continue;
    const result = toFinding(error, value);
    if (result) findings.push(result);
  }
  return findings;
}

function toFinding(error: ErrorObject, root: unknown): Finding | undefined {
  const path = instancePath(error.instancePath, root);
  const name = describe(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        code: 'key-missing',
        severity: 'error',
        message: `${capitalize(name)} is missing the required key "${String(params.missingProperty)}".`,
        path: [...path, String(params.missingProperty)],
        target: 'key',
      };
    case 'type':
      return {
        code: 'type-mismatch',
        severity: 'error',
        message: `${capitalize(name)} must be ${article(String(params.type))}, not ${typeName(valueAt(root, path))}.`,
        path,
      };
    case 'enum':
    case 'const': {
      const allowed = (error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue])
        .map((v) => JSON.stringify(v))
        .join(', ');
      return {
        code: 'value-not-allowed',
        severity: 'error',
        message: `${capitalize(name)} is ${JSON.stringify(valueAt(root, path))}; allowed: ${allowed}.`,
        path,
      };
    }
    case 'additionalProperties':
      return {
        code: 'key-unknown',
        severity: 'warning',
        message: `Unknown key "${String(params.additionalProperty)}" in ${name}.`,
        path: [...path, String(params.additionalProperty)],
        target: 'key',
      };
    case 'if': // the failing `then` branch reports the real problem
    case 'anyOf':
    case 'oneOf':
      return undefined;
    default:
      return { code: 'schema-violation', severity: 'error', message: `${capitalize(name)} ${error.message ?? 'is invalid'}.`, path };
  }
}

/** Ajv's JSON Pointer as path segments, with array indices as numbers. */
function instancePath(pointer: string, root: unknown): JsonPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(segment);
      path.push(index);
      node = node[index];
    } else {
      path.push(segment);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Object.prototype.hasOwnProperty.call(node, segment) ? (node as Record<string | number, unknown>)[segment] : undefined;
  }
  return node;
}

/** How a message names the node at `path`: `"tracked_metrics"`, `item 3 of "sources"`, `the document`. */
export function describe(path: JsonPath): string {
  if (path.length === 0) return 'the document';
  const last = path[path.length - 1];
  if (typeof last === 'string') return `"${last}"`;
  const parent = path.length > 1 ? path[path.length - 2] : undefined;
  return typeof parent === 'string' ? `item ${last} of "${parent}"` : `item ${last}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function article(types: string): string {
  return types
    .split(',')
    .map((type) => (type === 'object' || type === 'array' || type === 'integer' ? `an ${type}` : type === 'null' ? 'null' : `a ${type}`))
    .join(' or ');
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}
