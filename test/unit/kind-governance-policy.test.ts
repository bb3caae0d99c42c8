// AANA human-governance policies (production.validate_governance_policy).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPollution, assertNotDetected, defineOwn, fieldCases, fixtureText, kindChecks, missingKeys, type Json } from '../support/kind-tests.ts';

// ------------------------------------------------------------------ kind

const KIND = 'governance-policy';
const DEFAULT_PATH = 'governance/dispatch-assist.json';
const SCHEMA_URL = 'https://prodgate.dev/schemas/governance-policy.schema.json';
const base = (): Json => JSON.parse(fixtureText('governance-policy.json'));
const { check, checkYaml, fixtureTests } = kindChecks(KIND, DEFAULT_PATH);
const { textCases, listCases, sectionCases } = fieldCases(check, base);

describe('governance policy: valid fixtures and detection', () => {
  fixtureTests('governance-policy', 'governance');

  test('decision_explanations with review_metrics is enough to detect the kind', () => {
    const policy = base();
    delete policy.escalation_classes;
    check(policy, [['key-missing', 'error', ['escalation_classes']]]);
  });

  test('policy_name and owner alone are not a governance policy (nor any kind)', () => {
    assertNotDetected({ policy_name: 'x', owner: 'y' });
    assertNotDetected({ policy_name: 'Dispatch Assist human governance', owner: 'Fleet Ops', review_cadence: 'weekly' });
  });

  test('decision_explanations without review_metrics is not detected', () => {
    assertNotDetected({ policy_name: 'x', decision_explanations: { ask: 'a', defer: 'b', refuse: 'c' } });
  });
});

describe('governance policy: top-level text', () => {
  for (const key of ['policy_name', 'owner', 'review_cadence']) textCases([], key, { placeholder: 'error' });

  test('review_cadence is free text (no enum)', () => {
    const policy = base();
    policy.review_cadence = 'every second Thursday';
    check(policy, []);
  });
});

describe('governance policy: escalation_classes', () => {
  listCases([], 'escalation_classes');
  for (const key of ['name', 'trigger', 'route']) textCases(['escalation_classes', 2], key, { placeholder: 'error' });
  listCases(['escalation_classes', 0], 'allowed_actions');

  test('a class that is not an object is a type-mismatch only', () => {
    const policy = base();
    policy.escalation_classes[1] = 'low-confidence verifier result';
    check(policy, [['type-mismatch', 'error', ['escalation_classes', 1]]]);
  });

  test('an empty class reports each of its four keys on the class', () => {
    const policy = base();
    policy.escalation_classes.push({});
    check(
      policy,
      missingKeys(['escalation_classes', 3], ['name', 'trigger', 'route', 'allowed_actions']),
    );
  });

  test('allowed action names are not checked against an enum', () => {
    const policy = base();
    policy.escalation_classes[0].allowed_actions = ['page the supervisor'];
    check(policy, []);
  });

  test('topic coverage is not checked here (the certification checks it)', () => {
    const policy = base();
    policy.escalation_classes = [policy.escalation_classes[1]];
    check(policy, []);
  });
});

describe('governance policy: decision_explanations', () => {
  sectionCases([], 'decision_explanations');
  for (const action of ['ask', 'defer', 'refuse']) textCases(['decision_explanations'], action, { placeholder: 'error' });

  test('an empty decision_explanations reports ask, defer and refuse', () => {
    const policy = base();
    policy.decision_explanations = {};
    check(policy, missingKeys(['decision_explanations'], ['ask', 'defer', 'refuse']));
  });
});

describe('governance policy: review_metrics', () => {
  listCases([], 'review_metrics');

  test('each blank or placeholder metric is reported on its item', () => {
    const policy = base();
    policy.review_metrics = ['false_accept_rate', '', '   ', 'REPLACE_WITH_METRIC', 'irreplaceable_rate'];
    check(policy, [
      ['value-empty', 'error', ['review_metrics', 1]],
      ['value-empty', 'error', ['review_metrics', 2]],
      ['value-placeholder', 'error', ['review_metrics', 3]],
      ['value-placeholder', 'error', ['review_metrics', 4]],
    ]);
  });

  test('a non-string metric is a type-mismatch only', () => {
    const policy = base();
    policy.review_metrics[0] = 0.02;
    check(policy, [['type-mismatch', 'error', ['review_metrics', 0]]]);
  });

  test('there is no required list of review metrics', () => {
    const policy = base();
    policy.review_metrics = ['carrier_complaints'];
    check(policy, []);
  });
});

describe('governance policy: incident_response', () => {
  sectionCases([], 'incident_response');
  for (const key of ['owner', 'rollback_trigger', 'notification_path']) textCases(['incident_response'], key, { placeholder: 'error' });
  listCases(['incident_response'], 'severity_levels');

  test('severity level values are not checked', () => {
    const policy = base();
    policy.incident_response.severity_levels = ['', 'replace'];
    check(policy, []);
  });
});

describe('governance policy: whole documents', () => {
  test('an object with only $schema reports each of the 7 required keys once', () => {
    const { result } = check(
      { $schema: SCHEMA_URL },
      missingKeys([], ['policy_name', 'owner', 'review_cadence', 'escalation_classes', 'decision_explanations', 'review_metrics', 'incident_response']),
    );
    assert.equal(result.kindSource, 'schema');
  });

  test('governance never emits warnings: every placeholder is an error', () => {
    const policy = base();
    policy.owner = 'Replace Me';
    policy.escalation_classes[0].route = 'replace-with-queue';
    policy.decision_explanations.refuse = 'REPLACE';
    policy.incident_response.notification_path = 'replace';
    const { result } = check(policy, [
      ['value-placeholder', 'error', ['owner']],
      ['value-placeholder', 'error', ['escalation_classes', 0, 'route']],
      ['value-placeholder', 'error', ['decision_explanations', 'refuse']],
      ['value-placeholder', 'error', ['incident_response', 'notification_path']],
    ]);
    assert.ok(result.findings.every((f) => f.severity === 'error'));
  });

  test('YAML findings point at the YAML text', () => {
    const policy = base();
    policy.review_cadence = '';
    delete policy.escalation_classes[1].trigger;
    policy.incident_response.severity_levels = [];
    checkYaml(policy, 'governance/dispatch-assist.yaml', (text) => {
      const classStart = text.indexOf('- name: low-confidence verifier result');
      const classText = text.slice(classStart + 2, text.indexOf('  - name: irreversible', classStart));
      return [
        ['value-empty', 'error', '$.review_cadence', '""'],
        ['key-missing', 'error', '$.escalation_classes[1].trigger', classText],
        ['list-empty', 'error', '$.incident_response.severity_levels', '[]'],
      ];
    });
  });

  test('__proto__, constructor and hasOwnProperty keys are plain data: no crash, no pollution', () => {
    const policy = base();
    delete policy.incident_response;
    defineOwn(policy, '__proto__', { incident_response: { owner: 'x' }, polluted: true });
    defineOwn(policy.decision_explanations, 'constructor', { prototype: { polluted: true } });
    defineOwn(policy.escalation_classes[0], 'hasOwnProperty', 'nope');
    check(policy, [['key-missing', 'error', ['incident_response']]]);
    assertNoPollution();
  });
});
