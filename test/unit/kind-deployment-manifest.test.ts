// AANA production deployment manifests (production.validate_deployment_manifest).
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

const KIND = 'deployment-manifest';
const DEFAULT_PATH = 'deploy/dispatch-assist.json';
const SCHEMA_URL = 'https://prodgate.dev/schemas/deployment-manifest.schema.json';
const base = (): Json => JSON.parse(fixtureText('deployment-manifest.json'));
/** The fixture declaring its schema: still a deployment manifest without the keys content detection needs. */
const declared = (): Json => ({ $schema: SCHEMA_URL, ...base() });

const OBSERVABILITY_METRICS: string[] = base().observability.tracked_metrics;

describe('deployment manifest: valid fixtures and detection', () => {
  test('the JSON fixture has no findings and is detected by content', () => {
    assertValidFixture('deployment-manifest.json', 'deploy/deployment-manifest.json');
  });

  test('the YAML fixture holds the same content, has no findings and is detected by content', () => {
    assert.deepEqual(parseYaml(fixtureText('deployment-manifest.yaml')), base());
    assertValidFixture('deployment-manifest.yaml', 'deploy/deployment-manifest.yaml');
  });

  test('the mutation helper sees the unmodified fixture as clean', () => {
    check(base(), []);
  });

  test('$schema naming .../deployment-manifest.schema.json sets the kind', () => {
    const text = json({ $schema: SCHEMA_URL, deployment_name: 'harborlight-dispatch-assist-prod' });
    const result = validateDocument({ text, path: 'deploy/partial.json' });
    assert.equal(result.kind, KIND);
    assert.equal(result.kindSource, 'schema');
    assert.equal(result.findings.length, 10);
    assert.ok(result.findings.every((f) => f.code === 'key-missing' && text.slice(f.span.offset, f.span.offset + f.span.length) === '"$schema"'));
  });

  test('a relative $schema path works too', () => {
    const text = json({ $schema: '../../schemas/deployment-manifest.schema.json', ...base() });
    const result = validateDocument({ text, path: 'deploy/prod/dispatch-assist.json' });
    assert.equal(result.kind, KIND);
    assert.equal(result.kindSource, 'schema');
    assert.deepEqual(result.findings, []);
  });

  test('a $schema naming another schema is not one of ours, and content decides', () => {
    const text = json({ $schema: 'https://json.schemastore.org/package.json', ...base() });
    const result = validateDocument({ text, path: 'deploy/dispatch-assist.json' });
    assert.equal(result.kind, KIND);
    assert.equal(result.kindSource, 'content');
  });

  test('deployment_name alone, or with only observability, is not a deployment manifest', () => {
    assertNotDetected({ deployment_name: 'x' });
    assertNotDetected({ deployment_name: 'x', environment: 'production', observability: { tracked_metrics: [] } });
  });

  test('a package.json-like object is not detected as any kind', () => {
    assertNotDetected({
      name: 'dispatch-assist',
      version: '2.4.1',
      private: true,
      scripts: { build: 'tsc -p .', deploy: 'kubectl apply -f k8s/' },
      dependencies: { express: '^4.19.2' },
    }, 'package.json');
  });

  test('an empty array is not detected as any kind', () => {
    assertNotDetected([], 'deploy/empty.json');
  });
});

describe('deployment manifest: identity (no placeholder check)', () => {
  textCases([], 'deployment_name', { placeholder: 'ignored', make: declared });
  textCases([], 'environment', { placeholder: 'ignored' });

  test('environment is not compared with "production"', () => {
    const manifest = base();
    manifest.environment = 'internal-pilot';
    check(manifest, []);
  });
});

describe('deployment manifest: bridge', () => {
  sectionCases([], 'bridge');
  flagCases(['bridge'], 'auth_required');
  flagCases(['bridge'], 'tls_terminated');
  sectionCases(['bridge'], 'tls');
  for (const key of ['termination', 'ingress_class', 'certificate_ref', 'minimum_tls_version']) {
    textCases(['bridge', 'tls'], key, { placeholder: 'error' });
  }
  flagCases(['bridge', 'tls'], 'https_only');
  integerCases(['bridge'], 'max_body_bytes');

  test('$.bridge.max_body_bytes: a negative number is value-too-small', () => {
    const manifest = base();
    manifest.bridge.max_body_bytes = -1048576;
    check(manifest, [['value-too-small', 'error', ['bridge', 'max_body_bytes']]]);
  });

  test('host and public_base_url are not checked', () => {
    const manifest = base();
    delete manifest.bridge.host;
    manifest.bridge.public_base_url = 'https://replace-me.example';
    check(manifest, []);
  });
});

