// OpenClaw agent governance at scale, against OpenClaw's documented budget of < 10 ms per action:
// (a) 100,000 permission checks through decideAction against 20 generated agent policies (30 allow,
//     10 deny, 8 escalate entries each, conditional escalations included), actions mixed to hit
//     every list, the default deny and an unknown agent. One check takes well under a microsecond
//     or two, below what a timer call costs, so checks are timed in batches of 1,000 and the
//     percentiles are over those batches' per-check means.
// (b) hash-chain verification through verifyAuditFiles of a generated 1,000,000-entry audit log,
//     and of a 100,000-entry one, each in a fresh child process with its RSS sampled: memory
//     should not grow with the log. The logs are written to a temporary folder and removed at the end.
// Results go to bench/results/agents.json and a Markdown table.
//
//   node --import tsx bench/agents.bench.ts
//   BENCH_ACTIONS=10000 BENCH_AUDIT_ENTRIES=100000 BENCH_RUNS=3 node --import tsx bench/agents.bench.ts
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { entryHash, type AuditChainEntry } from '../server/src/engine/agents/audit-chain.ts';
import { decideAction, type Decision } from '../server/src/engine/agents/decide.ts';
import { verifyAuditFiles } from '../server/src/io/audit-chain-files.ts';
import { Random } from './support/random.ts';

const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 100_000);
const AUDIT_ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
/** The smaller log, to show that memory does not grow with the log. */
const SMALL_AUDIT_ENTRIES = Math.max(1, Math.round(AUDIT_ENTRIES / 10));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const AGENTS = 20;
const BATCH = 1_000;
const WARM_UP = 20_000;
const BUDGET_US = 10_000; // OpenClaw: "< 10 ms per action"
const RSS_SAMPLE_MS = 10;
const FORMAT_VERSION = 1;
/** Set in the child process that verifies one log: the log's path. */
const VERIFY_CHILD = 'PRODGATE_BENCH_VERIFY_LOG';


const RESOURCES = ['ticket', 'invoice', 'order', 'customer_profile', 'knowledge_base', 'refund', 'shipment', 'subscription', 'catalog', 'report'];
const VERBS = ['read', 'create', 'update', 'list', 'export'];

interface Check {
  agent: string;
  action: string;
  context: Record<string, unknown>;
}

/** An agent's policy: 30 allow (exact, a few prefixes), 10 deny, 8 escalate (4 conditional). */
function policy(agent: string, index: number): Record<string, unknown> {
  const allow: string[] = [];
  for (let i = 0; allow.length < 28; i++) allow.push(`${VERBS[i % VERBS.length]}:${RESOURCES[(i + index) % RESOURCES.length]}_${Math.floor(i / 10)}`);
  allow.push('search:*', 'notify:*');
  const deny = ['delete:*', '*:payment_info', 'call:payment_api', 'access:admin_panel', 'update:permissions', 'read:employee_data', 'export:all_customers', 'drop:*', 'write:audit_log', 'impersonate:*'];
  const escalate: unknown[] = [
    'account_deletion',
    'legal_inquiries',
    'data_export_requests',
    'complaint_escalation',
    { action: 'create:refund', condition: `amount > ${200 + index * 25}` },
    { action: 'create:credit_note', condition: 'amount >= 1000' },
    { action: 'update:order_total', condition: 'delta > $1,000' },
    { condition: 'risk_score >= 0.9' },
  ];
  return { agent, permissions: { allow, deny, escalate } };
}

