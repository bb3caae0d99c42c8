// AANA production certification policies (production_certification.validate_certification_policy).
import schema from '../../../../schemas/certification-policy.schema.json';
import { get, has, isObject, Report } from '../values.ts';
import {
  CERTIFICATION_VERSION,
  MIN_AUDIT_RETENTION_DAYS,
  MIN_SHADOW_DURATION_DAYS,
  MIN_SHADOW_RECORDS,
  REQUIRED_CERTIFICATION_METRICS,
} from './aana-requirements.ts';
import { Gates, missingNames, missingTopics } from './gates.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

// AANA checks this artifact's text for emptiness only: a placeholder is worth a warning, not a failed gate.
const TEXT = { placeholder: 'warning' } as const;

export const certificationPolicy: ArtifactKind = {
  id: 'certification-policy',
  title: 'production certification policy',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['certification-policy'],
  matches: (value) => isObject(value) && has(value, 'production_certification_version'),
  check(value) {
    const report = new Report();
    const policy = Gates.of(report, value, 'certification policy');
    if (!policy) return report.findings;

    policy.equals('production_certification_version', CERTIFICATION_VERSION, `production_certification_version must be "${CERTIFICATION_VERSION}"`, 'version-unsupported');
    policy.text('policy_name', 'policy_name', TEXT);
    policy.text('owner', 'owner', TEXT);

    const shadow = policy.section('shadow_mode');
    shadow?.integer(
      'minimum_duration_days',
      `Shadow mode must run for at least ${MIN_SHADOW_DURATION_DAYS} days before production certification`,
      MIN_SHADOW_DURATION_DAYS,
      'shadow-duration-too-short',
    );
    shadow?.integer(
      'minimum_records',
      `Shadow mode must include at least ${MIN_SHADOW_RECORDS} redacted audit records`,
      MIN_SHADOW_RECORDS,
      'shadow-records-too-few',
    );

    const metrics = policy.section('metrics');
    if (metrics?.present('required') && Array.isArray(get(metrics.value, 'required'))) {
      const missing = missingNames(REQUIRED_CERTIFICATION_METRICS, get(metrics.value, 'required'));
      if (missing.length > 0) {
        report.error('metrics-missing', `Production certification metrics are missing: ${missing.join(', ')}.`, metrics.at('required'));
      }
    }
    metrics?.present('minimum_aix_score_average');
    metrics?.present('maximum_aix_hard_blockers');

    const review = policy.section('human_review');
    if (review?.present('required_for') && Array.isArray(get(review.value, 'required_for'))) {
      for (const topic of missingTopics(get(review.value, 'required_for'))) {
        report.error('human-review-topic-missing', `Human review routing must cover ${topic} decisions.`, review.at('required_for'));
      }
    }
    review?.list('required_routes', 'At least one human-review route is required.');

    const connectors = policy.section('connector_evidence');
    connectors?.list('required_connectors', 'At least one connector evidence contract is required.');
    for (const key of ['auth_boundary_required', 'freshness_slo_required', 'redaction_required', 'failure_modes_required']) {
      connectors?.flag(key, `${key} must be true for production certification.`);
    }

    const retention = policy.section('audit_retention');
    retention?.integer(
      'minimum_days',
      `Audit retention must be at least ${MIN_AUDIT_RETENTION_DAYS} days`,
      MIN_AUDIT_RETENTION_DAYS,
      'audit-retention-too-short',
    );
    retention?.flag('immutable_required', 'Audit storage must be immutable or append-only.');
    retention?.flag('redaction_required', 'Audit records must be redacted.');

    const approvals = policy.section('approvals');
    for (const key of ['domain_owner_signoff', 'security_signoff', 'governance_signoff']) {
      approvals?.flag(key, `Production certification requires ${key.replace(/_/g, ' ').replace(' signoff', ' sign-off')}.`, 'approval-missing');
    }
    return report.findings;
  },
};