describe('deployment manifest: bridge.rate_limits', () => {
  sectionCases(['bridge'], 'rate_limits');

  test('enabled false is one flag-not-true, and the other limits are not checked', () => {
    const manifest = base();
    Object.assign(manifest.bridge.rate_limits, { enabled: false, requests_per_minute: 0, burst: -1, runtime_enforced: false, edge_enforced: false });
    check(manifest, [['flag-not-true', 'error', ['bridge', 'rate_limits', 'enabled']]]);
  });

  test('enabled missing is one key-missing, and the other limits are not checked', () => {
    const manifest = base();
    manifest.bridge.rate_limits = { requests_per_minute: 0 };
    check(manifest, [['key-missing', 'error', ['bridge', 'rate_limits', 'enabled']]]);
  });

  test('enabled "yes" is a type-mismatch only, and the other limits are not checked', () => {
    const manifest = base();
    manifest.bridge.rate_limits.enabled = 'yes';
    manifest.bridge.rate_limits.burst = 0;
    check(manifest, [['type-mismatch', 'error', ['bridge', 'rate_limits', 'enabled']]]);
  });

  integerCases(['bridge', 'rate_limits'], 'requests_per_minute');
  integerCases(['bridge', 'rate_limits'], 'burst');
  flagCases(['bridge', 'rate_limits'], 'runtime_enforced');
  flagCases(['bridge', 'rate_limits'], 'edge_enforced');

  test('scope and edge_policy are not checked', () => {
    const manifest = base();
    delete manifest.bridge.rate_limits.scope;
    manifest.bridge.rate_limits.edge_policy = '';
    check(manifest, []);
  });
});

describe('deployment manifest: container', () => {
  sectionCases([], 'container');
  for (const key of ['image', 'image_pull_policy', 'command']) textCases(['container'], key, { placeholder: 'error' });
  sectionCases(['container'], 'probes');
  sectionCases(['container', 'probes'], 'liveness');
  sectionCases(['container', 'probes'], 'readiness');
  equalsCases(['container', 'probes', 'liveness'], 'path', '/health', ['/healthz', '/ready', '/Health', '']);
  equalsCases(['container', 'probes', 'readiness'], 'path', '/ready', ['/health', '/ready/', '']);
  integerCases(['container', 'probes', 'liveness'], 'period_seconds');
  integerCases(['container', 'probes', 'readiness'], 'period_seconds');

  test('a probe timeout below 1 breaks the schema', () => {
    const manifest = base();
    manifest.container.probes.readiness.timeout_seconds = 0;
    check(manifest, [['schema-violation', 'error', ['container', 'probes', 'readiness', 'timeout_seconds']]]);
  });

  test('timeout_seconds and failure_threshold are optional', () => {
    const manifest = base();
    delete manifest.container.probes.liveness.timeout_seconds;
    delete manifest.container.probes.liveness.failure_threshold;
    check(manifest, []);
  });

  sectionCases(['container'], 'resources');
  sectionCases(['container', 'resources'], 'requests');
  sectionCases(['container', 'resources'], 'limits');
  for (const section of ['requests', 'limits']) {
    for (const key of ['cpu', 'memory']) textCases(['container', 'resources', section], key, { placeholder: 'error' });
  }
});

describe('deployment manifest: kubernetes', () => {
  sectionCases([], 'kubernetes');
  for (const key of ['manifest', 'namespace', 'service_name', 'ingress_name', 'rollback_command']) {
    textCases(['kubernetes'], key, { placeholder: 'error' });
  }
  equalsCases(['kubernetes'], 'health_endpoint', '/health', ['/healthz', '/ready']);
  equalsCases(['kubernetes'], 'readiness_endpoint', '/ready', ['/readyz', '/health']);
});

