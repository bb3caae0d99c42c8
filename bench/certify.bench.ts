// The whole certification (the example bundle) with shadow-mode audit logs of 10,000, 100,000 and
// 1,000,000 records (about 2.7 KB each, shaped like AANA's agent_check / workflow_check /
// tool_precheck audit records). Compares (a) the floor, readLines + JSON.parse of every line, with
// (b) loading the bundle, streaming the log and running the ten checks, alternating runs after a
// warm-up, and measures (b)'s peak RSS in a child process (plain node on an esbuild bundle of this
// file), which must stay flat as the log grows. Results go to bench/results/certify.json and a
// Markdown table.
//
//   node --import tsx bench/certify.bench.ts
//   AANA_REPO=/path/to/aana node --import tsx bench/certify.bench.ts
//
// With AANA_REPO (a checkout of AANA, whose Python needs jsonschema; AANA_PYTHON picks the
// interpreter, python3 by default), (c) AANA's own `production-certify` runs on the same bundle
// (its YAML files converted to the JSON AANA reads) and log, alternating with (a) and (b), on logs
// of up to 100,000 records (AANA_MAX_RECORDS): it holds the whole log in memory.
//
// The logs are written to os.tmpdir() once and reused (delete prodgate-shadow-bench-* to redo).
import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { certify } from '../server/src/engine/certification/certify.ts';
import { DEFAULT_SETTINGS } from '../server/src/engine/validate.ts';
import { loadCertificationInputs, type InputPaths } from '../server/src/io/certification-inputs.ts';
import { readLines } from '../server/src/io/lines.ts';
import { Random } from './support/random.ts';

