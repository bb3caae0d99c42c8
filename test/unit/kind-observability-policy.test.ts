// AANA observability policies (production.validate_observability_policy).
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

const KIND = 'observability-policy';
const DEFAULT_PATH = 'observability/dispatch-assist.json';
const SCHEMA_URL = 'https://prodgate.dev/schemas/observability-policy.schema.json';
const base = (): Json => JSON.parse(fixtureText('observability-policy.json'));

describe('observability policy: valid fixtures and detection', () => {
  test('the JSON fixture has no findings and is detected by content', () => {
    assertValidFixture('observability-policy.json', 'observability/observability-policy.json');
  });

  test('the YAML fixture holds the same content, has no findings and is detected by content', () => {
    assert.deepEqual(parseYaml(fixtureText('observability-policy.yaml')), base());
    assertValidFixture('observability-policy.yaml', 'observability/observability-policy.yaml');
  });

  test('the mutation helper sees the unmodified fixture as clean', () => {
    check(base(), []);
  });

  test('settings { "weird/*.txt.json": "observability-policy" } set the kind by glob', () => {
    const settings: ValidationSettings = { files: { 'weird/*.txt.json': 'observability-policy' }, maxFileSizeMB: 5 };
    const text = json({ note: 'not an observability policy by its content' });
    const matched = validateDocument({ text, path: 'weird/metrics.txt.json' }, settings);
    assert.equal(matched.kind, KIND);
    assert.equal(matched.kindSource, 'setting');
    assert.equal(matched.findings.length, 9);
    assert.ok(matched.findings.every((f) => f.code === 'key-missing'));
    const valid = validateDocument({ text: fixtureText('observability-policy.json'), path: 'weird/metrics.txt.json' }, settings);
    assert.equal(valid.kindSource, 'setting');
    assert.deepEqual(valid.findings, []);
    // A glob with a slash matches the whole relative path, not the file name.
    assert.equal(validateDocument({ text, path: 'other/metrics.txt.json' }, settings).kind, undefined);
    assert.equal(validateDocument({ text, path: 'weird/deeper/metrics.txt.json' }, settings).kind, undefined);
    // Windows separators are normalised.
    assert.equal(validateDocument({ text, path: 'weird\\metrics.txt.json' }, settings).kind, KIND);
  });

  test('a setting naming an unknown kind is ignored', () => {
    const settings: ValidationSettings = { files: { '*.json': 'observability' }, maxFileSizeMB: 5 };
    assert.equal(validateDocument({ text: '{}', path: 'a.json' }, settings).kind, undefined);
  });

  test('a file that the setting assigns but that is empty is document-empty', () => {
    const settings: ValidationSettings = { files: { 'weird/*.txt.json': 'observability-policy' }, maxFileSizeMB: 5 };
    const result = validateDocument({ text: '  \n', path: 'weird/metrics.txt.json' }, settings);
    assert.equal(result.kind, KIND);
    assert.deepEqual(result.findings.map((f) => [f.code, f.severity]), [['document-empty', 'error']]);
  });

  test('two signature keys detect the kind; one does not', () => {
    check({ dashboards: [], tracked_metrics: [] }, [
      ['list-empty', 'error', ['dashboards']],
      ['list-empty', 'error', ['tracked_metrics']],
      ...['policy_name', 'owner', 'dashboard_url', 'alerts', 'drift_review', 'latency_slo', 'on_call'].map(
        (key): Expected => ['key-missing', 'error', [key]],
      ),
    ]);
    assertNotDetected({ dashboards: [] });
    assertNotDetected({ tracked_metrics: ['latency'] });
    assertNotDetected({ policy_name: 'x', owner: 'y' });
  });
});

describe('observability policy: top-level text (placeholders are errors)', () => {
  for (const key of ['policy_name', 'owner', 'dashboard_url']) textCases([], key, { placeholder: 'error' });
});

