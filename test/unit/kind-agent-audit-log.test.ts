// OpenClaw audit logs (JSON Lines) as a kind: detection by content, the schema, and the hash chain
// verified as typed (audit-chain-broken on the first line that breaks it, spanning that line).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { validateDocument, type Validation, type ValidationSettings } from '../../server/src/engine/validate.ts';
import { fixtureText, kindChecks, tuples, type Json } from '../support/kind-tests.ts';

const KIND = 'agent-audit-log';
const FIXTURE = 'agent-audit-log.jsonl';
const PATH = 'logs/audit-2026-11-20.jsonl';
const { assertValidFixture } = kindChecks(KIND, PATH);

/** The fixture's lines, without the final newline's empty line. */
const LINES: readonly string[] = fixtureText(FIXTURE).split('\n').slice(0, -1);
const entries = (): Json[] => LINES.map((line) => JSON.parse(line));
/** Compact JSON lines, as OpenClaw's AuditLogger appends them. */
const jsonl = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
/** The fixture with line `index` (0-based) re-serialised after `edit`: keys keep their order. */
function withEntry(index: number, edit: (entry: Json) => void): string[] {
  const lines = [...LINES];
  const entry = JSON.parse(lines[index]!);
  edit(entry);
  lines[index] = JSON.stringify(entry);
  return lines;
}

function validate(text: string, path = PATH, settings?: ValidationSettings): Validation {
  return validateDocument({ text, path }, settings);
}

/** [code, severity, path, spanned text] of each finding, once the document is known to be an agent audit log. */
function rows(text: string): string[][] {
  const result = validate(text);
  assert.equal(result.kind, KIND);
  return tuples(text, result);
}

/** OpenClaw's hash, written out independently of the engine: SHA-256 of the covered fields' JSON, in order. */
const openClawHash = (entry: Json): string =>
  createHash('sha256')
    .update(JSON.stringify({ type: entry.type, timestamp: entry.timestamp, agentId: entry.agentId, action: entry.action, decision: entry.decision, previousHash: entry.previousHash }))
    .digest('hex');

