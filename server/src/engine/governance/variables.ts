// The names a governance rule's condition can read: the scorecard's measures and the thresholds.
export const SCORECARD_VARIABLES = [
  'raroi',
  'confidence',
  'min_scenario',
  'score_variance',
  'sandbox_roi',
  'adapter_roi',
  'alignment_status',
  'security_status',
] as const;

export const THRESHOLD_VARIABLES = [
  'raroi_threshold',
  'confidence_threshold',
  'scenario_score_min',
  'sandbox_roi_low',
  'adapter_roi_high',
  'max_variance',
] as const;

export const GOVERNANCE_VARIABLES = [...SCORECARD_VARIABLES, ...THRESHOLD_VARIABLES] as const;

export type GovernanceVariable = (typeof GOVERNANCE_VARIABLES)[number];