describe('observability policy: dashboards and panels', () => {
  test('$.dashboards: [] is list-empty only', () => {
    const policy = base();
    policy.dashboards = [];
    check(policy, [['list-empty', 'error', ['dashboards']]]);
  });

  test('$.dashboards: missing is key-missing only', () => {
    const policy = base();
    delete policy.dashboards;
    check(policy, [['key-missing', 'error', ['dashboards']]]);
  });

  test('$.dashboards: an object is a type-mismatch only', () => {
    const policy = base();
    policy.dashboards = {};
    check(policy, [['type-mismatch', 'error', ['dashboards']]]);
  });

  for (const key of ['id', 'title', 'url', 'metrics_source', 'owner']) textCases(['dashboards', 1], key, { placeholder: 'error' });

  test('dashboard-panels-missing names the missing panels, sorted', () => {
    const policy = base();
    policy.dashboards[0].panels = policy.dashboards[0].panels.filter((p: Json) => p.id !== 'refusal_defer_rate' && p.id !== 'aix_drift');
    const { result } = check(policy, [['dashboard-panels-missing', 'error', ['dashboards']]]);
    assert.equal(result.findings[0].message, 'dashboards missing required panels: aix_drift, refusal_defer_rate.');
  });

  test('an empty panels list is list-empty, and its panels are missing', () => {
    const policy = base();
    policy.dashboards[1].panels = [];
    const { result } = check(policy, [
      ['list-empty', 'error', ['dashboards', 1, 'panels']],
      ['dashboard-panels-missing', 'error', ['dashboards']],
    ]);
    assert.match(result.findings.find((f) => f.code === 'dashboard-panels-missing')!.message, /panels: connector_failures, evidence_freshness, latency\.$/);
  });

  test('missing panels are key-missing on the dashboard, and its panels are missing', () => {
    const policy = base();
    delete policy.dashboards[1].panels;
    check(policy, [
      ['key-missing', 'error', ['dashboards', 1, 'panels']],
      ['dashboard-panels-missing', 'error', ['dashboards']],
    ]);
  });

  test('a dashboard that is not an object is a type-mismatch, and its panels are missing', () => {
    const policy = base();
    policy.dashboards[1] = 'https://grafana.harborlight.example/d/dispatch-assist-evidence';
    check(policy, [
      ['type-mismatch', 'error', ['dashboards', 1]],
      ['dashboard-panels-missing', 'error', ['dashboards']],
    ]);
  });

  for (const key of ['title', 'metric']) textCases(['dashboards', 0, 'panels', 3], key, { placeholder: 'error' });

  test('a blank panel id is value-empty and the panel does not count', () => {
    const policy = base();
    policy.dashboards[1].panels[2].id = '  ';
    const { result } = check(policy, [
      ['value-empty', 'error', ['dashboards', 1, 'panels', 2, 'id']],
      ['dashboard-panels-missing', 'error', ['dashboards']],
    ]);
    assert.match(result.findings.find((f) => f.code === 'dashboard-panels-missing')!.message, /panels: latency\.$/);
  });

  test('a placeholder panel id is value-placeholder', () => {
    const policy = base();
    policy.dashboards[0].panels.push({ id: 'replace_panel', title: 'Carrier refunds', metric: 'carrier_refund_total' });
    check(policy, [['value-placeholder', 'error', ['dashboards', 0, 'panels', 5, 'id']]]);
  });

  test('a missing panel id is key-missing on the panel, and the panel does not count', () => {
    const policy = base();
    delete policy.dashboards[0].panels[0].id;
    check(policy, [
      ['key-missing', 'error', ['dashboards', 0, 'panels', 0, 'id']],
      ['dashboard-panels-missing', 'error', ['dashboards']],
    ]);
  });

  test('a panel that is not an object is a type-mismatch, and does not count', () => {
    const policy = base();
    policy.dashboards[0].panels[4] = 'aix_drift';
    check(policy, [
      ['type-mismatch', 'error', ['dashboards', 0, 'panels', 4]],
      ['dashboard-panels-missing', 'error', ['dashboards']],
    ]);
  });

  test('panels are matched by id, not by metric', () => {
    const policy = base();
    policy.dashboards[1].panels[2].id = 'p95';
    const { result } = check(policy, [['dashboard-panels-missing', 'error', ['dashboards']]]);
    assert.match(result.findings[0].message, /panels: latency\.$/);
  });
});

