// menace deployment governance: rule files, thresholds, workflow scorecards and signed overrides.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { validateDocument, type ValidationSettings } from '../../server/src/engine/validate.ts';
import { assertNoPollution, assertNotDetected, defineOwn, fixtureText, kindChecks, rowsOf, tuples, type CheckOptions, type Expected, type Json } from '../support/kind-tests.ts';

// ------------------------------------------------------------------ kinds

const KIND = 'governance-rules';
const DEFAULT_PATH = 'config/deployment_governance.json';
const { check, assertValidFixture } = kindChecks(KIND, DEFAULT_PATH);

const rules = (): Json => JSON.parse(fixtureText('governance-rules.json'));
const thresholds = (): Json => JSON.parse(fixtureText('deployment-thresholds.json'));
const sectioned = (): Json => JSON.parse(fixtureText('deployment-thresholds-sectioned.json'));
const scorecard = (): Json => JSON.parse(fixtureText('workflow-scorecard.json'));
const override = (): Json => JSON.parse(fixtureText('signed-override.json'));

const checkRules = (value: unknown, expected: Expected[], options: CheckOptions = {}) =>
  check(value, expected, { kind: 'governance-rules', path: 'config/deployment_governance.json', ...options });
const checkThresholds = (value: unknown, expected: Expected[], options: CheckOptions = {}) =>
  check(value, expected, { kind: 'deployment-thresholds', path: 'config/deployment_policy.json', ...options });
const checkScorecard = (value: unknown, expected: Expected[], options: CheckOptions = {}) =>
  check(value, expected, { kind: 'workflow-scorecard', path: 'scorecards/reroute.scorecard.json', ...options });
const checkOverride = (value: unknown, expected: Expected[], options: CheckOptions = {}) =>
  check(value, expected, { kind: 'signed-override', path: 'config/overrides/dispatch-assist.override.json', ...options });

describe('menace governance rules', () => {
  test('the JSON and YAML fixtures have no findings and are detected by content', () => {
    assertValidFixture('governance-rules.json', 'config/deployment_governance.json', 'governance-rules');
    assert.deepEqual(parseYaml(fixtureText('governance-rules.yaml')), rules());
    assertValidFixture('governance-rules.yaml', 'config/deployment_governance.yaml', 'governance-rules');
    checkRules(rules(), []);
  });

  test('look-alikes are not detected: an empty array, a rule without condition first, a list of strings', () => {
    assertNotDetected([]);
    assertNotDetected([{ decision: 'promote' }, { decision: 'no_go', condition: 'raroi < 0.2' }]);
    assertNotDetected(['promote', 'demote']);
    assertNotDetected({ decision: 'promote', condition: 'True' });
  });

  test('a later rule without condition is key-missing on the rule', () => {
    const value = rules();
    delete value[2].condition;
    checkRules(value, [['key-missing', 'error', [2, 'condition']]]);
  });

  test('a later rule without decision is key-missing on the rule', () => {
    const value = rules();
    delete value[3].decision;
    checkRules(value, [['key-missing', 'error', [3, 'decision']]]);
  });

  test('a first rule without condition, assigned by the YAML modeline, is key-missing', () => {
    const value = rules();
    delete value[0].condition;
    const text = `# yaml-language-server: $schema=../schemas/governance-rules.schema.json\n${toYaml(value)}`;
    const result = validateDocument({ text, path: 'config/deployment_governance.yaml' });
    assert.equal(result.kind, 'governance-rules');
    assert.equal(result.kindSource, 'schema');
    const firstRule = text.slice(text.indexOf('decision: no_go'), text.indexOf('- decision: pilot'));
    assert.deepEqual(tuples(text, result), [['key-missing', 'error', '$[0].condition', firstRule]]);
  });

  for (const decision of ['ship', 'Promote', 'borderline', 'micro_pilot', '']) {
    test(`decision ${JSON.stringify(decision)} is value-not-allowed`, () => {
      const value = rules();
      value[1].decision = decision;
      const { result } = checkRules(value, [['value-not-allowed', 'error', [1, 'decision']]]);
      assert.match(result.findings[0].message, /allowed: "promote", "demote", "pilot", "no_go"\.$/);
    });
  }

  test('an empty condition breaks the schema', () => {
    const value = rules();
    value[3].condition = '';
    checkRules(value, [['schema-violation', 'error', [3, 'condition']]]);
  });

  test('a condition that is not a string is a type-mismatch', () => {
    const value = rules();
    value[3].condition = true;
    checkRules(value, [['type-mismatch', 'error', [3, 'condition']]]);
  });

  test('a missing or empty reason_code is a warning (the decision name is reported instead); a number is a type-mismatch', () => {
    const value = rules();
    delete value[0].reason_code;
    value[1].reason_code = '';
    checkRules(value, [
      ['reason-code-missing', 'warning', [0, 'decision'], 'key'],
      ['reason-code-missing', 'warning', [1, 'reason_code']],
    ]);
    value[2].reason_code = 7;
    checkRules(value, [
      ['reason-code-missing', 'warning', [0, 'decision'], 'key'],
      ['reason-code-missing', 'warning', [1, 'reason_code']],
      ['type-mismatch', 'error', [2, 'reason_code']],
    ]);
  });

  test('the loader\'s "reason" fallback and governance.py\'s "message" are key-unknown warnings', () => {
    const value = rules();
    value[1].reason = 'micro_pilot';
    value[2].message = 'unstable scenarios';
    checkRules(value, [
      ['key-unknown', 'warning', [1, 'reason']],
      ['key-unknown', 'warning', [2, 'message']],
    ]);
  });

  test('a rule that is not an object is a type-mismatch', () => {
    const value = rules();
    value.push('promote when raroi > 2');
    checkRules(value, [['type-mismatch', 'error', [4]]]);
  });

  test('an object root assigned by settings is one type-mismatch', () => {
    const settings: ValidationSettings = { files: { 'config/deployment_governance.*': 'governance-rules' }, maxFileSizeMB: 5 };
    const value = { rules: rules() };
    const { text, result } = checkRules(value, [['type-mismatch', 'error', []]], { settings });
    assert.equal(result.kindSource, 'setting');
    assert.equal(rowsOf(text, result)[0].span, text);
  });

  test('__proto__ and constructor keys in a rule are unknown keys, not prototypes', () => {
    const value = rules();
    defineOwn(value[0], '__proto__', { polluted: true });
    defineOwn(value[1], 'constructor', { prototype: { polluted: true } });
    checkRules(value, [
      ['key-unknown', 'warning', [0, '__proto__']],
      ['key-unknown', 'warning', [1, 'constructor']],
    ]);
    assertNoPollution();
  });
});