describe('agent audit log: the fixture and detection', () => {
  test('the fixture is a valid five-entry OpenClaw chain (checked without the engine)', () => {
    const all = entries();
    assert.equal(all.length, 5);
    let previous: string | null = null;
    for (const entry of all) {
      assert.equal(entry.previousHash, previous);
      assert.equal(entry.hash, openClawHash(entry));
      previous = entry.hash;
    }
  });

  test('the fixture has no findings and is detected by content', () => {
    assertValidFixture(FIXTURE, PATH);
  });

  test('the .ndjson extension and the jsonl language id are JSON Lines too', () => {
    const text = fixtureText(FIXTURE);
    assert.equal(validate(text, 'logs/audit-2026-11-20.ndjson').kind, KIND);
    const byLanguage = validateDocument({ text, path: 'logs/audit-2026-11-20.log', languageId: 'jsonl' });
    assert.equal(byLanguage.kind, KIND);
    assert.equal(byLanguage.kindSource, 'content');
    assert.deepEqual(byLanguage.findings, []);
  });

  test('CRLF line endings, blank lines and a missing final newline are all fine', () => {
    for (const text of [LINES.join('\r\n') + '\r\n', LINES.join('\r\n'), LINES.join('\n\n') + '\n\n', `\n${LINES.join('\n')}`]) {
      const result = validate(text);
      assert.equal(result.kind, KIND);
      assert.deepEqual(result.findings, [], JSON.stringify(text.slice(0, 20)));
    }
  });

  test('a shadow-mode AANA audit log is not an agent audit log', () => {
    const result = validate(fixtureText('shadow-audit-log.jsonl'), 'audit/shadow-mode.jsonl');
    assert.equal(result.kind, 'shadow-audit-log');
    assert.deepEqual(result.findings, []);
  });

  test('look-alike JSON Lines are not detected as any kind', () => {
    const [first] = entries();
    const { previousHash: _previous, ...withoutPrevious } = first;
    const { hash: _hash, ...withoutHash } = first;
    for (const text of [
      `${JSON.stringify(withoutPrevious)}\n`,
      `${JSON.stringify(withoutHash)}\n`,
      '{"commit":"4f1c9a0","hash":"4f1c9a0e7b2d","message":"deploy"}\n',
      '"previousHash"\n',
    ]) {
      const result = validate(text, 'logs/other.jsonl');
      assert.equal(result.kind, undefined, text);
      assert.deepEqual(result.findings, []);
    }
  });

  test('a first entry that lost its hash or previousHash is still detected: the chain breaks at line 1', () => {
    for (const key of ['hash', 'previousHash']) {
      const lines = withEntry(0, (entry) => delete entry[key]);
      const result = validate(jsonl(lines));
      assert.equal(result.kind, KIND, key);
      assert.equal(result.kindSource, 'content');
      assert.deepEqual(tuples(jsonl(lines), result), [
        ['key-missing', 'error', `$[0].${key}`, lines[0]!],
        ['audit-chain-broken', 'error', '$', lines[0]!],
      ]);
    }
  });

  test('a foreign line put before the chain is detected and breaks it at line 1', () => {
    const lines = ['{"note":"rotated from audit-2026-11-19.jsonl"}', ...LINES];
    const text = jsonl(lines);
    assert.deepEqual(rows(text), [
      ['key-missing', 'error', '$[0].timestamp', lines[0]!],
      ['key-missing', 'error', '$[0].previousHash', lines[0]!],
      ['key-missing', 'error', '$[0].hash', lines[0]!],
      ['audit-chain-broken', 'error', '$', lines[0]!],
    ]);
    assert.match(validate(text).findings.at(-1)!.message, /^Hash chain broken at line 1: previousHash is missing, expected null\./);
  });

  test('the same entries as a JSON array are not detected; assigned by settings they are format-unsupported', () => {
    const text = JSON.stringify(entries(), null, 2);
    assert.equal(validate(text, 'logs/audit.json').kind, undefined);
    const settings: ValidationSettings = { files: { 'logs/*.json': KIND }, maxFileSizeMB: 5 };
    const result = validate(text, 'logs/audit.json', settings);
    assert.equal(result.kind, KIND);
    assert.equal(result.kindSource, 'setting');
    assert.deepEqual(result.findings.map((f) => [f.code, f.severity, f.span]), [['format-unsupported', 'error', { offset: 0, length: 0 }]]);
  });

  test('an empty log is not detected by content; assigned by settings it is document-empty', () => {
    assert.equal(validate('\n\n').kind, undefined);
    const result = validate('\n\n', PATH, { files: { 'logs/*.jsonl': KIND }, maxFileSizeMB: 5 });
    assert.deepEqual(result.findings.map((f) => f.code), ['document-empty']);
  });
});

