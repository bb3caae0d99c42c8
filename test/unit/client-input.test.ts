// What the agent and command prompts accept and how outcomes are summarised (client/src/input.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeAuditRun, describeDecision, describeTestRun, isFindingCode, parseContextInput } from '../../client/src/input.ts';

describe('parseContextInput', () => {
  test('blank is an empty context', () => {
    assert.deepEqual(parseContextInput(''), { context: {} });
    assert.deepEqual(parseContextInput('  \n'), { context: {} });
  });

  test('a JSON object is the context', () => {
    assert.deepEqual(parseContextInput('{"amount": 900, "currency": "USD"}'), { context: { amount: 900, currency: 'USD' } });
  });

  test('anything else is an error that shows an example', () => {
    for (const text of ['[1]', '900', 'null', '"x"']) {
      const parsed = parseContextInput(text);
      assert.ok('error' in parsed && /must be a JSON object, e\.g\. \{"amount": 900\}/.test(parsed.error), text);
    }
    const broken = parseContextInput('{amount: 900}');
    assert.ok('error' in broken && /^Not JSON: .*Example: \{"amount": 900\}$/.test(broken.error));
  });
});

describe('summaries', () => {
  test('a decision names the rule\'s place when a rule decided', () => {
    assert.equal(
      describeDecision('support', 'delete:ticket', { decision: 'deny', reason: 'Action explicitly denied by policy rule: delete:*', rule: { list: 'deny', index: 0 } }),
      'support → delete:ticket: DENY. Action explicitly denied by policy rule: delete:* (permissions.deny[0])',
    );
    assert.equal(describeDecision('ghost', 'read:x', { decision: 'deny', reason: 'No policy found for agent: ghost' }), 'ghost → read:x: DENY. No policy found for agent: ghost');
  });

  test('policy test tallies', () => {
    assert.equal(describeTestRun([]), 'No policy tests in this file');
    assert.equal(describeTestRun([{ passed: true }]), '1 policy test passed');
    assert.equal(describeTestRun([{ passed: true }, { passed: false }, { passed: true }]), '1 of 3 policy tests failed');
  });

  test('audit tallies', () => {
    assert.equal(describeAuditRun([]), 'No OpenClaw audit logs found in this workspace');
    assert.equal(describeAuditRun([{ valid: true, entries: 1000 }, { valid: true, entries: 24 }]), '2 audit logs verified: 1,024 entries, chain intact');
    assert.equal(describeAuditRun([{ valid: false, entries: 2 }]), '1 of 1 audit log broken (2 entries verified before the breaks)');
  });
});

describe('isFindingCode', () => {
  test('codes ProdGate emits, nothing else (prototype keys included)', () => {
    assert.equal(isFindingCode('policy-wildcard-allow'), true);
    for (const value of ['policy-wildcard-alow', 'constructor', '__proto__', 'toString', '', 3, undefined, ['policy-no-deny']]) assert.equal(isFindingCode(value), false, String(value));
  });
});
