// AANA external production evidence manifests (production_certification.validate_external_evidence_manifest).
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

// ------------------------------------------------------------------ kind

const KIND = 'external-evidence';
const DEFAULT_PATH = 'evidence/external-production-evidence.json';
const SCHEMA_URL = 'https://prodgate.dev/schemas/external-evidence.schema.json';
const base = (): Json => JSON.parse(fixtureText('external-evidence.json'));
const TEXT = { placeholder: 'warning' } as const;

describe('external evidence: valid fixtures and detection', () => {
  test('the JSON fixture has no findings and is detected by content', () => {
    assertValidFixture('external-evidence.json', 'evidence/external-evidence.json');
  });

  test('the YAML fixture holds the same content, has no findings and is detected by content', () => {
    assert.deepEqual(parseYaml(fixtureText('external-evidence.yaml')), base());
    assertValidFixture('external-evidence.yaml', 'evidence/external-evidence.yaml');
  });

  test('the mutation helper sees the unmodified fixture as clean', () => {
    check(base(), []);
  });

  test('evidence_scope with connector_manifests is detected without a version', () => {
    const evidence = base();
    delete evidence.external_evidence_version;
    check(evidence, [['key-missing', 'error', ['external_evidence_version']]]);
  });

  test('evidence_scope alone is not detected as any kind', () => {
    assertNotDetected({ evidence_scope: 'external_deployment' });
    assertNotDetected({ evidence_scope: 'template', shadow_mode_logs: {} });
  });
});

describe('external evidence: version and scope', () => {
  test('a version other than "0.1" is version-unsupported', () => {
    const evidence = base();
    evidence.external_evidence_version = '1.0';
    check(evidence, [['version-unsupported', 'error', ['external_evidence_version']]]);
  });

  test('the number 0.1 is a type-mismatch only', () => {
    const evidence = base();
    evidence.external_evidence_version = 0.1;
    check(evidence, [['type-mismatch', 'error', ['external_evidence_version']]]);
  });

  for (const scope of ['template', 'internal_pilot', 'External_Deployment', 'external_deployment ', '']) {
    test(`evidence_scope ${JSON.stringify(scope)} is evidence-template-scope`, () => {
      const evidence = base();
      evidence.evidence_scope = scope;
      const { result } = check(evidence, [['evidence-template-scope', 'error', ['evidence_scope']]]);
      assert.equal(
        result.findings[0].message,
        `evidence_scope is ${JSON.stringify(scope)}, not "external_deployment": templates and local fixtures are not production evidence.`,
      );
    });
  }

  test('a missing evidence_scope is key-missing', () => {
    const evidence = base();
    delete evidence.evidence_scope;
    check(evidence, [['key-missing', 'error', ['evidence_scope']]]);
  });

  test('an evidence_scope of the wrong type is a type-mismatch only', () => {
    const evidence = base();
    evidence.evidence_scope = ['external_deployment'];
    check(evidence, [['type-mismatch', 'error', ['evidence_scope']]]);
  });
});

describe('external evidence: connector_manifests', () => {
  listCases([], 'connector_manifests');
  for (const key of ['connector_id', 'manifest_uri', 'owner', 'auth_boundary', 'freshness_slo', 'redaction_policy']) {
    textCases(['connector_manifests', 1], key, TEXT);
  }
  equalsCases(['connector_manifests', 0], 'environment', 'production', ['staging', 'Production', 'production ', '']);
  listCases(['connector_manifests', 0], 'failure_modes');

  test('a connector that names endpoint_url instead of manifest_uri lacks manifest_uri', () => {
    const evidence = base();
    delete evidence.connector_manifests[0].manifest_uri;
    evidence.connector_manifests[0].endpoint_url = 'https://crm.harborlight.example/api';
    check(evidence, [['key-missing', 'error', ['connector_manifests', 0, 'manifest_uri']]]);
  });

  test('a connector that is not an object is a type-mismatch only', () => {
    const evidence = base();
    evidence.connector_manifests[1] = 'billing';
    check(evidence, [['type-mismatch', 'error', ['connector_manifests', 1]]]);
  });

  test('approval_status and source_mode are not checked', () => {
    const evidence = base();
    evidence.connector_manifests[0].approval_status = 'pending_external_approval';
    evidence.connector_manifests[0].source_mode = 'fixture';
    check(evidence, []);
  });
});

describe('external evidence: shadow_mode_logs', () => {
  sectionCases([], 'shadow_mode_logs');
  textCases(['shadow_mode_logs'], 'audit_log_uri', TEXT);
  equalsCases(['shadow_mode_logs'], 'environment', 'production', ['internal-pilot', 'prod']);
  flagCases(['shadow_mode_logs'], 'redacted');
  textCases(['shadow_mode_logs'], 'retention_policy_ref', TEXT);
});

describe('external evidence: audit_retention_policy', () => {
  sectionCases([], 'audit_retention_policy');
  textCases(['audit_retention_policy'], 'policy_uri', TEXT);
  integerCases(['audit_retention_policy'], 'retention_days', 365, 'audit-retention-too-short');
  flagCases(['audit_retention_policy'], 'immutable');
  textCases(['audit_retention_policy'], 'owner', TEXT);

  test('a negative retention is audit-retention-too-short', () => {
    const evidence = base();
    evidence.audit_retention_policy.retention_days = -1;
    check(evidence, [['audit-retention-too-short', 'error', ['audit_retention_policy', 'retention_days']]]);
  });
});

