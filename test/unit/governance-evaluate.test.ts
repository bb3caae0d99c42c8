// Governance evaluation: vetoes, micro-pilot, variance, scenario thresholds, rules (Python None
// semantics), overrides, the foresight gate and the trace.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  evaluateGovernance,
  type GovernanceInput,
  type GovernanceRule,
  type Scorecard,
  type TraceEntry,
} from '../../server/src/engine/governance/evaluate.ts';
import { verifyOverride } from '../../server/src/engine/governance/override.ts';

const root = join(__dirname, '..', '..');

/** Passes every default rule and every check. */
const GOOD: Scorecard = {
  alignment_status: 'pass',
  security_status: 'pass',
  raroi: 1.5,
  confidence: 0.9,
  sandbox_roi: 0.3,
  adapter_roi: 1.2,
  scenario_scores: { baseline: 0.8, stress: 0.75 },
};

const DOC_RULES: GovernanceRule[] = [
  { decision: 'demote', condition: 'raroi < 0.5', reason_code: 'raroi_below_half' },
  { decision: 'pilot', condition: 'sandbox_roi < sandbox_roi_low and adapter_roi > adapter_roi_high', reason_code: 'micro_pilot' },
  { decision: 'promote', condition: 'True', reason_code: '' },
];

const run = (scorecard: Record<string, unknown>, rest: Omit<GovernanceInput, 'scorecard'> = {}) => evaluateGovernance({ scorecard: { ...GOOD, ...scorecard }, ...rest });
const steps = (trace: TraceEntry[], step: TraceEntry['step']) => trace.filter((entry) => entry.step === step);
const rulesTrace = (trace: TraceEntry[]) => steps(trace, 'rule').map((entry) => [entry.rule!.reason_code || entry.rule!.decision, entry.status]);

describe('built-in default rules', () => {
  test('a good scorecard is promoted by the default promote rule, with no reason', () => {
    const result = run({});
    assert.equal(result.verdict, 'promote');
    assert.deepEqual(result.reason_codes, []);
    assert.deepEqual(rulesTrace(result.trace), [
      ['raroi_below_threshold', 'not matched'],
      ['confidence_below_threshold', 'not matched'],
      ['scenario_below_min', 'not matched'],
      ['promote', 'matched'],
    ]);
    assert.deepEqual(steps(result.trace, 'rule')[0]!.variables, { raroi: 1.5, raroi_threshold: 1 });
  });

  test('raroi None or below raroi_threshold → no_go raroi_below_threshold', () => {
    for (const raroi of [null, 0.99]) {
      const result = run({ raroi });
      assert.equal(result.verdict, 'no_go');
      assert.deepEqual(result.reason_codes, ['raroi_below_threshold']);
    }
    assert.equal(run({ raroi: undefined }).verdict, 'no_go');
  });

  test('confidence None or below confidence_threshold → no_go confidence_below_threshold', () => {
    for (const confidence of [null, 0.69]) assert.deepEqual(run({ confidence }).reason_codes, ['confidence_below_threshold']);
  });

  test('min_scenario below scenario_score_min → no_go scenario_below_min; no scores → not applied', () => {
    assert.deepEqual(run({ scenario_scores: { a: 0.9, b: 0.4 } }).reason_codes, ['scenario_below_min']);
    assert.equal(run({ scenario_scores: {} }).verdict, 'promote');
    // A non-numeric score makes min_scenario None.
    const mixed = run({ scenario_scores: { a: 0.1, b: 'bad' } });
    assert.equal(mixed.verdict, 'promote');
    assert.deepEqual(steps(mixed.trace, 'rule')[2]!.variables, { min_scenario: null, scenario_score_min: 0.5 });
  });

  test('thresholds can be overridden per evaluation', () => {
    assert.deepEqual(run({}, { thresholds: { raroi_threshold: 2 } }).reason_codes, ['raroi_below_threshold']);
    assert.deepEqual(run({ confidence: 0.5 }, { thresholds: { confidence_threshold: 0.4 } }).reason_codes, []);
    assert.deepEqual(run({ scenario_scores: { a: 0.45 } }, { thresholds: { scenario_score_min: 0.4 } }).verdict, 'promote');
  });
});