function checks(random: Random, policies: Map<string, unknown>): Check[] {
  const agents = [...policies.keys()];
  const list: Check[] = [];
  for (let i = 0; i < ACTIONS; i++) {
    const agent = random.next() < 0.01 ? 'unknown-agent' : random.pick(agents);
    const kind = random.next();
    let action: string;
    let context: Record<string, unknown> = { ticket: i, risk_score: Math.round(random.next() * 80) / 100 };
    if (kind < 0.55) {
      const allow = (((policies.get(agent) ?? policies.get(agents[0]!)) as { permissions: { allow: string[] } }).permissions.allow);
      action = random.pick(allow).replace('*', 'anything');
    } else if (kind < 0.7) action = random.pick(['delete:ticket', 'update:payment_info', 'call:payment_api', 'drop:table', 'impersonate:admin']);
    else if (kind < 0.8) action = random.pick(['account_deletion', 'legal_inquiries', 'complaint_escalation']);
    else if (kind < 0.9) {
      action = random.pick(['create:refund', 'create:credit_note', 'update:order_total']);
      context = { ...context, amount: Math.round(random.next() * 2000), delta: String(Math.round(random.next() * 2000)) };
    } else action = `${random.pick(VERBS)}:unlisted_${Math.floor(random.next() * 100)}`;
    list.push({ agent, action, context });
  }
  return list;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
const megabytes = (bytes: number): number => round(bytes / 1024 / 1024, 1);

function benchDecisions() {
  const random = new Random(0x2545f491);
  const policies = new Map<string, unknown>();
  for (let index = 0; index < AGENTS; index++) policies.set(`agent-${index}`, policy(`agent-${index}`, index));
  const list = checks(random, policies);

  const decisions: Record<Decision | 'by_rule' | 'default_deny' | 'no_policy', number> = { allow: 0, deny: 0, escalate: 0, by_rule: 0, default_deny: 0, no_policy: 0 };
  for (const check of list) {
    const result = decideAction(policies, check.agent, check.action, check.context);
    decisions[result.decision]++;
    if (result.rule) decisions.by_rule++;
    else if (policies.has(check.agent)) decisions.default_deny++;
    else decisions.no_policy++;
  }
  for (let i = 0; i < WARM_UP; i++) {
    const check = list[i % list.length]!;
    decideAction(policies, check.agent, check.action, check.context);
  }

  const runs: { total_ms: number; per_second: number }[] = [];
  const batchMeansUs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let totalNs = 0n;
    for (let start = 0; start < list.length; start += BATCH) {
      const end = Math.min(list.length, start + BATCH);
      const before = process.hrtime.bigint();
      for (let i = start; i < end; i++) {
        const check = list[i]!;
        decideAction(policies, check.agent, check.action, check.context);
      }
      const elapsed = process.hrtime.bigint() - before;
      totalNs += elapsed;
      batchMeansUs.push(Number(elapsed) / 1000 / (end - start));
    }
    const totalMs = Number(totalNs) / 1e6;
    runs.push({ total_ms: round(totalMs, 1), per_second: Math.round((list.length / totalMs) * 1000) });
  }
  batchMeansUs.sort((a, b) => a - b);
  const throughputs = runs.map((run) => run.per_second).sort((a, b) => a - b);
  const meanUs = batchMeansUs.reduce((sum, value) => sum + value, 0) / batchMeansUs.length;
  const p99 = percentile(batchMeansUs, 99);
  return {
    agents: AGENTS,
    entries_per_policy: { allow: 30, deny: 10, escalate: 8, conditional_escalate: 4 },
    actions: ACTIONS,
    runs: RUNS,
    warm_up: WARM_UP,
    batch: BATCH,
    note: `percentiles are over ${BATCH}-check batches (each batch's mean per check): a single check is shorter than a timer call`,
    run_results: runs,
    median_per_second: throughputs[Math.floor(throughputs.length / 2)]!,
    mean_us: round(meanUs, 3),
    p50_us: round(percentile(batchMeansUs, 50), 3),
    p95_us: round(percentile(batchMeansUs, 95), 3),
    p99_us: round(p99, 3),
    max_us: round(batchMeansUs[batchMeansUs.length - 1]!, 3),
    budget_us: BUDGET_US,
    p99_share_of_budget: `${round((p99 / BUDGET_US) * 100, 4)}%`,
    decisions,
  };
}

