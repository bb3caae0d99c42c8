// AANA's shadow_mode_evidence check over streamed audit logs: ShadowAuditReader + shadowModeEvidence.
// Logs are built like AANA's tests/test_production_certification.py write_shadow_audit builds one
// (AANA-shaped agent_check records in shadow mode, created_at spread evenly over the period).
// Tests marked "AANA agrees" were also run through AANA 536a18e (production_certification.
// _shadow_mode_audit_report / audit.validate_audit_record) with the same verdict and messages.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  MAX_LINE_ISSUES,
  ShadowAuditReader,
  numberLiteralAt,
  parseAanaTimestamp,
  pyFloatRepr,
  pyRound4,
  shadowModeEvidence,
  type ShadowAuditSummary,
} from '../../server/src/engine/certification/shadow-audit.ts';
import type { CertificationIssue } from '../../server/src/engine/certification/types.ts';
import { readLines } from '../../server/src/io/lines.ts';

type Rec = Record<string, unknown>;

/** The certification policy template's shadow_mode and metrics sections. */
const POLICY = {
  shadow_mode: { minimum_duration_days: 14, minimum_records: 100, required_adapter_ids: [] as string[] },
  metrics: { minimum_aix_score_average: 0.85, minimum_aix_score_min: 0.5, maximum_aix_hard_blockers: 0, allowed_aix_decisions: ['accept', 'revise'] },
};
const START = Date.UTC(2026, 3, 1);
const DAY = 86400;

function fingerprint(seed: number) {
  return { length: 20 + (seed % 500), sha256: (seed * 2654435761).toString(16).padStart(8, '0').repeat(8).slice(0, 64) };
}

/** A redacted shadow-mode agent_check record, as audit.agent_audit_record writes one. */
function auditRecord(createdAt: string, index = 0): Rec {
  return {
    adapter_id: 'support_reply',
    adapter_version: null,
    agent: 'openclaw',
    aix: { beta: 1, components: { B: 1, C: 1, F: 1, P: 1 }, decision: 'accept', hard_blockers: [], score: 1, thresholds: { accept: 0.85, defer: 0.5, revise: 0.65 } },
    allowed_actions: ['accept', 'revise', 'ask', 'defer', 'refuse'],
    audit_record_version: '0.1',
    audit_safe_log_event: {
      aix_decision: 'accept',
      aix_score: 1,
      audit_event_version: 'aana.audit_safe_decision.v1',
      authorization_state: 'not_declared',
      candidate_gate: 'block',
      evidence_refs: { contradictory: [], missing: ['missing_account_verification_path'], used: [] },
      gate_decision: 'pass',
      hard_blockers: [],
      latency_ms: null,
      missing_evidence: ['missing_account_verification_path'],
      raw_payload_logged: false,
      route: 'revise',
    },
    authorization_state: 'not_declared',
    candidate_gate: 'block',
    connector_failures: [],
    created_at: createdAt,
    event_id: `demo-support-refund-${index}`,
    event_version: '0.1',
    evidence_freshness_failures: [],
    evidence_source_ids: [],
    execution_mode: 'shadow',
    gate_decision: 'pass',
    hard_blockers: [],
    human_review_queue: {
      priority: 'critical',
      queue: 'support_human_review',
      reason: 'violation:invented_order_id',
      required: true,
      route: 'support_policy_review',
      triggers: ['identity_uncertainty', 'policy_ambiguity'],
    },
    human_review_route: { reason: 'violation:invented_order_id', required: true, route: 'support_policy_review' },
    input_fingerprints: {
      candidate: fingerprint(index),
      evidence: [fingerprint(index + 1), fingerprint(index + 2)],
      safe_response: fingerprint(index + 3),
      user_request: fingerprint(index + 4),
    },
    latency_ms: null,
    missing_evidence: ['missing_account_verification_path'],
    recommended_action: 'revise',
    record_type: 'agent_check',
    shadow_observation: {
      enforcement: 'observe_only',
      production_effect: 'not_blocked',
      shadow_mode: true,
      would_aix_decision: 'accept',
      would_candidate_gate: 'block',
      would_gate_decision: 'pass',
      would_recommended_action: 'revise',
      would_route: 'revise',
    },
    violation_codes: ['invented_order_id', 'missing_account_verification_path'],
    violation_count: 2,
    violation_severities: { high: 2 },
    workflow: null,
    workflow_id: null,
  };
}

