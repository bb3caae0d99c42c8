// AANA production deployment manifests (production.validate_deployment_manifest).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { validateDocument } from '../../server/src/engine/validate.ts';
import { assertNoPollution, assertNotDetected, defineOwn, fieldCases, fixtureText, json, kindChecks, missingKeys, tuples, type Json } from '../support/kind-tests.ts';

// ------------------------------------------------------------------ kind

const KIND = 'deployment-manifest';
const DEFAULT_PATH = 'deploy/dispatch-assist.json';
const SCHEMA_URL = 'https://prodgate.dev/schemas/deployment-manifest.schema.json';
const base = (): Json => JSON.parse(fixtureText('deployment-manifest.json'));
const { check, checkYaml, fixtureTests } = kindChecks(KIND, DEFAULT_PATH);
const { textCases, flagCases, integerCases, listCases, equalsCases, sectionCases } = fieldCases(check, base);
/** The fixture declaring its schema: still a deployment manifest without the keys content detection needs. */
const declared = (): Json => ({ $schema: SCHEMA_URL, ...base() });

const OBSERVABILITY_METRICS: string[] = base().observability.tracked_metrics;

describe('deployment manifest: valid fixtures and detection', () => {
  fixtureTests('deployment-manifest', 'deploy');

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
      missingKeys(['evidence_sources', 2], ['source_id', 'owner', 'authorization', 'freshness_slo', 'trust_tier']),
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
      missingKeys([], [
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
      ]),
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
    checkYaml(manifest, 'deploy/dispatch-assist.yaml', [
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
