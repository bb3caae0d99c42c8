// Regressions found by the fuzz suite (test/fuzz): each case is the shrunk input that failed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from '../../server/src/engine/parse.ts';
import { validateDocument } from '../../server/src/engine/validate.ts';

function assertSpansWithin(text: string, spans: Array<{ offset: number; length: number }>): void {
  for (const span of spans) {
    assert.ok(span.offset >= 0 && span.length >= 0 && span.offset + span.length <= text.length, `${JSON.stringify(span)} within ${text.length} characters`);
  }
}

describe('fuzz regressions: the parser', () => {
  // A YAML error at the end of the input was placed one character past it ({offset: length,
  // length: 1}); the CLI's and the editor's position conversions hid it by clamping.
  for (const text of ['x: [1, 2', 'a: {b: 1', 'a: "x', "a: 'x", '[', 'environment: production\nx: [[[']) {
    test(`a YAML error at the end of ${JSON.stringify(text)} lies within the text`, () => {
      const { problems } = parseDocument(text, 'yaml');
      assert.ok(problems.some((problem) => problem.code === 'syntax-error'));
      assertSpansWithin(text, problems.map((problem) => problem.span!));
    });
  }

  test('the seed that found it: a flow sequence left open in a certification policy', () => {
    const text = `production_certification_version: "0.1"\nshadow_mode:\n  minimum_records: ${'['.repeat(250)}100\n`;
    const { findings } = validateDocument({ text, path: 'policy.yaml' });
    assert.ok(findings.length > 0);
    assertSpansWithin(text, findings.map((finding) => finding.span));
  });

  // Each unclosed level of a flow collection was the same error at the same place: 250 levels
  // gave 250 identical diagnostics.
  test('an unclosed flow collection 250 levels deep is one syntax error, not 250', () => {
    const text = `agent: x\nlimits: ${'['.repeat(250)}1\n`;
    const { problems } = parseDocument(text, 'yaml');
    assert.equal(problems.filter((problem) => problem.code === 'syntax-error').length, 1);
  });

  // An escalation condition left as an unterminated string at the very end of an agent policy:
  // policy-condition-invalid pointed one character past the text (kinds/kind.ts spanWithin).
  test('an invalid escalation condition that is an unterminated string at the end of the file', () => {
    const text = 'agent: a\npermissions:\n  allow: [read:x]\n  deny: [delete:*]\n  escalate:\n    - action: create:refund\n      condition: "';
    const { findings } = validateDocument({ text, path: 'a.policy.yaml' });
    assert.ok(findings.some((finding) => finding.code === 'policy-condition-invalid'), JSON.stringify(findings.map((finding) => finding.code)));
    assertSpansWithin(text, findings.map((finding) => finding.span));
  });
});