function iso(seconds: number): string {
  return new Date(START + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * `records` shadow records spread evenly over `seconds` (write_shadow_audit), as JSON lines;
 * `edit` may change a record or replace its line.
 */
function shadowLog(records = 100, seconds = 15 * DAY, edit?: (record: Rec, index: number) => Rec | string): string[] {
  return Array.from({ length: records }, (_, index) => {
    const record = auditRecord(iso(Math.floor((seconds * index) / Math.max(records - 1, 1))), index);
    const edited = edit ? edit(record, index) : record;
    return typeof edited === 'string' ? edited : JSON.stringify(edited);
  });
}

function read(lines: readonly string[]): ShadowAuditSummary {
  const reader = new ShadowAuditReader();
  lines.forEach((text, index) => reader.addLine(text, index + 1));
  return reader.summary();
}

function check(lines: readonly string[], policy: unknown = POLICY, file = 'shadow-audit.jsonl') {
  const summary = read(lines);
  return { summary, ...shadowModeEvidence(summary, policy, file) };
}

/** The issues that are not about one line (AANA's own issue list, plus ProdGate's notes). */
function summaryIssues(issues: CertificationIssue[]): [string, string][] {
  return issues.filter((issue) => !issue.location).map((issue) => [issue.path, issue.message]);
}

function lineIssues(issues: CertificationIssue[], level: 'error' | 'warning' = 'error') {
  return issues.filter((issue) => issue.location && issue.level === level).map((issue) => ({ ...issue }));
}

const SCHEMA_FAILED: [string, string] = ['$.audit_log', 'Shadow audit log schema validation failed.'];
const REDACTION_FAILED: [string, string] = ['$.audit_log', 'Shadow audit log redaction validation failed.'];
const SECRET = 'Audit records must not store raw secrets, tokens, passwords, private account IDs, or full tool arguments.';
const RAW_FIELD = 'Raw sensitive field is not allowed in redacted audit records.';

describe('a passing shadow audit', () => {
  test('100 shadow records over 15 days with fingerprints, observe_only (AANA agrees: valid, 100 records, 15 days)', () => {
    const { passed, issues, details, summary } = check(shadowLog());
    assert.deepEqual(issues, []);
    assert.equal(passed, true);
    assert.equal(details.record_count, 100);
    assert.equal(details.shadow_record_count, 100);
    assert.equal(details.duration_days, 15);
    assert.equal(details.first_timestamp, '2026-04-01T00:00:00Z');
    assert.equal(details.last_timestamp, '2026-04-16T00:00:00Z');
    assert.deepEqual(details.observed_adapters, ['support_reply']);
    assert.equal(details.bad_lines, 0);
    assert.equal(details.audit_log, 'shadow-audit.jsonl');
    assert.deepEqual(summary.metrics.metrics, {
      aix_decision_count: 100,
      'aix_decision_count.accept': 100,
      aix_hard_blocker_count: 0,
      aix_score_average: 1,
      'aix_score_bucket_count.gte_0_50_lt_0_70': 0,
      'aix_score_bucket_count.gte_0_70_lt_0_85': 0,
      'aix_score_bucket_count.gte_0_85_lt_0_95': 0,
      'aix_score_bucket_count.gte_0_95': 100,
      'aix_score_bucket_count.lt_0_50': 0,
      aix_score_max: 1,
      aix_score_min: 1,
      audit_records_total: 100,
      shadow_records_total: 100,
    });
  });

  test('blank lines (Python whitespace included) are skipped; the policy defaults apply when keys are absent', () => {
    const lines = shadowLog();
    lines.splice(10, 0, '', '   ', '\t\u00a0\u2003', '\u0085');
    const { passed, details } = check(lines, {});
    assert.equal(passed, true);
    assert.equal(details.shadow_record_count, 100);
    assert.equal(details.line_count, 104);
  });

  test('the reader fed by readLines from a CRLF file', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'prodgate-shadow-'));
    after(() => rmSync(directory, { recursive: true, force: true }));
    const path = join(directory, 'shadow-audit.jsonl');
    writeFileSync(path, `${shadowLog().join('\r\n')}\r\n`);
    const reader = new ShadowAuditReader();
    for await (const line of readLines(path)) reader.addLine(line.text, line.line, line);
    const { passed, details } = shadowModeEvidence(reader.summary(), POLICY, path);
    assert.equal(passed, true);
    assert.equal(details.shadow_record_count, 100);
  });
});