describe('observability policy: tracked_metrics', () => {
  listCases([], 'tracked_metrics');

  test('metrics-missing names the missing metrics, sorted', () => {
    const policy = base();
    policy.tracked_metrics = policy.tracked_metrics.filter((m: string) => !['violation_code_count', 'aix_decision_count', 'latency'].includes(m));
    const { result } = check(policy, [['metrics-missing', 'error', ['tracked_metrics']]]);
    assert.equal(result.findings[0].message, 'tracked_metrics is missing required metrics: aix_decision_count, latency, violation_code_count.');
  });

  test('blank and placeholder items are reported on the item', () => {
    const policy = base();
    policy.tracked_metrics.push('', ' ', 'Replace_With_Metric');
    check(policy, [
      ['value-empty', 'error', ['tracked_metrics', 11]],
      ['value-empty', 'error', ['tracked_metrics', 12]],
      ['value-placeholder', 'error', ['tracked_metrics', 13]],
    ]);
  });

  test('a required metric turned into a placeholder is missing too', () => {
    const policy = base();
    policy.tracked_metrics[6] = 'latency (replace)';
    check(policy, [
      ['value-placeholder', 'error', ['tracked_metrics', 6]],
      ['metrics-missing', 'error', ['tracked_metrics']],
    ]);
  });

  test('a non-string item is a type-mismatch, and does not count', () => {
    const policy = base();
    policy.tracked_metrics[0] = null;
    check(policy, [
      ['type-mismatch', 'error', ['tracked_metrics', 0]],
      ['metrics-missing', 'error', ['tracked_metrics']],
    ]);
  });
});

describe('observability policy: alerts', () => {
  listCases([], 'alerts');
  for (const key of ['name', 'metric', 'condition', 'severity', 'route', 'owner']) textCases(['alerts', 3], key, { placeholder: 'error' });

  test('alerts-missing names the missing alert ids, sorted', () => {
    const policy = base();
    policy.alerts = policy.alerts.filter((a: Json) => a.id !== 'stale_evidence' && a.id !== 'aix_drift');
    const { result } = check(policy, [['alerts-missing', 'error', ['alerts']]]);
    assert.equal(result.findings[0].message, 'alerts missing required operational coverage: aix_drift, stale_evidence.');
  });

  test('a blank alert id is value-empty, and the alert does not count', () => {
    const policy = base();
    policy.alerts[5].id = '';
    check(policy, [
      ['value-empty', 'error', ['alerts', 5, 'id']],
      ['alerts-missing', 'error', ['alerts']],
    ]);
  });

  test('a placeholder alert id is value-placeholder', () => {
    const policy = base();
    policy.alerts.push({ ...policy.alerts[0], id: 'REPLACE_ALERT' });
    check(policy, [['value-placeholder', 'error', ['alerts', 6, 'id']]]);
  });

  test('a missing threshold is key-missing on the alert', () => {
    const policy = base();
    delete policy.alerts[2].threshold;
    check(policy, [['key-missing', 'error', ['alerts', 2, 'threshold']]]);
  });

  for (const wrong of ['0.15', null, true]) {
    test(`a threshold of ${JSON.stringify(wrong)} is a type-mismatch only`, () => {
      const policy = base();
      policy.alerts[0].threshold = wrong;
      check(policy, [['type-mismatch', 'error', ['alerts', 0, 'threshold']]]);
    });
  }

  test('zero and negative thresholds are accepted', () => {
    const policy = base();
    policy.alerts[5].threshold = 0;
    policy.alerts[4].threshold = -0.1;
    check(policy, []);
  });

  test('an alert that is not an object is a type-mismatch, and does not count', () => {
    const policy = base();
    policy.alerts[1] = 'connector_failures';
    check(policy, [
      ['type-mismatch', 'error', ['alerts', 1]],
      ['alerts-missing', 'error', ['alerts']],
    ]);
  });
});