describe('deployment manifest: incident_response', () => {
  sectionCases([], 'incident_response');
  for (const key of ['owner', 'incident_channel', 'rollback_path', 'rollback_trigger', 'last_known_good_artifact']) {
    textCases(['incident_response'], key, { placeholder: 'error' });
  }
  listCases(['incident_response'], 'rollback_steps');

  test('rollback step texts are not checked', () => {
    const manifest = base();
    manifest.incident_response.rollback_steps = ['replace with the runbook link'];
    check(manifest, []);
  });
});

describe('deployment manifest: audit', () => {
  sectionCases([], 'audit');
  textCases(['audit'], 'sink', { placeholder: 'error' });
  flagCases(['audit'], 'immutable');
  flagCases(['audit'], 'redaction_required');
  integerCases(['audit'], 'retention_days');

  test('30 retention days pass here: the 365-day minimum belongs to the certification', () => {
    const manifest = base();
    manifest.audit.retention_days = 30;
    check(manifest, []);
  });

  test('raw_artifact_store is not checked', () => {
    const manifest = base();
    delete manifest.audit.raw_artifact_store;
    check(manifest, []);
  });
});

describe('deployment manifest: evidence_sources', () => {
  listCases([], 'evidence_sources');
  for (const key of ['source_id', 'owner', 'authorization', 'freshness_slo', 'trust_tier']) {
    textCases(['evidence_sources', 1], key, { placeholder: 'error' });
  }

  test('a source that is not an object is a type-mismatch only', () => {
    const manifest = base();
    manifest.evidence_sources[1] = 'carrier-contract';
    check(manifest, [['type-mismatch', 'error', ['evidence_sources', 1]]]);
  });

  test('an empty source reports each missing field on the source', () => {
    const manifest = base();
    manifest.evidence_sources.push({});
    check(
      manifest,
      ['source_id', 'owner', 'authorization', 'freshness_slo', 'trust_tier'].map((key): Expected => ['key-missing', 'error', ['evidence_sources', 2, key]]),
    );
  });

  test('trust_tier is not checked against an enum', () => {
    const manifest = base();
    manifest.evidence_sources[0].trust_tier = 'gold';
    check(manifest, []);
  });
});

describe('deployment manifest: observability', () => {
  sectionCases([], 'observability');
  textCases(['observability'], 'dashboard_url', { placeholder: 'warning', severity: 'warning' });
  flagCases(['observability'], 'alerts_enabled');
  listCases(['observability'], 'tracked_metrics');

  test('metrics-missing names the missing metrics, sorted', () => {
    const manifest = base();
    manifest.observability.tracked_metrics = OBSERVABILITY_METRICS.filter((m) => m !== 'refusal_defer_rate' && m !== 'connector_failure_count');
    const { result } = check(manifest, [['metrics-missing', 'error', ['observability', 'tracked_metrics']]]);
    assert.equal(
      result.findings[0].message,
      'tracked_metrics is missing required production metrics: connector_failure_count, refusal_defer_rate.',
    );
  });

  test('tracked metric items are not checked for concreteness, and extras are fine', () => {
    const manifest = base();
    manifest.observability.tracked_metrics.push('', 'replace_me_metric');
    check(manifest, []);
  });

  test('a non-string metric is a type-mismatch and does not count', () => {
    const manifest = base();
    manifest.observability.tracked_metrics[6] = { name: 'latency' };
    const { result } = check(manifest, [
      ['type-mismatch', 'error', ['observability', 'tracked_metrics', 6]],
      ['metrics-missing', 'error', ['observability', 'tracked_metrics']],
    ]);
    assert.match(result.findings.find((f) => f.code === 'metrics-missing')!.message, /metrics: latency\.$/);
  });

  test('both launch warnings together leave no error', () => {
    const manifest = base();
    manifest.observability.dashboard_url = 'https://grafana.harborlight.example/d/REPLACE';
    manifest.human_review.sla = '';
    const { result } = check(manifest, [
      ['value-placeholder', 'warning', ['observability', 'dashboard_url']],
      ['value-empty', 'warning', ['human_review', 'sla']],
    ]);
    assert.ok(result.findings.every((f) => f.severity === 'warning'));
  });
});