describe('the shadow-mode gates', () => {
  test('too few records (AANA agrees)', () => {
    const { passed, issues } = check(shadowLog(80));
    assert.equal(passed, false);
    assert.deepEqual(issues, [
      {
        level: 'error',
        path: '$.shadow_mode.minimum_records',
        message: 'Shadow audit log has 80 shadow records; 100 required.',
        code: 'shadow-records-too-few',
        input: 'certification_policy',
      },
    ]);
  });

  test('too short: 13 days 23 hours floor to 13 (AANA agrees)', () => {
    const { issues, details } = check(shadowLog(100, 14 * DAY - 3600));
    assert.equal(details.duration_days, 13);
    assert.deepEqual(summaryIssues(issues), [['$.shadow_mode.minimum_duration_days', 'Shadow audit log spans 13 day(s); 14 required.']]);
    assert.equal(issues[0].code, 'shadow-duration-too-short');
    assert.equal(issues[0].input, 'certification_policy');
  });

  test('the policy thresholds are used as given, even low ones', () => {
    const policy = { shadow_mode: { minimum_records: 10, minimum_duration_days: 1 } };
    assert.equal(check(shadowLog(10, 2 * DAY), policy).passed, true);
    assert.deepEqual(summaryIssues(check(shadowLog(10, 2 * DAY), { shadow_mode: { minimum_records: 11.5, minimum_duration_days: true } }).issues), [
      ['$.shadow_mode.minimum_records', 'Shadow audit log has 10 shadow records; 11.5 required.'],
    ]);
  });

  test('a threshold that is not a number is an error on the policy (AANA fails with a TypeError)', () => {
    const { issues } = check(shadowLog(), { shadow_mode: { minimum_records: '100', minimum_duration_days: null } });
    assert.deepEqual(
      issues.map((issue) => [issue.path, issue.input, issue.code]),
      [
        ['$.shadow_mode.minimum_records', 'certification_policy', 'shadow-records-too-few'],
        ['$.shadow_mode.minimum_duration_days', 'certification_policy', 'shadow-duration-too-short'],
      ],
    );
  });

  test('missing required adapters are named, sorted (AANA agrees)', () => {
    const policy = { ...POLICY, shadow_mode: { ...POLICY.shadow_mode, required_adapter_ids: ['support_reply', 'zeta_adapter', 'alpha_adapter'] } };
    const { issues, details } = check(shadowLog(), policy);
    assert.deepEqual(issues, [
      {
        level: 'error',
        path: '$.shadow_mode.required_adapter_ids',
        message: 'Shadow audit log is missing required adapter coverage: alpha_adapter, zeta_adapter',
        code: 'shadow-adapters-missing',
        input: 'certification_policy',
      },
    ]);
    assert.deepEqual(details.missing_adapters, ['alpha_adapter', 'zeta_adapter']);
  });

  test('an adapter is "adapter" or else "adapter_id", of shadow records only', () => {
    const lines = shadowLog(100, 15 * DAY, (record, index) => {
      if (index === 1) return { ...record, adapter: 'workflow_adapter' };
      if (index === 2) return { ...record, adapter: '', adapter_id: 'fallback_adapter' };
      if (index === 3) return { ...record, execution_mode: 'enforce', adapter_id: 'enforced_adapter' };
      return record;
    });
    lines.push(JSON.stringify({ ...auditRecord(iso(0)), execution_mode: 'enforce', adapter_id: 'enforced_adapter' }));
    const { details } = check(lines);
    assert.deepEqual(details.observed_adapters, ['fallback_adapter', 'support_reply', 'workflow_adapter']);
  });

  test('records not in shadow mode are not counted, with one warning (AANA agrees: 95 shadow records)', () => {
    const lines = shadowLog(100, 15 * DAY, (record, index) => (index >= 1 && index <= 5 ? { ...record, execution_mode: index % 2 ? 'enforce' : 'advisory' } : record));
    lines.push(JSON.stringify({ ...auditRecord(iso(0)), execution_mode: undefined }));
    const { issues, details } = check(lines);
    assert.equal(details.shadow_record_count, 95);
    assert.equal(details.record_count, 101);
    assert.deepEqual(summaryIssues(issues), [['$.shadow_mode.minimum_records', 'Shadow audit log has 95 shadow records; 100 required.']]);
    assert.deepEqual(lineIssues(issues, 'warning'), [
      {
        level: 'warning',
        path: '$',
        message: '6 audit records are not in shadow mode (execution_mode is not "shadow"): they do not count as shadow evidence.',
        code: 'audit-not-shadow',
        input: 'audit_log',
        file: 'shadow-audit.jsonl',
        location: { line: 2 },
      },
    ]);
  });
});

