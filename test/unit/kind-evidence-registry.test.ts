// AANA evidence registries (evidence.validate_registry).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { validateDocument, type Validation, type ValidationSettings } from '../../server/src/engine/validate.ts';
import { formatJsonPath, type JsonPath } from '../../server/src/engine/located.ts';

// ------------------------------------------------------------------ helpers (each kind-*.test.ts carries its own copy)

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Severity = 'error' | 'warning' | 'info';
type Where = 'value' | 'key' | 'parent';
type Expected = [code: string, severity: Severity, path: JsonPath, where?: Where];
interface Row {
  code: string;
  severity: string;
  path: string;
  span: string;
}

const FIXTURES = resolve(__dirname, '../fixtures/kinds');
const fixtureText = (name: string): string => readFileSync(resolve(FIXTURES, name), 'utf8');
const json = (value: unknown): string => JSON.stringify(value, null, 2);

function own(value: unknown, key: string | number): unknown {
  if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) {
    throw new Error(`test bug: no own key ${String(key)}`);
  }
  return (value as Record<string | number, unknown>)[key];
}

/** The object or array at `path` (for mutations). */
const at = (root: Json, path: JsonPath): Json => path.reduce<unknown>(own, root);

/** The text `JSON.stringify(root, null, indent)` writes for the value at `path`. */
function rendered(root: unknown, path: JsonPath, indent: number): string {
  const text = JSON.stringify(path.reduce<unknown>(own, root), null, indent);
  return indent === 0 ? text : text.split('\n').join(`\n${' '.repeat(indent * path.length)}`);
}

/** Where a finding must sit: the value, the key naming it, or (for key-missing) the enclosing key. */
function expectedSpan(root: unknown, path: JsonPath, where: Where, indent: number): string {
  if (where === 'value') return rendered(root, path, indent);
  const anchor = where === 'key' ? path : path.slice(0, -1);
  if (anchor.length === 0) return JSON.stringify(Object.keys(root as object)[0]);
  const last = anchor[anchor.length - 1];
  return typeof last === 'string' ? JSON.stringify(last) : rendered(root, anchor, indent);
}

function defaultWhere(code: string): Where {
  if (code === 'key-missing') return 'parent';
  if (code === 'key-unknown' || code === 'audit-raw-field' || code === 'audit-not-shadow') return 'key';
  return 'value';
}

function rowsOf(text: string, result: Validation): Row[] {
  return result.findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    path: formatJsonPath(f.path),
    span: text.slice(f.span.offset, f.span.offset + f.span.length),
  }));
}

/** [code, severity, path, spanned text] of each finding, in the engine's order. */
const tuples = (text: string, result: Validation): string[][] => rowsOf(text, result).map((r) => [r.code, r.severity, r.path, r.span]);

const order = (a: Row, b: Row): number =>
  `${a.path}\u0000${a.code}\u0000${a.span}`.localeCompare(`${b.path}\u0000${b.code}\u0000${b.span}`);

interface CheckOptions {
  path?: string;
  settings?: ValidationSettings;
  kind?: string | undefined;
}

/** Validates `JSON.stringify(value, null, 2)` and compares every finding: code, severity, path and spanned text. */
function check(value: unknown, expected: Expected[], options: CheckOptions = {}): { text: string; result: Validation } {
  const text = json(value);
  const result = validateDocument({ text, path: options.path ?? DEFAULT_PATH }, options.settings);
  assert.equal(result.kind, 'kind' in options ? options.kind : KIND);
  const want = expected.map(([code, severity, path, where]) => ({
    code,
    severity,
    path: formatJsonPath(path),
    span: expectedSpan(value, path, where ?? defaultWhere(code), 2),
  }));
  assert.deepEqual(rowsOf(text, result).sort(order), want.sort(order));
  return { text, result };
}

function assertNoPollution(): void {
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
}

function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function assertValidFixture(name: string, path: string): void {
  const text = fixtureText(name);
  const result = validateDocument({ text, path });
  assert.equal(result.kind, KIND);
  assert.equal(result.kindSource, 'content');
  assert.deepEqual(result.findings, []);
}

function assertNotDetected(value: unknown, path = 'docs/look-alike.json'): void {
  const result = validateDocument({ text: json(value), path });
  assert.equal(result.kind, undefined);
  assert.equal(result.kindSource, undefined);
  assert.deepEqual(result.findings, []);
}

interface TextCaseOptions {
  /** How a placeholder counts here. */
  placeholder: Severity | 'ignored';
  /** How an empty or missing value counts (default error). */
  severity?: Severity;
  /** The document to mutate (default: the valid fixture). */
  make?: () => Json;
}