describe('observability policy: drift_review', () => {
  sectionCases([], 'drift_review');
  textCases(['drift_review'], 'cadence', { placeholder: 'error' });
  textCases(['drift_review'], 'owner', { placeholder: 'error' });
  listCases(['drift_review'], 'required_reports');
});

describe('observability policy: latency_slo', () => {
  sectionCases([], 'latency_slo');
  integerCases(['latency_slo'], 'p95_ms');
  textCases(['latency_slo'], 'route', { placeholder: 'error' });

  test('$.latency_slo.p95_ms: a negative number is value-too-small', () => {
    const policy = base();
    policy.latency_slo.p95_ms = -1500;
    check(policy, [['value-too-small', 'error', ['latency_slo', 'p95_ms']]]);
  });
});

describe('observability policy: on_call', () => {
  sectionCases([], 'on_call');
  for (const key of ['primary', 'secondary', 'schedule', 'escalation_policy', 'handoff', 'incident_channel']) {
    textCases(['on_call'], key, { placeholder: 'error' });
  }

  test('page_for may be absent', () => {
    const policy = base();
    delete policy.on_call.page_for;
    check(policy, []);
  });

  test('page_for, when present, must not be empty', () => {
    const policy = base();
    policy.on_call.page_for = [];
    check(policy, [['list-empty', 'error', ['on_call', 'page_for']]]);
  });

  test('page_for as a string is a type-mismatch only', () => {
    const policy = base();
    policy.on_call.page_for = 'hard_blocker_spike';
    check(policy, [['type-mismatch', 'error', ['on_call', 'page_for']]]);
  });
});

describe('observability policy: whole documents', () => {
  test('an object with only $schema reports each of the 9 required keys once', () => {
    check(
      { $schema: SCHEMA_URL },
      ['policy_name', 'owner', 'dashboard_url', 'dashboards', 'tracked_metrics', 'alerts', 'drift_review', 'latency_slo', 'on_call'].map(
        (key): Expected => ['key-missing', 'error', [key]],
      ),
    );
  });

  test('YAML findings point at the YAML text', () => {
    const policy = base();
    policy.dashboard_url = 'https://grafana.harborlight.example/d/replace-me';
    policy.latency_slo.p95_ms = 0;
    policy.alerts = policy.alerts.slice(0, 5);
    const text = toYaml(policy);
    const result = validateDocument({ text, path: 'observability/dispatch-assist.yaml' });
    assert.equal(result.kind, KIND);
    const alertsText = text.slice(text.indexOf('- id: high_refusal_defer_rate'), text.indexOf('drift_review:'));
    assert.deepEqual(tuples(text, result), [
      ['value-placeholder', 'error', '$.dashboard_url', 'https://grafana.harborlight.example/d/replace-me'],
      ['alerts-missing', 'error', '$.alerts', alertsText],
      ['value-too-small', 'error', '$.latency_slo.p95_ms', '0'],
    ]);
  });

  test('__proto__, constructor and hasOwnProperty keys are plain data: no crash, no pollution', () => {
    const policy = base();
    delete policy.on_call;
    defineOwn(policy, '__proto__', { on_call: { primary: 'x' }, polluted: true });
    defineOwn(policy.dashboards[0].panels[0], 'constructor', { prototype: { polluted: true } });
    defineOwn(policy.latency_slo, 'hasOwnProperty', 1);
    defineOwn(policy.alerts[0], '__proto__', { id: 'aix_drift' });
    check(policy, [['key-missing', 'error', ['on_call']]]);
    assertNoPollution();
  });
});
