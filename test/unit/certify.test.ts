// The certification engine: the ten checks, the two boundaries and the readiness level, on the
// example bundle and on one failing variant per gate. Expected statuses are AANA's verdicts for the
// same inputs (production_certification_report run on these files).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { certify, type ArtifactInput, type CertificationInputs } from '../../server/src/engine/certification/certify.ts';
import { INPUT_KINDS, type CheckName, type InputName } from '../../server/src/engine/certification/types.ts';
import { validateDocument } from '../../server/src/engine/validate.ts';
import { loadAuditLog } from '../../server/src/io/certification-inputs.ts';
import { stringify } from 'yaml';

const EXAMPLES = resolve(__dirname, '../../examples/certification');
const FILES: Record<Exclude<InputName, 'audit_log'>, string> = {
  certification_policy: 'production-certification.json',
  deployment_manifest: 'deployment.yaml',
  governance_policy: 'governance.yaml',
  evidence_registry: 'evidence-registry.json',
  observability_policy: 'observability.yaml',
  external_evidence: 'external-evidence.json',
};

type Values = Record<Exclude<InputName, 'audit_log'>, Record<string, any>>;

/** The example bundle's values, fresh for each test to change. */
function values(): Values {
  const result = {} as Values;
  for (const [name, file] of Object.entries(FILES) as [keyof Values, string][]) {
    const validation = validateDocument({ text: readFileSync(resolve(EXAMPLES, file), 'utf8'), path: file });
    result[name] = validation.value as Record<string, any>;
  }
  return result;
}

/** Artifacts from values: each re-serialised and validated, as if read from its file. */
function artifacts(source: Partial<Values>): CertificationInputs {
  const inputs: CertificationInputs = {};
  for (const [name, value] of Object.entries(source) as [keyof Values, Record<string, unknown>][]) {
    const file = FILES[name];
    const text = file.endsWith('.json') ? JSON.stringify(value, null, 2) : stringify(value);
    const validation = validateDocument({ text, path: file, kind: INPUT_KINDS[name] });
    (inputs as Record<string, ArtifactInput>)[name] = { file, value: validation.value, findings: validation.findings };
  }
  return inputs;
}

let auditCache: CertificationInputs['audit_log'];
async function audit(): Promise<CertificationInputs['audit_log']> {
  auditCache ??= await loadAuditLog(resolve(EXAMPLES, 'shadow-audit.jsonl'), { settings: { files: {}, maxFileSizeMB: 5 } });
  return auditCache;
}

function statuses(inputs: CertificationInputs): Record<CheckName, string> {
  return Object.fromEntries(certify(inputs).checks.map((check) => [check.name, check.status])) as Record<CheckName, string>;
}

function failing(inputs: CertificationInputs): CheckName[] {
  return certify(inputs)
    .checks.filter((check) => check.status !== 'pass')
    .map((check) => check.name);
}

