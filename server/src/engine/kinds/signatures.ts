// The keys that mark each artifact kind, apart from the kinds themselves so that the extension
// can decide cheaply, without loading schemas, whether a document may be an artifact.
import type { KindId } from './kind.ts';

/** Keys that together mark a kind; the first alone is the cheap hint. */
export const SIGNATURE_KEYS: Record<KindId, readonly string[]> = {
  'agent-audit-log': ['previousHash', 'hash'],
  'agent-policy-tests': ['tests', 'expect'],
  'agent-policy': ['agent', 'permissions'],
  'certification-bundle': ['certification_policy', 'deployment_manifest'],
  'certification-policy': ['production_certification_version'],
  'deployment-manifest': ['deployment_name', 'evidence_sources'],
  'deployment-thresholds': ['raroi_threshold'],
  'evidence-registry': ['registry_version', 'sources'],
  'external-evidence': ['external_evidence_version'],
  'governance-policy': ['escalation_classes', 'decision_explanations'],
  'governance-rules': ['decision', 'condition', 'reason_code'],
  'observability-policy': ['tracked_metrics', 'dashboards'],
  'shadow-audit-log': ['audit_record_version'],
  'signed-override': ['data', 'signature'],
  'workflow-scorecard': ['raroi', 'scenario_scores'],
  // Recognised by its file name alone.
  'workspace-config': [],
};

/** Cheap: could this text be an artifact at all? (It names the first signature key of some kind.) */
export function mayBeArtifact(text: string): boolean {
  return Object.values(SIGNATURE_KEYS).some((keys) => keys.length > 0 && text.includes(keys[0]!));
}