describe('record validation (audit.validate_audit_record)', () => {
  function oneBad(edit: (record: Rec) => Rec | string, at = 4) {
    return check(shadowLog(100, 15 * DAY, (record, index) => (index === at ? edit(record) : record)));
  }

  test('shadow enforcement that is not observe_only (AANA agrees)', () => {
    const { passed, issues } = oneBad((record) => ({ ...record, shadow_observation: { ...(record.shadow_observation as Rec), enforcement: 'block' } }));
    assert.equal(passed, false);
    assert.deepEqual(summaryIssues(issues), [SCHEMA_FAILED, REDACTION_FAILED]);
    assert.deepEqual(lineIssues(issues), [
      {
        level: 'error',
        path: '$[4].shadow_observation.enforcement',
        message: 'Shadow enforcement must be observe_only.',
        code: 'audit-shadow-enforcing',
        input: 'audit_log',
        file: 'shadow-audit.jsonl',
        location: { line: 5 },
      },
    ]);
    assert.equal(issues[0].code, 'audit-record-invalid');
    assert.equal(issues[1].code, 'audit-record-invalid');
  });

  test('would_route outside pass/revise/defer/refuse, and a missing shadow_observation', () => {
    const route = oneBad((record) => ({ ...record, shadow_observation: { ...(record.shadow_observation as Rec), would_route: 'block' } }));
    assert.deepEqual(
      lineIssues(route.issues).map((issue) => [issue.path, issue.message]),
      [['$[4].shadow_observation.would_route', "would_route must be one of ['defer', 'pass', 'refuse', 'revise']."]],
    );
    const missing = oneBad((record) => ({ ...record, shadow_observation: undefined }));
    assert.deepEqual(
      lineIssues(missing.issues).map((issue) => [issue.path, issue.message]),
      [['$[4].shadow_observation', 'Shadow audit records must include shadow_observation.']],
    );
  });

  test('every rule, in AANA order with AANA messages (AANA agrees)', () => {
    const { issues } = oneBad((record) => ({
      ...record,
      audit_record_version: '0.2',
      record_type: 'chat',
      created_at: '  ',
      gate_decision: 1,
      recommended_action: 5,
      adapter_version: {},
      latency_ms: 'slow',
      missing_evidence: 'none',
      authorization_state: false,
      audit_safe_log_event: { audit_event_version: 'v0', hard_blockers: 'x', latency_ms: '1', raw_payload_logged: true },
      connector_failures: { failed: true },
      evidence_freshness_failures: 'stale',
      execution_mode: 'live',
      input_fingerprints: [],
      violation_count: '2',
      violation_codes: {},
      hard_blockers: 'x',
      evidence_source_ids: [1],
      human_review_route: { required: 'yes', route: '', reason: 5 },
      human_review_queue: { required: 1, queue: '', route: 3, priority: 'urgent', triggers: [1], reason: [] },
      aix: { score: '0.9', decision: 1, components: [], hard_blockers: {} },
    }));
    assert.deepEqual(
      lineIssues(issues).map((issue) => [issue.path, issue.message]),
      [
        ['$[4].audit_record_version', 'audit_record_version must be 0.1.'],
        ['$[4].record_type', 'record_type must be a known AANA audit record type.'],
        ['$[4].created_at', 'created_at must be a non-empty timestamp string.'],
        ['$[4].gate_decision', 'gate_decision must be a string or null.'],
        ['$[4].recommended_action', 'recommended_action must be a string or null.'],
        ['$[4].adapter_version', 'adapter_version must be a string or null.'],
        ['$[4].latency_ms', 'latency_ms must be numeric or null.'],
        ['$[4].missing_evidence', 'missing_evidence must be an array.'],
        ['$[4].authorization_state', 'authorization_state must be a string or null.'],
        ['$[4].audit_safe_log_event.audit_event_version', 'audit_safe_log_event must use aana.audit_safe_decision.v1.'],
        ['$[4].audit_safe_log_event.route', 'Required audit-safe decision field is missing.'],
        ['$[4].audit_safe_log_event.missing_evidence', 'Required audit-safe decision field is missing.'],
        ['$[4].audit_safe_log_event.authorization_state', 'Required audit-safe decision field is missing.'],
        ['$[4].audit_safe_log_event.hard_blockers', 'hard_blockers must be an array.'],
        ['$[4].audit_safe_log_event.latency_ms', 'latency_ms must be numeric or null.'],
        ['$[4].audit_safe_log_event.raw_payload_logged', 'audit-safe decision events must not log raw payloads.'],
        ['$[4].connector_failures', 'connector_failures must be an array of strings.'],
        ['$[4].evidence_freshness_failures', 'evidence_freshness_failures must be an array of strings.'],
        ['$[4].execution_mode', "execution_mode must be one of ['advisory', 'enforce', 'shadow']."],
        ['$[4].input_fingerprints', 'Audit record must include input_fingerprints object.'],
        ['$[4].violation_count', 'violation_count must be an integer.'],
        ['$[4].violation_codes', 'violation_codes must be an array.'],
        ['$[4].hard_blockers', 'hard_blockers must be an array.'],
        ['$[4].evidence_source_ids', 'evidence_source_ids must be an array of strings.'],
        ['$[4].human_review_route.required', 'human_review_route.required must be boolean.'],
        ['$[4].human_review_route.route', 'human_review_route.route must be a non-empty string.'],
        ['$[4].human_review_route.reason', 'human_review_route.reason must be a string or null.'],
        ['$[4].human_review_queue.required', 'human_review_queue.required must be boolean.'],
        ['$[4].human_review_queue.queue', 'human_review_queue.queue must be a non-empty string.'],
        ['$[4].human_review_queue.route', 'human_review_queue.route must be a string or null.'],
        ['$[4].human_review_queue.priority', 'human_review_queue.priority must be none, standard, high, or critical.'],
        ['$[4].human_review_queue.triggers', 'human_review_queue.triggers must be an array of strings.'],
        ['$[4].human_review_queue.reason', 'human_review_queue.reason must be a string or null.'],
        ['$[4].aix.score', 'aix.score must be numeric or null.'],
        ['$[4].aix.decision', 'aix.decision must be a string or null.'],
        ['$[4].aix.components', 'aix.components must be an object.'],
        ['$[4].aix.hard_blockers', 'aix.hard_blockers must be an array.'],
      ],
    );
  });

  test('Python types: true is an int and a number, 4.0 is not an int (AANA agrees)', () => {
    const bools = oneBad((record) => ({ ...record, violation_count: true, latency_ms: false, aix: { ...(record.aix as Rec), score: true } }));
    assert.deepEqual(lineIssues(bools.issues), []);
    const float = oneBad((record) => JSON.stringify(record).replace('"violation_count":2', '"violation_count":2.0'));
    assert.deepEqual(
      lineIssues(float.issues).map((issue) => [issue.path, issue.message]),
      [['$[4].violation_count', 'violation_count must be an integer.']],
    );
    const exponent = oneBad((record) => JSON.stringify(record).replace('"violation_count":2', '"violation_count":2e0'));
    assert.equal(lineIssues(exponent.issues).length, 1);
  });

  test('a workflow_batch_check record is flattened for counting but validated as one record (AANA agrees)', () => {
    const lines = shadowLog(50);
    const children = shadowLog(60, 15 * DAY).map((line) => JSON.parse(line) as Rec);
    lines.push(JSON.stringify({ audit_record_version: '0.1', created_at: iso(0), record_type: 'workflow_batch_check', batch_id: 'batch-1', summary: {}, records: [...children, 'not a record'] }));
    const { issues, details, summary } = check(lines);
    assert.equal(details.record_count, 110);
    assert.equal(details.raw_record_count, 51);
    assert.equal(details.batch_record_count, 1);
    assert.equal(details.shadow_record_count, 110);
    assert.equal(details.duration_days, 15);
    // AIx metrics come from the raw records: the children's aix is not read.
    assert.equal(summary.metrics.metrics.aix_decision_count, 50);
    assert.equal(summary.metrics.record_count, 51);
    assert.deepEqual(summaryIssues(issues), [SCHEMA_FAILED, REDACTION_FAILED]);
    assert.deepEqual(
      lineIssues(issues).map((issue) => [issue.path, issue.message, issue.location]),
      [
        ['$[50].audit_safe_log_event', 'Audit record must include audit_safe_log_event.', { line: 51 }],
        ['$[50].input_fingerprints', 'Audit record must include input_fingerprints object.', { line: 51 }],
      ],
    );
  });
});

