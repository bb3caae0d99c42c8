// The gates' data, as AANA's production validators define them (eval_pipeline/production.py and
// production_certification.py): facts shared by the artifact kinds and the certification.
export const CERTIFICATION_VERSION = '0.1';
export const EXTERNAL_EVIDENCE_VERSION = '0.1';
export const MIN_SHADOW_DURATION_DAYS = 14;
export const MIN_SHADOW_RECORDS = 100;
export const MIN_AUDIT_RETENTION_DAYS = 365;

/** Metrics a certification policy must require. */
export const REQUIRED_CERTIFICATION_METRICS = [
  'adapter_error_count',
  'aix_decision_count',
  'aix_hard_blocker_count',
  'aix_score_average',
  'false_accept_rate',
  'false_block_rate',
  'gate_decision_count',
  'human_review_turnaround_time',
  'latency',
  'over_refusal_rate',
  'recommended_action_count',
  'shadow_records_total',
  'shadow_would_action_count',
  'violation_code_count',
] as const;

/** Metrics an observability policy, and a deployment manifest's observability, must track. */
export const REQUIRED_OBSERVABILITY_METRICS = [
  'aix_decision_count',
  'aix_hard_blocker_count',
  'aix_score_average',
  'connector_failure_count',
  'evidence_freshness_failure_count',
  'gate_decision_count',
  'latency',
  'recommended_action_count',
  'refusal_defer_rate',
  'violation_code_count',
] as const;

export const REQUIRED_ALERTS = [
  'aix_drift',
  'connector_failures',
  'hard_blocker_spike',
  'high_refusal_defer_rate',
  'latency_spike',
  'stale_evidence',
] as const;

export const REQUIRED_DASHBOARD_PANELS = [
  'aix_drift',
  'connector_failures',
  'evidence_freshness',
  'gate_decisions',
  'hard_blockers',
  'latency',
  'recommended_actions',
  'refusal_defer_rate',
] as const;

/** Top-level fields whose presence in an audit record means raw content was logged. */
export const PROHIBITED_AUDIT_FIELDS = [
  'prompt',
  'user_request',
  'request',
  'candidate',
  'candidate_action',
  'candidate_answer',
  'draft_response',
  'available_evidence',
  'evidence',
  'constraints',
  'safe_response',
  'output',
  'proposed_arguments',
  'arguments',
  'tool_arguments',
  'full_tool_arguments',
  'raw_tool_arguments',
] as const;

/** Decisions human review must cover; matched as lower-case substrings, in this (sorted) order. */
export const REQUIRED_HUMAN_REVIEW_TOPICS = ['high-impact', 'irreversible', 'low-confidence'] as const;
