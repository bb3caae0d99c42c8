// `prodgate verify-audit` as CI runs it: the built dist/cli.js on OpenClaw audit logs written here
// the way OpenClaw's AuditLogger chains them, intact and tampered with.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { chainedLines } from '../support/audit-chain.ts';

const CLI = resolve(__dirname, '../../dist/cli.js');
const directory = mkdtempSync(join(tmpdir(), 'prodgate-verify-audit-cli-'));
after(() => rmSync(directory, { recursive: true, force: true }));

function prodgate(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'verify-audit', ...args], { cwd: directory, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Report {
  valid: boolean;
  files: { file: string; valid: boolean; entries: number; line?: number; reason?: string; message?: string }[];
}

function json(...args: string[]): { code: number | null; report: Report } {
  const run = prodgate(...args, '--json');
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

/** `count` chained policy decisions and escalations from `start` (ms), one JSON line each. */
function auditLines(count: number, start = Date.parse('2026-01-01T08:00:00.000Z')): string[] {
  return chainedLines(
    Array.from({ length: count }, (_, i) => {
      const at = start + i * 1000;
      const escalation = i % 3 === 2;
      return {
        type: escalation ? 'escalation' : 'policy_decision',
        timestamp: new Date(at).toISOString(),
        timestampUnix: at,
        agentId: 'northwind-support-agent',
        action: escalation ? 'create:refund' : 'read:ticket',
        context: { amount: 100 * i },
        decision: { allowed: !escalation, reason: escalation ? 'escalate' : 'allowed', requiresEscalation: escalation },
      };
    }),
  );
}

/** Writes a log into its own folder under the temp directory; returns its path relative to it. */
function write(folder: string, name: string, lines: readonly string[], ending = '\n'): string {
  mkdirSync(join(directory, folder), { recursive: true });
  writeFileSync(join(directory, folder, name), lines.join('\n') + ending);
  return `${folder}/${name}`;
}

const change = (line: string, edit: (entry: Record<string, unknown>) => void): string => {
  const entry = JSON.parse(line) as Record<string, unknown>;
  edit(entry);
  return JSON.stringify(entry);
};

describe('prodgate verify-audit', () => {
  test('an intact log: exit 0 with the number of entries', () => {
    const file = write('valid', 'audit-2026-01-01.jsonl', auditLines(7));
    const { code, stdout } = prodgate(file);
    assert.equal(code, 0);
    assert.equal(stdout, `${file}: OK, 7 entries verified\n1 file verified: 7 entries, every hash chain intact.\n`);
  });

  test('a tampered field: hash mismatch at its line, exit 1', () => {
    const lines = auditLines(6);
    lines[3] = change(lines[3]!, (entry) => {
      entry.action = 'delete:customer';
    });
    const file = write('tampered', 'audit-2026-01-01.jsonl', lines);
    const { code, stdout } = prodgate(file);
    assert.equal(code, 1);
    assert.match(stdout, new RegExp(`^${file}:4: hash-mismatch — Entry hash mismatch at line 4: `));
    assert.match(stdout, /\n1 of 1 file failed verification \(3 entries verified/);
    const { report } = json(file);
    assert.deepEqual({ ...report.files[0], message: undefined }, { file, valid: false, entries: 3, line: 4, reason: 'hash-mismatch', message: undefined });
  });

  test('a field the hash does not cover may change', () => {
    const lines = auditLines(4);
    lines[1] = change(lines[1]!, (entry) => {
      entry.context = { amount: 1 };
    });
    assert.equal(prodgate(write('uncovered', 'audit-2026-01-01.jsonl', lines)).code, 0);
  });

  test('reordered lines: the chain is broken, exit 1', () => {
    const lines = auditLines(5);
    [lines[1], lines[2]] = [lines[2]!, lines[1]!];
    const file = write('reordered', 'audit-2026-01-01.jsonl', lines);
    const { code, report } = json(file);
    assert.equal(code, 1);
    assert.equal(report.valid, false);
    assert.equal(report.files[0]!.reason, 'chain-broken');
    assert.equal(report.files[0]!.line, 2);
    assert.equal(report.files[0]!.entries, 1);
  });

  test('a truncated last line (a crash mid-write): invalid JSON at that line, exit 1', () => {
    const lines = auditLines(4);
    lines[3] = lines[3]!.slice(0, 40);
    const file = write('truncated', 'audit-2026-01-01.jsonl', lines, '');
    const { code, stdout } = prodgate(file);
    assert.equal(code, 1);
    assert.match(stdout, new RegExp(`^${file}:4: invalid-json — Invalid JSON at line 4: `));
  });

  test('rotated files are verified in time order, whatever order they are given in', () => {
    const rotated = write('rotated', 'audit-2026-01-01.1767225600000.jsonl', auditLines(3));
    const current = write('rotated', 'audit-2026-01-01.jsonl', auditLines(2, Date.parse('2026-01-01T09:00:00.000Z')));
    const earlier = write('rotated', 'audit-2025-12-31.jsonl', auditLines(4, Date.parse('2025-12-31T12:00:00.000Z')));
    const { code, report } = json(current, rotated, earlier);
    assert.equal(code, 0);
    assert.deepEqual(report, {
      valid: true,
      files: [
        { file: earlier, valid: true, entries: 4 },
        { file: rotated, valid: true, entries: 3 },
        { file: current, valid: true, entries: 2 },
      ],
    });
    const text = prodgate(current, rotated, earlier).stdout;
    assert.equal(text.split('\n').slice(0, 3).join('\n'), `${earlier}: OK, 4 entries verified\n${rotated}: OK, 3 entries verified\n${current}: OK, 2 entries verified`);
    assert.match(text, /\n3 files verified: 9 entries, every hash chain intact\.\n$/);
  });

  test('a directory stands for its *.jsonl files; a glob for what it matches; duplicates are verified once', () => {
    const lines = auditLines(3);
    lines[2] = change(lines[2]!, (entry) => {
      entry.previousHash = null;
    });
    write('folder', 'audit-2026-01-02.jsonl', auditLines(2));
    write('folder', 'audit-2026-01-03.jsonl', lines);
    write('folder', 'notes.txt', ['not a log']);
    const fromDirectory = json('folder');
    assert.equal(fromDirectory.code, 1);
    assert.deepEqual(
      fromDirectory.report.files.map((file) => [file.file, file.valid, file.reason]),
      [
        ['folder/audit-2026-01-02.jsonl', true, undefined],
        ['folder/audit-2026-01-03.jsonl', false, 'chain-broken'],
      ],
    );
    const fromGlob = json('folder/*-01-02.jsonl', 'folder/audit-2026-01-02.jsonl');
    assert.equal(fromGlob.code, 0);
    assert.equal(fromGlob.report.files.length, 1);
  });

  test('a missing file fails verification as unreadable (exit 1), alongside the others', () => {
    const file = write('missing', 'audit-2026-01-01.jsonl', auditLines(2));
    const { code, stdout } = prodgate(file, 'missing/audit-2026-01-02.jsonl');
    assert.equal(code, 1);
    assert.match(stdout, /^missing\/audit-2026-01-01\.jsonl: OK, 2 entries verified\nmissing\/audit-2026-01-02\.jsonl: unreadable — Log file not found/);
    const { report } = json('missing/audit-2026-01-02.jsonl');
    assert.equal(report.files[0]!.reason, 'unreadable');
  });

  test('usage errors: no inputs, a glob matching nothing, a directory without logs: exit 2', () => {
    mkdirSync(join(directory, 'empty'));
    for (const args of [[], ['nothing-*.jsonl'], ['empty'], ['--bogus', 'x.jsonl']]) {
      const run = prodgate(...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '');
    }
    assert.match(prodgate('empty').stderr, /empty: no \*\.jsonl audit logs in this directory/);
  });

  test('--help: exit 0', () => {
    const { code, stdout } = prodgate('--help');
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: prodgate verify-audit FILE\|DIR\|GLOB/);
  });
});