describe('redaction', () => {
  function withRecord(edit: (record: Rec) => Rec) {
    return check(shadowLog(100, 15 * DAY, (record, index) => (index === 2 ? edit(record) : record)));
  }

  test('a raw field at the top level: both AANA issues (AANA agrees)', () => {
    const { passed, issues, summary } = withRecord((record) => ({ ...record, prompt: 'Refund my order 123', output: null }));
    assert.equal(passed, false);
    assert.deepEqual(summaryIssues(issues), [SCHEMA_FAILED, REDACTION_FAILED]);
    assert.equal(issues[1].code, 'audit-raw-field');
    assert.deepEqual(
      lineIssues(issues).map((issue) => [issue.path, issue.message, issue.code, issue.location]),
      [
        ['$[2].output', RAW_FIELD, 'audit-raw-field', { line: 3 }],
        ['$[2].prompt', RAW_FIELD, 'audit-raw-field', { line: 3 }],
        ['$[2].prompt', SECRET, 'audit-raw-field', { line: 3 }],
        ['$[2].output', SECRET, 'audit-raw-field', { line: 3 }],
      ],
    );
    assert.equal(summary.redactionErrorCount, 4);
    assert.equal(summary.badLines, 1);
  });

  test('a nested prohibited field is flagged, except anywhere below a key named input_fingerprints (AANA agrees)', () => {
    const { issues } = withRecord((record) => ({
      ...record,
      audit_safe_log_event: { ...(record.audit_safe_log_event as Rec), evidence: ['raw text'] },
      notes: [{ tool_arguments: { to: 'x' } }],
      input_fingerprints: { ...(record.input_fingerprints as Rec), nested: { prompt: 1, deeper: [{ output: 2 }] } },
      list: [{ input_fingerprints: { request: 1 } }],
    }));
    assert.deepEqual(
      lineIssues(issues).map((issue) => [issue.path, issue.message]),
      [
        ['$[2].audit_safe_log_event.evidence', SECRET],
        ['$[2].notes[0].tool_arguments', SECRET],
        // AANA exempts every path containing ".input_fingerprints.", at any depth.
      ],
    );
  });

  test('secret-like key names anywhere, with Python case folding (AANA agrees)', () => {
    const { issues } = withRecord((record) => ({
      ...record,
      metadata: { 'Client-Secret': 'x', api_key_hash: 'x', apikeys: 'x', '\u017fecret': 'x', passwords: 'x', 'password\n': 'x' },
      input_fingerprints: { ...(record.input_fingerprints as Rec), session_token: { sha256: 'ab' } },
    }));
    assert.deepEqual(
      lineIssues(issues).map((issue) => issue.path),
      ['$[2].input_fingerprints.session_token', '$[2].metadata.Client-Secret', '$[2].metadata.api_key_hash', '$[2].metadata.\u017fecret', '$[2].metadata.password\n'],
    );
  });

  test('secret-like values in any string, one issue per matching pattern (AANA agrees)', () => {
    const { issues } = withRecord((record) => ({
      ...record,
      evidence_source_ids: ['Bearer abcdefgh1234', 'crm:ticket-1'],
      reviewer: { notes: ['see user_12345678', 'token=abcdefgh12', 'sk_live4567890abcdef and acct_ABCDEFGH1'] },
      harmless: ['user_1234567', 'xuser_12345678', 'user_12345678\u00e9', 'bearer  short', 'payment_billing_data_exposure'],
    }));
    assert.deepEqual(
      lineIssues(issues).map((issue) => [issue.path, issue.message.replace(/^Audit record contains a raw sensitive value matching (\w+);.*$/, '$1')]),
      [
        ['$[2].evidence_source_ids[0]', 'bearer_token'],
        ['$[2].reviewer.notes[0]', 'private_account_id'],
        ['$[2].reviewer.notes[1]', 'credential_assignment'],
        ['$[2].reviewer.notes[2]', 'api_key'],
        ['$[2].reviewer.notes[2]', 'private_account_id'],
      ],
    );
    assert.equal(
      lineIssues(issues)[0].message,
      'Audit record contains a raw sensitive value matching bearer_token; store a fingerprint or redacted source id instead.',
    );
  });

  test('the same value seen again in a later record is flagged again', () => {
    const { summary } = check(shadowLog(100, 15 * DAY, (record, index) => (index % 10 === 0 ? { ...record, reason: 'token: abcdefgh1' } : record)));
    assert.equal(summary.redactionErrorCount, 10);
    assert.equal(summary.badLines, 10);
  });
});

