// OpenClaw audit log hash chains: the verifier (engine/agents/audit-chain.ts) and the file reader
// (io/audit-chain-files.ts), against logs written here the way openclaw's AuditLogger writes them.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { AuditChainVerifier, entryHash, verifyAuditText, type AuditChainEntry } from '../../server/src/engine/agents/audit-chain.ts';
import { orderAuditFiles, verifyAuditFiles } from '../../server/src/io/audit-chain-files.ts';

const directory = mkdtempSync(join(tmpdir(), 'prodgate-audit-chain-'));
after(() => rmSync(directory, { recursive: true, force: true }));

/** A minimal OpenClaw AuditLogger: entries of every type, chained, one JSON line each. */
class Writer {
  private lastHash: string | null = null;
  private clock = Date.parse('2026-02-04T00:00:00.000Z');
  private n = 0;

  private base(type: string): AuditChainEntry {
    const at = this.clock + this.n++ * 1000;
    return { type, timestamp: new Date(at).toISOString(), timestampUnix: at };
  }

  private seal(entry: AuditChainEntry): string {
    entry.previousHash = this.lastHash;
    entry.hash = entryHash(entry);
    this.lastHash = entry.hash as string;
    return JSON.stringify(entry);
  }

  policyDecision(agentId: string, action: string, allowed: boolean, escalationRule?: string): string {
    return this.seal({
      ...this.base('policy_decision'),
      agentId,
      action,
      context: { ticket: 42, password: '[REDACTED]' },
      decision: { allowed, reason: allowed ? 'allowed by policy' : 'denied by policy', requiresEscalation: escalationRule !== undefined, escalationRule },
      durationMs: 3,
    });
  }

  agentAction(agentId: string, action: string): string {
    return this.seal({
      ...this.base('agent_action'),
      agentId,
      action,
      details: { bytes: 10 },
      result: { success: true, output: 'ok', error: undefined },
    });
  }

  escalation(agentId: string, action: string): string {
    return this.seal({
      ...this.base('escalation'),
      agentId,
      action,
      context: { amount: 900 },
      escalationReason: 'refund over limit',
      assignedTo: 'human-review',
      status: 'pending',
    });
  }

  resolution(escalationId: number): string {
    return this.seal({ ...this.base('escalation_resolution'), escalationId, resolvedBy: 'alice', decision: 'approved', notes: 'fine' });
  }

  identity(agentId: string): string {
    return this.seal({
      ...this.base('identity_verification'),
      agentId,
      verificationType: 'trust_score_check',
      result: { verified: true, reason: 'score ok', trustScore: 88 },
    });
  }

  /** One of each type, `rounds` times. */
  log(rounds: number): string[] {
    const lines: string[] = [];
    for (let i = 0; i < rounds; i++) {
      lines.push(
        this.policyDecision('support-bot', 'read:ticket', true),
        this.policyDecision('support-bot', 'refund_requests', false, 'refund_requests'),
        this.escalation('support-bot', 'refund_requests'),
        this.resolution(1770163200000 + i),
        this.agentAction('support-bot', 'read:ticket'),
        this.identity('support-bot'),
      );
    }
    return lines;
  }

  /** Rotation: the next file's chain starts again at null. */
  rotate(): void {
    this.lastHash = null;
  }
}

const text = (lines: string[]): string => lines.map((line) => `${line}\n`).join('');
const edit = (line: string, change: (entry: Record<string, unknown>) => void): string => {
  const entry = JSON.parse(line) as Record<string, unknown>;
  change(entry);
  return JSON.stringify(entry);
};

describe('entryHash', () => {
  test('matches the OpenClaw test vector', () => {
    const entry = {
      type: 'policy_decision',
      timestamp: '2026-02-04T00:00:00.000Z',
      agentId: 'a',
      action: 'read:x',
      decision: { allowed: true, reason: 'r', requiresEscalation: false },
      previousHash: null,
    };
    assert.equal(entryHash(entry), '9ebc2e0bfe0485a8fd84da9034a46c33b15db843a1b1e380fd18a46168f5deaf');
  });

  test('uses the fixed key order, not the entry order, and ignores uncovered fields', () => {
    const entry = {
      previousHash: null,
      decision: { allowed: true, reason: 'r', requiresEscalation: false },
      context: { x: 1 },
      action: 'read:x',
      agentId: 'a',
      timestamp: '2026-02-04T00:00:00.000Z',
      type: 'policy_decision',
      hash: 'whatever',
    };
    assert.equal(entryHash(entry), '9ebc2e0bfe0485a8fd84da9034a46c33b15db843a1b1e380fd18a46168f5deaf');
  });
});

