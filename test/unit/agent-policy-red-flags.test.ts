// The deployment checklist's red flags on OpenClaw agent policies.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { validateDocument } from '../../server/src/engine/validate.ts';
import { coverageFindings, sensitiveFieldFindings } from '../../server/src/engine/kinds/agent-policy.ts';
import { fixtureText, json, kindChecks, tuples, type Json } from '../support/kind-tests.ts';

const KIND = 'agent-policy';
const PATH = 'policies/dispatch-assist.json';
const YAML_PATH = 'policies/dispatch-assist.yaml';
const base = (): Json => JSON.parse(fixtureText('agent-policy.json'));
const { check, checkYaml } = kindChecks(KIND, PATH);
const example = (name: string): string => readFileSync(resolve(__dirname, '../../examples', name), 'utf8');

describe('agent policy red flags: permissions', () => {
  test('no deny list is policy-no-deny on the permissions key (no destructive warning on top)', () => {
    const policy = base();
    delete policy.permissions.deny;
    const { result } = check(policy, [['policy-no-deny', 'error', ['permissions'], 'key']]);
    assert.match(result.findings[0].message, /no deny rules/);
    checkYaml(policy, YAML_PATH, [['policy-no-deny', 'error', '$.permissions', 'permissions']]);
  });

  test('an empty deny list is policy-no-deny on the deny key', () => {
    const policy = base();
    policy.permissions.deny = [];
    check(policy, [['policy-no-deny', 'error', ['permissions', 'deny'], 'key']]);
    checkYaml(policy, YAML_PATH, [['policy-no-deny', 'error', '$.permissions.deny', 'deny']]);
  });

  test('deny without "delete:*" is policy-destructive-not-denied on the deny key', () => {
    const policy = base();
    policy.permissions.deny = ['update:carrier_payment_info', 'delete:shipment'];
    const { result } = check(policy, [['policy-destructive-not-denied', 'warning', ['permissions', 'deny'], 'key']]);
    assert.match(result.findings[0].message, /"delete:\*"/);
    checkYaml(policy, YAML_PATH, [['policy-destructive-not-denied', 'warning', '$.permissions.deny', 'deny']]);
  });

  test('a deny pattern covering "delete:*" ("*", "delete*") counts as denying deletes', () => {
    for (const deny of [['*'], ['delete*'], ['read:secrets', 'delete:*']]) {
      const policy = base();
      policy.permissions.deny = deny;
      delete policy.permissions.allow; // a deny "*" would otherwise make every allow entry dead
      check(policy, []);
    }
  });

  test('no escalate list is policy-no-escalation on the permissions key; an empty one on its key', () => {
    const policy = base();
    delete policy.permissions.escalate;
    check(policy, [['policy-no-escalation', 'warning', ['permissions'], 'key']]);
    checkYaml(policy, YAML_PATH, [['policy-no-escalation', 'warning', '$.permissions', 'permissions']]);
    policy.permissions.escalate = [];
    check(policy, [['policy-no-escalation', 'warning', ['permissions', 'escalate'], 'key']]);
  });

  test('permissions with only allow: both red flags, each on the permissions key', () => {
    const policy = base();
    policy.permissions = { allow: ['read:shipment'] };
    check(policy, [
      ['policy-no-deny', 'error', ['permissions'], 'key'],
      ['policy-no-escalation', 'warning', ['permissions'], 'key'],
    ]);
  });

  test('a policy without an agent id (OpenClaw would not load it) gets no red flags', () => {
    const text = '# yaml-language-server: $schema=../schemas/agent-policy.schema.json\nmetadata:\n  owner: x\npermissions:\n  allow:\n    - read:shipment\n';
    const result = validateDocument({ text, path: YAML_PATH });
    assert.deepEqual(result.findings.map((f) => f.code), ['key-missing']);
  });
});

describe('agent policy red flags: escalation conditions', () => {
  const withCondition = (condition: string): Json => {
    const policy = base();
    policy.permissions.escalate[2].condition = condition;
    return policy;
  };
  const cases: [string, string, RegExp][] = [
    ['amount = 2000', '=', /unsupported operator "="/],
    ['amount => 2000', '=>', /unsupported operator "=>"/],
    ['amount > lots', 'lots', /"lots" is not a number/],
    ['ask a human', 'ask a human', /no comparison found/],
  ];
  for (const [condition, span, message] of cases) {
    test(`${JSON.stringify(condition)} is policy-condition-invalid on ${JSON.stringify(span)} (JSON and YAML)`, () => {
      const value = withCondition(condition);
      const text = json(value);
      const result = validateDocument({ text, path: PATH });
      assert.equal(result.kind, KIND);
      assert.deepEqual(tuples(text, result), [['policy-condition-invalid', 'error', '$.permissions.escalate[2].condition', span]]);
      assert.match(result.findings[0].message, message);
      checkYaml(value, YAML_PATH, [['policy-condition-invalid', 'error', '$.permissions.escalate[2].condition', span]]);
    });
  }

  test('a double-quoted YAML condition is spanned inside the quotes', () => {
    const text = fixtureText('agent-policy.yaml').replace('condition: amount > 2000', 'condition: "amount >> 2000"');
    const result = validateDocument({ text, path: YAML_PATH });
    assert.deepEqual(tuples(text, result), [['policy-condition-invalid', 'error', '$.permissions.escalate[2].condition', '>>']]);
  });

  for (const condition of ['amount > $1,000', 'amount >= 500 USD', 'tier != 2', 'risk==3', 'the amount < 10']) {
    test(`${JSON.stringify(condition)} is a condition OpenClaw evaluates: no finding`, () => {
      check(withCondition(condition), []);
    });
  }
});

