// Exception approval: the exact confirmation phrase and every field, or no record; the log only grows.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { approveException, CONFIRMATION_PHRASE, type ApprovalRecord, type ApprovalRequest } from '../../server/src/engine/commands/approval.ts';
import { appendApproval, DEFAULT_APPROVAL_LOG } from '../../server/src/io/approval-log.ts';

const request = (overrides: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
  action: 'systemctl restart nginx',
  requestedBy: 'ana@example.com',
  justification: 'TLS certificate rotated; nginx must reload it before it expires tonight.',
  rollbackPlan: 'Restore /etc/nginx/certs from the 2026-11-23 backup and restart again.',
  environment: 'production',
  confirmation: CONFIRMATION_PHRASE,
  timestamp: new Date('2026-11-24T10:00:00Z'),
  ...overrides,
});

const refusal = (overrides: Partial<ApprovalRequest>): string[] => {
  const result = approveException(request(overrides));
  assert.equal(result.approved, false);
  assert.ok(!('record' in result), 'a refusal never carries a record');
  return result.approved ? [] : result.reasons;
};

describe('approveException', () => {
  test('the exact phrase and every field: approved, with the record to log', () => {
    const result = approveException(request());
    assert.deepEqual(result, {
      approved: true,
      record: {
        action: 'systemctl restart nginx',
        requested_by: 'ana@example.com',
        timestamp: '2026-11-24T10:00:00.000Z',
        justification: 'TLS certificate rotated; nginx must reload it before it expires tonight.',
        rollback_plan: 'Restore /etc/nginx/certs from the 2026-11-23 backup and restart again.',
        environment: 'production',
        blocked_by: ['systemctl-restart'],
      },
    });
  });

  test('surrounding whitespace around the phrase is forgiven', () => {
    assert.equal(approveException(request({ confirmation: `  ${CONFIRMATION_PHRASE}\n` })).approved, true);
  });

  test('blocked_by lists every rule the action breaks, once', () => {
    const result = approveException(request({ action: 'rm -rf / && rm -rf /tmp/x && kubectl delete pod x' }));
    assert.ok(result.approved);
    assert.deepEqual(result.record.blocked_by, ['rm-rf', 'rm-f-root', 'kubectl-delete']);
  });

  const nearMisses: [string, string][] = [
    ['lower case', CONFIRMATION_PHRASE.toLowerCase()],
    ['upper case', CONFIRMATION_PHRASE.toUpperCase()],
    ['double quotes around it', `"${CONFIRMATION_PHRASE}"`],
    ['single quotes around it', `'${CONFIRMATION_PHRASE}'`],
    ['a missing word', CONFIRMATION_PHRASE.replace(' the risks', ' risks')],
    ['a trailing full stop', `${CONFIRMATION_PHRASE}.`],
    ['an exclamation mark', `${CONFIRMATION_PHRASE}!`],
    ['no comma', CONFIRMATION_PHRASE.replace(',', '')],
    ['a doubled space', CONFIRMATION_PHRASE.replace(' ', '  ')],
    ['just yes', 'yes'],
    ['nothing', ''],
  ];
  for (const [name, confirmation] of nearMisses) {
    test(`refused: a confirmation with ${name}, quoting the required phrase`, () => {
      const reasons = refusal({ confirmation });
      assert.equal(reasons.length, 1);
      assert.ok(reasons[0]!.includes(`"${CONFIRMATION_PHRASE}"`), reasons[0]);
    });
  }

  const blanks: [keyof ApprovalRequest, RegExp][] = [
    ['action', /action/],
    ['requestedBy', /requester/],
    ['justification', /justification/],
    ['rollbackPlan', /rollback plan/],
  ];
  for (const [field, reason] of blanks) {
    test(`refused: a blank ${field}`, () => {
      for (const blank of ['', '   ', '\n\t']) {
        const reasons = refusal({ [field]: blank });
        assert.equal(reasons.length, 1);
        assert.match(reasons[0]!, reason);
      }
    });
  }

  test('every problem is reported at once', () => {
    const reasons = refusal({ justification: '', rollbackPlan: ' ', requestedBy: '', confirmation: 'ok' });
    assert.equal(reasons.length, 4);
  });

  test('refused: an invalid timestamp', () => {
    assert.match(refusal({ timestamp: new Date('not a date') })[0]!, /timestamp/);
  });
});

describe('appendApproval', () => {
  const directory = mkdtempSync(join(tmpdir(), 'prodgate-approvals-'));
  after(() => rmSync(directory, { recursive: true, force: true }));
  const record = (action: string): ApprovalRecord => {
    const result = approveException(request({ action }));
    assert.ok(result.approved);
    return result.record;
  };
  const read = (file: string) => readFileSync(file, 'utf8');

  test('the default log lives in .prodgate', () => {
    assert.equal(DEFAULT_APPROVAL_LOG, '.prodgate/production-approvals.jsonl');
  });

  test('creates the parent folders and appends one JSON line per call', async () => {
    const file = join(directory, 'a', 'b', DEFAULT_APPROVAL_LOG);
    await appendApproval(file, record('docker stop web'));
    await appendApproval(file, record('kubectl delete pod x'));
    const lines = read(file).split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
    assert.deepEqual(lines.slice(0, 2).map((line) => (JSON.parse(line) as ApprovalRecord).action), ['docker stop web', 'kubectl delete pod x']);
  });

  test('leaves existing content untouched', async () => {
    const file = join(directory, 'existing.jsonl');
    const existing = '{"action":"earlier"}\n';
    writeFileSync(file, existing);
    await appendApproval(file, record('docker rm web'));
    assert.ok(read(file).startsWith(existing));
    assert.equal(read(file).split('\n').length, 3);
  });

  test('starts on a new line when the file lacks its trailing newline', async () => {
    const file = join(directory, 'no-newline.jsonl');
    writeFileSync(file, '{"action":"earlier"}');
    await appendApproval(file, record('docker rm web'));
    const lines = read(file).split('\n');
    assert.deepEqual(lines.slice(0, 1), ['{"action":"earlier"}']);
    assert.equal((JSON.parse(lines[1]!) as ApprovalRecord).action, 'docker rm web');
    assert.equal(lines[2], '');
  });

  test('an empty file gets no blank first line', async () => {
    const file = join(directory, 'empty.jsonl');
    writeFileSync(file, '');
    await appendApproval(file, record('docker rm web'));
    assert.equal(read(file).split('\n').length, 2);
  });

  test('a record with newlines in its fields stays on one line', async () => {
    const file = join(directory, 'multiline.jsonl');
    const result = approveException(request({ justification: 'line one\nline two', rollbackPlan: 'a\r\nb' }));
    assert.ok(result.approved);
    await appendApproval(file, result.record);
    const lines = read(file).split('\n');
    assert.equal(lines.length, 2);
    assert.equal((JSON.parse(lines[0]!) as ApprovalRecord).justification, 'line one\nline two');
  });
});
