// AANA external production evidence manifests (production_certification.validate_external_evidence_manifest).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPollution, assertNotDetected, defineOwn, fieldCases, fixtureText, kindChecks, missingKeys, type Json } from '../support/kind-tests.ts';

// ------------------------------------------------------------------ kind

const KIND = 'external-evidence';
const DEFAULT_PATH = 'evidence/external-production-evidence.json';
const SCHEMA_URL = 'https://prodgate.dev/schemas/external-evidence.schema.json';
const base = (): Json => JSON.parse(fixtureText('external-evidence.json'));
const { check, checkYaml, fixtureTests } = kindChecks(KIND, DEFAULT_PATH);
const { textCases, flagCases, integerCases, listCases, equalsCases, sectionCases } = fieldCases(check, base);
const TEXT = { placeholder: 'warning' } as const;

describe('external evidence: valid fixtures and detection', () => {
  fixtureTests('external-evidence', 'evidence');

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
      missingKeys([], [
        'external_evidence_version',
        'evidence_scope',
        'connector_manifests',
        'shadow_mode_logs',
        'audit_retention_policy',
        'escalation_policy',
        'owner_approval',
      ]),
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
    checkYaml(evidence, 'evidence/external.yaml', [
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