describe('agent audit log: the hash chain', () => {
  test('a covered field tampered on line 3 is audit-chain-broken spanning exactly line 3', () => {
    const lines = withEntry(2, (entry) => (entry.decision.allowed = true));
    const text = jsonl(lines);
    assert.deepEqual(rows(text), [['audit-chain-broken', 'error', '$', lines[2]!]]);
    const [finding] = validate(text).findings;
    assert.equal(
      finding.message,
      `Entry hash mismatch at line 3: hash is "${entries()[2].hash}", the entry hashes to "${openClawHash(JSON.parse(lines[2]!))}". The 2 entries before it verify; nothing from here on can be trusted.`,
    );
  });

  for (const field of ['type', 'timestamp', 'agentId', 'action'] as const) {
    test(`each covered field counts: ${field} changed on line 2`, () => {
      const lines = withEntry(1, (entry) => (entry[field] = `${entry[field]}x`));
      assert.deepEqual(rows(jsonl(lines)), [['audit-chain-broken', 'error', '$', lines[1]!]]);
    });
  }

  test('fields the hash does not cover (context, result, durationMs, timestampUnix) may change', () => {
    const lines = withEntry(2, (entry) => {
      entry.context.amount = 9400;
      entry.durationMs = 250;
      entry.timestampUnix = 0;
      entry.notes = 'added later';
    });
    assert.deepEqual(rows(jsonl(lines)), []);
  });

  test('reordered lines break the chain at the first moved line', () => {
    const swapped = [LINES[0]!, LINES[2]!, LINES[1]!, LINES[3]!, LINES[4]!];
    assert.deepEqual(rows(jsonl(swapped)), [['audit-chain-broken', 'error', '$', LINES[2]!]]);
    const [finding] = validate(jsonl(swapped)).findings;
    assert.equal(finding.message, `Hash chain broken at line 2: previousHash is "${entries()[1].hash}", expected "${entries()[0].hash}". The entry before it verifies; nothing from here on can be trusted.`);

    const last = [LINES[0]!, LINES[1]!, LINES[2]!, LINES[4]!, LINES[3]!];
    assert.deepEqual(rows(jsonl(last)), [['audit-chain-broken', 'error', '$', LINES[4]!]]);
  });

  test('a removed entry breaks the chain at the line after the gap; a removed first entry at line 1', () => {
    assert.deepEqual(rows(jsonl([LINES[0]!, LINES[1]!, LINES[3]!, LINES[4]!])), [['audit-chain-broken', 'error', '$', LINES[3]!]]);
    const text = jsonl(LINES.slice(1));
    assert.deepEqual(rows(text), [['audit-chain-broken', 'error', '$', LINES[1]!]]);
    assert.match(validate(text).findings[0].message, /^Hash chain broken at line 1: previousHash is "[0-9a-f]{64}", expected null\. No entry before it verifies;/);
  });

  test('a log cut short after whole entries still verifies (a chain cannot tell a truncated tail)', () => {
    assert.deepEqual(rows(jsonl(LINES.slice(0, 3))), []);
  });

  test('a truncated last line (a write cut off mid-entry) is reported at that line', () => {
    const cut = LINES[4]!.slice(0, 120);
    const text = jsonl([...LINES.slice(0, 4), cut]);
    const result = rows(text);
    const chain = result.filter((row) => row[0] === 'audit-chain-broken');
    assert.deepEqual(chain, [['audit-chain-broken', 'error', '$', cut]]);
    assert.match(validate(text).findings.find((f) => f.code === 'audit-chain-broken')!.message, /^Invalid JSON at line 5: /);
    // The parser's own errors and the schema's (the cut entry has no hash) are on that line too.
    const start = text.indexOf(cut);
    assert.ok(validate(text).findings.every((f) => f.span.offset >= start));
    assert.deepEqual([...new Set(result.map((row) => row[0]))].sort(), ['audit-chain-broken', 'key-missing', 'syntax-error']);
  });

  test('a garbage line is reported at that line, besides its syntax errors', () => {
    const lines = [LINES[0]!, LINES[1]!, LINES[2]!, 'not json at all', LINES[4]!];
    const text = jsonl(lines);
    const result = rows(text);
    assert.deepEqual(result.filter((row) => row[0] === 'audit-chain-broken'), [['audit-chain-broken', 'error', '$', 'not json at all']]);
    assert.deepEqual(result.filter((row) => row[0] !== 'audit-chain-broken').map((row) => row[0]), ['syntax-error', 'syntax-error', 'syntax-error', 'syntax-error', 'syntax-error']);
    assert.match(validate(text).findings.find((f) => f.code === 'audit-chain-broken')!.message, /^Invalid JSON at line 4: .*The 3 entries before it verify;/);
  });

  test('a line that is JSON but not an object breaks the chain there, and is a type-mismatch', () => {
    const lines = [LINES[0]!, LINES[1]!, '42'];
    assert.deepEqual(rows(jsonl(lines)), [
      ['type-mismatch', 'error', '$[2]', '42'],
      ['audit-chain-broken', 'error', '$', '42'],
    ]);
  });

  test('CRLF: the broken line is spanned without its carriage return', () => {
    const lines = withEntry(2, (entry) => (entry.action = 'create:refund_full'));
    const text = lines.join('\r\n') + '\r\n';
    assert.deepEqual(rows(text), [['audit-chain-broken', 'error', '$', lines[2]!]]);
    assert.match(validate(text).findings[0].message, /^Entry hash mismatch at line 3: /);
  });

  test('blank lines count in the line numbers an editor shows', () => {
    const lines = [LINES[0]!, '', LINES[2]!, LINES[3]!];
    const text = jsonl(lines);
    assert.deepEqual(rows(text), [['audit-chain-broken', 'error', '$', LINES[2]!]]);
    assert.match(validate(text).findings[0].message, /^Hash chain broken at line 3: /);
  });

  test('only the first break is reported, even when later lines break too', () => {
    const lines = withEntry(1, (entry) => (entry.agentId = 'someone-else'));
    lines[3] = lines[3]!.replace('"status":"pending"', '"status":"approved"').replace('"escalation"', '"agent_action"');
    assert.deepEqual(rows(jsonl(lines)), [['audit-chain-broken', 'error', '$', lines[1]!]]);
  });
});

