// Deployment governance at scale: 10,000 generated workflow scorecards evaluated against 50 file
// rules (then the 4 built-in defaults) and the example thresholds, through evaluateGovernance with
// its full trace. The engine takes rule conditions as text and parses them on every evaluation (it
// has no pre-parsed input), so the parse share is measured separately: parseCondition of the 50
// conditions alone. Reports throughput and p50/p95/p99 per evaluation over several runs after a
// warm-up; results go to bench/results/governance.json and a Markdown table.
//
//   node --import tsx bench/governance.bench.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseCondition } from '../server/src/engine/governance/condition.ts';
import { evaluateGovernance, type GovernanceRule, type GovernanceThresholds, type Scorecard } from '../server/src/engine/governance/evaluate.ts';
import { Random } from './support/random.ts';

const SCORECARDS = Number(process.env.BENCH_SCORECARDS ?? 10_000);
const RULES = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FORMAT_VERSION = 1;


const SCENARIOS = ['baseline', 'peak_season', 'multilingual', 'stress_cpu', 'holiday'];

function scorecard(random: Random, index: number): Scorecard {
  const card: Record<string, unknown> = {
    workflow_id: `workflow-${index}`,
    alignment_status: random.next() < 0.97 ? 'pass' : 'fail',
    security_status: random.next() < 0.98 ? 'pass' : 'fail',
    raroi: random.next() < 0.03 ? null : random.round(0, 2.5),
    confidence: random.next() < 0.03 ? null : random.round(0.3, 1),
    sandbox_roi: random.round(0, 1),
    adapter_roi: random.round(0.5, 2),
    scenario_scores: Object.fromEntries(SCENARIOS.slice(0, 2 + Math.floor(random.next() * 4)).map((name) => [name, random.round(0.58, 1)])),
  };
  if (random.next() < 0.3) {
    card.forecast = {
      projections: [1, 2, 3].map((cycle) => ({ cycle, roi: random.round(0.5, 2), confidence: random.round(0.5, 1) })),
      confidence: random.round(0.5, 1),
      collapse_risk: random.next() < 0.05,
      dag_impact: [{ workflow: 'downstream', roi: random.round(-0.2, 1) }],
    };
  }
  return card as Scorecard;
}

/** 50 rules in the spec's language, mostly selective so that many are evaluated before one decides. */
function rules(): GovernanceRule[] {
  const list: GovernanceRule[] = [];
  const decisions = ['promote', 'demote', 'pilot', 'no_go'];
  for (let index = 0; list.length < RULES; index++) {
    const step = (index % 10) / 10;
    const decision = decisions[index % 4]!;
    const templates = [
      `raroi is not None and raroi > ${2 + step} and confidence is not None and confidence >= 0.95`,
      `sandbox_roi < sandbox_roi_low * ${(0.5 + step).toFixed(1)} and adapter_roi > adapter_roi_high + ${(0.8 + step).toFixed(1)}`,
      `min_scenario is not None and min_scenario < ${(0.2 + step / 10).toFixed(2)}`,
      `score_variance is not None and score_variance > max_variance * ${4 + index}`,
      `alignment_status != "pass" or (confidence is not None and confidence < ${(0.25 + step / 10).toFixed(2)})`,
    ];
    list.push({ decision, condition: templates[index % templates.length]!, reason_code: `rule_${index + 1}` });
  }
  return list;
}

const THRESHOLDS: GovernanceThresholds = {
  raroi_threshold: 1.0,
  confidence_threshold: 0.7,
  scenario_score_min: 0.5,
  sandbox_roi_low: 0.1,
  adapter_roi_high: 1.0,
  max_variance: 0.05,
  scenario_thresholds: { baseline: 0.6, peak_season: 0.55 },
};

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

function main(): void {
  const random = new Random(0x9e3779b9);
  const cards = Array.from({ length: SCORECARDS }, (_, index) => scorecard(random, index));
  const ruleList = rules();
  for (const rule of ruleList) if ('error' in parseCondition(rule.condition)) throw new Error(`bench rule does not parse: ${rule.condition}`);

  // Warm-up.
  for (let index = 0; index < Math.min(2_000, cards.length); index++) evaluateGovernance({ scorecard: cards[index]!, rules: ruleList, thresholds: THRESHOLDS });

  const runs: { total_ms: number; per_second: number }[] = [];
  const samples: number[] = [];
  const verdicts: Record<string, number> = {};
  let rulesEvaluated = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    for (const card of cards) {
      const before = process.hrtime.bigint();
      const result = evaluateGovernance({ scorecard: card, rules: ruleList, thresholds: THRESHOLDS });
      samples.push(Number(process.hrtime.bigint() - before) / 1000);
      if (run === 0) {
        verdicts[result.verdict] = (verdicts[result.verdict] ?? 0) + 1;
        rulesEvaluated += result.trace.filter((entry) => entry.step === 'rule' && (entry.status === 'matched' || entry.status === 'not matched' || entry.status === 'skipped')).length;
      }
    }
    const total = Number(process.hrtime.bigint() - started) / 1e6;
    runs.push({ total_ms: round(total, 1), per_second: Math.round((cards.length / total) * 1000) });
  }
  samples.sort((a, b) => a - b);

  // The parse share: the 50 conditions parsed, as each evaluation does.
  const parseRounds = 2_000;
  const parseStart = process.hrtime.bigint();
  for (let round = 0; round < parseRounds; round++) for (const rule of ruleList) parseCondition(rule.condition);
  const parseUs = Number(process.hrtime.bigint() - parseStart) / 1000 / parseRounds;

  const throughputs = runs.map((run) => run.per_second).sort((a, b) => a - b);
  const report = {
    benchmark: `evaluateGovernance: ${SCORECARDS} scorecards × ${RULES} file rules (+ 4 defaults), full trace`,
    format_version: FORMAT_VERSION,
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    date: new Date().toISOString(),
    scorecards: SCORECARDS,
    rules: RULES,
    runs: RUNS,
    rules_parsed_once: true,
    note: 'evaluateGovernance keeps parsed conditions by their text, so each of the 50 conditions is parsed once; parse_50_rules_us is what that costs.',
    run_results: runs,
    median_per_second: throughputs[Math.floor(throughputs.length / 2)],
    p50_us: round(percentile(samples, 50)),
    p95_us: round(percentile(samples, 95)),
    p99_us: round(percentile(samples, 99)),
    max_us: round(samples[samples.length - 1]!),
    parse_50_rules_us: round(parseUs),
    mean_rules_evaluated: round(rulesEvaluated / SCORECARDS, 1),
    verdicts,
  };
  const directory = resolve(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(resolve(directory, 'governance.json'), `${JSON.stringify(report, null, 2)}\n`);

  console.log('| Scorecards | Rules | Runs | Evaluations/s (median run) | p50 (µs) | p95 (µs) | p99 (µs) | Parse of the 50 conditions (µs) | Rules evaluated / scorecard |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(`| ${SCORECARDS} | ${RULES} (+4 defaults) | ${RUNS} | ${report.median_per_second} | ${report.p50_us} | ${report.p95_us} | ${report.p99_us} | ${report.parse_50_rules_us} | ${report.mean_rules_evaluated} |`);
  console.log(`\nNode ${process.version}, ${report.cpus}; ${RUNS} runs after a ${Math.min(2_000, SCORECARDS)}-evaluation warm-up. Verdicts: ${Object.entries(verdicts).map(([verdict, count]) => `${verdict} ${count}`).join(', ')}.`);
  console.log('The engine keeps parsed conditions by their text, so the same rules are parsed once; the parse column is what parsing the 50 conditions costs once.');
}

main();