describe('file rules (prepended to the defaults)', () => {
  test('the doc sample rules: first truthy rule decides', () => {
    const low = run({ raroi: 0.4 }, { rules: DOC_RULES });
    assert.equal(low.verdict, 'demote');
    assert.deepEqual(low.reason_codes, ['raroi_below_half']);
    // Rules after the decision are traced as not reached.
    assert.deepEqual(rulesTrace(low.trace).slice(1), [
      ['micro_pilot', 'not reached'],
      ['promote', 'not reached'],
      ['raroi_below_threshold', 'not reached'],
      ['confidence_below_threshold', 'not reached'],
      ['scenario_below_min', 'not reached'],
      ['promote', 'not reached'],
    ]);
    // The file's `promote / True` with an empty reason_code reports "promote", and wins over the defaults.
    const high = run({ raroi: 0.8 }, { rules: DOC_RULES });
    assert.equal(high.verdict, 'promote');
    assert.deepEqual(high.reason_codes, ['promote']);
  });

  test('a file rule without reason_code uses `reason`, then the decision', () => {
    assert.deepEqual(run({}, { rules: [{ decision: 'pilot', condition: 'True', reason: 'legacy' }] }).reason_codes, ['legacy']);
    const custom = run({}, { rules: [{ decision: 'hold', condition: 'raroi > 1' }] });
    assert.equal(custom.verdict, 'hold');
    assert.deepEqual(custom.reason_codes, ['hold']);
  });

  test('a micro_pilot rule sets mode micro-pilot', () => {
    // adapter_roi == 1.0 misses the strict automatic check but matches the shipped `>=` rule.
    const rules: GovernanceRule[] = [{ decision: 'pilot', condition: 'sandbox_roi < 0.1 and adapter_roi >= 1.0', reason_code: 'micro_pilot' }];
    const result = run({ sandbox_roi: 0.05, adapter_roi: 1.0 }, { rules });
    assert.equal(result.verdict, 'pilot');
    assert.deepEqual(result.reason_codes, ['micro_pilot']);
    assert.deepEqual(result.overrides, { mode: 'micro-pilot' });
    assert.equal(steps(result.trace, 'micro_pilot')[0]!.status, 'not matched');
  });

  test('Python None semantics: a rule that raises (None < number) is skipped and traced', () => {
    const rules: GovernanceRule[] = [{ decision: 'demote', condition: 'raroi < 0.5', reason_code: 'raroi_below_half' }];
    const result = run({ raroi: null }, { rules });
    assert.equal(result.verdict, 'no_go');
    assert.deepEqual(result.reason_codes, ['raroi_below_threshold']);
    const skipped = steps(result.trace, 'rule')[0]!;
    assert.equal(skipped.status, 'skipped');
    assert.match(skipped.error!, /NoneType/);
    assert.deepEqual(skipped.variables, { raroi: null });
    assert.equal(steps(result.trace, 'rule')[1]!.status, 'matched');
  });

  test('unknown names and syntax errors skip the rule', () => {
    const rules: GovernanceRule[] = [
      { decision: 'demote', condition: 'predicted_roi > 1', reason_code: 'unknown_name' },
      { decision: 'demote', condition: 'raroi >', reason_code: 'syntax' },
    ];
    const result = run({}, { rules });
    assert.equal(result.verdict, 'promote');
    assert.deepEqual(rulesTrace(result.trace).slice(0, 2), [
      ['unknown_name', 'skipped'],
      ['syntax', 'skipped'],
    ]);
    assert.ok(steps(result.trace, 'rule').slice(0, 2).every((entry) => typeof entry.error === 'string' && entry.error !== ''));
  });

  test('rule variables: scorecard values, derived values and thresholds by name', () => {
    const condition =
      'score_variance > 0 and min_scenario == 0.75 and alignment_status == "pass" and security_status == "pass" and sandbox_roi_low == 0.2 and adapter_roi_high == 1.0 and max_variance is None and scenario_score_min == 0.5 and confidence_threshold == 0.7 and raroi_threshold == 1.0 and sandbox_roi == 0.3 and adapter_roi == 1.2 and confidence == 0.9';
    const result = run({}, { rules: [{ decision: 'pilot', condition, reason_code: 'all_variables' }], thresholds: { sandbox_low: 0.2 } });
    assert.deepEqual(result.reason_codes, ['all_variables'], JSON.stringify(steps(result.trace, 'rule')[0]));
    const variables = steps(result.trace, 'rule')[0]!.variables!;
    assert.ok(Math.abs((variables.score_variance as number) - 0.000625) < 1e-12);
  });

  test('the shipped example rules and thresholds with the example scorecard', () => {
    const scorecard = JSON.parse(readFileSync(join(root, 'examples/governance/scorecards/support-triage.scorecard.json'), 'utf8'));
    const rules: GovernanceRule[] = [
      { decision: 'promote', condition: 'raroi >= raroi_threshold * 1.2 and confidence >= 0.85 and min_scenario >= scenario_score_min', reason_code: 'strong_support_candidate' },
      { decision: 'pilot', condition: 'sandbox_roi < sandbox_roi_low and adapter_roi > adapter_roi_high', reason_code: 'micro_pilot' },
      { decision: 'demote', condition: 'confidence is not None and confidence < confidence_threshold', reason_code: 'low_confidence' },
      { decision: 'no_go', condition: 'raroi is not None and raroi < 0.5', reason_code: 'poor_raroi' },
    ];
    const thresholds = {
      raroi_threshold: 1.0,
      confidence_threshold: 0.7,
      scenario_score_min: 0.5,
      sandbox_roi_low: 0.1,
      adapter_roi_high: 1.0,
      max_variance: 0.05,
      scenario_thresholds: { baseline: 0.6, peak_season: 0.6, multilingual: 0.55 },
    };
    const plain = evaluateGovernance({ scorecard, rules, thresholds });
    assert.equal(plain.verdict, 'demote');
    assert.deepEqual(plain.reason_codes, ['peak_season_below_min']);
    const override = verifyOverride(
      readFileSync(join(root, 'examples/governance/overrides/support-triage.override.json'), 'utf8'),
      readFileSync(join(root, 'examples/governance/keys/override.key')),
    );
    const forced = evaluateGovernance({ scorecard, rules, thresholds, overrides: [override] });
    assert.equal(forced.verdict, 'pilot');
    assert.deepEqual(forced.reason_codes, ['peak_season_below_min', 'manual_override']);
    assert.equal(forced.overrides.ticket, 'GOV-2026-031');
    // Without the scenario thresholds the example rule `strong_support_candidate` does not fire
    // (confidence 0.82 < 0.85) and the defaults promote.
    assert.equal(evaluateGovernance({ scorecard, rules, thresholds: { ...thresholds, scenario_thresholds: {} } }).verdict, 'promote');
  });
});