describe('agent policy red flags: audit and trust', () => {
  test('audit.retention under 2555 days is policy-retention-too-short; 2555 passes', () => {
    const policy = base();
    policy.audit.retention = 365;
    const { result } = check(policy, [['policy-retention-too-short', 'warning', ['audit', 'retention']]]);
    assert.match(result.findings[0].message, /365 days is under 2555/);
    policy.audit.retention = 2554;
    check(policy, [['policy-retention-too-short', 'warning', ['audit', 'retention']]]);
    checkYaml(policy, YAML_PATH, [['policy-retention-too-short', 'warning', '$.audit.retention', '2554']]);
    policy.audit.retention = 2555;
    check(policy, []);
  });

  test('trust.minimum_score under 50 is policy-trust-too-low', () => {
    const policy = base();
    policy.trust.minimum_score = 49;
    check(policy, [['policy-trust-too-low', 'warning', ['trust', 'minimum_score']]]);
    checkYaml(policy, YAML_PATH, [['policy-trust-too-low', 'warning', '$.trust.minimum_score', '49']]);
  });

  test('trust.recovery_threshold under 80, or under minimum_score, is policy-trust-too-low', () => {
    const policy = base();
    policy.trust.recovery_threshold = 79;
    check(policy, [['policy-trust-too-low', 'warning', ['trust', 'recovery_threshold']]]);
    policy.trust = { minimum_score: 90, recovery_threshold: 85 };
    const { result } = check(policy, [['policy-trust-too-low', 'warning', ['trust', 'recovery_threshold']]]);
    assert.match(result.findings[0].message, /under minimum_score 90/);
  });

  test('the checklist defaults 50 / 80 pass', () => {
    const policy = base();
    policy.trust = { minimum_score: 50, recovery_threshold: 80 };
    check(policy, []);
  });
});

describe('agent policy red flags: coverage and sensitive fields ', () => {
  test('an allow entry covered by a deny pattern is policy-dead-allow, naming the deny entry', () => {
    const policy = base();
    policy.permissions.allow = ['read:shipment', 'delete:shipment', 'delete:*', 'update:carrier_payment_info'];
    const findings = coverageFindings(policy);
    assert.deepEqual(findings.map((f) => [f.code, f.severity, f.path]), [
      ['policy-dead-allow', 'warning', ['permissions', 'allow', 1]],
      ['policy-dead-allow', 'warning', ['permissions', 'allow', 2]],
      ['policy-dead-allow', 'warning', ['permissions', 'allow', 3]],
    ]);
    assert.match(findings[0].message, /deny entry "delete:\*" \(permissions\.deny\[0\]\)/);
    assert.match(findings[2].message, /deny entry "update:carrier_payment_info" \(permissions\.deny\[1\]\)/);
  });

  test('entries covered by an escalate string pattern are policy-shadowed-by-escalation', () => {
    const policy = base();
    policy.permissions.escalate = ['cargo_*', { action: '*', condition: 'amount > 5' }, { action: 'read:*' }];
    policy.permissions.deny = ['delete:*', 'cargo_release'];
    policy.permissions.allow = ['read:shipment', 'cargo_hold', '*cargo'];
    const findings = coverageFindings(policy);
    check(policy, [
      ['policy-wildcard-allow', 'warning', ['permissions', 'allow', 2]],
      ['policy-shadowed-by-escalation', 'warning', ['permissions', 'deny', 1]],
      ['policy-shadowed-by-escalation', 'warning', ['permissions', 'allow', 1]],
    ]);
    assert.deepEqual(findings.map((f) => [f.code, f.path]), [
      ['policy-shadowed-by-escalation', ['permissions', 'deny', 1]],
      ['policy-shadowed-by-escalation', ['permissions', 'allow', 1]],
    ]);
    assert.match(findings[0].message, /escalate entry "cargo_\*" \(permissions\.escalate\[0\]\)/);
  });

  test('audit.sensitive_fields without password / ssn / credit_card names the missing ones', () => {
    const policy = base();
    policy.audit.sensitive_fields = ['driver_license', 'iban'];
    const { result } = check(policy, [['policy-sensitive-fields-missing', 'warning', ['audit', 'sensitive_fields'], 'key']]);
    assert.match(result.findings[0].message, /"password", "ssn", "credit_card"/);
    policy.audit.sensitive_fields = ['password', 'credit_card', 'iban'];
    assert.match(sensitiveFieldFindings(policy)[0].message, /does not list "ssn":/);
    policy.audit.sensitive_fields.push('ssn');
    assert.deepEqual(sensitiveFieldFindings(policy), []);
  });
});

describe('agent policy red flags: examples', () => {
  for (const name of ['agents/billing-agent.policy.json', 'agents/support-agent.policy.yaml']) {
    test(`${name} stays clean`, () => {
      const text = example(name);
      const result = validateDocument({ text, path: `examples/${name}` });
      assert.equal(result.kind, KIND);
      assert.deepEqual(result.findings, []);
      const value = parseYaml(text);
      assert.deepEqual(coverageFindings(value), []);
      assert.deepEqual(sensitiveFieldFindings(value), []);
    });
  }

  test('problems/wildcard-agent.policy.yaml keeps exactly its two policy-wildcard-allow findings', () => {
    const text = example('problems/wildcard-agent.policy.yaml');
    const result = validateDocument({ text, path: 'examples/problems/wildcard-agent.policy.yaml' });
    assert.deepEqual(tuples(text, result), [
      ['policy-wildcard-allow', 'error', '$.permissions.allow[0]', '"*"'],
      ['policy-wildcard-allow', 'warning', '$.permissions.allow[1]', 'read:*'],
    ]);
    const value = parseYaml(text);
    assert.deepEqual(coverageFindings(value), []);
    assert.deepEqual(sensitiveFieldFindings(value), []);
  });
});
