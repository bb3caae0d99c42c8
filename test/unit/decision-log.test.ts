// Decision log: append-only JSON Lines, one write per record, safe across concurrent processes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { evaluateGovernance, type GovernanceInput } from '../../server/src/engine/governance/evaluate.ts';
import { appendDecision, appendDecisionSync, decisionRecord, sha256Of, type DecisionRecord } from '../../server/src/io/decision-log.ts';

const root = join(__dirname, '..', '..');
const directory = mkdtempSync(join(tmpdir(), 'prodgate-decision-log-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const record = (workflow: string, extra: Partial<DecisionRecord> = {}): DecisionRecord => ({
  timestamp: '2026-11-24T00:00:00.000Z',
  workflow_id: workflow,
  verdict: 'promote',
  reason_codes: [],
  overrides: {},
  input_hashes: {},
  ...extra,
});

const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n');

describe('appendDecision', () => {
  test('creates missing folders and appends one line per call, never rewriting', async () => {
    const path = join(directory, 'a', 'b', 'decision_log.jsonl');
    await appendDecision(path, record('one'));
    appendDecisionSync(path, record('two', { patch_summary: 'line\nbreak "quoted" é \u2028' }));
    await appendDecision(path, record('three'));
    const content = lines(path);
    assert.equal(content.length, 4);
    assert.equal(content[3], '');
    assert.deepEqual(content.slice(0, 3).map((text) => (JSON.parse(text) as DecisionRecord).workflow_id), ['one', 'two', 'three']);
    assert.equal((JSON.parse(content[1]!) as DecisionRecord).patch_summary, 'line\nbreak "quoted" é \u2028');
  });

  test('keeps existing content', async () => {
    const path = join(directory, 'existing.jsonl');
    writeFileSync(path, '{"old":true}\n');
    await appendDecision(path, record('new'));
    assert.deepEqual(lines(path).slice(0, 2).map((text) => Object.keys(JSON.parse(text) as object)[0]), ['old', 'timestamp']);
  });

  test('decisionRecord carries the verdict, reasons, forecast, overrides and input hashes', () => {
    const input: GovernanceInput = {
      scorecard: { raroi: 1.5, confidence: 0.9, forecast: { confidence: 0.9, projections: [{ cycle: 1, roi: 2, confidence: 0.9 }] } },
      thresholds: { raroi_threshold: 1 },
      overrides: { note: 'hi' },
    };
    const result = evaluateGovernance(input);
    const built = decisionRecord({ workflowId: 'wf', patchSummary: 'tune prompt', input, result, now: new Date(0) });
    assert.equal(built.timestamp, '1970-01-01T00:00:00.000Z');
    assert.equal(built.workflow_id, 'wf');
    assert.equal(built.patch_summary, 'tune prompt');
    assert.equal(built.verdict, 'promote');
    assert.deepEqual(built.reason_codes, []);
    assert.deepEqual(built.forecast, input.scorecard.forecast);
    assert.deepEqual(built.overrides, { note: 'hi' });
    assert.deepEqual(Object.keys(built.input_hashes), ['scorecard', 'thresholds', 'overrides']);
    assert.match(built.input_hashes.scorecard!, /^[0-9a-f]{64}$/);
    // Key order does not change the hash (canonical JSON).
    assert.equal(sha256Of({ a: 1, b: 2 }), sha256Of({ b: 2, a: 1 }));
    assert.notEqual(sha256Of({ a: 1 }), sha256Of({ a: 2 }));
  });

  test('8 processes appending 1,000 decisions each never interleave', async () => {
    const path = join(directory, 'concurrent', 'decision_log.jsonl');
    const child = join(directory, 'child.mts');
    const moduleUrl = pathToFileURL(join(root, 'server/src/io/decision-log.ts')).href;
    writeFileSync(
      child,
      `import { appendDecision, appendDecisionSync } from ${JSON.stringify(moduleUrl)};
const [path, writer] = process.argv.slice(2);
const padding = 'x'.repeat(Number(writer) * 700);
for (let batch = 0; batch < 10; batch++) {
  const pending = [];
  for (let index = batch * 100; index < batch * 100 + 100; index++) {
    const record = { timestamp: new Date().toISOString(), workflow_id: 'w' + writer, patch_summary: padding + index, verdict: 'promote', reason_codes: [String(index)], overrides: {}, input_hashes: {} };
    if (index % 2 === 0) appendDecisionSync(path, record);
    else pending.push(appendDecision(path, record));
  }
  await Promise.all(pending);
}
`,
    );
    const run = promisify(execFile);
    await Promise.all(Array.from({ length: 8 }, (_, writer) => run(process.execPath, ['--import', 'tsx', child, path, String(writer)], { cwd: root })));
    const content = lines(path);
    assert.equal(content.pop(), '');
    assert.equal(content.length, 8000);
    const seen = new Map<string, Set<string>>();
    for (const text of content) {
      const parsed = JSON.parse(text) as DecisionRecord;
      const index = parsed.reason_codes[0]!;
      assert.equal(parsed.patch_summary, 'x'.repeat(Number(parsed.workflow_id.slice(1)) * 700) + index);
      if (!seen.has(parsed.workflow_id)) seen.set(parsed.workflow_id, new Set());
      seen.get(parsed.workflow_id)!.add(index);
    }
    assert.equal(seen.size, 8);
    for (const indexes of seen.values()) assert.equal(indexes.size, 1000);
  });
});
