// Helpers shared by the test/unit/kind-*.test.ts suites: fixtures, finding comparison, hostile-key checks and field case generators.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { validateDocument, type Validation, type ValidationSettings } from '../../server/src/engine/validate.ts';
import { formatJsonPath, type JsonPath } from '../../server/src/engine/located.ts';

/** A parsed fixture or document under mutation: any JSON value. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
/** The severity of a finding. */
export type Severity = 'error' | 'warning' | 'info';
/** Where a finding must sit: the value, the key naming it, or (for key-missing) the enclosing key. */
export type Where = 'value' | 'key' | 'parent';
/** One expected finding: code, severity, path, and where its span sits (default by code). */
export type Expected = [code: string, severity: Severity, path: JsonPath, where?: Where];
/** A finding as compared: code, severity, formatted path and the text it spans. */
export interface Row {
  code: string;
  severity: string;
  path: string;
  span: string;
}

const FIXTURES = resolve(__dirname, '../fixtures/kinds');

/** The text of a fixture in test/fixtures/kinds. */
export const fixtureText = (name: string): string => readFileSync(resolve(FIXTURES, name), 'utf8');

/** The text `JSON.stringify(value, null, 2)`: how the JSON checks write a document. */
export const json = (value: unknown): string => JSON.stringify(value, null, 2);

function own(value: unknown, key: string | number): unknown {
  if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) {
    throw new Error(`test bug: no own key ${String(key)}`);
  }
  return (value as Record<string | number, unknown>)[key];
}

/** The object or array at `path` (for mutations). */
const at = (root: Json, path: JsonPath): Json => path.reduce<unknown>(own, root);

/** The text `JSON.stringify(root, null, indent)` writes for the value at `path` (indent 0: compact JSON). */
function rendered(root: unknown, path: JsonPath, indent: number): string {
  const text = JSON.stringify(path.reduce<unknown>(own, root), null, indent);
  return indent === 0 ? text : text.split('\n').join(`\n${' '.repeat(indent * path.length)}`);
}

/** Where a finding must sit: the value, the key naming it, or (for key-missing) the enclosing key or item. */
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

/** Each finding of `result` as a row: code, severity, formatted path and the text of `text` it spans. */
export function rowsOf(text: string, result: Validation): Row[] {
  return result.findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    path: formatJsonPath(f.path),
    span: text.slice(f.span.offset, f.span.offset + f.span.length),
  }));
}

/** [code, severity, path, spanned text] of each finding, in the engine's order. */
export const tuples = (text: string, result: Validation): string[][] => rowsOf(text, result).map((r) => [r.code, r.severity, r.path, r.span]);

const order = (a: Row, b: Row): number =>
  `${a.path}\u0000${a.code}\u0000${a.span}`.localeCompare(`${b.path}\u0000${b.code}\u0000${b.span}`);

/** Compares every finding of `result` with `expected`: code, severity, path and the text spanned in `root` written with `indent`. */
export function assertFindings(text: string, result: Validation, root: unknown, expected: Expected[], indent: number): void {
  const want = expected.map(([code, severity, path, where]) => ({
    code,
    severity,
    path: formatJsonPath(path),
    span: expectedSpan(root, path, where ?? defaultWhere(code), indent),
  }));
  assert.deepEqual(rowsOf(text, result).sort(order), want.sort(order));
}

/** How one `check` call differs from the kind's defaults: the file path, the settings, or the kind it must be detected as. */
export interface CheckOptions {
  path?: string;
  settings?: ValidationSettings;
  kind?: string | undefined;
}

/** Validates a document written as JSON and compares every finding; returns the text and the validation. */
export type Check = (value: unknown, expected: Expected[], options?: CheckOptions) => { text: string; result: Validation };

/** The finding checks of one kind (`check`, `checkYaml`, `assertValidFixture`, `fixtureTests`), bound to its kind id and default file path. */
export function kindChecks(kind: string, defaultPath: string): {
  check: Check;
  assertValidFixture: (name: string, path: string, fixtureKind?: string) => void;
  fixtureTests: (fixture: string, dir: string) => void;
  checkYaml: (value: unknown, path: string, expected: string[][] | ((text: string) => string[][])) => void;
} {
  /** Validates `JSON.stringify(value, null, 2)` and compares every finding: code, severity, path and spanned text. */
  const check: Check = (value, expected, options = {}) => {
    const text = json(value);
    const result = validateDocument({ text, path: options.path ?? defaultPath }, options.settings);
    assert.equal(result.kind, 'kind' in options ? options.kind : kind);
    assertFindings(text, result, value, expected, 2);
    return { text, result };
  };

  /** Asserts a fixture file has no findings and is detected as `fixtureKind` by its content. */
  const assertValidFixture = (name: string, path: string, fixtureKind: string = kind): void => {
    const result = validateDocument({ text: fixtureText(name), path });
    assert.equal(result.kind, fixtureKind);
    assert.equal(result.kindSource, 'content');
    assert.deepEqual(result.findings, []);
  };

  /** Registers the tests that `<fixture>.json` and `<fixture>.yaml` (validated under `dir`) are clean, alike, and clean through `check`. */
  const fixtureTests = (fixture: string, dir: string): void => {
    const base = (): Json => JSON.parse(fixtureText(`${fixture}.json`));
    test('the JSON fixture has no findings and is detected by content', () => {
      assertValidFixture(`${fixture}.json`, `${dir}/${fixture}.json`);
    });
    test('the YAML fixture holds the same content, has no findings and is detected by content', () => {
      assert.deepEqual(parseYaml(fixtureText(`${fixture}.yaml`)), base());
      assertValidFixture(`${fixture}.yaml`, `${dir}/${fixture}.yaml`);
    });
    test('the mutation helper sees the unmodified fixture as clean', () => {
      check(base(), []);
    });
  };

  /** Validates `value` written as YAML under `path` and compares [code, severity, path, spanned text] of each finding, in the engine's order; `expected` may be worked out from the YAML text. */
  const checkYaml = (value: unknown, path: string, expected: string[][] | ((text: string) => string[][])): void => {
    const text = toYaml(value);
    const result = validateDocument({ text, path });
    assert.equal(result.kind, kind);
    assert.deepEqual(tuples(text, result), typeof expected === 'function' ? expected(text) : expected);
  };

  return { check, checkYaml, assertValidFixture, fixtureTests };
}