describe('agent audit log: schema', () => {
  test('a hash that is not 64 lowercase hex characters is a schema-violation besides the chain error', () => {
    const lines = withEntry(0, (entry) => (entry.hash = 'abc123'));
    assert.deepEqual(rows(jsonl(lines)), [
      ['audit-chain-broken', 'error', '$', lines[0]!],
      ['schema-violation', 'error', '$[0].hash', '"abc123"'],
    ]);
  });

  test('an upper-case hash is a schema-violation and does not verify', () => {
    const lines = withEntry(4, (entry) => (entry.hash = entry.hash.toUpperCase()));
    const upper = JSON.stringify(entries()[4].hash.toUpperCase());
    assert.deepEqual(rows(jsonl(lines)), [
      ['audit-chain-broken', 'error', '$', lines[4]!],
      ['schema-violation', 'error', '$[4].hash', upper],
    ]);
  });

  test('a previousHash that is a number is a type-mismatch and breaks the chain', () => {
    const lines = withEntry(1, (entry) => (entry.previousHash = 5));
    assert.deepEqual(rows(jsonl(lines)), [
      ['audit-chain-broken', 'error', '$', lines[1]!],
      ['type-mismatch', 'error', '$[1].previousHash', '5'],
    ]);
  });

  test('a missing timestamp is key-missing on the entry and breaks the chain', () => {
    const lines = withEntry(1, (entry) => delete entry.timestamp);
    assert.deepEqual(rows(jsonl(lines)), [
      ['key-missing', 'error', '$[1].timestamp', lines[1]!],
      ['audit-chain-broken', 'error', '$', lines[1]!],
    ]);
  });

  test('a numeric timestamp is a type-mismatch (and changes the hash)', () => {
    const lines = withEntry(1, (entry) => (entry.timestamp = Date.parse(entry.timestamp)));
    assert.deepEqual(rows(jsonl(lines)), [
      ['audit-chain-broken', 'error', '$', lines[1]!],
      ['type-mismatch', 'error', '$[1].timestamp', String(Date.parse(entries()[1].timestamp))],
    ]);
  });

  test('a re-sealed entry of the wrong type is a schema finding only: the chain itself verifies', () => {
    // Re-hashing every entry from the edited one on yields a valid chain, so only the schema catches it.
    const all = entries();
    all[1].agentId = 17;
    let previous: string | null = null;
    const lines = all.map((entry) => {
      entry.previousHash = previous;
      entry.hash = openClawHash(entry);
      previous = entry.hash;
      return JSON.stringify(entry);
    });
    assert.deepEqual(rows(jsonl(lines)), [['type-mismatch', 'error', '$[1].agentId', '17']]);
  });
});