describe('menace deployment thresholds', () => {
  test('the flat and sectioned fixtures (JSON and YAML) have no findings and are detected by content', () => {
    assertValidFixture('deployment-thresholds.json', 'config/deployment_policy.json', 'deployment-thresholds');
    assert.deepEqual(parseYaml(fixtureText('deployment-thresholds.yaml')), thresholds());
    assertValidFixture('deployment-thresholds.yaml', 'config/deployment_policy.yaml', 'deployment-thresholds');
    assertValidFixture('deployment-thresholds-sectioned.json', 'config/deployment_policy.json', 'deployment-thresholds');
    assert.deepEqual(parseYaml(fixtureText('deployment-thresholds-sectioned.yaml')), sectioned());
    assertValidFixture('deployment-thresholds-sectioned.yaml', 'config/deployment_policy.yaml', 'deployment-thresholds');
    checkThresholds(thresholds(), []);
    checkThresholds(sectioned(), []);
  });

  test(
    'the shipped sectioned file, with its top-level roi_forecast_min, does not mix formats',
    () => {
      const value = { roi_forecast_min: 0.0, ...sectioned() };
      checkThresholds(value, []);
    },
  );

  test('one flat key, or one section with thresholds, is enough to detect the kind', () => {
    checkThresholds({ raroi_threshold: 1.0 }, []);
    checkThresholds({ demote: { thresholds: { raroi_min: 0.2 } } }, []);
  });

  test('look-alikes are not detected', () => {
    assertNotDetected({ promote: { reason_code: 'ok' } });
    assertNotDetected({ thresholds: { raroi_min: 1 } });
  });

  test('sandbox_roi_low above adapter_roi_high is thresholds-inconsistent (warning)', () => {
    const value = thresholds();
    value.sandbox_roi_low = 1.5;
    const { result } = checkThresholds(value, [['thresholds-inconsistent', 'warning', ['sandbox_roi_low']]]);
    assert.equal(result.findings[0].message, 'sandbox_roi_low (1.5) is not below adapter_roi_high (1.2): the micro-pilot band is empty or inverted.');
  });

  test('equal bounds leave an empty band: thresholds-inconsistent', () => {
    const value = thresholds();
    value.sandbox_roi_low = 1.2;
    checkThresholds(value, [['thresholds-inconsistent', 'warning', ['sandbox_roi_low']]]);
  });

  test('the aliases take precedence: sandbox_low is reported when it is the inverted bound', () => {
    const value = thresholds();
    value.sandbox_low = 2;
    value.adapter_high = 1;
    checkThresholds(value, [['thresholds-inconsistent', 'warning', ['sandbox_low']]]);
  });

  test('a consistent alias overrides an inconsistent long name', () => {
    const value = thresholds();
    value.sandbox_roi_low = 5;
    value.sandbox_low = 0.05;
    checkThresholds(value, []);
  });

  test('adapter_high below sandbox_roi_low is reported on sandbox_roi_low', () => {
    const value = thresholds();
    value.adapter_high = 0.01;
    checkThresholds(value, [['thresholds-inconsistent', 'warning', ['sandbox_roi_low']]]);
  });

  test('mixing flat keys with a section is thresholds-inconsistent on the section key', () => {
    const value = thresholds();
    value.micro_pilot = sectioned().micro_pilot;
    const { result } = checkThresholds(value, [['thresholds-inconsistent', 'warning', ['micro_pilot'], 'key']]);
    assert.match(result.findings[0].message, /mixes flat thresholds/);
  });

  test('out-of-range values break the schema', () => {
    const value = thresholds();
    value.confidence_threshold = 1.5;
    value.max_variance = -0.1;
    checkThresholds(value, [
      ['schema-violation', 'error', ['confidence_threshold']],
      ['schema-violation', 'error', ['max_variance']],
    ]);
  });

  test('wrong types are type-mismatch', () => {
    const value = thresholds();
    value.raroi_threshold = '1.1';
    value.scenario_thresholds.port_strike = 'low';
    value.allow_negative_dag = 'no';
    checkThresholds(value, [
      ['type-mismatch', 'error', ['raroi_threshold']],
      ['type-mismatch', 'error', ['scenario_thresholds', 'port_strike']],
      ['type-mismatch', 'error', ['allow_negative_dag']],
    ]);
  });

  test('a section threshold out of range breaks the schema', () => {
    const value = sectioned();
    value.promote.thresholds.confidence_min = 2;
    checkThresholds(value, [['schema-violation', 'error', ['promote', 'thresholds', 'confidence_min']]]);
  });

  test('an optional condition without condition is key-missing on its name', () => {
    const value = sectioned();
    delete value.micro_pilot.optional_conditions.forecast_beats_sandbox.condition;
    checkThresholds(value, [['key-missing', 'error', ['micro_pilot', 'optional_conditions', 'forecast_beats_sandbox', 'condition']]]);
  });

  test('scenario names like __proto__ and constructor are ordinary names', () => {
    const value = thresholds();
    defineOwn(value.scenario_thresholds, '__proto__', 0.3);
    defineOwn(value.scenario_thresholds, 'constructor', 'high');
    checkThresholds(value, [['type-mismatch', 'error', ['scenario_thresholds', 'constructor']]]);
    assertNoPollution();
  });
});