describe('evaluation steps before the rules', () => {
  test('alignment veto: not "pass" (case-insensitive, string or {status}, alias) → demote alignment_veto', () => {
    for (const card of [{ alignment_status: 'fail' }, { alignment_status: { status: 'FAIL' } }, { alignment_status: undefined, alignment: 'warn' }]) {
      const result = run(card);
      assert.equal(result.verdict, 'demote', JSON.stringify(card));
      assert.deepEqual(result.reason_codes, ['alignment_veto']);
      assert.ok(steps(result.trace, 'rule').every((entry) => entry.status === 'not reached'));
    }
    assert.equal(run({ alignment_status: 'PASS' }).verdict, 'promote');
    assert.equal(run({ alignment_status: { detail: 'no status key' } }).verdict, 'promote');
  });

  test('security veto, both vetoes reported together; absent statuses are not vetoes', () => {
    assert.deepEqual(run({ security_status: 'fail' }).reason_codes, ['security_veto']);
    assert.deepEqual(run({ security_status: undefined, security: { status: 'blocked' } }).reason_codes, ['security_veto']);
    const both = run({ alignment_status: 'fail', security_status: 'Fail' });
    assert.equal(both.verdict, 'demote');
    assert.deepEqual(both.reason_codes, ['alignment_veto', 'security_veto']);
    const absent = run({ alignment_status: undefined, security_status: null });
    assert.equal(absent.verdict, 'promote');
    assert.match(steps(absent.trace, 'alignment')[0]!.detail, /no alignment status: not vetoed/);
    assert.equal(steps(absent.trace, 'security')[0]!.status, 'not matched');
  });

  test('micro-pilot: sandbox_roi < sandbox_roi_low and adapter_roi > adapter_roi_high → pilot micro_pilot', () => {
    const result = run({ sandbox_roi: 0.05, adapter_roi: 1.2 });
    assert.equal(result.verdict, 'pilot');
    assert.deepEqual(result.reason_codes, ['micro_pilot']);
    assert.deepEqual(result.overrides, { mode: 'micro-pilot' });
    // Strict inequalities, and None never matches.
    assert.equal(run({ sandbox_roi: 0.1, adapter_roi: 1.2 }).verdict, 'promote');
    assert.equal(run({ sandbox_roi: 0.05, adapter_roi: 1.0 }).verdict, 'promote');
    assert.equal(run({ sandbox_roi: null, adapter_roi: 1.2 }).verdict, 'promote');
    // A string value is skipped, not thrown.
    assert.equal(steps(run({ sandbox_roi: '0.05', adapter_roi: 1.2 }).trace, 'micro_pilot')[0]!.status, 'skipped');
  });

  test('micro-pilot aliases sandbox_low/adapter_high win over sandbox_roi_low/adapter_roi_high', () => {
    assert.equal(run({ sandbox_roi: 0.15, adapter_roi: 1.2 }, { thresholds: { sandbox_roi_low: 0.05, sandbox_low: 0.2 } }).verdict, 'pilot');
    assert.equal(run({ sandbox_roi: 0.05, adapter_roi: 1.2 }, { thresholds: { adapter_roi_high: 1.0, adapter_high: 1.5 } }).verdict, 'promote');
  });

  test('bypass_micro_pilot skips the check and drops micro_pilot rules', () => {
    const result = run({ sandbox_roi: 0.05, adapter_roi: 1.2 }, { rules: DOC_RULES, overrides: { bypass_micro_pilot: true } });
    assert.equal(result.verdict, 'promote');
    assert.deepEqual(result.reason_codes, ['promote']);
    assert.equal(steps(result.trace, 'micro_pilot')[0]!.status, 'skipped');
    const dropped = steps(result.trace, 'rule')[1]!;
    assert.equal(dropped.status, 'skipped');
    assert.match(dropped.detail, /bypass_micro_pilot/);
    assert.deepEqual(result.overrides, { bypass_micro_pilot: true });
  });

  test('variance above max_variance → demote variance_above_max (population variance, ≥2 scores)', () => {
    const result = run({ scenario_scores: { a: 0.9, b: 0.5 } }, { thresholds: { max_variance: 0.01 } });
    assert.equal(result.verdict, 'demote');
    assert.deepEqual(result.reason_codes, ['variance_above_max']);
    assert.ok(Math.abs((steps(result.trace, 'variance')[0]!.variables!.score_variance as number) - 0.04) < 1e-12);
    assert.equal(run({ scenario_scores: { a: 0.9 } }, { thresholds: { max_variance: 0 } }).verdict, 'promote');
    assert.equal(run({ scenario_scores: { a: 0.9, b: 0.5 } }, { thresholds: { max_variance: 0.05 } }).verdict, 'promote');
  });

  test('a scenario below its threshold → demote <name>_below_min; a missing scenario passes', () => {
    const result = run(
      { scenario_scores: { baseline: 0.8, peak: 0.55, cold: 0.58 } },
      { thresholds: { scenario_thresholds: { peak: 0.6, cold: 0.6, absent: 0.9, baseline: 0.8 } } },
    );
    assert.equal(result.verdict, 'demote');
    assert.deepEqual(result.reason_codes, ['peak_below_min', 'cold_below_min']);
    assert.match(steps(result.trace, 'scenario_thresholds')[0]!.detail, /absent: no score/);
  });

  test('the trace covers every step in order', () => {
    const result = run({ forecast: { confidence: 0.9, projections: [{ cycle: 1, roi: 2, confidence: 0.9 }] } });
    const order = [...new Set(result.trace.map((entry) => entry.step))];
    assert.deepEqual(order, ['alignment', 'security', 'micro_pilot', 'variance', 'scenario_thresholds', 'rule', 'foresight', 'forced_verdict']);
    const early = run({ sandbox_roi: 0, adapter_roi: 2 });
    assert.deepEqual(
      early.trace.filter((entry) => entry.status === 'not reached').map((entry) => entry.step),
      ['variance', 'scenario_thresholds', 'rule', 'rule', 'rule', 'rule', 'foresight'],
    );
  });
});