/** Writes an OpenClaw-shaped chained log of `entries` lines, a batch of lines per write. */
function generateLog(path: string, entries: number): number {
  const fd = openSync(path, 'w');
  try {
    let previousHash: string | null = null;
    let chunk: string[] = [];
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    for (let i = 0; i < entries; i++) {
      const at = start + i * 50;
      const entry: AuditChainEntry = {
        type: 'policy_decision',
        timestamp: new Date(at).toISOString(),
        timestampUnix: at,
        agentId: `agent-${i % AGENTS}`,
        action: i % 7 === 0 ? 'create:refund' : 'read:ticket',
        context: { ticket: i, amount: (i * 37) % 2000, password: '[REDACTED]' },
        decision: { allowed: i % 7 !== 0, reason: i % 7 === 0 ? 'Action requires human escalation' : 'Action allowed by policy rule: read:ticket', requiresEscalation: i % 7 === 0 },
        durationMs: i % 5,
        previousHash,
      };
      entry.hash = entryHash(entry);
      previousHash = entry.hash as string;
      chunk.push(JSON.stringify(entry));
      if (chunk.length === 10_000 || i === entries - 1) {
        writeSync(fd, `${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
  } finally {
    closeSync(fd);
  }
  return statSync(path).size;
}

/**
 * Verifies one log in a fresh child process (this script again), so that its memory is the
 * verifier's alone, not what generating the log or the decision benchmark left behind.
 */
function benchVerify(path: string, entries: number) {
  const bytes = generateLog(path, entries);
  const child = spawnSync(process.execPath, [...process.execArgv, __filename], {
    env: { ...process.env, [VERIFY_CHILD]: path },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`verifying ${path} failed: ${child.stderr}`);
  const measured = JSON.parse(child.stdout) as { entries: number; valid: boolean; wall_ms: number; rss_before: number; rss_peak: number; max_rss: number };
  if (!measured.valid || measured.entries !== entries) throw new Error(`the generated log did not verify: ${child.stdout}`);
  return {
    entries,
    file_mb: megabytes(bytes),
    wall_ms: round(measured.wall_ms, 1),
    entries_per_second: Math.round((entries / measured.wall_ms) * 1000),
    mb_per_second: round(megabytes(bytes) / (measured.wall_ms / 1000), 1),
    rss_before_mb: megabytes(measured.rss_before),
    peak_rss_mb: megabytes(measured.rss_peak),
    peak_rss_growth_mb: megabytes(measured.rss_peak - measured.rss_before),
    process_max_rss_mb: megabytes(measured.max_rss),
  };
}

/** The child's side: verify the log, sampling RSS, and print the measurements as JSON. */
async function verifyInChild(path: string): Promise<void> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, RSS_SAMPLE_MS);
  const started = process.hrtime.bigint();
  const [result] = await verifyAuditFiles([path]);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const maxRss = process.resourceUsage().maxRSS * 1024; // KiB
  process.stdout.write(JSON.stringify({ entries: result?.entries, valid: result?.valid, wall_ms: wallMs, rss_before: before, rss_peak: peak, max_rss: maxRss }));
}

async function main(): Promise<void> {
  const decisions = benchDecisions();

  const folder = mkdtempSync(join(tmpdir(), 'prodgate-agents-bench-'));
  const verify = () => {
    try {
      const small = benchVerify(join(folder, 'audit-2026-01-01.small.jsonl'), SMALL_AUDIT_ENTRIES);
      const large = benchVerify(join(folder, 'audit-2026-01-01.jsonl'), AUDIT_ENTRIES);
      return [small, large] as const;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  const [small, large] = verify();

  const report = {
    benchmark: `decideAction: ${ACTIONS} checks × ${AGENTS} agent policies; verifyAuditFiles: ${AUDIT_ENTRIES}- and ${SMALL_AUDIT_ENTRIES}-entry audit logs`,
    format_version: FORMAT_VERSION,
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    date: new Date().toISOString(),
    decisions,
    audit_verify: { rss_sample_ms: RSS_SAMPLE_MS, note: 'each log is verified in a fresh child process, so its RSS is the verifier\'s alone', logs: [small, large] },
  };
  const directory = resolve(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(resolve(directory, 'agents.json'), `${JSON.stringify(report, null, 2)}\n`);

  const d = decisions;
  console.log('| Action checks | Agents | Runs | Checks/s (median run) | Mean (µs) | p50 (µs) | p95 (µs) | p99 (µs) | OpenClaw budget | p99 share of budget |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(`| ${ACTIONS} | ${AGENTS} (30 allow / 10 deny / 8 escalate each) | ${RUNS} | ${d.median_per_second} | ${d.mean_us} | ${d.p50_us} | ${d.p95_us} | ${d.p99_us} | < ${BUDGET_US / 1000} ms | ${d.p99_share_of_budget} |`);
  console.log(`\nPercentiles over ${BATCH}-check batches (mean per check in each batch), ${RUNS} runs after a ${WARM_UP}-check warm-up. Decisions: allow ${d.decisions.allow}, deny ${d.decisions.deny}, escalate ${d.decisions.escalate} (default deny ${d.decisions.default_deny}, no policy ${d.decisions.no_policy}).\n`);
  console.log('| Audit log entries | File (MB) | Wall (ms) | Entries/s | MB/s | RSS before (MB) | Peak RSS sampled (MB) | Peak growth (MB) | Process max RSS (MB) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const log of [small, large]) {
    console.log(`| ${log.entries} | ${log.file_mb} | ${log.wall_ms} | ${log.entries_per_second} | ${log.mb_per_second} | ${log.rss_before_mb} | ${log.peak_rss_mb} | ${log.peak_rss_growth_mb} | ${log.process_max_rss_mb} |`);
  }
  console.log(`\nNode ${process.version}, ${report.cpus}; each log verified in a fresh child process, RSS sampled every ${RSS_SAMPLE_MS} ms during verification; process max RSS is the child's whole-life peak (getrusage).`);
}

const childLog = process.env[VERIFY_CHILD];
(childLog === undefined ? main() : verifyInChild(childLog)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
