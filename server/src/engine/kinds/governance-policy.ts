// AANA human-governance policies (production.validate_governance_policy).
import schema from '../../../../schemas/governance-policy.schema.json';
import { has, isObject, Report } from '../values.ts';
import { Gates, hasText, isPlaceholder } from './gates.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

const CONCRETE = { placeholder: 'error' } as const;

export const governancePolicy: ArtifactKind = {
  id: 'governance-policy',
  title: 'human-governance policy',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['governance-policy'],
  matches: (value) => isObject(value) && (has(value, 'escalation_classes') || (has(value, 'decision_explanations') && has(value, 'review_metrics'))),
  check(value) {
    const report = new Report();
    const policy = Gates.of(report, value, 'governance');
    if (!policy) return report.findings;

    for (const key of ['policy_name', 'owner', 'review_cadence']) policy.text(key, `Governance ${key}`, CONCRETE);

    if (policy.list('escalation_classes', 'At least one escalation class is required.')) {
      for (const escalation of policy.items('escalation_classes', 'escalation class')) {
        for (const key of ['name', 'trigger', 'route']) escalation.text(key, `Escalation class ${key}`, CONCRETE);
        escalation.list('allowed_actions', 'allowed_actions must be a non-empty list.');
      }
    }

    const explanations = policy.section('decision_explanations', 'decision explanation');
    for (const action of ['ask', 'defer', 'refuse']) {
      explanations?.text(action, `Explanation template for ${action}`, CONCRETE);
    }

    const metrics = policy.list('review_metrics', 'At least one review metric is required.');
    metrics?.forEach((metric, index) => {
      if (typeof metric === 'string' && (!hasText(metric) || isPlaceholder(metric))) {
        report.error(isPlaceholder(metric) ? 'value-placeholder' : 'value-empty', 'Review metrics must be concrete strings.', ['review_metrics', index]);
      }
    });

    const incident = policy.section('incident_response', 'incident response');
    if (incident) {
      for (const key of ['owner', 'rollback_trigger', 'notification_path']) incident.text(key, `Incident response ${key}`, CONCRETE);
      incident.list('severity_levels', 'severity_levels must be a non-empty list.');
    }
    return report.findings;
  },
};
