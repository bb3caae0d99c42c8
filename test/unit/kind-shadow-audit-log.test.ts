// AANA redacted shadow-mode audit logs (JSON Lines; audit.validate_audit_record's redaction rules).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { stringify as toYaml } from 'yaml';
import { validateDocument, type Validation, type ValidationSettings } from '../../server/src/engine/validate.ts';
import { assertFindings, assertNoPollution, defineOwn, fixtureText, kindChecks, type Expected, type Json } from '../support/kind-tests.ts';

// ------------------------------------------------------------------ JSON Lines

/** One compact JSON record per line, as audit loggers write them. */
const jsonl = (records: unknown[]): string => records.map((record) => JSON.stringify(record)).join('\n') + '\n';

/** Validates the records as JSON Lines and compares every finding: code, severity, path and spanned text (each record is compact JSON). */
function check(records: unknown[], expected: Expected[], path = 'audit/shadow-mode.jsonl'): { text: string; result: Validation } {
  const text = jsonl(records);
  const result = validateDocument({ text, path });
  assert.equal(result.kind, KIND);
  assertFindings(text, result, records, expected, 0);
  return { text, result };
}

// ------------------------------------------------------------------ kind

const KIND = 'shadow-audit-log';
const FIXTURE = 'shadow-audit-log.jsonl';
const base = (): Json[] =>
  fixtureText(FIXTURE)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
const { assertValidFixture } = kindChecks(KIND, 'audit/shadow-mode.jsonl');

const PROHIBITED = [
  'prompt',
  'user_request',
  'request',
  'candidate',
  'candidate_action',
  'candidate_answer',
  'draft_response',
  'available_evidence',
  'evidence',
  'constraints',
  'safe_response',
  'output',
  'proposed_arguments',
  'arguments',
  'tool_arguments',
  'full_tool_arguments',
  'raw_tool_arguments',
];

describe('shadow audit log: valid fixture, formats and detection', () => {
  test('the JSON Lines fixture has no findings and is detected by content', () => {
    assertValidFixture(FIXTURE, 'audit/shadow-mode.jsonl');
  });

  test('the .ndjson extension and the jsonl language id are JSON Lines too', () => {
    const text = fixtureText(FIXTURE);
    assert.equal(validateDocument({ text, path: 'audit/shadow-mode.ndjson' }).kind, KIND);
    const byLanguage = validateDocument({ text, path: 'audit/shadow-mode.log', languageId: 'jsonl' });
    assert.equal(byLanguage.kind, KIND);
    assert.deepEqual(byLanguage.findings, []);
  });

  test('the mutation helper sees the unmodified fixture as clean, with blank lines and CRLF', () => {
    check(base(), []);
    const text = fixtureText(FIXTURE).split('\n').join('\r\n\r\n');
    const result = validateDocument({ text, path: 'audit/shadow-mode.jsonl' });
    assert.equal(result.kind, KIND);
    assert.deepEqual(result.findings, []);
  });

  test('the same records as a JSON array or YAML are not detected (an audit log is JSON Lines only)', () => {
    assert.equal(validateDocument({ text: JSON.stringify(base(), null, 2), path: 'audit/shadow-mode.json' }).kind, undefined);
    assert.equal(validateDocument({ text: toYaml(base()), path: 'audit/shadow-mode.yaml' }).kind, undefined);
  });

  test('a JSON array assigned to the kind by settings is format-unsupported', () => {
    const settings: ValidationSettings = { files: { 'audit/*.json': KIND }, maxFileSizeMB: 5 };
    const result = validateDocument({ text: JSON.stringify(base(), null, 2), path: 'audit/shadow-mode.json' }, settings);
    assert.equal(result.kind, KIND);
    assert.equal(result.kindSource, 'setting');
    assert.deepEqual(result.findings.map((f) => [f.code, f.severity, f.span]), [['format-unsupported', 'error', { offset: 0, length: 0 }]]);
  });

  test('a YAML file naming the schema in a modeline is format-unsupported', () => {
    const text = `# yaml-language-server: $schema=../schemas/shadow-audit-log.schema.json\n${toYaml(base())}`;
    const result = validateDocument({ text, path: 'audit/shadow-mode.yaml' });
    assert.equal(result.kind, KIND);
    assert.equal(result.kindSource, 'schema');
    assert.deepEqual(result.findings.map((f) => f.code), ['format-unsupported']);
  });

  test('a first record with only execution_mode is detected', () => {
    const records = base();
    delete records[0].audit_record_version;
    check(records, [['key-missing', 'error', [0, 'audit_record_version']]]);
  });

  test('look-alike JSON Lines are not detected as any kind', () => {
    for (const text of [
      '{"type":"policy_decision","agentId":"dispatch-assist","action":"read:shipment"}\n',
      '{"timestamp":1767225600,"workflow_id":"reroute","decision":"promote"}\n',
      '"audit_record_version"\n',
      '[]\n',
    ]) {
      const result = validateDocument({ text, path: 'logs/other.jsonl' });
      assert.equal(result.kind, undefined, text);
      assert.deepEqual(result.findings, []);
    }
  });

  test('an empty log is not detected by content; assigned by settings it is document-empty', () => {
    assert.equal(validateDocument({ text: '\n\n', path: 'audit/empty.jsonl' }).kind, undefined);
    const settings: ValidationSettings = { files: { '*.jsonl': KIND }, maxFileSizeMB: 5 };
    const result = validateDocument({ text: '\n\n', path: 'audit/empty.jsonl' }, settings);
    assert.deepEqual(result.findings.map((f) => f.code), ['document-empty']);
  });
});

