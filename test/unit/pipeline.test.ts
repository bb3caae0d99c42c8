// validateDocument: how a document's kind is decided, and what happens before the rules run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_SETTINGS, formatOf, validateDocument } from '../../server/src/engine/validate.ts';

const TEMPLATE_EVIDENCE = '{ "external_evidence_version": "0.1", "evidence_scope": "template" }';

function codes(text: string, path: string, settings = DEFAULT_SETTINGS) {
  return validateDocument({ text, path }, settings).findings.map((finding) => finding.code);
}

describe('format', () => {
  test('from the language id, else the extension', () => {
    assert.equal(formatOf('a.txt', 'yaml'), 'yaml');
    assert.equal(formatOf('dir/a.YML'), 'yaml');
    assert.equal(formatOf('a.jsonc'), 'jsonc');
    assert.equal(formatOf('audit.ndjson'), 'jsonl');
    assert.equal(formatOf('Makefile'), undefined);
    assert.equal(validateDocument({ text: TEMPLATE_EVIDENCE, path: 'notes.txt' }).kind, undefined);
  });
});

describe('kind', () => {
  test('precedence: prodgate.files, then $schema, then content', () => {
    const settings = { files: { 'ops/**/*.json': 'certification-policy' }, maxFileSizeMB: 5 };
    assert.equal(validateDocument({ text: TEMPLATE_EVIDENCE, path: 'ops/x/e.json' }, settings).kindSource, 'setting');
    assert.equal(validateDocument({ text: TEMPLATE_EVIDENCE, path: 'ops/x/e.json' }, settings).kind, 'certification-policy');
    const declared = '{ "$schema": "https://prodgate.dev/schemas/agent-policy.schema.json", "evidence_scope": "template" }';
    assert.deepEqual(
      [validateDocument({ text: declared, path: 'e.json' }).kind, validateDocument({ text: declared, path: 'e.json' }).kindSource],
      ['agent-policy', 'schema'],
    );
    assert.equal(validateDocument({ text: TEMPLATE_EVIDENCE, path: 'e.json' }).kindSource, 'content');
  });

  test('a glob without a slash matches the file name anywhere', () => {
    const settings = { files: { '*.evidence.json': 'external-evidence' }, maxFileSizeMB: 5 };
    assert.equal(validateDocument({ text: '{}', path: 'deep/dir/prod.evidence.json' }, settings).kind, 'external-evidence');
  });

  test('an unknown kind in prodgate.files is ignored', () => {
    const settings = { files: { '*.json': 'no-such-kind' }, maxFileSizeMB: 5 };
    assert.equal(validateDocument({ text: TEMPLATE_EVIDENCE, path: 'e.json' }, settings).kind, 'external-evidence');
  });

  test('a yaml-language-server modeline names the kind', () => {
    const text = '# yaml-language-server: $schema=../schemas/workflow-scorecard.schema.json\nfoo: 1\n';
    assert.equal(validateDocument({ text, path: 'x.yaml' }).kind, 'workflow-scorecard');
  });

  test('JSON Lines audit logs are recognised by their records', () => {
    const text = '{"audit_record_version": "0.1", "created_at": "2026-11-01T00:00:00Z", "record_type": "agent_check", "execution_mode": "shadow", "shadow_observation": {"enforcement": "observe_only"}}\n';
    const result = validateDocument({ text, path: 'logs/shadow.jsonl' });
    assert.equal(result.kind, 'shadow-audit-log');
    assert.deepEqual(result.findings, []);
  });

  test('a kind assigned to the wrong format is one clear error', () => {
    const settings = { files: { '*.yaml': 'shadow-audit-log' }, maxFileSizeMB: 5 };
    assert.deepEqual(codes('a: 1\n', 'log.yaml', settings), ['format-unsupported']);
  });
});

describe('before the rules', () => {
  test('a file over the size limit gets one info finding when it looks like an artifact, none otherwise', () => {
    const settings = { files: {}, maxFileSizeMB: 0.01 };
    const big = `{"external_evidence_version": "0.1", "pad": "${'x'.repeat(20_000)}"}`;
    const result = validateDocument({ text: big, path: 'e.json' }, settings);
    assert.equal(result.kind, 'external-evidence');
    assert.deepEqual(result.findings.map((finding) => [finding.code, finding.severity]), [['file-too-large', 'info']]);
    assert.deepEqual(codes(`{"name": "${'x'.repeat(20_000)}"}`, 'other.json', settings), []);
  });

  test('the size limit counts UTF-8 bytes', () => {
    const settings = { files: { '*.json': 'external-evidence' }, maxFileSizeMB: 0.01 };
    const text = `{"pad": "${'é'.repeat(6000)}"}`; // 6,000 characters, 12,000 bytes
    assert.deepEqual(codes(text, 'e.json', settings), ['file-too-large']);
  });

  test('an empty file is no artifact, unless prodgate.files says it is one', () => {
    assert.deepEqual(codes('', 'e.json'), []);
    assert.deepEqual(codes('  \n', 'e.json', { files: { 'e.json': 'external-evidence' }, maxFileSizeMB: 5 }), ['document-empty']);
  });

  test('NUL characters and U+FFFD are invalid-encoding errors at their offset; the rest is still checked', () => {
    const text = '{ "external_evidence_version": "0.1", "evidence_scope": "template", "owner": "Caf\uFFFD" }';
    const result = validateDocument({ text, path: 'e.json' });
    const encoding = result.findings.find((finding) => finding.code === 'invalid-encoding')!;
    assert.equal(encoding.span.offset, text.indexOf('\uFFFD'));
    assert.ok(result.findings.some((finding) => finding.code === 'evidence-template-scope'));
  });

  test('findings are sorted by position', () => {
    const text = 'agent: a\npermissions:\n  allow: [read:*, "*"]\n';
    const offsets = validateDocument({ text, path: 'a.yaml' }).findings.map((finding) => finding.span.offset);
    assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
  });
});