describe('external evidence: escalation_policy', () => {
  sectionCases([], 'escalation_policy');
  for (const key of ['policy_uri', 'human_review_queue', 'owner']) textCases(['escalation_policy'], key, TEXT);

  test('one human-review-topic-missing finding per uncovered topic, with its message', () => {
    const evidence = base();
    evidence.escalation_policy.covers = ['irreversible carrier actions'];
    const { result } = check(evidence, [
      ['human-review-topic-missing', 'error', ['escalation_policy', 'covers']],
      ['human-review-topic-missing', 'error', ['escalation_policy', 'covers']],
    ]);
    assert.deepEqual(
      result.findings.map((f) => f.message),
      ['Escalation policy must cover high-impact decisions.', 'Escalation policy must cover low-confidence decisions.'],
    );
  });

  test('an empty covers list misses all three topics', () => {
    const evidence = base();
    evidence.escalation_policy.covers = [];
    check(evidence, [
      ['human-review-topic-missing', 'error', ['escalation_policy', 'covers']],
      ['human-review-topic-missing', 'error', ['escalation_policy', 'covers']],
      ['human-review-topic-missing', 'error', ['escalation_policy', 'covers']],
    ]);
  });

  test('topics match case-insensitively as substrings', () => {
    const evidence = base();
    evidence.escalation_policy.covers = ['All HIGH-IMPACT, LOW-CONFIDENCE and IRREVERSIBLE decisions'];
    check(evidence, []);
  });

  test('a missing covers list is key-missing, not three topic findings', () => {
    const evidence = base();
    delete evidence.escalation_policy.covers;
    check(evidence, [['key-missing', 'error', ['escalation_policy', 'covers']]]);
  });

  test('covers as a string is a type-mismatch only', () => {
    const evidence = base();
    evidence.escalation_policy.covers = 'high-impact, low-confidence, irreversible';
    check(evidence, [['type-mismatch', 'error', ['escalation_policy', 'covers']]]);
  });
});

describe('external evidence: owner_approval', () => {
  sectionCases([], 'owner_approval');
  for (const key of ['approval_uri', 'domain_owner', 'approved_at']) textCases(['owner_approval'], key, TEXT);
  equalsCases(['owner_approval'], 'scope', 'production', ['pilot', 'Production', ''], 'approval-missing');

  test('approved_at is not parsed as a date', () => {
    const evidence = base();
    evidence.owner_approval.approved_at = 'last Tuesday';
    check(evidence, []);
  });
});

describe('external evidence: whole documents', () => {
  test('an object with only $schema reports each of the 7 required keys once', () => {
    check(
      { $schema: SCHEMA_URL },
      [
        'external_evidence_version',
        'evidence_scope',
        'connector_manifests',
        'shadow_mode_logs',
        'audit_retention_policy',
        'escalation_policy',
        'owner_approval',
      ].map((key): Expected => ['key-missing', 'error', [key]]),
    );
  });

  test('a copied repository template fails on its scope and manifests; its replace-with URI only warns', () => {
    const evidence = base();
    evidence.evidence_scope = 'template';
    for (const connector of evidence.connector_manifests) {
      connector.endpoint_url = connector.manifest_uri;
      delete connector.manifest_uri;
      connector.approval_status = 'pending_external_approval';
    }
    evidence.shadow_mode_logs.audit_log_uri = 's3://replace-with-production-audit-bucket/aana/shadow-mode.jsonl';
    const { result } = check(evidence, [
      ['evidence-template-scope', 'error', ['evidence_scope']],
      ['key-missing', 'error', ['connector_manifests', 0, 'manifest_uri']],
      ['key-missing', 'error', ['connector_manifests', 1, 'manifest_uri']],
      ['value-placeholder', 'warning', ['shadow_mode_logs', 'audit_log_uri']],
    ]);
    assert.equal(result.findings.filter((f) => f.severity === 'error').length, 3);
  });

  test('YAML findings point at the YAML text', () => {
    const evidence = base();
    evidence.evidence_scope = 'internal_pilot';
    evidence.audit_retention_policy.retention_days = 90;
    evidence.owner_approval.scope = 'pilot';
    const text = toYaml(evidence);
    const result = validateDocument({ text, path: 'evidence/external.yaml' });
    assert.equal(result.kind, KIND);
    assert.deepEqual(tuples(text, result), [
      ['evidence-template-scope', 'error', '$.evidence_scope', 'internal_pilot'],
      ['audit-retention-too-short', 'error', '$.audit_retention_policy.retention_days', '90'],
      ['approval-missing', 'error', '$.owner_approval.scope', 'pilot'],
    ]);
  });

  test('__proto__, constructor and hasOwnProperty keys are plain data: no crash, no pollution', () => {
    const evidence = base();
    delete evidence.owner_approval;
    defineOwn(evidence, '__proto__', { owner_approval: { scope: 'production' }, polluted: true });
    defineOwn(evidence.connector_manifests[0], 'constructor', { prototype: { polluted: true } });
    defineOwn(evidence.escalation_policy, 'hasOwnProperty', ['high-impact']);
    check(evidence, [['key-missing', 'error', ['owner_approval']]]);
    assertNoPollution();
  });
});