describe('deployment manifest: domain_owners', () => {
  listCases([], 'domain_owners');
  textCases(['domain_owners', 0], 'adapter_id', { placeholder: 'error' });
  textCases(['domain_owners', 0], 'owner', { placeholder: 'error' });

  for (const status of ['pending', 'Approved', '']) {
    test(`review_status ${JSON.stringify(status)} is value-not-allowed`, () => {
      const manifest = base();
      manifest.domain_owners[1].review_status = status;
      check(manifest, [['value-not-allowed', 'error', ['domain_owners', 1, 'review_status']]]);
    });
  }

  test('a missing review_status is key-missing on the owner entry', () => {
    const manifest = base();
    delete manifest.domain_owners[1].review_status;
    check(manifest, [['key-missing', 'error', ['domain_owners', 1, 'review_status']]]);
  });

  test(
    'a review_status of the wrong type is one type-mismatch',
    () => {
      const manifest = base();
      manifest.domain_owners[0].review_status = true;
      check(manifest, [['type-mismatch', 'error', ['domain_owners', 0, 'review_status']]]);
    },
  );

  test('a domain owner that is not an object is a type-mismatch only', () => {
    const manifest = base();
    manifest.domain_owners[0] = 'Priya Raman';
    check(manifest, [['type-mismatch', 'error', ['domain_owners', 0]]]);
  });
});

describe('deployment manifest: human_review', () => {
  sectionCases([], 'human_review');
  textCases(['human_review'], 'queue', { placeholder: 'error' });
  listCases(['human_review'], 'required_for');
  textCases(['human_review'], 'sla', { placeholder: 'warning', severity: 'warning' });

  test('topic coverage is not checked here (the certification checks it)', () => {
    const manifest = base();
    manifest.human_review.required_for = ['refunds'];
    check(manifest, []);
  });
});

describe('deployment manifest: whole documents', () => {
  test('an object with only $schema reports each of the 11 required keys once', () => {
    check(
      { $schema: SCHEMA_URL },
      [
        'deployment_name',
        'environment',
        'bridge',
        'container',
        'kubernetes',
        'incident_response',
        'audit',
        'evidence_sources',
        'observability',
        'domain_owners',
        'human_review',
      ].map((key): Expected => ['key-missing', 'error', [key]]),
    );
  });

  test('a root that is not an object (kind from settings) is one type-mismatch', () => {
    const settings = { files: { 'deploy/*.json': KIND }, maxFileSizeMB: 5 };
    const text = '["bridge", "container"]';
    const result = validateDocument({ text, path: 'deploy/list.json' }, settings);
    assert.equal(result.kind, KIND);
    assert.equal(result.kindSource, 'setting');
    assert.deepEqual(tuples(text, result), [['type-mismatch', 'error', '$', text]]);
  });

  test('YAML findings point at the YAML text', () => {
    const manifest = base();
    manifest.kubernetes.health_endpoint = '/healthz';
    manifest.audit.sink = 's3://replace-with-audit-bucket';
    delete manifest.container.probes.readiness.period_seconds;
    manifest.human_review.sla = 'TBD: replace';
    const text = toYaml(manifest);
    const result = validateDocument({ text, path: 'deploy/dispatch-assist.yaml' });
    assert.equal(result.kind, KIND);
    assert.deepEqual(tuples(text, result), [
      ['key-missing', 'error', '$.container.probes.readiness.period_seconds', 'readiness'],
      ['value-unexpected', 'error', '$.kubernetes.health_endpoint', '/healthz'],
      ['value-placeholder', 'error', '$.audit.sink', 's3://replace-with-audit-bucket'],
      ['value-placeholder', 'warning', '$.human_review.sla', '"TBD: replace"'], // a quoted YAML scalar: the span keeps the quotes
    ]);
  });

  test('__proto__, constructor and hasOwnProperty keys are plain data: no crash, no pollution', () => {
    const manifest = base();
    delete manifest.audit;
    defineOwn(manifest, '__proto__', { audit: { sink: 's3://x', immutable: true }, polluted: true });
    defineOwn(manifest.bridge, 'constructor', { prototype: { polluted: true } });
    defineOwn(manifest.container.probes, 'hasOwnProperty', { path: '/health' });
    defineOwn(manifest.evidence_sources[0], '__proto__', { polluted: 'yes' });
    check(manifest, [['key-missing', 'error', ['audit']]]);
    assertNoPollution();
  });
});