describe('AuditChainVerifier', () => {
  const lines = new Writer().log(5);

  test('a valid log of every entry type', () => {
    assert.deepEqual(verifyAuditText(text(lines)), { valid: true, entries: 30 });
    assert.deepEqual(new AuditChainVerifier().result(), { valid: true, entries: 0 });
  });

  test('a covered field changed → hash-mismatch at that line', () => {
    for (const [index, change] of [
      [3, (e: Record<string, unknown>) => void (e.action = 'delete:everything')],
      [1, (e: Record<string, unknown>) => void ((e.decision as Record<string, unknown>).allowed = true)],
      [7, (e: Record<string, unknown>) => void (e.timestamp = '2026-02-05T00:00:00.000Z')],
      [9, (e: Record<string, unknown>) => void (e.decision = 'denied')],
    ] as const) {
      const tampered = [...lines];
      tampered[index] = edit(tampered[index]!, change);
      const result = verifyAuditText(text(tampered));
      assert.equal(result.valid, false);
      assert.deepEqual({ ...result, message: undefined }, { valid: false, entries: index, line: index + 1, reason: 'hash-mismatch', message: undefined });
      assert.match(result.valid ? '' : result.message, new RegExp(`^Entry hash mismatch at line ${index + 1}`));
    }
  });

  test('uncovered fields changed → still valid, as in OpenClaw', () => {
    const tampered = [...lines];
    tampered[0] = edit(tampered[0]!, (e) => void (e.context = { ticket: 43 }));
    tampered[2] = edit(tampered[2]!, (e) => void (e.escalationReason = 'nothing to see'));
    tampered[4] = edit(tampered[4]!, (e) => void (e.result = { success: false }));
    tampered[0] = edit(tampered[0]!, (e) => void (e.durationMs = 99999));
    assert.deepEqual(verifyAuditText(text(tampered)), { valid: true, entries: 30 });
  });

  test('a changed hash breaks the next line too, but the first break is reported', () => {
    const tampered = [...lines];
    tampered[4] = edit(tampered[4]!, (e) => void (e.hash = '0'.repeat(64)));
    assert.deepEqual(pick(verifyAuditText(text(tampered))), { entries: 4, line: 5, reason: 'hash-mismatch' });
  });

  test('reordered lines → chain-broken', () => {
    const swapped = [...lines];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    const result = verifyAuditText(text(swapped));
    assert.deepEqual(pick(result), { entries: 2, line: 3, reason: 'chain-broken' });
    assert.match(result.valid ? '' : result.message, /^Hash chain broken at line 3: previousHash is "[0-9a-f]{64}", expected "[0-9a-f]{64}"$/);
  });

  test('a deleted middle line → chain-broken at the line after the gap', () => {
    const deleted = lines.filter((_, index) => index !== 10);
    assert.deepEqual(pick(verifyAuditText(text(deleted))), { entries: 10, line: 11, reason: 'chain-broken' });
  });

  test('a missing previousHash or a non-null first previousHash → chain-broken', () => {
    const missing = [...lines];
    missing[6] = edit(missing[6]!, (e) => void delete e.previousHash);
    const result = verifyAuditText(text(missing));
    assert.deepEqual(pick(result), { entries: 6, line: 7, reason: 'chain-broken' });
    assert.match(result.valid ? '' : result.message, /previousHash is missing/);
    assert.deepEqual(pick(verifyAuditText(text(lines.slice(1)))), { entries: 0, line: 1, reason: 'chain-broken' });
    assert.deepEqual(pick(verifyAuditText('42\n')), { entries: 0, line: 1, reason: 'chain-broken' });
    assert.deepEqual(pick(verifyAuditText('null\n')), { entries: 0, line: 1, reason: 'chain-broken' });
  });

  test('truncated last line → invalid-json at that line', () => {
    const last = lines[lines.length - 1]!;
    const truncated = `${text(lines.slice(0, -1))}${last.slice(0, Math.floor(last.length / 2))}`;
    const result = verifyAuditText(truncated);
    assert.deepEqual(pick(result), { entries: 29, line: 30, reason: 'invalid-json' });
    assert.match(result.valid ? '' : result.message, /^Invalid JSON at line 30: /);
  });

  test('blank and whitespace-only lines are ignored; line numbers stay the file’s', () => {
    const spaced = ['', lines[0]!, '   ', `  ${lines[1]!}\t`, '', ...lines.slice(2)];
    assert.deepEqual(verifyAuditText(text(spaced)), { valid: true, entries: 30 });
    spaced[6] = '{not json';
    assert.deepEqual(pick(verifyAuditText(text(spaced))), { entries: 3, line: 7, reason: 'invalid-json' });
  });

  test('CRLF line endings', () => {
    assert.deepEqual(verifyAuditText(lines.map((line) => `${line}\r\n`).join('')), { valid: true, entries: 30 });
  });

  test('an entry nested too deeply to hash → entry-too-deep at that line; a deep previousHash → chain-broken', () => {
    // JSON.parse reads 200,000 levels; JSON.stringify, which the hash needs, recurses per level.
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const previousHash = JSON.parse(lines[2]!).hash as string;
    const tampered = [...lines.slice(0, 3), `{"type":"policy_decision","previousHash":"${previousHash}","decision":${deep}}`, ...lines.slice(4)];
    const result = verifyAuditText(text(tampered));
    assert.deepEqual(pick(result), { entries: 3, line: 4, reason: 'entry-too-deep' });
    assert.equal(result.valid ? '' : result.message, 'Entry at line 4 nests too deeply to hash');
    tampered[3] = `{"type":"policy_decision","previousHash":${deep}}`;
    const broken = verifyAuditText(text(tampered));
    assert.deepEqual(pick(broken), { entries: 3, line: 4, reason: 'chain-broken' });
    assert.match(broken.valid ? '' : broken.message, /previousHash is a value nested too deeply to show, expected "[0-9a-f]{64}"$/);
  });

  test('stops at the first broken line', () => {
    const verifier = new AuditChainVerifier();
    verifier.addLine('{', 1);
    assert.equal(verifier.done, true);
    verifier.addLine(lines[0]!, 2);
    assert.deepEqual(pick(verifier.result()), { entries: 0, line: 1, reason: 'invalid-json' });
  });
});