describe('overrides', () => {
  const file = JSON.parse(readFileSync(join(root, 'examples/governance/overrides/support-triage.override.json'), 'utf8'));
  const key = readFileSync(join(root, 'examples/governance/keys/override.key'));

  test('a valid signed override merges its data and forces its verdict', () => {
    const result = run({}, { overrides: [verifyOverride(file, key)] });
    assert.equal(result.verdict, 'pilot');
    assert.deepEqual(result.reason_codes, ['manual_override']);
    assert.equal(result.overrides.approved_by, 'Dana Whitfield');
    assert.equal(steps(result.trace, 'override')[0]!.status, 'matched');
  });

  test('tampered, wrongly keyed or used overrides are ignored and the trace says why', () => {
    const tampered = { ...file, data: { ...file.data, verdict: 'promote' } };
    for (const [override, reason] of [
      [verifyOverride(tampered, key), /does not match/],
      [verifyOverride(file, 'wrong'), /wrong key/],
      [verifyOverride({ ...file, used: true }, key), /already used/],
      [verifyOverride({ data: file.data }, key), /unsigned/],
    ] as const) {
      const result = run({ raroi: 0.2 }, { overrides: [override] });
      assert.equal(result.verdict, 'no_go');
      assert.deepEqual(result.reason_codes, ['raroi_below_threshold']);
      assert.deepEqual(result.overrides, {});
      const entry = steps(result.trace, 'override')[0]!;
      assert.equal(entry.status, 'skipped');
      assert.match(entry.detail, reason);
    }
  });

  test('forced verdict applies even after a veto; forced_verdict is the fallback; manual_override once', () => {
    const vetoed = run({ alignment_status: 'fail' }, { overrides: { verdict: 'promote' } });
    assert.equal(vetoed.verdict, 'promote');
    assert.deepEqual(vetoed.reason_codes, ['alignment_veto', 'manual_override']);
    const fallback = run({}, { overrides: [{ verdict: '' }, { forced_verdict: 'no_go' }] });
    assert.equal(fallback.verdict, 'no_go');
    assert.deepEqual(fallback.reason_codes, ['manual_override']);
    for (const verdict of ['promote', 'demote', 'pilot', 'no_go']) assert.equal(run({ raroi: 0 }, { overrides: { verdict } }).verdict, verdict);
  });

  test('a forced verdict outside promote|demote|pilot|no_go is ignored', () => {
    for (const verdict of ['micro_pilot', 'ship', 42]) {
      const result = run({}, { overrides: { verdict } });
      assert.equal(result.verdict, 'promote');
      assert.deepEqual(result.reason_codes, []);
      assert.equal(steps(result.trace, 'forced_verdict')[0]!.status, 'skipped');
    }
  });
});