describe('lines that are not records', () => {
  test('a malformed JSON line is reported with its line number; the rest still count', () => {
    const lines = shadowLog(101);
    lines[6] = '{"audit_record_version": "0.1", "created_at": }';
    const { issues, details, summary } = check(lines);
    assert.equal(details.shadow_record_count, 100);
    assert.equal(summary.badLines, 1);
    assert.deepEqual(summaryIssues(issues), [SCHEMA_FAILED, REDACTION_FAILED]);
    assert.deepEqual(lineIssues(issues), [
      {
        level: 'error',
        path: '$',
        message: 'Invalid JSONL audit record at line 7: the line is not valid JSON (unexpected "}").',
        code: 'syntax-error',
        input: 'audit_log',
        file: 'shadow-audit.jsonl',
        location: { line: 7 },
      },
    ]);
  });

  test('a line that is JSON but not an object (AANA message)', () => {
    const lines = [...shadowLog(), '[1, 2]', '"text"', '42', 'null'];
    const { issues, details } = check(lines);
    assert.equal(details.shadow_record_count, 100);
    assert.deepEqual(
      lineIssues(issues).map((issue) => [issue.message, issue.code, issue.location]),
      [101, 102, 103, 104].map((line) => [`Audit record at line ${line} must be a JSON object.`, 'audit-record-invalid', { line }]),
    );
  });

  test('a truncated last line', () => {
    const lines = shadowLog(101);
    lines[100] = lines[100].slice(0, 700);
    const { issues, details } = check(lines);
    assert.equal(details.shadow_record_count, 100);
    assert.deepEqual(
      lineIssues(issues).map((issue) => [issue.message, issue.location]),
      [['Invalid JSONL audit record at line 101: the record is truncated: the line ends before the JSON does.', { line: 101 }]],
    );
  });

  test('a binary garbage line, and a line readLines flags as not UTF-8', () => {
    const reader = new ShadowAuditReader();
    shadowLog().forEach((text, index) => reader.addLine(text, index + 1));
    reader.addLine('\u0000\u0001\ufffd\ufffdPK\u0003\u0004', 101);
    reader.addLine('{"created_at": "\ufffd"}', 102, { invalidUtf8: true });
    reader.addLine('', 103, { tooLong: true });
    const { issues, details } = shadowModeEvidence(reader.summary(), POLICY);
    assert.equal(details.shadow_record_count, 100);
    assert.equal(details.bad_lines, 3);
    assert.deepEqual(
      lineIssues(issues).map((issue) => [issue.message, issue.code, issue.location]),
      [
        ['Invalid JSONL audit record at line 101: the line holds binary data (control characters), not a JSON record.', 'syntax-error', { line: 101 }],
        ['Line 102 holds bytes that are not UTF-8: AANA cannot read the audit log.', 'invalid-encoding', { line: 102 }],
        ['Line 103 is longer than the line length limit: it was skipped, not checked.', 'audit-record-invalid', { line: 103 }],
      ],
    );
  });

  test('a byte order mark (Python does not strip it, and json.loads rejects it)', () => {
    const lines = shadowLog(101);
    lines[0] = `\ufeff${lines[0]}`;
    const { issues, details } = check(lines);
    assert.equal(details.shadow_record_count, 100);
    assert.deepEqual(
      lineIssues(issues).map((issue) => issue.message),
      ["Invalid JSONL audit record at line 1: the line starts with a byte order mark (U+FEFF), which AANA's JSON reader rejects."],
    );
  });

  test('Python strips Unicode whitespace around a line before parsing it', () => {
    const lines = shadowLog();
    lines[3] = `\u00a0\u2003${lines[3]}\u0085`;
    const { passed } = check(lines);
    assert.equal(passed, true);
  });

  test('a JSON error message never quotes the line (it may hold secrets)', () => {
    const { issues } = check(['{"api_key": "sk_live_1234567890abcdef", oops}']);
    assert.ok(lineIssues(issues).every((issue) => !issue.message.includes('sk_live')));
  });

  test(`at most ${MAX_LINE_ISSUES} line issues are listed, errors first; all are counted`, () => {
    const lines = shadowLog(300, 15 * DAY, (record, index) => (index % 2 ? { ...record, created_at: 'soon' } : { ...record, audit_record_version: '9' }));
    const { issues, summary, details } = check(lines);
    assert.equal(summary.errorCount, 150);
    assert.equal(summary.warningCount, 150);
    assert.equal(summary.lineIssues.length, MAX_LINE_ISSUES);
    assert.ok(summary.lineIssues.every((issue) => issue.level === 'error'));
    assert.equal(summary.omittedIssueCount, 200);
    assert.equal(details.bad_lines, 150);
    assert.deepEqual(summaryIssues(issues).slice(0, 3), [
      SCHEMA_FAILED,
      REDACTION_FAILED,
      ['$.audit_log', '200 more audit log issues are not listed (only the first 100 are).'],
    ]);
  });
});