/** Registers the edge cases of a text gate: empty, blank, placeholders in any case, missing, wrong type. */
function textCases(parent: JsonPath, key: string, options: TextCaseOptions): void {
  const path = [...parent, key];
  const name = formatJsonPath(path);
  const severity = options.severity ?? 'error';
  const make = options.make ?? base;
  const withValue = (value: unknown): Json => {
    const doc = make();
    at(doc, parent)[key] = value;
    return doc;
  };
  test(`${name}: "" is value-empty (${severity})`, () => {
    check(withValue(''), [['value-empty', severity, path]]);
  });
  test(`${name}: whitespace-only is value-empty (${severity})`, () => {
    check(withValue(' \t\n '), [['value-empty', severity, path]]);
  });
  for (const placeholder of ['REPLACE_ME', 'replace-with-real-value', 'Please Replace']) {
    test(`${name}: ${JSON.stringify(placeholder)} is ${options.placeholder === 'ignored' ? 'accepted' : `value-placeholder (${options.placeholder})`}`, () => {
      check(withValue(placeholder), options.placeholder === 'ignored' ? [] : [['value-placeholder', options.placeholder, path]]);
    });
  }
  test(`${name}: missing is key-missing (${severity}) on the enclosing key`, () => {
    const doc = make();
    delete at(doc, parent)[key];
    check(doc, [['key-missing', severity, path]]);
  });
  test(`${name}: a number is a type-mismatch only`, () => {
    check(withValue(42), [['type-mismatch', 'error', path]]);
  });
}

/** Registers the edge cases of a list that must not be empty. */
function listCases(parent: JsonPath, key: string, make: () => Json = base): void {
  const path = [...parent, key];
  const name = formatJsonPath(path);
  test(`${name}: [] is list-empty`, () => {
    const doc = make();
    at(doc, parent)[key] = [];
    check(doc, [['list-empty', 'error', path]]);
  });
  test(`${name}: missing is key-missing`, () => {
    const doc = make();
    delete at(doc, parent)[key];
    check(doc, [['key-missing', 'error', path]]);
  });
  test(`${name}: an object is a type-mismatch only`, () => {
    const doc = make();
    at(doc, parent)[key] = {};
    check(doc, [['type-mismatch', 'error', path]]);
  });
}

// ------------------------------------------------------------------ kind

const KIND = 'evidence-registry';
const DEFAULT_PATH = 'evidence/registry.json';
const SCHEMA_URL = 'https://prodgate.dev/schemas/evidence-registry.schema.json';
const base = (): Json => JSON.parse(fixtureText('evidence-registry.json'));

describe('evidence registry: valid fixtures and detection', () => {
  test('the JSON fixture has no findings and is detected by content', () => {
    assertValidFixture('evidence-registry.json', 'evidence/evidence-registry.json');
  });

  test('the YAML fixture holds the same content, has no findings and is detected by content', () => {
    assert.deepEqual(parseYaml(fixtureText('evidence-registry.yaml')), base());
    assertValidFixture('evidence-registry.yaml', 'evidence/evidence-registry.yaml');
  });

  test('the mutation helper sees the unmodified fixture as clean', () => {
    check(base(), []);
  });

  test('sources whose first entry has a source_id are detected without registry_version', () => {
    const registry = base();
    delete registry.registry_version;
    check(registry, []);
  });

  test('registry_version alone is detected, and then lacks sources', () => {
    check({ registry_version: '0.1' }, [['key-missing', 'error', ['sources']]]);
  });

  test('look-alikes are not detected as any kind', () => {
    assertNotDetected({ sources: [] });
    assertNotDetected({ sources: [{ url: 'https://example.com/feed.xml' }] });
    assertNotDetected({ sources: 'shipment-record' });
  });
});

describe('evidence registry: sources', () => {
  test('an empty sources list is list-empty', () => {
    const registry = base();
    registry.sources = [];
    const { result } = check(registry, [['list-empty', 'error', ['sources']]]);
    assert.equal(result.findings[0].message, 'Evidence registry must include a non-empty sources array.');
  });

  test('a missing sources list is key-missing', () => {
    const registry = base();
    delete registry.sources;
    check(registry, [['key-missing', 'error', ['sources']]]);
  });

  test('sources as an object is a type-mismatch only', () => {
    const registry = base();
    registry.sources = { 'shipment-record': {} };
    check(registry, [['type-mismatch', 'error', ['sources']]]);
  });

  test('a source that is not an object is a type-mismatch only', () => {
    const registry = base();
    registry.sources[2] = 'refund-policy';
    check(registry, [['type-mismatch', 'error', ['sources', 2]]]);
  });

  test('an empty source reports its four required keys on the source', () => {
    const registry = base();
    registry.sources.push({});
    check(
      registry,
      ['source_id', 'owner', 'allowed_trust_tiers', 'allowed_redaction_statuses'].map((key): Expected => ['key-missing', 'error', ['sources', 4, key]]),
    );
  });
});