describe('menace workflow scorecard', () => {
  test('the JSON and YAML fixtures have no findings and are detected by content', () => {
    assertValidFixture('workflow-scorecard.json', 'scorecards/reroute.scorecard.json', 'workflow-scorecard');
    assert.deepEqual(parseYaml(fixtureText('workflow-scorecard.yaml')), scorecard());
    assertValidFixture('workflow-scorecard.yaml', 'scorecards/reroute.scorecard.yaml', 'workflow-scorecard');
    checkScorecard(scorecard(), []);
  });

  test('two measures detect a scorecard; one does not; a permissions object rules it out', () => {
    checkScorecard({ raroi: 1.2, alignment_status: 'pass' }, []);
    assertNotDetected({ raroi: 1.2, workflow_id: 'reroute' });
    assertNotDetected({ raroi: 1.2, sandbox_roi: 0.4, permissions: { allow: ['read:x'] } });
  });

  test('confidence outside 0–1 breaks the schema', () => {
    for (const confidence of [1.2, -0.1]) {
      const value = scorecard();
      value.confidence = confidence;
      checkScorecard(value, [['schema-violation', 'error', ['confidence']]]);
    }
  });

  test('measures may be null, but not strings', () => {
    const value = scorecard();
    value.raroi = null;
    value.sandbox_roi = null;
    checkScorecard(value, []);
    value.adapter_roi = '1.05';
    checkScorecard(value, [['type-mismatch', 'error', ['adapter_roi']]]);
  });

  test('alignment_status may be an object with a status; a number is a type-mismatch', () => {
    const value = scorecard();
    value.alignment_status = { status: 'pass', reviewer: 'Fleet Ops AI Governance' };
    checkScorecard(value, []);
    value.alignment_status = 1;
    checkScorecard(value, [['type-mismatch', 'error', ['alignment_status']]]);
  });

  test('security_status must be a string', () => {
    const value = scorecard();
    value.security_status = null;
    checkScorecard(value, [['type-mismatch', 'error', ['security_status']]]);
  });

  test('scenario scores must be numbers, whatever the scenario is called', () => {
    const value = scorecard();
    value.scenario_scores.peak_season = 'good';
    defineOwn(value.scenario_scores, '__proto__', 'bad');
    defineOwn(value.scenario_scores, 'constructor', 0.5);
    checkScorecard(value, [
      ['type-mismatch', 'error', ['scenario_scores', 'peak_season']],
      ['type-mismatch', 'error', ['scenario_scores', '__proto__']],
    ]);
    assertNoPollution();
  });
});

