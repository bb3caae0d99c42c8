// menace deployment governance (DeploymentGovernor + evaluate_workflow, as the spec describes it):
// scorecard + rules + thresholds + overrides → verdict, reason codes and a step-by-step trace. Pure.
//
// Order: overrides → alignment/security vetoes → micro-pilot → variance → per-scenario thresholds
// → rules (file rules, then the built-in defaults; first truthy one decides) → foresight gate →
// forced verdict. Where menace's code and its doc differ, the doc wins: security vetoes like
// alignment, and the variance and scenario checks demote (menace's code says no_go). An absent
// alignment or security status is not a veto (menace's evaluate_workflow treats it as "pass").
import { conditionNames, evaluateCondition, parseCondition, type PyValue } from './condition.ts';
import type { OverrideVerification } from './override.ts';
import type { GovernanceVariable } from './variables.ts';

export interface GovernanceRule {
  decision: string;
  condition: string;
  reason_code?: string;
  /** Loader fallback for `reason_code`. */
  reason?: string;
}

export interface GovernanceThresholds {
  raroi_threshold?: number | null;
  confidence_threshold?: number | null;
  scenario_score_min?: number | null;
  sandbox_roi_low?: number | null;
  adapter_roi_high?: number | null;
  /** Alias, wins over `sandbox_roi_low`. */
  sandbox_low?: number | null;
  /** Alias, wins over `adapter_roi_high`. */
  adapter_high?: number | null;
  max_variance?: number | null;
  scenario_thresholds?: Readonly<Record<string, number>>;
  /** Foresight gate ROI threshold; defaults to `raroi_threshold`. */
  roi_forecast_min?: number | null;
  /** Foresight gate confidence threshold; default 0.6. */
  foresight_confidence_min?: number | null;
  /** Negative downstream (DAG) ROI does not fail the foresight gate. */
  allow_negative_dag?: boolean;
  /** A foresight failure within the borderline margin gives `borderline` instead of `pilot`. */
  borderline?: boolean;
}

export interface Forecast {
  projections?: ReadonlyArray<{ cycle?: number; roi?: number | null; confidence?: number | null }>;
  confidence?: number | null;
  collapse_risk?: unknown;
  dag_impact?: ReadonlyArray<{ workflow?: string; roi?: number | null }>;
}

export type Scorecard = Readonly<Record<string, unknown>> & { forecast?: Forecast };

/**
 * Overrides: a plain mapping is trusted override data (menace's unsigned `policy.overrides`);
 * verification results from `verifyOverride` are merged when valid and ignored (traced) otherwise.
 */
export type GovernanceOverrides = Readonly<Record<string, unknown>> | ReadonlyArray<OverrideVerification | Readonly<Record<string, unknown>>>;

export interface GovernanceInput {
  scorecard: Scorecard;
  rules?: ReadonlyArray<GovernanceRule>;
  thresholds?: GovernanceThresholds;
  overrides?: GovernanceOverrides;
}

export type TraceStatus = 'matched' | 'not matched' | 'skipped' | 'not reached';

export interface TraceEntry {
  step: 'override' | 'alignment' | 'security' | 'micro_pilot' | 'variance' | 'scenario_thresholds' | 'rule' | 'fallback' | 'foresight' | 'forced_verdict';
  status: TraceStatus;
  detail: string;
  /** For rules: position in the evaluated list, origin and the rule itself. */
  rule?: { index: number; source: 'file' | 'default'; decision: string; condition: string; reason_code: string };
  /** The variable values the step or rule read. */
  variables?: Record<string, PyValue>;
  /** Why a rule was skipped (parse or evaluation error, e.g. `None < 1`). */
  error?: string;
}

export interface GovernanceResult {
  verdict: string;
  reason_codes: string[];
  overrides: Record<string, unknown>;
  trace: TraceEntry[];
}

export const FORCEABLE_VERDICTS = ['promote', 'demote', 'pilot', 'no_go'] as const;
const BORDERLINE_MARGIN = 0.05;

interface LoadedRule {
  decision: string;
  condition: string;
  reason_code: string;
  source: 'file' | 'default';
}

export const DEFAULT_RULES: ReadonlyArray<GovernanceRule> = [
  { decision: 'no_go', condition: 'raroi is None or raroi < raroi_threshold', reason_code: 'raroi_below_threshold' },
  { decision: 'no_go', condition: 'confidence is None or confidence < confidence_threshold', reason_code: 'confidence_below_threshold' },
  { decision: 'no_go', condition: 'min_scenario is not None and min_scenario < scenario_score_min', reason_code: 'scenario_below_min' },
  { decision: 'promote', condition: 'True', reason_code: '' },
];