describe('shadow audit log: raw fields (audit-raw-field)', () => {
  for (const field of PROHIBITED) {
    test(`a top-level "${field}" is audit-raw-field on the key`, () => {
      const records = base();
      records[1][field] = field.includes('arguments') ? { carrier_id: 'HL-CARRIER-0042' } : 'Please reroute order 88123 via Rotterdam';
      const { result } = check(records, [['audit-raw-field', 'error', [1, field]]]);
      assert.equal(result.findings[0].message, `Raw field "${field}" is not allowed in redacted audit records: store a fingerprint instead.`);
    });
  }

  test('a raw field nested in an object is audit-raw-field with the nested message', () => {
    const records = base();
    records[0].aix.output = 'Reroute approved';
    const { result } = check(records, [['audit-raw-field', 'error', [0, 'aix', 'output']]]);
    assert.equal(result.findings[0].message, 'Audit records must not store raw content, secrets or full tool arguments ("output").');
  });

  test('a raw field nested in a list item is audit-raw-field', () => {
    const records = base();
    records[1].violation_codes = [{ code: 'refund_above_limit', evidence: 'invoice 2291 shows 2,450 USD' }];
    check(records, [['audit-raw-field', 'error', [1, 'violation_codes', 0, 'evidence']]]);
  });

  test('raw field names are exact: prompt_sha256 or requested_at are fine', () => {
    const records = base();
    records[0].prompt_sha256 = '4f1c9a0e7b2d';
    records[0].requested_at = '2026-04-01T08:14:00Z';
    records[0].aix.outputs_checked = 3;
    check(records, []);
  });

  test('raw field names under the record\'s input_fingerprints are hashed inputs, not raw content', () => {
    const records = base();
    records[0].input_fingerprints.user_request = 'sha256:77aa0c';
    records[0].input_fingerprints.tool_arguments = 'sha256:19bd4e';
    check(records, []);
  });

  test(
    'raw field names under a batch child record\'s input_fingerprints are exempt too',
    () => {
      const records = base();
      records[2].records[0].input_fingerprints = { prompt: 'sha256:0d1e2f3a4b5c', candidate_action: 'sha256:c5b4a3f2e1d0' };
      check(records, []);
    },
  );

  for (const key of ['api_key', 'apiKey', 'db_password', 'client-secret', 'session_token', 'raw_token_value', 'secret', 'PRIVATE_ACCOUNT_ID']) {
    test(`a secret-looking key "${key}" is audit-raw-field at any depth`, () => {
      const records = base();
      records[0].audit_safe_log_event[key] = 'xxxx';
      const { result } = check(records, [['audit-raw-field', 'error', [0, 'audit_safe_log_event', key]]]);
      assert.equal(result.findings[0].message, `Audit records must not store secrets, tokens or passwords ("${key}").`);
    });
  }

  test('secret-looking names are flagged even under input_fingerprints', () => {
    const records = base();
    records[1].input_fingerprints.api_key = 'sha256:aa11bb22';
    check(records, [['audit-raw-field', 'error', [1, 'input_fingerprints', 'api_key']]]);
  });

  test('words that merely contain a secret word are fine (secretary, passwords, tokens)', () => {
    const records = base();
    Object.assign(records[0].audit_safe_log_event, { secretary: 'x', passwords: 'x', tokens: 3, token: 'x' });
    check(records, []);
  });

  for (const [label, value] of [
    ['a bearer token', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc'],
    ['an API key', 'sk_4eC39HqLyjWDarjtT1zdp7dc'],
    ['a credential assignment', 'password=hunter2hunter2'],
    ['a private account id', 'customer_8f3a9c2d1e'],
  ] as const) {
    test(`a string value that looks like ${label} is audit-raw-field on the value`, () => {
      const records = base();
      records[1].evidence_source_ids.push(value);
      const { result } = check(records, [['audit-raw-field', 'error', [1, 'evidence_source_ids', 2], 'value']]);
      assert.equal(result.findings[0].message, `This value looks like ${label}: store a fingerprint or a redacted source id instead.`);
    });
  }

  test('raw_payload_logged true is audit-raw-field on the value', () => {
    const records = base();
    records[1].audit_safe_log_event.raw_payload_logged = true;
    check(records, [['audit-raw-field', 'error', [1, 'audit_safe_log_event', 'raw_payload_logged'], 'value']]);
  });

  test('raw_payload_logged "true" (a string) is a type-mismatch only', () => {
    const records = base();
    records[1].audit_safe_log_event.raw_payload_logged = 'true';
    check(records, [['type-mismatch', 'error', [1, 'audit_safe_log_event', 'raw_payload_logged']]]);
  });
});

describe('shadow audit log: record fields', () => {
  test('an audit_record_version other than "0.1" is version-unsupported', () => {
    const records = base();
    records[1].audit_record_version = '0.2';
    const { result } = check(records, [['version-unsupported', 'error', [1, 'audit_record_version']]]);
    assert.equal(result.findings[0].message, 'audit_record_version must be "0.1".');
  });

  test('the number 0.1 is a type-mismatch only', () => {
    const records = base();
    records[0].audit_record_version = 0.1;
    check(records, [['type-mismatch', 'error', [0, 'audit_record_version']]]);
  });

  for (const key of ['audit_record_version', 'created_at', 'record_type']) {
    test(`a missing ${key} is key-missing on the record`, () => {
      const records = base();
      delete records[1][key];
      check(records, [['key-missing', 'error', [1, key]]]);
    });
  }

  test('an empty created_at breaks the schema', () => {
    const records = base();
    records[0].created_at = '';
    check(records, [['schema-violation', 'error', [0, 'created_at']]]);
  });

  test('an unknown record_type is value-not-allowed', () => {
    const records = base();
    records[0].record_type = 'agent_run';
    check(records, [['value-not-allowed', 'error', [0, 'record_type']]]);
  });

  test('an unknown would_route is value-not-allowed', () => {
    const records = base();
    records[1].shadow_observation.would_route = 'allow';
    check(records, [['value-not-allowed', 'error', [1, 'shadow_observation', 'would_route']]]);
  });

  test('a line that is not an object is a type-mismatch only', () => {
    const records: Json[] = base();
    records.push('shadow record', [1, 2]);
    check(records, [
      ['type-mismatch', 'error', [3]],
      ['type-mismatch', 'error', [4]],
    ]);
  });

  test('a line that does not parse is a syntax-error, and the other lines are still checked', () => {
    const [first, second] = base();
    second.execution_mode = 'enforce';
    const broken = '{"audit_record_version": "0.1", "created_at": ';
    const text = [JSON.stringify(first), broken, JSON.stringify(second)].join('\n') + '\n';
    const result = validateDocument({ text, path: 'audit/shadow-mode.jsonl' });
    assert.equal(result.kind, KIND);
    const syntax = result.findings.filter((f) => f.code === 'syntax-error');
    assert.ok(syntax.length >= 1);
    const brokenStart = text.indexOf(broken);
    assert.ok(syntax.every((f) => f.span.offset >= brokenStart && f.span.offset <= brokenStart + broken.length));
    const lastLine = result.findings.find((f) => f.code === 'audit-not-shadow' && f.path[0] === 2);
    assert.ok(lastLine, 'the record after the broken line is checked');
    assert.equal(text.slice(lastLine.span.offset, lastLine.span.offset + lastLine.span.length), JSON.stringify(second));
  });
});

describe('shadow audit log: shadow mode', () => {
  for (const mode of ['enforce', 'advisory', null]) {
    test(`execution_mode ${JSON.stringify(mode)} is an audit-not-shadow warning on the record`, () => {
      const records = base();
      records[1].execution_mode = mode;
      const { result } = check(records, [['audit-not-shadow', 'warning', [1]]]);
      assert.equal(
        result.findings[0].message,
        `Record 2 is not a shadow-mode record (execution_mode ${JSON.stringify(mode)}): it does not count as shadow evidence.`,
      );
    });
  }

  test('a record without execution_mode is an audit-not-shadow warning', () => {
    const records = base();
    delete records[0].execution_mode;
    check(records, [['audit-not-shadow', 'warning', [0]]]);
  });

  test('a non-shadow record\'s shadow_observation is not checked', () => {
    const records = base();
    records[0].execution_mode = 'enforce';
    records[0].shadow_observation.enforcement = 'block';
    check(records, [['audit-not-shadow', 'warning', [0]]]);
  });

  test('a batch wrapper without execution_mode is not audit-not-shadow', () => {
    const records = base();
    assert.equal(records[2].record_type, 'workflow_batch_check');
    assert.equal('execution_mode' in records[2], false);
    check(records, []);
  });

  test('"Shadow" is not shadow: value-not-allowed and audit-not-shadow', () => {
    const records = base();
    records[0].execution_mode = 'Shadow';
    check(records, [
      ['value-not-allowed', 'error', [0, 'execution_mode']],
      ['audit-not-shadow', 'warning', [0]],
    ]);
  });

  test(
    'an execution_mode of the wrong type is one type-mismatch',
    () => {
      const records = base();
      records[0].execution_mode = 5;
      check(records, [['type-mismatch', 'error', [0, 'execution_mode']]]);
    },
  );

  test('a shadow record without shadow_observation is key-missing on the record', () => {
    const records = base();
    delete records[1].shadow_observation;
    const { result } = check(records, [['key-missing', 'error', [1, 'shadow_observation']]]);
    assert.equal(result.findings[0].message, 'A shadow record needs a "shadow_observation".');
  });

  test('a shadow_observation that is not an object is a type-mismatch only', () => {
    const records = base();
    records[1].shadow_observation = 'observe_only';
    check(records, [['type-mismatch', 'error', [1, 'shadow_observation']]]);
  });

  for (const enforcement of ['block', 'enforce', 'OBSERVE_ONLY', '']) {
    test(`enforcement ${JSON.stringify(enforcement)} is audit-shadow-enforcing`, () => {
      const records = base();
      records[0].shadow_observation.enforcement = enforcement;
      const { result } = check(records, [['audit-shadow-enforcing', 'error', [0, 'shadow_observation', 'enforcement']]]);
      assert.equal(result.findings[0].message, 'shadow_observation.enforcement must be "observe_only": shadow mode never blocks production.');
    });
  }

  test('a missing enforcement is audit-shadow-enforcing on the observation', () => {
    const records = base();
    delete records[1].shadow_observation.enforcement;
    check(records, [['audit-shadow-enforcing', 'error', [1, 'shadow_observation']]]);
  });

  test(
    'an enforcement of the wrong type is one type-mismatch',
    () => {
      const records = base();
      records[0].shadow_observation.enforcement = 5;
      check(records, [['type-mismatch', 'error', [0, 'shadow_observation', 'enforcement']]]);
    },
  );
});

describe('shadow audit log: hostile keys', () => {
  test('a __proto__ key is data: its raw fields are still found, and nothing is polluted', () => {
    const records = base();
    defineOwn(records[0], '__proto__', { prompt: 'raw prompt text', polluted: true });
    check(records, [['audit-raw-field', 'error', [0, '__proto__', 'prompt']]]);
    assertNoPollution();
  });

  test('a __proto__ key cannot supply a missing shadow_observation', () => {
    const records = base();
    delete records[1].shadow_observation;
    defineOwn(records[1], '__proto__', { shadow_observation: { enforcement: 'observe_only' } });
    check(records, [['key-missing', 'error', [1, 'shadow_observation']]]);
    assertNoPollution();
  });

  test('constructor and hasOwnProperty keys cause no crash', () => {
    const records = base();
    defineOwn(records[0], 'constructor', { prototype: { polluted: true } });
    defineOwn(records[1], 'hasOwnProperty', 'execution_mode');
    defineOwn(records[1].shadow_observation, 'constructor', 'observe_only');
    check(records, []);
    assertNoPollution();
  });
});