describe('menace signed override', () => {
  test('the JSON fixture has no findings and is detected by content', () => {
    assertValidFixture('signed-override.json', 'config/overrides/dispatch-assist.override.json', 'signed-override');
    checkOverride(override(), []);
  });

  test('the fixture\'s signature is the HMAC-SHA256 of the canonical JSON of data', () => {
    const value = override();
    const canonical = JSON.stringify(Object.fromEntries(Object.entries(value.data).sort(([a], [b]) => (a < b ? -1 : 1))));
    assert.equal(canonical, '{"approved_by":"Priya Raman","bypass_micro_pilot":false,"ticket":"FLEETOPS-2291","verdict":"pilot"}');
    assert.equal(createHmac('sha256', 'harborlight-governance-2026').update(canonical).digest('hex'), value.signature);
  });

  test('"used": true is an override-used warning', () => {
    const value = override();
    value.used = true;
    const { result } = checkOverride(value, [['override-used', 'warning', ['used']]]);
    assert.equal(result.findings[0].message, 'This override was already applied ("used": true); it will be rejected if applied again.');
  });

  test('"used": false is fine; "used": "yes" is a type-mismatch only', () => {
    const value = override();
    value.used = false;
    checkOverride(value, []);
    value.used = 'yes';
    checkOverride(value, [['type-mismatch', 'error', ['used']]]);
  });

  for (const signature of ['25FE3BDB8059DAA72435147D2D1E503D66A6508B266CC999604F26D9096DB164', '25fe3bdb', '', 'z'.repeat(64)]) {
    test(`signature ${JSON.stringify(signature.slice(0, 12))}… (${signature.length} chars) breaks the schema`, () => {
      const value = override();
      value.signature = signature;
      checkOverride(value, [['schema-violation', 'error', ['signature']]]);
    });
  }

  test('an unknown verdict is value-not-allowed; micro_pilot is not a forced verdict here', () => {
    const value = override();
    value.data.verdict = 'ship';
    value.data.forced_verdict = 'micro_pilot';
    checkOverride(value, [
      ['value-not-allowed', 'error', ['data', 'verdict']],
      ['value-not-allowed', 'error', ['data', 'forced_verdict']],
    ]);
  });

  test('bypass_micro_pilot must be a boolean', () => {
    const value = override();
    value.data.bypass_micro_pilot = 'yes';
    checkOverride(value, [['type-mismatch', 'error', ['data', 'bypass_micro_pilot']]]);
  });

  test('with $schema, a missing signature and data are key-missing', () => {
    const value = { $schema: 'https://prodgate.dev/schemas/signed-override.schema.json', used: false };
    const { result } = checkOverride(value, [
      ['key-missing', 'error', ['data']],
      ['key-missing', 'error', ['signature']],
    ]);
    assert.equal(result.kindSource, 'schema');
  });

  test('with $schema, a numeric signature is a type-mismatch', () => {
    const value = { $schema: 'https://prodgate.dev/schemas/signed-override.schema.json', ...override(), signature: 1234 };
    checkOverride(value, [['type-mismatch', 'error', ['signature']]]);
  });

  test('data or signature alone is not detected as any kind', () => {
    assertNotDetected({ data: { verdict: 'pilot' } });
    assertNotDetected({ signature: override().signature });
    assertNotDetected({ data: 'verdict=pilot', signature: override().signature });
  });

  test('__proto__ and constructor keys in data are plain data', () => {
    const value = override();
    defineOwn(value.data, '__proto__', { verdict: 'ship', polluted: true });
    defineOwn(value.data, 'constructor', { prototype: { polluted: true } });
    defineOwn(value, '__proto__', { used: true });
    checkOverride(value, []);
    assertNoPollution();
  });

  test('an override in YAML is recognised and checked like JSON (every kind is written in JSON and YAML)', () => {
    const text = toYaml(override());
    const result = validateDocument({ text, path: 'config/overrides/dispatch-assist.override.yaml' });
    assert.equal(result.kind, 'signed-override');
    assert.deepEqual(result.findings, []);
  });
});
