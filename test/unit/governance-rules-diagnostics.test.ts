// Governance rule files as they are typed: conditions parsed (never evaluated) with errors at
// their exact column, unknown variables, unreachable rules, and reason codes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { validateDocument } from '../../server/src/engine/validate.ts';

function findings(text: string, path = 'config/deployment_governance.yaml') {
  return validateDocument({ text, path }).findings.map((finding) => ({
    code: finding.code,
    severity: finding.severity,
    text: text.slice(finding.span.offset, finding.span.offset + finding.span.length),
    message: finding.message,
  }));
}

describe('conditions', () => {
  test('a syntax error sits at its exact column, in plain and quoted YAML and in JSON', () => {
    const yaml = '- decision: promote\n  condition: raroi > 2.0 and len(x) > 1\n  reason_code: strong\n';
    assert.deepEqual(findings(yaml).map(({ code, text }) => [code, text]), [['condition-invalid', '(']]);
    const quoted = '- decision: promote\n  condition: "raroi >> 2"\n  reason_code: strong\n';
    const [shift] = findings(quoted);
    assert.equal(shift.code, 'condition-invalid');
    assert.equal(quoted.indexOf(shift.text, quoted.indexOf('raroi')), quoted.indexOf('>>'));
    const json = '[{"decision": "demote", "condition": "confidence.real < 1", "reason_code": "low"}]';
    const [attribute] = findings(json, 'deployment_governance.json');
    assert.equal(attribute.code, 'condition-invalid');
    assert.match(attribute.message, /Attribute access is not allowed/);
    assert.equal(attribute.text, '.');
  });

  for (const injection of ["__import__('os').system('id')", 'x.__class__', 'constructor', '`id`', 'raroi > 1 && confidence > 0.5']) {
    test(`an injection attempt is an error and never evaluated: ${injection}`, () => {
      const text = JSON.stringify([{ decision: 'promote', condition: injection, reason_code: 'x' }]);
      const codes = findings(text, 'deployment_governance.json').map((finding) => finding.code);
      assert.ok(codes.includes('condition-invalid') || codes.includes('condition-unknown-variable'), JSON.stringify(codes));
    });
  }

  test('unknown variables are warnings naming the known ones', () => {
    const [unknown] = findings('- decision: pilot\n  condition: adpter_roi >= 1.0\n  reason_code: adapter\n');
    assert.equal(unknown.code, 'condition-unknown-variable');
    assert.equal(unknown.severity, 'warning');
    assert.match(unknown.message, /"adpter_roi".*adapter_roi/);
  });

  test('rules after an always-true condition are unreachable', () => {
    const text = '- decision: promote\n  condition: "True"\n  reason_code: always\n- decision: no_go\n  condition: raroi < 0.2\n  reason_code: poor\n';
    const [unreachable] = findings(text);
    assert.equal(unreachable.code, 'rule-unreachable');
    assert.match(unreachable.text, /^decision: no_go/);
  });

  test('duplicate and missing reason codes are warnings', () => {
    const text = '- decision: promote\n  condition: raroi > 2\n  reason_code: strong\n- decision: pilot\n  condition: raroi > 1\n  reason_code: strong\n- decision: demote\n  condition: raroi < 0.5\n';
    assert.deepEqual(
      findings(text).map(({ code, text }) => [code, text]),
      [
        ['reason-code-duplicate', 'strong'],
        ['reason-code-missing', 'decision'],
      ],
    );
  });
});

test('the example rules are clean', () => {
  const path = resolve(__dirname, '../../examples/governance/config/deployment_governance.yaml');
  assert.deepEqual(findings(readFileSync(path, 'utf8')), []);
});
