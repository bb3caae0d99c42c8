// AANA external production evidence manifests (production_certification.validate_external_evidence_manifest).
import schema from '../../../../schemas/external-evidence.schema.json';
import { get, has, isObject, Report } from '../values.ts';
import { EXTERNAL_EVIDENCE_VERSION, MIN_AUDIT_RETENTION_DAYS } from './aana-requirements.ts';
import { Gates, missingTopics } from './gates.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

// AANA checks this artifact's text for emptiness only: a placeholder is worth a warning, not a failed gate.
const TEXT = { placeholder: 'warning' } as const;
export const EXTERNAL_SCOPE = 'external_deployment';

export const externalEvidence: ArtifactKind = {
  id: 'external-evidence',
  title: 'external production evidence manifest',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['external-evidence'],
  matches: (value) => isObject(value) && (has(value, 'external_evidence_version') || (has(value, 'evidence_scope') && has(value, 'connector_manifests'))),
  check(value) {
    const report = new Report();
    const manifest = Gates.of(report, value, 'external evidence');
    if (!manifest) return report.findings;

    manifest.equals('external_evidence_version', EXTERNAL_EVIDENCE_VERSION, `external_evidence_version must be "${EXTERNAL_EVIDENCE_VERSION}"`, 'version-unsupported');
    if (manifest.present('evidence_scope')) {
      const scope = get(value, 'evidence_scope');
      if (typeof scope === 'string' && scope !== EXTERNAL_SCOPE) {
        report.error(
          'evidence-template-scope',
          `evidence_scope is "${scope}", not "${EXTERNAL_SCOPE}": templates and local fixtures are not production evidence.`,
          ['evidence_scope'],
        );
      }
    }

    if (manifest.list('connector_manifests', 'At least one external connector manifest is required.')) {
      for (const connector of manifest.items('connector_manifests', 'connector manifest')) {
        for (const key of ['connector_id', 'manifest_uri', 'owner', 'auth_boundary', 'freshness_slo', 'redaction_policy']) {
          connector.text(key, key, TEXT);
        }
        connector.equals('environment', 'production', 'Connector environment must be production');
        connector.list('failure_modes', 'failure_modes are required.');
      }
    }

    const logs = manifest.section('shadow_mode_logs', 'shadow-mode log');
    if (logs) {
      logs.text('audit_log_uri', 'External shadow-mode audit log URI', TEXT);
      logs.equals('environment', 'production', 'Shadow-mode logs must come from production');
      logs.flag('redacted', 'Shadow-mode logs must be redacted.');
      logs.text('retention_policy_ref', 'Shadow log retention_policy_ref', TEXT);
    }

    const retention = manifest.section('audit_retention_policy', 'audit retention');
    if (retention) {
      retention.text('policy_uri', 'Audit retention policy URI', TEXT);
      retention.integer('retention_days', `External audit retention must be at least ${MIN_AUDIT_RETENTION_DAYS} days`, MIN_AUDIT_RETENTION_DAYS, 'audit-retention-too-short');
      retention.flag('immutable', 'External audit retention must be immutable or append-only.');
      retention.text('owner', 'Audit retention owner', TEXT);
    }

    const escalation = manifest.section('escalation_policy', 'escalation policy');
    if (escalation) {
      escalation.text('policy_uri', 'Escalation policy URI', TEXT);
      escalation.text('human_review_queue', 'Human-review queue', TEXT);
      if (escalation.present('covers') && Array.isArray(get(escalation.value, 'covers'))) {
        for (const topic of missingTopics(get(escalation.value, 'covers'))) {
          report.error('human-review-topic-missing', `Escalation policy must cover ${topic} decisions.`, escalation.at('covers'));
        }
      }
      escalation.text('owner', 'Escalation policy owner', TEXT);
    }

    const approval = manifest.section('owner_approval', 'owner approval');
    if (approval) {
      for (const key of ['approval_uri', 'domain_owner', 'approved_at']) approval.text(key, key, TEXT);
      approval.equals('scope', 'production', 'Owner approval scope must be production', 'approval-missing');
    }
    return report.findings;
  },
};