const SIZES = [10_000, 100_000, 1_000_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_RATIO = 1.5;
const TARGET_RSS_MB = 100;
/** How much the peak RSS may grow from the smallest log to the largest and still count as flat. */
const FLAT_RSS_TOLERANCE_MB = 10;
const AANA_REPO = process.env.AANA_REPO;
const AANA_PYTHON = process.env.AANA_PYTHON ?? 'python3';
/** AANA holds the whole log in memory (1.59 GB at 100,000 records): 1,000,000 would need some 16 GB. */
const AANA_MAX_RECORDS = 100_000;
const FORMAT_VERSION = 1;

/** The certification policy the check runs with (AANA's template values, two required adapters). */
const POLICY = {
  shadow_mode: { minimum_duration_days: 14, minimum_records: 100, required_adapter_ids: ['support_reply', 'invoice_billing_reply'] },
  metrics: { minimum_aix_score_average: 0.85, minimum_aix_score_min: 0.5, maximum_aix_hard_blockers: 0, allowed_aix_decisions: ['accept', 'revise'] },
};

// ---------------------------------------------------------------------------------------------
// Realistic records.


const ADAPTERS = ['support_reply', 'invoice_billing_reply', 'research_answer_grounding', 'crm_support_reply', 'email_send_guardrail', 'deployment_readiness'];
const VIOLATIONS = [
  'missing_account_verification_path',
  'unsupported_refund_promise',
  'invented_order_id',
  'private_account_detail',
  'internal_crm_detail',
  'unsafe_attachment',
  'policy_ambiguity',
  'stale_evidence',
];
const TRIGGERS = ['identity_uncertainty', 'payment_billing_data_exposure', 'policy_ambiguity', 'refund_exception', 'aix_hard_blocker'];
const ROUTE_OF: Record<string, string> = { accept: 'pass', revise: 'revise', ask: 'revise', defer: 'defer', refuse: 'refuse' };
const TOOLS = ['send_email', 'issue_refund', 'lookup_order', 'update_ticket', 'search_kb'];

function fingerprint(random: Random) {
  return { length: 20 + random.int(600), sha256: random.hex(64) };
}

/** One audit record as AANA's agent_audit_record / workflow_audit_record / tool_precheck_audit_record write them. */
function auditRecord(random: Random, createdAt: string, index: number): Record<string, unknown> {
  const type = random.next() < 0.6 ? 'agent_check' : random.next() < 0.6 ? 'workflow_check' : 'tool_precheck';
  const adapter = random.pick(ADAPTERS);
  const action = random.next() < 0.7 ? 'accept' : 'revise';
  const gate = action === 'accept' ? 'pass' : random.pick(['pass', 'fail']);
  const score = Math.round((0.86 + random.next() * 0.14) * 10000) / 10000;
  const violations = Array.from({ length: random.int(4) }, () => random.pick(VIOLATIONS)).filter((code, at, all) => all.indexOf(code) === at).sort();
  const missing = violations.filter((code) => code.startsWith('missing') || code.startsWith('unsupported'));
  const triggers = violations.length ? [...new Set(Array.from({ length: 1 + random.int(3) }, () => random.pick(TRIGGERS)))].sort() : [];
  const reviewRequired = triggers.length > 0;
  const sources = Array.from({ length: random.int(3) }, (_, n) => `evidence:${n + 1}:${random.pick(['crm', 'kb', 'orders'])}`);
  const latency = Math.round(random.next() * 900 * 1000) / 1000;
  const aix = {
    beta: 1.0,
    components: { B: 1.0, C: Math.round((0.8 + random.next() * 0.2) * 100) / 100, F: 1.0, P: 1.0 },
    decision: action === 'accept' ? 'accept' : 'revise',
    hard_blockers: [],
    score,
    thresholds: { accept: 0.85, defer: 0.5, revise: 0.65 },
  };
  const route = reviewRequired ? random.pick(['support_policy_review', 'support_privacy_review', 'support_verification_review']) : action === 'accept' ? 'none' : 'agent_revision';
  const fingerprints: Record<string, unknown> =
    type === 'tool_precheck'
      ? { evidence_refs: sources.map(() => fingerprint(random)), proposed_arguments: fingerprint(random), tool_name: fingerprint(random) }
      : type === 'workflow_check'
        ? {
            candidate: fingerprint(random),
            constraints: Array.from({ length: 1 + random.int(3) }, () => fingerprint(random)),
            evidence: Array.from({ length: 1 + random.int(4) }, () => fingerprint(random)),
            output: fingerprint(random),
            request: fingerprint(random),
          }
        : {
            candidate: fingerprint(random),
            evidence: Array.from({ length: 1 + random.int(4) }, () => fingerprint(random)),
            safe_response: fingerprint(random),
            user_request: fingerprint(random),
          };
  const record: Record<string, unknown> = {
    adapter_id: adapter,
    adapter_version: random.next() < 0.5 ? null : '1.4.2',
    aix,
    allowed_actions: ['accept', 'revise', 'ask', 'defer', 'refuse'],
    audit_record_version: '0.1',
    audit_safe_log_event: {
      aix_decision: aix.decision,
      aix_score: score,
      audit_event_version: 'aana.audit_safe_decision.v1',
      authorization_state: 'not_declared',
      candidate_gate: gate === 'pass' ? 'pass' : 'block',
      evidence_refs: { contradictory: [], missing, used: sources },
      gate_decision: gate,
      hard_blockers: [],
      latency_ms: latency,
      missing_evidence: missing,
      raw_payload_logged: false,
      route: action,
    },
    authorization_state: 'not_declared',
    candidate_gate: gate === 'pass' ? 'pass' : 'block',
    connector_failures: [],
    created_at: createdAt,
    event_id: `evt-${index.toString(36)}-${random.hex(6)}`,
    evidence_freshness_failures: [],
    evidence_source_ids: sources,
    execution_mode: 'shadow',
    gate_decision: gate,
    hard_blockers: [],
    human_review_queue: {
      priority: reviewRequired ? random.pick(['high', 'critical']) : 'none',
      queue: reviewRequired ? 'support_human_review' : 'none',
      reason: violations.length ? `violation:${violations[0]}` : `recommended_action:${action}`,
      required: reviewRequired,
      route,
      triggers,
    },
    human_review_route: { reason: violations.length ? `violation:${violations[0]}` : `recommended_action:${action}`, required: reviewRequired, route },
    input_fingerprints: fingerprints,
    latency_ms: latency,
    missing_evidence: missing,
    recommended_action: action,
    record_type: type,
    shadow_observation: {
      enforcement: 'observe_only',
      production_effect: 'not_blocked',
      shadow_mode: true,
      would_aix_decision: aix.decision,
      would_candidate_gate: gate === 'pass' ? 'pass' : 'block',
      would_gate_decision: gate,
      would_recommended_action: action,
      would_route: ROUTE_OF[action],
    },
    violation_codes: violations,
    violation_count: violations.length,
    violation_severities: violations.length ? { high: violations.length } : {},
  };
  if (type === 'agent_check') Object.assign(record, { agent: 'openclaw', event_version: '0.1', workflow: null, workflow_id: null });
  if (type === 'workflow_check') Object.assign(record, { adapter: adapter, constraint_count: 2, contract_version: '0.1', evidence_count: sources.length, workflow: 'support', workflow_id: `wf-${random.hex(8)}` });
  if (type === 'tool_precheck') {
    Object.assign(record, {
      contract_version: '0.1',
      proposed_argument_keys: ['body', 'recipient', 'subject'],
      risk_domain: 'customer_support',
      route: '/pre-tool-check',
      surface: 'runtime',
      tool_category: 'write',
      tool_name: random.pick(TOOLS),
    });
  }
  return record;
}

/** json.dumps(record, sort_keys=True): ", " and ": " separators, sorted keys. */
function pythonJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}: ${pythonJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(', ')}}`;
}

function logPath(records: number): string {
  return join(tmpdir(), `prodgate-shadow-bench-v${FORMAT_VERSION}-${records}.jsonl`);
}

/** Writes the log unless a complete one (with its .done marker) is there. */
function ensureLog(records: number): string {
  const path = logPath(records);
  if (existsSync(path) && existsSync(`${path}.done`)) return path;
  const started = performance.now();
  const random = new Random(0x5eed + records);
  const start = Date.UTC(2026, 3, 1);
  const span = 21 * 86400 * 1000; // three weeks of shadow mode
  const fd = openSync(path, 'w');
  let batch: string[] = [];
  for (let index = 0; index < records; index++) {
    const at = new Date(start + Math.floor((span * index) / records / 1000) * 1000 + random.int(60) * 1000).toISOString().replace('.000Z', 'Z');
    batch.push(pythonJson(auditRecord(random, at, index)));
    if (batch.length === 2000) {
      writeSync(fd, `${batch.join('\n')}\n`);
      batch = [];
    }
  }
  if (batch.length) writeSync(fd, `${batch.join('\n')}\n`);
  closeSync(fd);
  writeFileSync(`${path}.done`, '');
  console.error(`wrote ${path} (${(statSync(path).size / 1e6).toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return path;
}

// ---------------------------------------------------------------------------------------------
// The two measurements.

async function floor(path: string): Promise<number> {
  let records = 0;
  for await (const line of readLines(path)) {
    JSON.parse(line.text);
    records++;
  }
  return records;
}

const BUNDLE_DIRECTORY = join(tmpdir(), 'prodgate-bench-bundle');
const BUNDLE_FILES = {
  certification_policy: 'production-certification.json',
  deployment_manifest: 'deployment.yaml',
  governance_policy: 'governance.yaml',
  evidence_registry: 'evidence-registry.json',
  observability_policy: 'observability.yaml',
  external_evidence: 'external-evidence.json',
} as const;

/** Copies the example bundle where the measuring child finds it, its policy requiring the adapters the logs hold. */
function prepareBundle(): void {
  const examples = resolve(__dirname, '../examples/certification');
  mkdirSync(BUNDLE_DIRECTORY, { recursive: true });
  for (const file of Object.values(BUNDLE_FILES)) copyFileSync(join(examples, file), join(BUNDLE_DIRECTORY, file));
  const policyPath = join(BUNDLE_DIRECTORY, BUNDLE_FILES.certification_policy);
  const policy = JSON.parse(readFileSync(policyPath, 'utf8'));
  policy.shadow_mode = POLICY.shadow_mode;
  policy.metrics = { ...policy.metrics, ...POLICY.metrics };
  writeFileSync(policyPath, JSON.stringify(policy, null, 2));
}

function bundle(): InputPaths {
  return Object.fromEntries(Object.entries(BUNDLE_FILES).map(([name, file]) => [name, join(BUNDLE_DIRECTORY, file)]));
}

/** The whole certification, as `prodgate certify` runs it, with the generated log as its audit log. */
async function check(path: string) {
  const report = certify(await loadCertificationInputs({ ...bundle(), audit_log: path }, { settings: DEFAULT_SETTINGS }));
  const shadow = report.checks.find((item) => item.name === 'shadow_mode_evidence')!;
  return { passed: report.deployment_ready, issues: report.checks.flatMap((item) => item.issues), shadowRecords: shadow.details.shadow_record_count };
}

// ---------------------------------------------------------------------------------------------
// AANA's own production-certify, when AANA_REPO is given.

/** AANA reads JSON only: the bundle's YAML files converted to JSON, the JSON ones as they are. */
function aanaBundle(): Record<keyof typeof BUNDLE_FILES, string> {
  const entries = Object.entries(BUNDLE_FILES).map(([name, file]) => {
    const path = join(BUNDLE_DIRECTORY, file);
    if (!file.endsWith('.yaml')) return [name, path];
    const converted = path.replace(/\.yaml$/, '.aana.json');
    writeFileSync(converted, JSON.stringify(parse(readFileSync(path, 'utf8')), null, 2));
    return [name, converted];
  });
  return Object.fromEntries(entries);
}

/** Runs the command after it in the same Python and prints its wall time, peak RSS and verdict. */
const AANA_MEASURE = `
import json, resource, subprocess, sys, time
started = time.perf_counter()
run = subprocess.run([sys.executable, *sys.argv[1:]], stdout=subprocess.PIPE)
elapsed = time.perf_counter() - started
report = json.loads(run.stdout)
print(json.dumps({
    "ms": elapsed * 1000,
    "max_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    "deployment_ready": report["deployment_ready"],
    "failed": [check["message"] for check in report["checks"] if check["status"] == "fail"],
}))`;

/** `python scripts/aana_cli.py production-certify --json …`, as AANA's docs/production-certification.md runs it. */
function aanaCertify(repo: string, inputs: Record<keyof typeof BUNDLE_FILES, string>, path: string): { ms: number; peakRssMb: number } {
  const args = [
    join(repo, 'scripts/aana_cli.py'),
    'production-certify',
    '--json',
    ...Object.entries(inputs).flatMap(([name, file]) => [`--${name.replace(/_/g, '-')}`, file]),
    '--audit-log',
    path,
  ];
  const measured = JSON.parse(execFileSync(AANA_PYTHON, ['-c', AANA_MEASURE, ...args], { cwd: repo, encoding: 'utf8' }));
  if (!measured.deployment_ready) throw new Error(`AANA does not pass the benchmark bundle: ${JSON.stringify(measured.failed)}`);
  return { ms: measured.ms, peakRssMb: measured.max_rss_kb / 1024 };
}

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await run();
  return [performance.now() - started, result];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

/** In a child: run (b) once (or nothing, for the baseline) and print the peak RSS in bytes. */
async function child(path: string | undefined): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  try {
    if (path) {
      const evidence = await check(path);
      if (!evidence.passed) throw new Error(`the benchmark log does not pass: ${JSON.stringify(evidence.issues[0])}`);
    }
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  process.stdout.write(String(peak));
}

/**
 * Peak RSS of a child running (b) once. The child is this file bundled to plain JavaScript (as
 * ProdGate ships), so that the tsx loader's own memory (~40 MB) does not count.
 */
async function peakRss(path?: string): Promise<number> {
  const { buildSync } = await import('esbuild');
  const childBundle = join(tmpdir(), 'prodgate-certify-bench-child.cjs');
  buildSync({
    entryPoints: [__filename],
    outfile: childBundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['esbuild'],
    logLevel: 'warning',
    // As scripts/build.mjs bundles ProdGate: ESM entry points, and import.meta.url for them.
    mainFields: ['module', 'main'],
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  });
  const output = execFileSync(process.execPath, [childBundle, '--child', ...(path ? [path] : [])], { encoding: 'utf8' });
  return Number(output) / (1024 * 1024);
}

async function main(): Promise<void> {
  const paths = SIZES.map(ensureLog);
  prepareBundle();
  const aanaInputs = AANA_REPO ? aanaBundle() : undefined;
  // Warm-up: compile both paths (and AANA's bytecode) on the smallest log.
  await floor(paths[0]);
  const warm = await check(paths[0]);
  if (!warm.passed) throw new Error(`the benchmark log does not pass: ${JSON.stringify(warm.issues.slice(0, 3))}`);
  if (AANA_REPO && aanaInputs) aanaCertify(AANA_REPO, aanaInputs, paths[0]);
  const baselineRss = await peakRss();
  const results = [];
  for (const [index, records] of SIZES.entries()) {
    const path = paths[index];
    const withAana = AANA_REPO && aanaInputs && records <= AANA_MAX_RECORDS ? { repo: AANA_REPO, inputs: aanaInputs } : undefined;
    const floorMs: number[] = [];
    const checkMs: number[] = [];
    const aanaMs: number[] = [];
    let aanaPeakMb = 0;
    for (let run = 0; run < RUNS; run++) {
      const [a, counted] = await timed(() => floor(path));
      const [b, evidence] = await timed(() => check(path));
      if (counted !== records || evidence.shadowRecords !== records || !evidence.passed) throw new Error(`unexpected benchmark result: ${JSON.stringify(evidence.issues.slice(0, 3))}`);
      floorMs.push(round(a));
      checkMs.push(round(b));
      if (withAana) {
        const c = aanaCertify(withAana.repo, withAana.inputs, path);
        aanaMs.push(round(c.ms));
        aanaPeakMb = Math.max(aanaPeakMb, c.peakRssMb);
      }
    }
    const bytes = statSync(path).size;
    const ratio = median(checkMs) / median(floorMs);
    results.push({
      records,
      file_mb: round(bytes / 1e6),
      bytes_per_record: Math.round(bytes / records),
      runs: RUNS,
      floor_ms: floorMs,
      check_ms: checkMs,
      floor_median_ms: median(floorMs),
      check_median_ms: median(checkMs),
      ratio: round(ratio, 3),
      target_ratio: TARGET_RATIO,
      check_us_per_record: round((median(checkMs) * 1000) / records, 2),
      peak_rss_mb: round(await peakRss(path), 1),
      target_rss_mb: TARGET_RSS_MB,
      ...(withAana && {
        aana: { ms: aanaMs, median_ms: median(aanaMs), peak_rss_mb: round(aanaPeakMb, 1), ratio_to_prodgate: round(median(aanaMs) / median(checkMs), 1) },
      }),
    });
  }
  const peaks = results.map((result) => result.peak_rss_mb);
  const growth = round(peaks[peaks.length - 1] - peaks[0], 1);
  const directory = resolve(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  const report = {
    benchmark: 'prodgate certify (the example bundle with a generated shadow-mode audit log) vs readLines + JSON.parse of the log',
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    date: new Date().toISOString(),
    baseline_rss_mb: round(baselineRss, 1),
    peak_rss_growth_mb: growth,
    peak_rss_flat: growth <= FLAT_RSS_TOLERANCE_MB,
    flat_tolerance_mb: FLAT_RSS_TOLERANCE_MB,
    aana: AANA_REPO
      ? {
          repo: AANA_REPO,
          python: execFileSync(AANA_PYTHON, ['--version'], { encoding: 'utf8' }).trim(),
          command: 'python scripts/aana_cli.py production-certify --json --certification-policy … --deployment-manifest … --governance-policy … --evidence-registry … --observability-policy … --external-evidence … --audit-log …',
          max_records: AANA_MAX_RECORDS,
          note: 'the same bundle (YAML files converted to JSON) and log; wall time and peak RSS (getrusage of the child) of the whole command; ratio_to_prodgate = AANA median / ProdGate certify median; not run above max_records, as it holds the whole log in memory',
        }
      : 'not run: set AANA_REPO to an AANA checkout',
    results,
  };
  writeFileSync(resolve(directory, 'certify.json'), `${JSON.stringify(report, null, 2)}\n`);
  const aanaColumns = AANA_REPO ? ' AANA median (ms) | AANA peak RSS (MB) | AANA / ProdGate |' : '';
  console.log(`| Records | File (MB) | B/record | Floor median (ms) | Check median (ms) | Ratio (target ≤ ${TARGET_RATIO}) | Peak RSS of check (MB, target < ${TARGET_RSS_MB}) |${aanaColumns}`);
  console.log(`|---:|---:|---:|---:|---:|---:|---:|${AANA_REPO ? '---:|---:|---:|' : ''}`);
  for (const result of results) {
    const ratioMark = result.ratio <= TARGET_RATIO ? '' : ' ✗';
    const rssMark = result.peak_rss_mb < TARGET_RSS_MB ? '' : ' ✗';
    const aana = !AANA_REPO ? '' : result.aana ? ` ${result.aana.median_ms} | ${result.aana.peak_rss_mb} | ${result.aana.ratio_to_prodgate} |` : ' not run | | |';
    console.log(
      `| ${result.records.toLocaleString('en-US')} | ${result.file_mb} | ${result.bytes_per_record} | ${result.floor_median_ms} | ${result.check_median_ms} | ${result.ratio}${ratioMark} | ${result.peak_rss_mb}${rssMark} |${aana}`,
    );
  }
  console.log(`\nNode ${process.version}, ${report.cpus}; ${RUNS} alternating runs each after a warm-up; RSS of an idle child (plain node, same bundle): ${report.baseline_rss_mb} MB; peak RSS grows ${growth} MB from ${SIZES[0].toLocaleString('en-US')} to ${SIZES[SIZES.length - 1].toLocaleString('en-US')} records (flat: ≤ ${FLAT_RSS_TOLERANCE_MB} MB).`);
}

const childIndex = process.argv.indexOf('--child');
(childIndex !== -1 ? child(process.argv[childIndex + 1]) : main()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