describe('timestamps (_parse_timestamp)', () => {
  test('timestamps without a zone are taken as UTC, with one warning', () => {
    const lines = shadowLog(100, 15 * DAY, (record) => ({ ...record, created_at: (record.created_at as string).replace('Z', '') }));
    const { passed, issues, details } = check(lines);
    assert.equal(passed, true);
    assert.equal(details.duration_days, 15);
    assert.deepEqual(lineIssues(issues, 'warning'), [
      {
        level: 'warning',
        path: '$[0].created_at',
        message: 'created_at has no time zone: AANA takes it as UTC (as in 99 more shadow records).',
        code: 'audit-timestamp-invalid',
        input: 'audit_log',
        file: 'shadow-audit.jsonl',
        location: { line: 1 },
      },
    ]);
  });

  test('an unparseable created_at is dropped from the duration, with a warning (AANA agrees: 14 days)', () => {
    const lines = shadowLog(100, 15 * DAY, (record, index) => (index === 99 ? { ...record, created_at: '2026-04-16 at noon' } : record));
    const { passed, issues, details } = check(lines);
    assert.equal(details.duration_days, 14);
    assert.equal(passed, true);
    assert.deepEqual(
      lineIssues(issues, 'warning').map((issue) => [issue.path, issue.code, issue.location]),
      [['$[99].created_at', 'audit-timestamp-invalid', { line: 100 }]],
    );
  });

  test('offsets count: the span is between UTC instants', () => {
    const lines = shadowLog(100, 15 * DAY, (record, index) => (index === 99 ? { ...record, created_at: '2026-04-16T05:00:00+05:30' } : record));
    assert.equal(check(lines).details.duration_days, 14);
  });

  test('parseAanaTimestamp follows Python 3.11 fromisoformat after "Z" → "+00:00" (each case run through Python)', () => {
    const cases: [string, string | null, boolean?][] = [
      ['2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z', false],
      ['2026-04-01T00:00:00+00:00', '2026-04-01T00:00:00Z', false],
      ['2026-04-01 00:00:00', '2026-04-01T00:00:00Z', true],
      ['2026-04-01', '2026-04-01T00:00:00Z', true],
      ['20260401T1230', '2026-04-01T12:30:00Z', true],
      ['2026-W01', '2025-12-29T00:00:00Z', true],
      ['2026-01-01T00:00:00.1234567', '2026-01-01T00:00:00.123456Z', true],
      ['2026-01-01T00:00:00,5', '2026-01-01T00:00:00.500000Z', true],
      ['2026-01-01T12:30:45:123', '2026-01-01T12:30:45.123000Z', true],
      ['2026-01-01x00:00', '2026-01-01T00:00:00Z', true],
      ['2026-01-01\u00e900:00', '2026-01-01T00:00:00Z', true],
      ['2026-01-01T00:00:00+00:99', '2025-12-31T22:21:00Z', false],
      ['2026-01-01T00:00:00+23:59:59.999999', '2025-12-31T00:00:00.000001Z', false],
      ['2026-01-01T00:00:00+0530', '2025-12-31T18:30:00Z', false],
      ['2026-01-01T00:00:00-00:00', '2026-01-01T00:00:00Z', false],
      ['2026-01-01T24:00', null],
      ['2026-01-01T00:00:00+24:00', null],
      ['2026-02-30T00:00:00Z', null],
      ['2026-001', null],
      ['2026-01-01T00:00:00.', null],
      ['2026-04-01T00:00:00z', null],
      ['2026-04-01T00:00:00ZZ', null],
      ['0001-01-01T00:00:00+01:00', null], // AANA: OverflowError in astimezone
      [' 2026-04-01', null],
      ['', null],
    ];
    for (const [text, expected, naive] of cases) {
      const parsed = parseAanaTimestamp(text);
      assert.equal(parsed?.iso ?? null, expected, JSON.stringify(text));
      if (parsed) assert.equal(parsed.naive, naive, JSON.stringify(text));
    }
    assert.equal(parseAanaTimestamp(5), null);
    assert.equal(parseAanaTimestamp(null), null);
  });
});