describe('verifyAuditFiles', () => {
  test('orders rotated files by day, then epoch, with the current file of a day last', () => {
    const given = [
      '/logs/audit-2026-02-05.jsonl',
      '/logs/audit-2026-02-04.jsonl',
      '/logs/notes.txt',
      '/logs/audit-2026-02-04.1770200000000.jsonl',
      '/logs/audit-2026-02-05.1770250000000.jsonl',
      '/logs/audit-2026-02-04.999.jsonl',
      '/logs/audit-2026-02-04.1770190000000.jsonl',
    ];
    assert.deepEqual(orderAuditFiles(given), [
      '/logs/audit-2026-02-04.999.jsonl',
      '/logs/audit-2026-02-04.1770190000000.jsonl',
      '/logs/audit-2026-02-04.1770200000000.jsonl',
      '/logs/audit-2026-02-04.jsonl',
      '/logs/audit-2026-02-05.1770250000000.jsonl',
      '/logs/audit-2026-02-05.jsonl',
      '/logs/notes.txt',
    ]);
  });

  test('two rotated files and the current one, given shuffled: ordered, each its own valid chain', async () => {
    const writer = new Writer();
    const first = join(directory, 'audit-2026-02-04.1770170000000.jsonl');
    const second = join(directory, 'audit-2026-02-04.1770180000000.jsonl');
    const current = join(directory, 'audit-2026-02-04.jsonl');
    writeFileSync(first, text(writer.log(2)));
    writer.rotate();
    writeFileSync(second, text(writer.log(3)));
    writer.rotate();
    writeFileSync(current, text(writer.log(1)));
    assert.deepEqual(await verifyAuditFiles([current, first, second]), [
      { file: first, valid: true, entries: 12 },
      { file: second, valid: true, entries: 18 },
      { file: current, valid: true, entries: 6 },
    ]);
  });

  test('a rotated file continuing the previous chain (first previousHash not null) → chain-broken', async () => {
    const writer = new Writer();
    const first = join(directory, 'audit-2026-03-01.1772330000000.jsonl');
    const second = join(directory, 'audit-2026-03-01.1772340000000.jsonl');
    writeFileSync(first, text(writer.log(1)));
    writeFileSync(second, text(writer.log(1))); // no rotate(): chained to the first file
    const [a, b] = await verifyAuditFiles([second, first]);
    assert.deepEqual(a, { file: first, valid: true, entries: 6 });
    assert.deepEqual(pick(b!), { entries: 0, line: 1, reason: 'chain-broken' });
  });

  test('a missing file → unreadable, the others still verified', async () => {
    const missing = join(directory, 'audit-2026-01-01.jsonl');
    const present = join(directory, 'audit-2026-01-02.jsonl');
    writeFileSync(present, text(new Writer().log(1)).replace(/\n/gu, '\r\n'));
    const results = await verifyAuditFiles([present, missing]);
    assert.equal(results.length, 2);
    assert.deepEqual(results[1], { file: present, valid: true, entries: 6 });
    const [unreadable] = results;
    assert.equal(unreadable!.file, missing);
    assert.equal(unreadable!.valid, false);
    assert.equal(unreadable!.valid === false && unreadable!.reason, 'unreadable');
    assert.match(unreadable!.valid === false ? unreadable!.message : '', /^Log file not found: ENOENT/);
  });

  test('a 1,000,000-entry log streamed in constant memory', { timeout: 60_000 }, async () => {
    const count = 1_000_000;
    const path = join(directory, 'audit-2026-04-01.jsonl');
    const started = Date.now();
    writeBigLog(path, count);
    const written = Date.now();
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const [result] = await verifyAuditFiles([path]);
      peak = Math.max(peak, process.memoryUsage().rss);
      assert.deepEqual(result, { file: path, valid: true, entries: count });
    } finally {
      clearInterval(sampler);
    }
    const growthMb = (peak - before) / 1024 / 1024;
    const verified = Date.now();
    console.log(
      `# 1,000,000 entries: written in ${written - started} ms, verified in ${verified - written} ms, rss growth ${growthMb.toFixed(1)} MB`,
    );
    assert.ok(growthMb < 100, `rss grew by ${growthMb.toFixed(1)} MB`);
  });
});