describe('evidence registry: source_id (no placeholder check)', () => {
  textCases(['sources', 1], 'source_id', { placeholder: 'ignored' });

  test('a repeated source_id is duplicate-source-id on the repeat', () => {
    const registry = base();
    registry.sources[3].source_id = 'carrier-contract';
    const { result } = check(registry, [['duplicate-source-id', 'error', ['sources', 3, 'source_id']]]);
    assert.equal(result.findings[0].message, 'Duplicate source_id: carrier-contract.');
  });

  test('three copies give two duplicate findings', () => {
    const registry = base();
    registry.sources[2].source_id = 'shipment-record';
    registry.sources[3].source_id = 'shipment-record';
    check(registry, [
      ['duplicate-source-id', 'error', ['sources', 2, 'source_id']],
      ['duplicate-source-id', 'error', ['sources', 3, 'source_id']],
    ]);
  });

  test('ids are compared raw: case and surrounding spaces make them different', () => {
    const registry = base();
    registry.sources[2].source_id = ' shipment-record';
    registry.sources[3].source_id = 'Shipment-Record';
    check(registry, []);
  });

  test('blank ids are value-empty, never duplicates', () => {
    const registry = base();
    registry.sources[2].source_id = ' ';
    registry.sources[3].source_id = ' ';
    check(registry, [
      ['value-empty', 'error', ['sources', 2, 'source_id']],
      ['value-empty', 'error', ['sources', 3, 'source_id']],
    ]);
  });
});

describe('evidence registry: owner (placeholders are warnings)', () => {
  textCases(['sources', 0], 'owner', { placeholder: 'warning' });
});

describe('evidence registry: allowed lists', () => {
  listCases(['sources', 1], 'allowed_trust_tiers');
  listCases(['sources', 1], 'allowed_redaction_statuses');

  test('trust tiers and redaction statuses are not checked against a list (AANA does not)', () => {
    const registry = base();
    registry.sources[0].allowed_trust_tiers = ['verified', 'gold'];
    registry.sources[2].allowed_redaction_statuses = ['Redacted'];
    check(registry, []);
  });

  test('a non-string trust tier is a type-mismatch only', () => {
    const registry = base();
    registry.sources[0].allowed_trust_tiers = [3];
    check(registry, [['type-mismatch', 'error', ['sources', 0, 'allowed_trust_tiers', 0]]]);
  });
});

describe('evidence registry: max_age_hours', () => {
  test('null and absent mean no limit', () => {
    const registry = base();
    registry.sources[0].max_age_hours = null;
    delete registry.sources[2].max_age_hours;
    check(registry, []);
  });

  for (const small of [0, -24]) {
    test(`${small} is value-too-small`, () => {
      const registry = base();
      registry.sources[2].max_age_hours = small;
      check(registry, [['value-too-small', 'error', ['sources', 2, 'max_age_hours']]]);
    });
  }

  for (const wrong of [1.5, '24', true]) {
    test(`${JSON.stringify(wrong)} is a type-mismatch only`, () => {
      const registry = base();
      registry.sources[2].max_age_hours = wrong;
      check(registry, [['type-mismatch', 'error', ['sources', 2, 'max_age_hours']]]);
    });
  }
});

describe('evidence registry: unchecked fields', () => {
  test('registry_version and enabled have no gate', () => {
    const registry = base();
    registry.registry_version = '9.9';
    registry.sources[0].enabled = false;
    delete registry.sources[1].enabled;
    check(registry, []);
  });

  test('enabled must still be a boolean', () => {
    const registry = base();
    registry.sources[0].enabled = 'yes';
    check(registry, [['type-mismatch', 'error', ['sources', 0, 'enabled']]]);
  });
});

describe('evidence registry: whole documents', () => {
  test('an object with only $schema lacks sources', () => {
    const { result } = check({ $schema: SCHEMA_URL }, [['key-missing', 'error', ['sources']]]);
    assert.equal(result.kindSource, 'schema');
  });

  test('YAML findings point at the YAML text', () => {
    const registry = base();
    registry.sources[1].owner = 'REPLACE WITH OWNER';
    registry.sources[3].source_id = 'refund-policy';
    registry.sources[0].max_age_hours = 0;
    const text = toYaml(registry);
    const result = validateDocument({ text, path: 'evidence/registry.yaml' });
    assert.equal(result.kind, KIND);
    assert.deepEqual(tuples(text, result), [
      ['value-too-small', 'error', '$.sources[0].max_age_hours', '0'],
      ['value-placeholder', 'warning', '$.sources[1].owner', 'REPLACE WITH OWNER'],
      ['duplicate-source-id', 'error', '$.sources[3].source_id', 'refund-policy'],
    ]);
  });

  test('__proto__, constructor and hasOwnProperty keys are plain data: no crash, no pollution', () => {
    const registry = base();
    delete registry.sources[0].owner;
    defineOwn(registry, '__proto__', { polluted: true });
    defineOwn(registry.sources[0], '__proto__', { owner: 'Inherited owner', polluted: true });
    defineOwn(registry.sources[1], 'constructor', { prototype: { polluted: true } });
    defineOwn(registry.sources[2], 'hasOwnProperty', 'source_id');
    check(registry, [['key-missing', 'error', ['sources', 0, 'owner']]]);
    assertNoPollution();
  });

  test('source ids named like Object.prototype members are ordinary ids', () => {
    const registry = base();
    registry.sources[0].source_id = '__proto__';
    registry.sources[1].source_id = 'constructor';
    registry.sources[2].source_id = 'toString';
    registry.sources[3].source_id = 'constructor';
    check(registry, [['duplicate-source-id', 'error', ['sources', 3, 'source_id']]]);
    assertNoPollution();
  });
});
