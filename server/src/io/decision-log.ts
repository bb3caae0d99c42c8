// Governance decision log (JSON Lines). Append-only: each decision is one JSON line written with a
// single write(2) on a descriptor opened with O_APPEND ('a'), so the kernel places every line at
// the end of the file atomically and concurrent writers (several processes) never interleave. The
// file is never read, truncated or rewritten here.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { canonicalJson } from '../engine/governance/override.ts';
import type { Forecast, GovernanceInput, GovernanceResult } from '../engine/governance/evaluate.ts';

/** Where evaluations are logged unless configured otherwise (menace's location). */
export const DEFAULT_DECISION_LOG = 'forecast_records/decision_log.jsonl';

export interface DecisionRecord {
  /** ISO 8601 UTC. */
  timestamp: string;
  workflow_id: string;
  patch_summary?: string;
  verdict: string;
  reason_codes: string[];
  /** The scorecard's forecast fields, when it has one. */
  forecast?: Forecast;
  overrides: Record<string, unknown>;
  /** sha256 (hex) of the canonical JSON of each input (scorecard, rules, thresholds, overrides). */
  input_hashes: Record<string, string>;
}

/** sha256 hex of Python-style canonical JSON: the same input always hashes the same. */
export function sha256Of(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

/** Builds the log record of one evaluation. */
export function decisionRecord(options: {
  workflowId: string;
  patchSummary?: string;
  input: GovernanceInput;
  result: GovernanceResult;
  now?: Date;
}): DecisionRecord {
  const { input, result } = options;
  const hashes: Record<string, string> = { scorecard: sha256Of(input.scorecard) };
  if (input.rules !== undefined) hashes.rules = sha256Of(input.rules);
  if (input.thresholds !== undefined) hashes.thresholds = sha256Of(input.thresholds);
  if (input.overrides !== undefined) hashes.overrides = sha256Of(input.overrides);
  const record: DecisionRecord = {
    timestamp: (options.now ?? new Date()).toISOString(),
    workflow_id: options.workflowId,
    verdict: result.verdict,
    reason_codes: [...result.reason_codes],
    overrides: result.overrides,
    input_hashes: hashes,
  };
  if (options.patchSummary !== undefined) record.patch_summary = options.patchSummary;
  const forecast = input.scorecard.forecast;
  if (forecast !== null && typeof forecast === 'object') record.forecast = forecast;
  return record;
}

function line(record: DecisionRecord): Buffer {
  // JSON.stringify escapes control characters (and lone surrogates), so the line has no raw "\n".
  return Buffer.from(JSON.stringify(record) + '\n', 'utf8');
}

function checkWritten(written: number, expected: number, path: string): void {
  if (written !== expected) throw new Error(`decision log ${path}: short write (${written} of ${expected} bytes)`);
}

/** Appends one decision as one JSON line; creates the folder if missing. */
export async function appendDecision(path: string, record: DecisionRecord): Promise<void> {
  const bytes = line(record);
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a');
  try {
    const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
    checkWritten(bytesWritten, bytes.length, path);
  } finally {
    await handle.close();
  }
}

/** Synchronous `appendDecision`. */
export function appendDecisionSync(path: string, record: DecisionRecord): void {
  const bytes = line(record);
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  try {
    checkWritten(writeSync(fd, bytes, 0, bytes.length), bytes.length, path);
  } finally {
    closeSync(fd);
  }
}