describe('AIx metrics (export_metrics + validate_aix_audit_metrics)', () => {
  function withAix(edit: (aix: Rec, index: number) => Rec | null) {
    return check(shadowLog(100, 15 * DAY, (record, index) => ({ ...record, aix: edit(record.aix as Rec, index) })));
  }

  test('average below the threshold (AANA agrees)', () => {
    const { issues, summary } = withAix((aix) => ({ ...aix, score: 0.8 }));
    assert.equal(summary.metrics.metrics.aix_score_average, 0.8);
    assert.deepEqual(issues, [
      {
        level: 'error',
        path: '$.metrics.aix_score_average',
        message: 'AIx average score 0.8 is below release threshold 0.85.',
        code: 'aix-threshold-failed',
        input: 'audit_log',
        file: 'shadow-audit.jsonl',
      },
    ]);
  });

  test('minimum below the threshold; the average is rounded like Python round(x, 4) (AANA agrees)', () => {
    const { issues, summary } = withAix((aix, index) => ({ ...aix, score: index === 0 ? 0.3 : 0.99999 }));
    assert.equal(summary.metrics.metrics.aix_score_average, 0.9930);
    assert.deepEqual(summaryIssues(issues), [['$.metrics.aix_score_min', 'AIx minimum score 0.3 is below release threshold 0.5.']]);
  });

  test('hard blockers over the maximum (AANA agrees)', () => {
    const { issues } = withAix((aix, index) => ({ ...aix, hard_blockers: index < 2 ? ['missing_approval'] : [] }));
    assert.deepEqual(summaryIssues(issues), [['$.metrics.aix_hard_blocker_count', 'AIx hard-blocker count 2 exceeds release threshold 0.']]);
  });

  test('disallowed decisions, sorted, with counts (AANA agrees)', () => {
    const { issues } = withAix((aix, index) => ({ ...aix, decision: index < 3 ? 'defer' : index === 3 ? 'refuse' : 'revise' }));
    assert.deepEqual(summaryIssues(issues), [['$.metrics.aix_decision_count', 'AIx decision drift includes disallowed release decisions: defer=3, refuse=1.']]);
  });

  test('the policy thresholds and allowed decisions replace the defaults', () => {
    const policy = { ...POLICY, metrics: { minimum_aix_score_average: 0.99, minimum_aix_score_min: 1, maximum_aix_hard_blockers: 5, allowed_aix_decisions: ['defer'] } };
    const { issues } = check(
      shadowLog(100, 15 * DAY, (record) => ({ ...record, aix: { ...(record.aix as Rec), score: 0.95 } })),
      policy,
    );
    assert.deepEqual(summaryIssues(issues), [
      ['$.metrics.aix_score_average', 'AIx average score 0.95 is below release threshold 0.99.'],
      ['$.metrics.aix_score_min', 'AIx minimum score 0.95 is below release threshold 1.'],
      ['$.metrics.aix_decision_count', 'AIx decision drift includes disallowed release decisions: accept=100.'],
    ]);
  });

  test('no AIx at all: the four metrics are missing (AANA agrees)', () => {
    const { issues, summary } = withAix(() => null);
    assert.deepEqual(summary.metrics.unavailable_metrics, ['aix_decision_count', 'aix_hard_blocker_count', 'aix_score_average']);
    assert.deepEqual(summaryIssues(issues), [
      ['$.metrics.aix_score_average', 'AIx average score is missing from audit metrics.'],
      ['$.metrics.aix_score_min', 'AIx minimum score is missing from audit metrics.'],
      ['$.metrics.aix_hard_blocker_count', 'AIx hard-blocker count is missing from audit metrics.'],
      ['$.metrics.aix_decision_count', 'AIx decision count is missing from audit metrics.'],
    ]);
  });

  test('an empty log fails every gate', () => {
    const { passed, issues } = check([]);
    assert.equal(passed, false);
    assert.deepEqual(summaryIssues(issues).slice(0, 3), [
      ['$.shadow_mode.minimum_records', 'Shadow audit log has 0 shadow records; 100 required.'],
      ['$.shadow_mode.minimum_duration_days', 'Shadow audit log spans 0 day(s); 14 required.'],
      ['$.record_count', 'Release audit log must contain at least one record.'],
    ]);
  });

  test("AANA's metric-key quirks: a blank decision overwrites the total, 1.0 stays 1.0 (AANA agrees)", () => {
    const lines = shadowLog(100, 15 * DAY, (record, index) => {
      if (index < 2) return JSON.stringify({ ...record, aix: { ...(record.aix as Rec), decision: 7 } }).replace('"decision":7', '"decision":1.0');
      if (index < 5) return { ...record, aix: { ...(record.aix as Rec), decision: '  ' } };
      if (index < 7) return { ...record, aix: { ...(record.aix as Rec), decision: 'needs review/legal' } };
      return record;
    });
    const { summary, issues } = check(lines);
    assert.equal(summary.metrics.metrics.aix_decision_count, 3);
    assert.equal(summary.metrics.metrics['aix_decision_count.1.0'], 2);
    assert.equal(summary.metrics.metrics['aix_decision_count.needs_review_legal'], 2);
    assert.deepEqual(summaryIssues(issues).slice(-1), [
      ['$.metrics.aix_decision_count', 'AIx decision drift includes disallowed release decisions: 1.0=2, needs_review_legal=2.'],
    ]);
  });
});

describe('Python number semantics', () => {
  test('pyRound4 rounds the exact binary value, halves to even', () => {
    assert.equal(pyRound4(0.03125), 0.0312);
    assert.equal(pyRound4(0.09375), 0.0938);
    assert.equal(pyRound4(0.123449999), 0.1234);
    assert.equal(pyRound4(2.675), 2.675);
    assert.equal(pyRound4(1), 1);
    assert.ok(Object.is(pyRound4(-0.00001), -0));
  });

  test('pyFloatRepr prints like Python repr', () => {
    assert.equal(pyFloatRepr(1), '1.0');
    assert.equal(pyFloatRepr(0.8333), '0.8333');
    assert.equal(pyFloatRepr(1e-5), '1e-05');
    assert.equal(pyFloatRepr(0.0001), '0.0001');
    assert.equal(pyFloatRepr(1e16), '1e+16');
    assert.equal(pyFloatRepr(123456789012345.6), '123456789012345.6');
    assert.equal(pyFloatRepr(-2.5), '-2.5');
  });

  test('numberLiteralAt finds the source text of a number by path', () => {
    const text = '{"a": {"violation_count": 1.0}, "violation_count": 3, "aix": {"decision": -2e3}, "violation_count": 4}';
    assert.equal(numberLiteralAt(text, ['violation_count']), '4');
    assert.equal(numberLiteralAt(text, ['a', 'violation_count']), '1.0');
    assert.equal(numberLiteralAt(text, ['aix', 'decision']), '-2e3');
    assert.equal(numberLiteralAt(text, ['missing']), undefined);
  });
});