describe('foresight gate', () => {
  const safe = {
    projections: [
      { cycle: 1, roi: 1.4, confidence: 0.8 },
      { cycle: 2, roi: 1.3, confidence: 0.75 },
    ],
    confidence: 0.8,
    collapse_risk: null,
    dag_impact: [{ workflow: 'billing', roi: 0.2 }],
  };
  const gate = (forecast: Record<string, unknown>, rest: Omit<GovernanceInput, 'scorecard'> = {}) => run({ forecast: { ...safe, ...forecast } }, rest);

  test('a safe forecast keeps promote', () => {
    const result = gate({});
    assert.equal(result.verdict, 'promote');
    assert.equal(steps(result.trace, 'foresight')[0]!.status, 'not matched');
  });

  test('each failing signal downgrades promote to pilot with its reason code', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ projections: [{ cycle: 1, roi: 1.4, confidence: 0.8 }, { cycle: 2, roi: 0.5, confidence: 0.8 }] }, 'projected_roi_below_threshold'],
      [{ confidence: 0.4 }, 'low_confidence'],
      [{ collapse_risk: 'Immediate collapse risk' }, 'roi_collapse_risk'],
      [{ collapse_risk: true }, 'roi_collapse_risk'],
      [{ dag_impact: [{ workflow: 'billing', roi: -0.1 }] }, 'negative_dag_impact'],
    ];
    for (const [forecast, reason] of cases) {
      const result = gate(forecast);
      assert.equal(result.verdict, 'pilot', reason);
      assert.deepEqual(result.reason_codes, [reason]);
    }
    const all = gate({ projections: [{ cycle: 1, roi: 0.2 }], confidence: 0.1, collapse_risk: 'brittle', dag_impact: [{ workflow: 'x', roi: -1 }] });
    assert.deepEqual(all.reason_codes, ['projected_roi_below_threshold', 'low_confidence', 'roi_collapse_risk', 'negative_dag_impact']);
  });

  test('roi_forecast_min defaults to raroi_threshold and can be set; allow_negative_dag', () => {
    assert.equal(gate({ projections: [{ cycle: 1, roi: 0.9 }] }).verdict, 'pilot');
    assert.equal(gate({ projections: [{ cycle: 1, roi: 0.9 }] }, { thresholds: { roi_forecast_min: 0.5 } }).verdict, 'promote');
    assert.equal(gate({ projections: [{ cycle: 1, roi: 1.1 }] }).verdict, 'promote');
    assert.equal(gate({ projections: [{ cycle: 1, roi: 1.1 }] }, { thresholds: { raroi_threshold: 1.2 } }).verdict, 'pilot');
    assert.equal(gate({ dag_impact: [{ workflow: 'x', roi: -1 }] }, { thresholds: { allow_negative_dag: true } }).verdict, 'promote');
  });

  test('borderline: only when configured and every failure is ROI/confidence within 0.05', () => {
    const near = { projections: [{ cycle: 1, roi: 0.97 }], confidence: 0.57 };
    assert.equal(gate(near).verdict, 'pilot');
    const borderline = gate(near, { thresholds: { borderline: true } });
    assert.equal(borderline.verdict, 'borderline');
    assert.deepEqual(borderline.reason_codes, ['projected_roi_below_threshold', 'low_confidence']);
    assert.equal(gate({ projections: [{ cycle: 1, roi: 0.9 }] }, { thresholds: { borderline: true } }).verdict, 'pilot');
    assert.equal(gate({ ...near, collapse_risk: true }, { thresholds: { borderline: true } }).verdict, 'pilot');
  });

  test('the gate only runs on promote', () => {
    const result = run({ raroi: 0.5, forecast: { ...safe, confidence: 0.1 } });
    assert.equal(result.verdict, 'no_go');
    assert.deepEqual(result.reason_codes, ['raroi_below_threshold']);
    assert.equal(steps(result.trace, 'foresight')[0]!.status, 'not reached');
  });

  test('a forced verdict still wins after the gate', () => {
    const result = gate({ confidence: 0.1 }, { overrides: { verdict: 'promote' } });
    assert.equal(result.verdict, 'promote');
    assert.deepEqual(result.reason_codes, ['low_confidence', 'manual_override']);
  });
});
