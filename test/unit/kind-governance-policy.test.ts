// AANA human-governance policies (production.validate_governance_policy).
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

// ------------------------------------------------------------------ kind

const KIND = 'governance-policy';
const DEFAULT_PATH = 'governance/dispatch-assist.json';
const SCHEMA_URL = 'https://prodgate.dev/schemas/governance-policy.schema.json';
const base = (): Json => JSON.parse(fixtureText('governance-policy.json'));

describe('governance policy: valid fixtures and detection', () => {
  test('the JSON fixture has no findings and is detected by content', () => {
    assertValidFixture('governance-policy.json', 'governance/governance-policy.json');
  });

  test('the YAML fixture holds the same content, has no findings and is detected by content', () => {
    assert.deepEqual(parseYaml(fixtureText('governance-policy.yaml')), base());
    assertValidFixture('governance-policy.yaml', 'governance/governance-policy.yaml');
  });

  test('the mutation helper sees the unmodified fixture as clean', () => {
    check(base(), []);
  });

  test('decision_explanations with review_metrics is enough to detect the kind', () => {
    const policy = base();
    delete policy.escalation_classes;
    check(policy, [['key-missing', 'error', ['escalation_classes']]]);
  });

  test('policy_name and owner alone are not a governance policy (nor any kind)', () => {
    assertNotDetected({ policy_name: 'x', owner: 'y' });
    assertNotDetected({ policy_name: 'Dispatch Assist human governance', owner: 'Fleet Ops', review_cadence: 'weekly' });
  });

  test('decision_explanations without review_metrics is not detected', () => {
    assertNotDetected({ policy_name: 'x', decision_explanations: { ask: 'a', defer: 'b', refuse: 'c' } });
  });
});

describe('governance policy: top-level text', () => {
  for (const key of ['policy_name', 'owner', 'review_cadence']) textCases([], key, { placeholder: 'error' });

  test('review_cadence is free text (no enum)', () => {
    const policy = base();
    policy.review_cadence = 'every second Thursday';
    check(policy, []);
  });
});

describe('governance policy: escalation_classes', () => {
  listCases([], 'escalation_classes');
  for (const key of ['name', 'trigger', 'route']) textCases(['escalation_classes', 2], key, { placeholder: 'error' });
  listCases(['escalation_classes', 0], 'allowed_actions');

  test('a class that is not an object is a type-mismatch only', () => {
    const policy = base();
    policy.escalation_classes[1] = 'low-confidence verifier result';
    check(policy, [['type-mismatch', 'error', ['escalation_classes', 1]]]);
  });

  test('an empty class reports each of its four keys on the class', () => {
    const policy = base();
    policy.escalation_classes.push({});
    check(
      policy,
      ['name', 'trigger', 'route', 'allowed_actions'].map((key): Expected => ['key-missing', 'error', ['escalation_classes', 3, key]]),
    );
  });

  test('allowed action names are not checked against an enum', () => {
    const policy = base();
    policy.escalation_classes[0].allowed_actions = ['page the supervisor'];
    check(policy, []);
  });

  test('topic coverage is not checked here (the certification checks it)', () => {
    const policy = base();
    policy.escalation_classes = [policy.escalation_classes[1]];
    check(policy, []);
  });
});

describe('governance policy: decision_explanations', () => {
  sectionCases([], 'decision_explanations');
  for (const action of ['ask', 'defer', 'refuse']) textCases(['decision_explanations'], action, { placeholder: 'error' });

  test('an empty decision_explanations reports ask, defer and refuse', () => {
    const policy = base();
    policy.decision_explanations = {};
    check(policy, ['ask', 'defer', 'refuse'].map((key): Expected => ['key-missing', 'error', ['decision_explanations', key]]));
  });
});

describe('governance policy: review_metrics', () => {
  listCases([], 'review_metrics');

  test('each blank or placeholder metric is reported on its item', () => {
    const policy = base();
    policy.review_metrics = ['false_accept_rate', '', '   ', 'REPLACE_WITH_METRIC', 'irreplaceable_rate'];
    check(policy, [
      ['value-empty', 'error', ['review_metrics', 1]],
      ['value-empty', 'error', ['review_metrics', 2]],
      ['value-placeholder', 'error', ['review_metrics', 3]],
      ['value-placeholder', 'error', ['review_metrics', 4]],
    ]);
  });

  test('a non-string metric is a type-mismatch only', () => {
    const policy = base();
    policy.review_metrics[0] = 0.02;
    check(policy, [['type-mismatch', 'error', ['review_metrics', 0]]]);
  });

  test('there is no required list of review metrics', () => {
    const policy = base();
    policy.review_metrics = ['carrier_complaints'];
    check(policy, []);
  });
});

describe('governance policy: incident_response', () => {
  sectionCases([], 'incident_response');
  for (const key of ['owner', 'rollback_trigger', 'notification_path']) textCases(['incident_response'], key, { placeholder: 'error' });
  listCases(['incident_response'], 'severity_levels');

  test('severity level values are not checked', () => {
    const policy = base();
    policy.incident_response.severity_levels = ['', 'replace'];
    check(policy, []);
  });
});

describe('governance policy: whole documents', () => {
  test('an object with only $schema reports each of the 7 required keys once', () => {
    const { result } = check(
      { $schema: SCHEMA_URL },
      ['policy_name', 'owner', 'review_cadence', 'escalation_classes', 'decision_explanations', 'review_metrics', 'incident_response'].map(
        (key): Expected => ['key-missing', 'error', [key]],
      ),
    );
    assert.equal(result.kindSource, 'schema');
  });

  test('governance never emits warnings: every placeholder is an error', () => {
    const policy = base();
    policy.owner = 'Replace Me';
    policy.escalation_classes[0].route = 'replace-with-queue';
    policy.decision_explanations.refuse = 'REPLACE';
    policy.incident_response.notification_path = 'replace';
    const { result } = check(policy, [
      ['value-placeholder', 'error', ['owner']],
      ['value-placeholder', 'error', ['escalation_classes', 0, 'route']],
      ['value-placeholder', 'error', ['decision_explanations', 'refuse']],
      ['value-placeholder', 'error', ['incident_response', 'notification_path']],
    ]);
    assert.ok(result.findings.every((f) => f.severity === 'error'));
  });

  test('YAML findings point at the YAML text', () => {
    const policy = base();
    policy.review_cadence = '';
    delete policy.escalation_classes[1].trigger;
    policy.incident_response.severity_levels = [];
    const text = toYaml(policy);
    const result = validateDocument({ text, path: 'governance/dispatch-assist.yaml' });
    assert.equal(result.kind, KIND);
    const classStart = text.indexOf('- name: low-confidence verifier result');
    const classText = text.slice(classStart + 2, text.indexOf('  - name: irreversible', classStart));
    assert.deepEqual(tuples(text, result), [
      ['value-empty', 'error', '$.review_cadence', '""'],
      ['key-missing', 'error', '$.escalation_classes[1].trigger', classText],
      ['list-empty', 'error', '$.incident_response.severity_levels', '[]'],
    ]);
  });

  test('__proto__, constructor and hasOwnProperty keys are plain data: no crash, no pollution', () => {
    const policy = base();
    delete policy.incident_response;
    defineOwn(policy, '__proto__', { incident_response: { owner: 'x' }, polluted: true });
    defineOwn(policy.decision_explanations, 'constructor', { prototype: { polluted: true } });
    defineOwn(policy.escalation_classes[0], 'hasOwnProperty', 'nope');
    check(policy, [['key-missing', 'error', ['incident_response']]]);
    assertNoPollution();
  });
});