describe('boundaries', () => {
  test('the complete example bundle is deployment ready, and still not production certified', async () => {
    const report = certify({ ...artifacts(values()), audit_log: await audit() });
    assert.deepEqual(failing({ ...artifacts(values()), audit_log: await audit() }), []);
    assert.equal(report.repo_local_ready, true);
    assert.equal(report.deployment_ready, true);
    assert.equal(report.production_ready, true);
    assert.equal(report.production_claim_allowed, true);
    assert.equal(report.production_certified, false);
    assert.equal(report.valid, true);
    assert.deepEqual(report.summary, {
      status: 'pass',
      readiness_level: 'deployment_ready',
      checks: 10,
      failures: 0,
      warnings: 0,
      repo_local_failures: 0,
      repo_local_warnings: 0,
      suppressed: 0,
    });
    assert.match(report.production_positioning, /production_certified is always false/);
    assert.deepEqual(Object.keys(report.readiness_boundary), ['demo', 'pilot', 'production']);
  });

  test('repo-local ready without external evidence: external_evidence_required', async () => {
    const { external_evidence: _external, ...rest } = values();
    const report = certify({ ...artifacts(rest), audit_log: await audit() });
    assert.equal(report.repo_local_ready, true);
    assert.equal(report.deployment_ready, false);
    assert.equal(report.summary.readiness_level, 'external_evidence_required');
    assert.equal(report.summary.status, 'fail');
    const external = report.checks.at(-1)!;
    assert.equal(external.name, 'external_production_evidence');
    assert.match(external.message, /explicit external evidence/);
    assert.deepEqual(external.details.required_artifacts, ['connector_manifests', 'shadow_mode_logs', 'audit_retention_policy', 'escalation_policy', 'owner_approval']);
  });

  test('the AANA template situation: no audit log and template-scoped evidence → repo_local_not_ready (checks 1–8 pass)', () => {
    const source = values();
    source.external_evidence.evidence_scope = 'template';
    const report = certify(artifacts(source));
    assert.deepEqual(failing(artifacts(source)), ['shadow_mode_evidence', 'external_production_evidence']);
    assert.equal(report.summary.readiness_level, 'repo_local_not_ready');
    assert.equal(report.summary.failures, 2);
    assert.equal(report.summary.repo_local_failures, 1);
    const shadow = report.checks.find((check) => check.name === 'shadow_mode_evidence')!;
    assert.equal(shadow.message, 'Production certification requires a redacted shadow-mode audit log.');
  });

  test('nothing but a certification policy: every check that needs another artifact fails and names it', () => {
    const { certification_policy } = values();
    const report = certify(artifacts({ certification_policy }));
    assert.deepEqual(statuses(artifacts({ certification_policy })), {
      certification_policy: 'pass',
      readiness_boundary: 'pass',
      deployment_manifest: 'fail',
      governance_policy: 'fail',
      required_metrics: 'fail',
      connector_evidence: 'fail',
      human_review_routing: 'fail',
      audit_retention: 'fail',
      shadow_mode_evidence: 'fail',
      external_production_evidence: 'fail',
    });
    const messages = report.checks.map((check) => check.message).join('\n');
    for (const needed of ['a deployment manifest', 'a human-governance policy', 'an observability policy', 'an evidence registry']) {
      assert.match(messages, new RegExp(needed));
    }
    assert.deepEqual(
      report.inputs.map((input) => [input.name, input.file ?? null]),
      [
        ['certification_policy', 'production-certification.json'],
        ['deployment_manifest', null],
        ['governance_policy', null],
        ['evidence_registry', null],
        ['observability_policy', null],
        ['audit_log', null],
        ['external_evidence', null],
      ],
    );
  });

  test('an empty object counts as not provided, as in AANA', () => {
    const source = values();
    const inputs = artifacts(source);
    inputs.governance_policy = { file: 'governance.yaml', value: {}, findings: [] };
    const report = certify(inputs);
    const governance = report.checks.find((check) => check.name === 'governance_policy')!;
    assert.equal(governance.status, 'fail');
    assert.match(governance.issues[0].message, /non-empty JSON object/);
  });
});

