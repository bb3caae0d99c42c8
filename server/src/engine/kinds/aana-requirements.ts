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

/** The audit record format version AANA writes and accepts. */
export const AUDIT_RECORD_VERSION = '0.1';

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

// The redaction rules with Python's regex semantics: `\b`, `\s` and (?i) are Unicode-aware in
// Python (é is a word character, U+0085 is whitespace, İ and ı match i, ſ matches s, K matches k).

export const PYTHON_WORD = '\\p{L}\\p{N}_';
export const PYTHON_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const NOT_AFTER_WORD = `(?<![${PYTHON_WORD}])`;
/** (?i)i in Python also matches U+0130 and U+0131; the `iu` flags cover ſ and K. */
const I = '[i\\u0130\\u0131]';

/** audit.PROHIBITED_AUDIT_KEY_PATTERN, searched in every key. Python's `$` also matches before a final "\n". */
export const SECRET_KEY_PATTERN = new RegExp(
  `(?:^|_)(?:ap${I}[_-]?key|auth[_-]?token|bearer[_-]?token|cl${I}ent[_-]?secret|password|pr${I}vate[_-]?account[_-]?${I}d|raw[_-]?token|secret|sess${I}on[_-]?token)(?:_|(?=\\n?$))`,
  'iu',
);
/** audit.PROHIBITED_AUDIT_VALUE_PATTERNS, searched in every string value, in AANA's order. */
export const SECRET_VALUE_PATTERNS: readonly (readonly [string, RegExp])[] = [
  ['bearer_token', new RegExp(`${NOT_AFTER_WORD}bearer[${PYTHON_SPACE}]+[A-Za-z0-9._~+/=\\u0130\\u0131-]{8,}`, 'iu')],
  ['api_key', new RegExp(`${NOT_AFTER_WORD}(?:sk|sk-or|sk-proj|hf|ghp|github_pat)_[A-Za-z0-9][A-Za-z0-9._-]{12,}`, 'u')],
  [
    'credential_assignment',
    new RegExp(`${NOT_AFTER_WORD}(?:ap${I}[_-]?key|token|secret|password)[${PYTHON_SPACE}]*[:=][${PYTHON_SPACE}]*[^,}${PYTHON_SPACE}]{8,}`, 'iu'),
  ],
  ['private_account_id', new RegExp(`${NOT_AFTER_WORD}(?:acct|account|customer|user|card|payment)_[A-Za-z0-9]{8,}(?![${PYTHON_WORD}])`, 'u')],
];