function pick(result: { valid: boolean; entries: number; line?: number; reason?: string }): { entries: number; line?: number; reason?: string } {
  assert.equal(result.valid, false, 'expected an invalid result');
  return { entries: result.entries, line: result.line, reason: result.reason };
}

/**
 * `count` chained entries (policy_decision and agent_action in turn) written with string
 * templates: the Writer's objects would take longer than the verification itself.
 */
function writeBigLog(path: string, count: number): void {
  const fd = openSync(path, 'w');
  const base = Date.parse('2026-04-01T00:00:00.000Z');
  let previous = 'null';
  let chunk = '';
  try {
    for (let i = 0; i < count; i++) {
      const at = base + i;
      const timestamp = new Date(at).toISOString();
      const head =
        i % 2 === 0
          ? `{"type":"policy_decision","timestamp":"${timestamp}","agentId":"bot","action":"read:ticket","decision":{"allowed":true,"reason":"allowed by policy","requiresEscalation":false},"previousHash":${previous}}`
          : `{"type":"agent_action","timestamp":"${timestamp}","agentId":"bot","action":"read:ticket","previousHash":${previous}}`;
      const hash = createHash('sha256').update(head).digest('hex');
      chunk += `${head.slice(0, -1)},"timestampUnix":${at},"context":{"ticket":${i}},"durationMs":1,"hash":"${hash}"}\n`;
      previous = `"${hash}"`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