describe('one failing variant per gate', () => {
  const cases: [string, (source: Values) => void, CheckName[]][] = [
    ['certification policy: 7 days of shadow mode', (s) => void (s.certification_policy.shadow_mode.minimum_duration_days = 7), ['certification_policy']],
    ['certification policy: security sign-off missing', (s) => void (s.certification_policy.approvals.security_signoff = false), ['certification_policy']],
    ['deployment: a placeholder image', (s) => void (s.deployment_manifest.container.image = 'registry.example/replace-me:1'), ['deployment_manifest']],
    ['deployment: a placeholder dashboard URL (an AANA warning still fails the gate)', (s) => void (s.deployment_manifest.observability.dashboard_url = 'https://replace.me'), ['deployment_manifest']],
    ['governance: no review metrics', (s) => void (s.governance_policy.review_metrics = []), ['governance_policy']],
    [
      'observability: a certification metric not tracked',
      (s) => void (s.observability_policy.tracked_metrics = s.observability_policy.tracked_metrics.filter((metric: string) => metric !== 'false_block_rate')),
      ['required_metrics'],
    ],
    [
      'registry: a required connector\'s source missing',
      (s) => void (s.evidence_registry.sources = s.evidence_registry.sources.filter((source: { source_id: string }) => source.source_id !== 'order-system')),
      ['connector_evidence'],
    ],
    [
      'registry: a catalog integration the policy does not require, uncovered (AANA needs them all)',
      (s) => void (s.evidence_registry.sources = s.evidence_registry.sources.filter((source: { source_id: string }) => source.source_id !== 'git-diff')),
      ['connector_evidence'],
    ],
    [
      'deployment: human review misses irreversible decisions',
      (s) => void (s.deployment_manifest.human_review.required_for = s.deployment_manifest.human_review.required_for.filter((topic: string) => !/irreversible/i.test(topic))),
      ['human_review_routing'],
    ],
    [
      'governance: escalation classes miss low-confidence decisions',
      (s) =>
        void (s.governance_policy.escalation_classes = s.governance_policy.escalation_classes.filter(
          (item: Record<string, string>) => !/low-confidence/i.test(`${item.name} ${item.trigger} ${item.route}`),
        )),
      ['human_review_routing'],
    ],
    ['deployment: audit retention under the policy\'s minimum', (s) => void (s.deployment_manifest.audit.retention_days = 200), ['audit_retention']],
    ['external evidence: template scope', (s) => void (s.external_evidence.evidence_scope = 'template'), ['external_production_evidence']],
    [
      'external evidence: a required connector without a manifest',
      (s) => void (s.external_evidence.connector_manifests = s.external_evidence.connector_manifests.slice(1)),
      ['external_production_evidence'],
    ],
  ];

  for (const [name, change, expected] of cases) {
    test(name, async () => {
      const source = values();
      change(source);
      const inputs = { ...artifacts(source), audit_log: await audit() };
      assert.deepEqual(failing(inputs), expected);
      const report = certify(inputs);
      const repoFails = expected.some((check) => check !== 'external_production_evidence');
      assert.equal(report.summary.readiness_level, repoFails ? 'repo_local_not_ready' : 'external_evidence_required');
      for (const check of report.checks.filter((item) => item.status === 'fail')) {
        assert.ok(check.issues.length > 0, `${check.name} names the issues behind it`);
        for (const issue of check.issues) assert.ok(issue.input && issue.message, JSON.stringify(issue));
      }
    });
  }

  test('governance policy missing: routing and retention both fail (AANA judges retention only with both files)', async () => {
    const { governance_policy: _governance, ...rest } = values();
    assert.deepEqual(failing({ ...artifacts(rest), audit_log: await audit() }), ['governance_policy', 'human_review_routing', 'audit_retention']);
  });

  test('cross-file issues name the file that must change, with a JSON path there', async () => {
    const source = values();
    source.observability_policy.tracked_metrics = source.observability_policy.tracked_metrics.filter((metric: string) => metric !== 'latency' && metric !== 'false_block_rate');
    const report = certify({ ...artifacts(source), audit_log: await audit() });
    const metrics = report.checks.find((check) => check.name === 'required_metrics')!;
    const crossFile = metrics.issues.find((issue) => issue.location && 'jsonPath' in issue.location)!;
    assert.equal(crossFile.file, 'observability.yaml');
    assert.equal(crossFile.path, '$.tracked_metrics');
    assert.equal(crossFile.code, 'metrics-missing');
    assert.match(crossFile.message, /false_block_rate, latency/);
  });

  test('a replacement connector catalog is what coverage is measured against', async () => {
    const inputs = { ...artifacts(values()), audit_log: await audit() };
    inputs.catalog = { file: 'catalog.yaml', integrations: [{ id: 'order_history', requiredSourceIds: ['no-such-source'] }], problems: [] };
    const connector = certify(inputs).checks.find((check) => check.name === 'connector_evidence')!;
    assert.equal(connector.status, 'fail');
    assert.ok(connector.issues.some((issue) => issue.code === 'connector-unknown'), 'required connectors absent from the catalog are named');
    assert.ok(connector.issues.some((issue) => /order_history needs evidence sources this registry lacks: no-such-source/.test(issue.message)));
    assert.equal(connector.issues.filter((issue) => issue.code === 'connector-unknown').length, 9);
  });
});