export const DEFAULT_THRESHOLDS = {
  raroi_threshold: 1.0,
  confidence_threshold: 0.7,
  scenario_score_min: 0.5,
  sandbox_roi_low: 0.1,
  adapter_roi_high: 1.0,
  max_variance: null,
  foresight_confidence_min: 0.6,
} as const;

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value);

/** Python truthiness. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return true;
}

/** A scorecard value as a condition variable: JSON scalars as-is, anything else None. */
function py(value: unknown): PyValue {
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : null;
}

function threshold(value: number | null | undefined, fallback: number | null): number | null {
  return value === undefined ? fallback : value;
}

/** `alignment_status`/`security_status` (then the alias), a mapping's `status`; absent → 'pass'. */
function status(scorecard: Scorecard, key: string, alias: string): { value: unknown; absent: boolean } {
  let value = truthy(scorecard[key]) ? scorecard[key] : scorecard[alias];
  if (isRecord(value)) value = value.status ?? 'pass';
  if (value === undefined || value === null) return { value: 'pass', absent: true };
  return { value, absent: false };
}

function pickOverrides(input: GovernanceOverrides | undefined, trace: TraceEntry[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  if (input === undefined) return merged;
  const list = Array.isArray(input) ? input : [input];
  list.forEach((item: unknown, index) => {
    if (isRecord(item) && item.valid === false) {
      trace.push({ step: 'override', status: 'skipped', detail: `override ${index + 1} ignored: ${String(item.reason)}` });
    } else if (isRecord(item) && item.valid === true && isRecord(item.data)) {
      Object.assign(merged, item.data);
      trace.push({ step: 'override', status: 'matched', detail: `signed override ${index + 1} applied: ${Object.keys(item.data).join(', ')}` });
    } else if (isRecord(item)) {
      Object.assign(merged, item);
      trace.push({ step: 'override', status: 'matched', detail: `override data ${index + 1} applied (not signature-checked): ${Object.keys(item).join(', ')}` });
    } else {
      trace.push({ step: 'override', status: 'skipped', detail: `override ${index + 1} ignored: not an object` });
    }
  });
  return merged;
}

/** Evaluates one workflow's scorecard against the governance rules and thresholds. */
export function evaluateGovernance(input: GovernanceInput): GovernanceResult {
  const trace: TraceEntry[] = [];
  const scorecard: Scorecard = isRecord(input.scorecard) ? input.scorecard : {};
  const given = input.thresholds ?? {};
  const overrides = pickOverrides(input.overrides, trace);
  const bypass = truthy(overrides.bypass_micro_pilot);
  const reasons: string[] = [];
  const addReason = (code: string): void => {
    if (code !== '' && !reasons.includes(code)) reasons.push(code);
  };

  // Thresholds and variables.
  const raroiThreshold = threshold(given.raroi_threshold, DEFAULT_THRESHOLDS.raroi_threshold);
  const sandboxLow = threshold(given.sandbox_low ?? given.sandbox_roi_low, DEFAULT_THRESHOLDS.sandbox_roi_low);
  const adapterHigh = threshold(given.adapter_high ?? given.adapter_roi_high, DEFAULT_THRESHOLDS.adapter_roi_high);
  const maxVariance = threshold(given.max_variance, DEFAULT_THRESHOLDS.max_variance);
  const scenarioThresholds = isRecord(given.scenario_thresholds) ? given.scenario_thresholds : {};
  const scores = isRecord(scorecard.scenario_scores) ? Object.values(scorecard.scenario_scores) : [];
  const numeric = scores.length > 0 && scores.every(isNumber);
  const minScenario = numeric ? Math.min(...(scores as number[])) : null;
  let variance: number | null = null;
  if (numeric && scores.length >= 2) {
    const values = scores as number[];
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  }
  const alignment = status(scorecard, 'alignment_status', 'alignment');
  const security = status(scorecard, 'security_status', 'security');
  // Exactly the names rule files are checked against (variables.ts): the compiler keeps the two in step.
  const variables: Record<GovernanceVariable, PyValue> = {
    raroi: py(scorecard.raroi),
    confidence: py(scorecard.confidence),
    min_scenario: minScenario,
    score_variance: variance,
    sandbox_roi: py(scorecard.sandbox_roi),
    adapter_roi: py(scorecard.adapter_roi),
    alignment_status: py(alignment.value),
    security_status: py(security.value),
    raroi_threshold: raroiThreshold,
    confidence_threshold: threshold(given.confidence_threshold, DEFAULT_THRESHOLDS.confidence_threshold),
    scenario_score_min: threshold(given.scenario_score_min, DEFAULT_THRESHOLDS.scenario_score_min),
    sandbox_roi_low: sandboxLow,
    adapter_roi_high: adapterHigh,
    max_variance: maxVariance,
  };
  const pick = (...names: GovernanceVariable[]): Record<string, PyValue> => Object.fromEntries(names.map((name) => [name, variables[name] ?? null]));

  // Rules: file rules first, then the defaults; bypass_micro_pilot drops the micro_pilot rules.
  const rules: LoadedRule[] = [
    ...(input.rules ?? []).map((rule): LoadedRule => {
      const code = typeof rule.reason_code === 'string' && rule.reason_code !== '' ? rule.reason_code : typeof rule.reason === 'string' ? rule.reason : '';
      return { decision: String(rule.decision), condition: rule.condition, reason_code: code !== '' ? code : String(rule.decision), source: 'file' };
    }),
    ...DEFAULT_RULES.map((rule): LoadedRule => ({ decision: rule.decision, condition: rule.condition, reason_code: rule.reason_code ?? '', source: 'default' })),
  ];
  const describe = (rule: LoadedRule, index: number): TraceEntry['rule'] => ({
    index,
    source: rule.source,
    decision: rule.decision,
    condition: rule.condition,
    reason_code: rule.reason_code,
  });

  let verdict: string | undefined;
  const decide = (value: string): void => {
    verdict = value;
  };
  const notReached = (step: TraceEntry['step'], detail: string): void => {
    trace.push({ step, status: 'not reached', detail });
  };

  // 1. Vetoes.
  const vetoed = (name: 'alignment' | 'security', found: { value: unknown; absent: boolean }): boolean => {
    const ok = typeof found.value === 'string' && found.value.toLowerCase() === 'pass';
    trace.push({
      step: name,
      status: ok ? 'not matched' : 'matched',
      detail: found.absent
        ? `no ${name} status: not vetoed`
        : ok
          ? `${name} status ${JSON.stringify(found.value)} passes`
          : `${name} status ${JSON.stringify(found.value)} is not "pass": demote (${name}_veto)`,
      variables: { [`${name}_status`]: py(found.value) },
    });
    if (!ok) addReason(`${name}_veto`);
    return !ok;
  };
  const alignmentVeto = vetoed('alignment', alignment);
  const securityVeto = vetoed('security', security);
  if (alignmentVeto || securityVeto) decide('demote');

  // 2. Micro-pilot.
  if (verdict === undefined) {
    const sandbox = variables.sandbox_roi;
    const adapter = variables.adapter_roi;
    const read = pick('sandbox_roi', 'adapter_roi', 'sandbox_roi_low', 'adapter_roi_high');
    if (bypass) {
      trace.push({ step: 'micro_pilot', status: 'skipped', detail: 'bypass_micro_pilot override: check skipped', variables: read });
    } else if (sandbox === null || adapter === null || sandboxLow === null || adapterHigh === null) {
      trace.push({ step: 'micro_pilot', status: 'not matched', detail: 'sandbox_roi, adapter_roi or a threshold is None', variables: read });
    } else if (!isNumber(sandbox) || !isNumber(adapter)) {
      trace.push({ step: 'micro_pilot', status: 'skipped', detail: 'sandbox_roi or adapter_roi is not a number', variables: read, error: 'TypeError: not a number' });
    } else if (sandbox < sandboxLow && adapter > adapterHigh) {
      trace.push({ step: 'micro_pilot', status: 'matched', detail: `sandbox_roi ${sandbox} < ${sandboxLow} and adapter_roi ${adapter} > ${adapterHigh}: pilot (micro_pilot)`, variables: read });
      decide('pilot');
      addReason('micro_pilot');
      overrides.mode = 'micro-pilot';
    } else {
      trace.push({ step: 'micro_pilot', status: 'not matched', detail: `not (sandbox_roi ${sandbox} < ${sandboxLow} and adapter_roi ${adapter} > ${adapterHigh})`, variables: read });
    }
  } else notReached('micro_pilot', 'vetoed');

  // 3. Variance.
  if (verdict === undefined) {
    const read = pick('score_variance', 'max_variance');
    if (maxVariance === null || variance === null) {
      trace.push({ step: 'variance', status: 'not matched', detail: maxVariance === null ? 'no max_variance' : 'fewer than 2 numeric scenario scores', variables: read });
    } else if (variance > maxVariance) {
      trace.push({ step: 'variance', status: 'matched', detail: `score variance ${variance} > max_variance ${maxVariance}: demote (variance_above_max)`, variables: read });
      decide('demote');
      addReason('variance_above_max');
    } else {
      trace.push({ step: 'variance', status: 'not matched', detail: `score variance ${variance} <= max_variance ${maxVariance}`, variables: read });
    }
  } else notReached('variance', 'an earlier step decided');

  // 4. Per-scenario thresholds.
  if (verdict === undefined) {
    const scenarioScores = isRecord(scorecard.scenario_scores) ? scorecard.scenario_scores : {};
    const failed: string[] = [];
    const notes: string[] = [];
    for (const [name, minimum] of Object.entries(scenarioThresholds)) {
      const score = scenarioScores[name];
      if (score === undefined || score === null) notes.push(`${name}: no score`);
      else if (!isNumber(score) || !isNumber(minimum)) notes.push(`${name}: not a number, skipped`);
      else if (score < minimum) {
        failed.push(name);
        notes.push(`${name}: ${score} < ${minimum}`);
      } else notes.push(`${name}: ${score} >= ${minimum}`);
    }
    if (failed.length > 0) {
      for (const name of failed) addReason(`${name}_below_min`);
      decide('demote');
    }
    trace.push({
      step: 'scenario_thresholds',
      status: failed.length > 0 ? 'matched' : 'not matched',
      detail: notes.length === 0 ? 'no scenario thresholds' : notes.join('; ') + (failed.length > 0 ? ': demote' : ''),
    });
  } else notReached('scenario_thresholds', 'an earlier step decided');

  // 5. Rules.
  rules.forEach((rule, index) => {
    const info = describe(rule, index);
    if (bypass && rule.reason_code === 'micro_pilot') {
      trace.push({ step: 'rule', status: 'skipped', detail: 'dropped: bypass_micro_pilot override', rule: info });
      return;
    }
    if (verdict !== undefined) {
      trace.push({ step: 'rule', status: 'not reached', detail: 'an earlier step or rule decided', rule: info });
      return;
    }
    if (typeof rule.condition !== 'string') {
      trace.push({ step: 'rule', status: 'skipped', detail: 'skipped: the condition is not a string', rule: info, error: 'condition is not a string' });
      return;
    }
    const parsed = parsedCondition(rule.condition);
    if ('error' in parsed) {
      trace.push({ step: 'rule', status: 'skipped', detail: `skipped: ${parsed.error.message}`, rule: info, error: parsed.error.message });
      return;
    }
    const names = conditionNames(parsed.condition);
    const read: Record<string, PyValue> = {};
    for (const name of names) if (Object.hasOwn(variables, name)) read[name] = variables[name as GovernanceVariable];
    const result = evaluateCondition(parsed.condition, variables);
    if ('error' in result) {
      trace.push({ step: 'rule', status: 'skipped', detail: `skipped: ${result.error}`, rule: info, variables: read, error: result.error });
      return;
    }
    if (!truthy(result.value)) {
      trace.push({ step: 'rule', status: 'not matched', detail: `condition is ${JSON.stringify(result.value)}`, rule: info, variables: read });
      return;
    }
    trace.push({
      step: 'rule',
      status: 'matched',
      detail: `condition is ${JSON.stringify(result.value)}: ${rule.decision}${rule.reason_code !== '' ? ` (${rule.reason_code})` : ''}`,
      rule: info,
      variables: read,
    });
    decide(rule.decision);
    addReason(rule.reason_code);
    if (rule.reason_code === 'micro_pilot') overrides.mode = 'micro-pilot';
  });
  if (verdict === undefined) {
    trace.push({ step: 'fallback', status: 'matched', detail: 'no rule matched: promote' });
    decide('promote');
  }
  let final: string = verdict ?? 'promote';

  // 6. Foresight gate.
  const forecast = scorecard.forecast;
  if (final !== 'promote' || !isRecord(forecast)) {
    trace.push({ step: 'foresight', status: 'not reached', detail: final !== 'promote' ? `verdict is ${final}` : 'no forecast on the scorecard' });
  } else {
    const gate = foresightGate(forecast, given, raroiThreshold);
    if (gate.reasons.length === 0) {
      trace.push({ step: 'foresight', status: 'not matched', detail: 'forecast is safe: promote stands', variables: gate.read });
    } else {
      for (const code of gate.reasons) addReason(code);
      const borderline = given.borderline === true && gate.borderline && variables.raroi !== null && variables.confidence !== null;
      final = borderline ? 'borderline' : 'pilot';
      trace.push({ step: 'foresight', status: 'matched', detail: `${gate.notes.join('; ')}: promote downgraded to ${final}`, variables: gate.read });
    }
  }

  // 7. Forced verdict (applies even after a veto).
  const forced = truthy(overrides.verdict) ? overrides.verdict : overrides.forced_verdict;
  if (forced === undefined || forced === null || forced === '') {
    trace.push({ step: 'forced_verdict', status: 'not matched', detail: 'no forced verdict' });
  } else if (typeof forced === 'string' && (FORCEABLE_VERDICTS as readonly string[]).includes(forced)) {
    trace.push({ step: 'forced_verdict', status: 'matched', detail: `override forces ${forced} (was ${final})` });
    final = forced;
    addReason('manual_override');
  } else {
    trace.push({ step: 'forced_verdict', status: 'skipped', detail: `forced verdict ${JSON.stringify(forced)} ignored: not one of ${FORCEABLE_VERDICTS.join(', ')}` });
  }

  return { verdict: final, reason_codes: reasons, overrides, trace };
}

function foresightGate(
  forecast: Forecast,
  given: GovernanceThresholds,
  raroiThreshold: number | null,
): { reasons: string[]; notes: string[]; borderline: boolean; read: Record<string, PyValue> } {
  const roiMin = threshold(given.roi_forecast_min, raroiThreshold);
  const confidenceMin = threshold(given.foresight_confidence_min, DEFAULT_THRESHOLDS.foresight_confidence_min);
  const reasons: string[] = [];
  const notes: string[] = [];
  let borderline = true;
  const projections = Array.isArray(forecast.projections) ? forecast.projections : [];
  const rois = projections.map((projection) => (isRecord(projection) ? projection.roi : undefined)).filter(isNumber);
  const lowest = rois.length > 0 ? Math.min(...rois) : null;
  const confidence = isNumber(forecast.confidence) ? forecast.confidence : null;
  const read: Record<string, PyValue> = { roi_forecast_min: roiMin, min_projected_roi: lowest, forecast_confidence: confidence, foresight_confidence_min: confidenceMin };
  if (roiMin !== null && lowest !== null && lowest < roiMin) {
    reasons.push('projected_roi_below_threshold');
    notes.push(`projected ROI ${lowest} < ${roiMin}`);
    if (roiMin - lowest > BORDERLINE_MARGIN) borderline = false;
  }
  if (confidenceMin !== null && confidence !== null && confidence < confidenceMin) {
    reasons.push('low_confidence');
    notes.push(`forecast confidence ${confidence} < ${confidenceMin}`);
    if (confidenceMin - confidence > BORDERLINE_MARGIN) borderline = false;
  }
  if (truthy(forecast.collapse_risk)) {
    reasons.push('roi_collapse_risk');
    notes.push(`collapse risk ${JSON.stringify(forecast.collapse_risk)}`);
    borderline = false;
  }
  const dag = Array.isArray(forecast.dag_impact) ? forecast.dag_impact : [];
  const negative = dag.filter((node) => isRecord(node) && isNumber(node.roi) && node.roi < 0);
  if (negative.length > 0 && given.allow_negative_dag !== true) {
    reasons.push('negative_dag_impact');
    notes.push(`negative downstream ROI: ${negative.map((node) => `${String(node.workflow ?? '?')} ${node.roi}`).join(', ')}`);
    borderline = false;
  }
  return { reasons, notes, borderline: borderline && reasons.length > 0, read };
}

/**
 * Parsed conditions by their text: the same rules are evaluated against many scorecards, and
 * parsing is most of an evaluation. Bounded, so a stream of distinct conditions cannot grow it.
 */
const PARSED = new Map<string, ReturnType<typeof parseCondition>>();
const PARSED_LIMIT = 10_000;

function parsedCondition(text: string): ReturnType<typeof parseCondition> {
  let parsed = PARSED.get(text);
  if (!parsed) {
    if (PARSED.size >= PARSED_LIMIT) PARSED.clear();
    parsed = parseCondition(text);
    PARSED.set(text, parsed);
  }
  return parsed;
}