/** Asserts a JSON document is detected as no kind and has no findings. */
export function assertNotDetected(value: unknown, path = 'docs/look-alike.json'): void {
  const result = validateDocument({ text: json(value), path });
  assert.equal(result.kind, undefined);
  assert.equal(result.kindSource, undefined);
  assert.deepEqual(result.findings, []);
}

/** Asserts that no hostile key reached Object.prototype. */
export function assertNoPollution(): void {
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
}

/** Sets an own, enumerable key, even `__proto__`, the way JSON.parse would. */
export function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One key-missing error for each of `keys` under `parent`. */
export const missingKeys = (parent: JsonPath, keys: string[]): Expected[] => keys.map((key): Expected => ['key-missing', 'error', [...parent, key]]);

/** How `textCases` expects a text field to be judged. */
export interface TextCaseOptions {
  /** How a placeholder counts here. */
  placeholder: Severity | 'ignored';
  /** How an empty or missing value counts (default error). */
  severity?: Severity;
  /** The document to mutate (default: the valid fixture). */
  make?: () => Json;
}

/** Test generators for the usual field gates, bound to a kind's `check` and its valid fixture `base`. */
export function fieldCases(check: Check, base: () => Json) {
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

  /** Registers the edge cases of a switch that must be true. */
  function flagCases(parent: JsonPath, key: string, code = 'flag-not-true', make: () => Json = base): void {
    const path = [...parent, key];
    const name = formatJsonPath(path);
    test(`${name}: false is ${code}`, () => {
      const doc = make();
      at(doc, parent)[key] = false;
      check(doc, [[code, 'error', path]]);
    });
    test(`${name}: missing is key-missing`, () => {
      const doc = make();
      delete at(doc, parent)[key];
      check(doc, [['key-missing', 'error', path]]);
    });
    test(`${name}: "true" (a string) is a type-mismatch only`, () => {
      const doc = make();
      at(doc, parent)[key] = 'true';
      check(doc, [['type-mismatch', 'error', path]]);
    });
  }

  /** Registers the edge cases of an integer that must be at least `minimum`. */
  function integerCases(parent: JsonPath, key: string, minimum = 1, code = 'value-too-small', make: () => Json = base): void {
    const path = [...parent, key];
    const name = formatJsonPath(path);
    const withValue = (value: unknown): Json => {
      const doc = make();
      at(doc, parent)[key] = value;
      return doc;
    };
    test(`${name}: ${minimum - 1} is ${code}; ${minimum} passes`, () => {
      check(withValue(minimum - 1), [[code, 'error', path]]);
      check(withValue(minimum), []);
    });
    if (minimum !== 1) {
      test(`${name}: 0 is ${code}`, () => {
        check(withValue(0), [[code, 'error', path]]);
      });
    }
    test(`${name}: missing is key-missing`, () => {
      const doc = make();
      delete at(doc, parent)[key];
      check(doc, [['key-missing', 'error', path]]);
    });
    for (const wrong of [2.5, '30', true]) {
      test(`${name}: ${JSON.stringify(wrong)} is a type-mismatch only`, () => {
        check(withValue(wrong), [['type-mismatch', 'error', path]]);
      });
    }
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

  /** Registers the edge cases of a value that must be exactly `expected`. */
  function equalsCases(parent: JsonPath, key: string, expected: string, wrong: string[], code = 'value-unexpected', make: () => Json = base): void {
    const path = [...parent, key];
    const name = formatJsonPath(path);
    for (const value of wrong) {
      test(`${name}: ${JSON.stringify(value)} is ${code} (must be ${JSON.stringify(expected)})`, () => {
        const doc = make();
        at(doc, parent)[key] = value;
        check(doc, [[code, 'error', path]]);
      });
    }
    test(`${name}: missing is key-missing`, () => {
      const doc = make();
      delete at(doc, parent)[key];
      check(doc, [['key-missing', 'error', path]]);
    });
    test(`${name}: null is a type-mismatch only`, () => {
      const doc = make();
      at(doc, parent)[key] = null;
      check(doc, [['type-mismatch', 'error', path]]);
    });
  }

  /** Registers the edge cases of a section (an object) that must be present. */
  function sectionCases(parent: JsonPath, key: string, make: () => Json = base): void {
    const path = [...parent, key];
    const name = formatJsonPath(path);
    test(`${name}: missing is key-missing once (its children are not reported)`, () => {
      const doc = make();
      delete at(doc, parent)[key];
      check(doc, [['key-missing', 'error', path]]);
    });
    test(`${name}: a list is a type-mismatch only`, () => {
      const doc = make();
      at(doc, parent)[key] = [];
      check(doc, [['type-mismatch', 'error', path]]);
    });
  }

  return { textCases, flagCases, integerCases, listCases, equalsCases, sectionCases };
}
