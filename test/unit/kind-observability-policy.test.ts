// AANA observability policies (production.validate_observability_policy).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { validateDocument, type ValidationSettings } from '../../server/src/engine/validate.ts';
import { assertNoPollution, assertNotDetected, defineOwn, fieldCases, fixtureText, json, kindChecks, missingKeys, type Json } from '../support/kind-tests.ts';

// ------------------------------------------------------------------ kind

const KIND = 'observability-policy';
const DEFAULT_PATH = 'observability/dispatch-assist.json';
const SCHEMA_URL = 'https://prodgate.dev/schemas/observability-policy.schema.json';
const base = (): Json => JSON.parse(fixtureText('observability-policy.json'));
const { check, checkYaml, fixtureTests } = kindChecks(KIND, DEFAULT_PATH);
const { textCases, integerCases, listCases, sectionCases } = fieldCases(check, base);

describe('observability policy: valid fixtures and detection', () => {
  fixtureTests('observability-policy', 'observability');

  test('settings { "weird/*.txt.json": "observability-policy" } set the kind by glob', () => {
    const settings: ValidationSettings = { files: { 'weird/*.txt.json': 'observability-policy' }, maxFileSizeMB: 5 };
    const text = json({ note: 'not an observability policy by its content' });
    const matched = validateDocument({ text, path: 'weird/metrics.txt.json' }, settings);
    assert.equal(matched.kind, KIND);
    assert.equal(matched.kindSource, 'setting');
    assert.equal(matched.findings.length, 9);
    assert.ok(matched.findings.every((f) => f.code === 'key-missing'));
    const valid = validateDocument({ text: fixtureText('observability-policy.json'), path: 'weird/metrics.txt.json' }, settings);
    assert.equal(valid.kindSource, 'setting');
    assert.deepEqual(valid.findings, []);
    // A glob with a slash matches the whole relative path, not the file name.
    assert.equal(validateDocument({ text, path: 'other/metrics.txt.json' }, settings).kind, undefined);
    assert.equal(validateDocument({ text, path: 'weird/deeper/metrics.txt.json' }, settings).kind, undefined);
    // Windows separators are normalised.
    assert.equal(validateDocument({ text, path: 'weird\\metrics.txt.json' }, settings).kind, KIND);
  });

  test('a setting naming an unknown kind is ignored', () => {
    const settings: ValidationSettings = { files: { '*.json': 'observability' }, maxFileSizeMB: 5 };
    assert.equal(validateDocument({ text: '{}', path: 'a.json' }, settings).kind, undefined);
  });

  test('a file that the setting assigns but that is empty is document-empty', () => {
    const settings: ValidationSettings = { files: { 'weird/*.txt.json': 'observability-policy' }, maxFileSizeMB: 5 };
    const result = validateDocument({ text: '  \n', path: 'weird/metrics.txt.json' }, settings);
    assert.equal(result.kind, KIND);
    assert.deepEqual(result.findings.map((f) => [f.code, f.severity]), [['document-empty', 'error']]);
  });

  test('two signature keys detect the kind; one does not', () => {
    check({ dashboards: [], tracked_metrics: [] }, [
      ['list-empty', 'error', ['dashboards']],
      ['list-empty', 'error', ['tracked_metrics']],
      ...missingKeys([], ['policy_name', 'owner', 'dashboard_url', 'alerts', 'drift_review', 'latency_slo', 'on_call']),
    ]);
    assertNotDetected({ dashboards: [] });
    assertNotDetected({ tracked_metrics: ['latency'] });
    assertNotDetected({ policy_name: 'x', owner: 'y' });
  });
});

describe('observability policy: top-level text (placeholders are errors)', () => {
  for (const key of ['policy_name', 'owner', 'dashboard_url']) textCases([], key, { placeholder: 'error' });
});

describe('observability policy: dashboards and panels', () => {
  test('$.dashboards: [] is list-empty only', () => {
    const policy = base();
    policy.dashboards = [];
    check(policy, [['list-empty', 'error', ['dashboards']]]);
  });

  test('$.dashboards: missing is key-missing only', () => {
    const policy = base();
    delete policy.dashboards;
    check(policy, [['key-missing', 'error', ['dashboards']]]);
  });

  test('$.dashboards: an object is a type-mismatch only', () => {
    const policy = base();
    policy.dashboards = {};
    check(policy, [['type-mismatch', 'error', ['dashboards']]]);
  });

  for (const key of ['id', 'title', 'url', 'metrics_source', 'owner']) textCases(['dashboards', 1], key, { placeholder: 'error' });

  test('dashboard-panels-missing names the missing panels, sorted', () => {
    const policy = base();
    policy.dashboards[0].panels = policy.dashboards[0].panels.filter((p: Json) => p.id !== 'refusal_defer_rate' && p.id !== 'aix_drift');
    const { result } = check(policy, [['dashboard-panels-missing', 'error', ['dashboards']]]);
    assert.equal(result.findings[0].message, 'dashboards missing required panels: aix_drift, refusal_defer_rate.');
  });

  test('an empty panels list is list-empty, and its panels are missing', () => {
    const policy = base();
    policy.dashboards[1].panels = [];
    const { result } = check(policy, [
      ['list-empty', 'error', ['dashboards', 1, 'panels']],
      ['dashboard-panels-missing', 'error', ['dashboards']],
    ]);
    assert.match(result.findings.find((f) => f.code === 'dashboard-panels-missing')!.message, /panels: connector_failures, evidence_freshness, latency\.$/);
  });

  test('missing panels are key-missing on the dashboard, and its panels are missing', () => {
    const policy = base();
    delete policy.dashboards[1].panels;
    check(policy, [
      ['key-missing', 'error', ['dashboards', 1, 'panels']],
      ['dashboard-panels-missing', 'error', ['dashboards']],
    ]);
  });

  test('a dashboard that is not an object is a type-mismatch, and its panels are missing', () => {
    const policy = base();
    policy.dashboards[1] = 'https://grafana.harborlight.example/d/dispatch-assist-evidence';
    check(policy, [
      ['type-mismatch', 'error', ['dashboards', 1]],
      ['dashboard-panels-missing', 'error', ['dashboards']],
    ]);
  });

  for (const key of ['title', 'metric']) textCases(['dashboards', 0, 'panels', 3], key, { placeholder: 'error' });

  test('a blank panel id is value-empty and the panel does not count', () => {
    const policy = base();
    policy.dashboards[1].panels[2].id = '  ';
    const { result } = check(policy, [
      ['value-empty', 'error', ['dashboards', 1, 'panels', 2, 'id']],
      ['dashboard-panels-missing', 'error', ['dashboards']],
    ]);
    assert.match(result.findings.find((f) => f.code === 'dashboard-panels-missing')!.message, /panels: latency\.$/);
  });

  test('a placeholder panel id is value-placeholder', () => {
    const policy = base();
    policy.dashboards[0].panels.push({ id: 'replace_panel', title: 'Carrier refunds', metric: 'carrier_refund_total' });
    check(policy, [['value-placeholder', 'error', ['dashboards', 0, 'panels', 5, 'id']]]);
  });

  test('a missing panel id is key-missing on the panel, and the panel does not count', () => {
    const policy = base();
    delete policy.dashboards[0].panels[0].id;
    check(policy, [
      ['key-missing', 'error', ['dashboards', 0, 'panels', 0, 'id']],
      ['dashboard-panels-missing', 'error', ['dashboards']],
    ]);
  });

  test('a panel that is not an object is a type-mismatch, and does not count', () => {
    const policy = base();
    policy.dashboards[0].panels[4] = 'aix_drift';
    check(policy, [
      ['type-mismatch', 'error', ['dashboards', 0, 'panels', 4]],
      ['dashboard-panels-missing', 'error', ['dashboards']],
    ]);
  });

  test('panels are matched by id, not by metric', () => {
    const policy = base();
    policy.dashboards[1].panels[2].id = 'p95';
    const { result } = check(policy, [['dashboard-panels-missing', 'error', ['dashboards']]]);
    assert.match(result.findings[0].message, /panels: latency\.$/);
  });
});

describe('observability policy: tracked_metrics', () => {
  listCases([], 'tracked_metrics');

  test('metrics-missing names the missing metrics, sorted', () => {
    const policy = base();
    policy.tracked_metrics = policy.tracked_metrics.filter((m: string) => !['violation_code_count', 'aix_decision_count', 'latency'].includes(m));
    const { result } = check(policy, [['metrics-missing', 'error', ['tracked_metrics']]]);
    assert.equal(result.findings[0].message, 'tracked_metrics is missing required metrics: aix_decision_count, latency, violation_code_count.');
  });

  test('blank and placeholder items are reported on the item', () => {
    const policy = base();
    policy.tracked_metrics.push('', ' ', 'Replace_With_Metric');
    check(policy, [
      ['value-empty', 'error', ['tracked_metrics', 11]],
      ['value-empty', 'error', ['tracked_metrics', 12]],
      ['value-placeholder', 'error', ['tracked_metrics', 13]],
    ]);
  });

  test('a required metric turned into a placeholder is missing too', () => {
    const policy = base();
    policy.tracked_metrics[6] = 'latency (replace)';
    check(policy, [
      ['value-placeholder', 'error', ['tracked_metrics', 6]],
      ['metrics-missing', 'error', ['tracked_metrics']],
    ]);
  });

  test('a non-string item is a type-mismatch, and does not count', () => {
    const policy = base();
    policy.tracked_metrics[0] = null;
    check(policy, [
      ['type-mismatch', 'error', ['tracked_metrics', 0]],
      ['metrics-missing', 'error', ['tracked_metrics']],
    ]);
  });
});

describe('observability policy: alerts', () => {
  listCases([], 'alerts');
  for (const key of ['name', 'metric', 'condition', 'severity', 'route', 'owner']) textCases(['alerts', 3], key, { placeholder: 'error' });

  test('alerts-missing names the missing alert ids, sorted', () => {
    const policy = base();
    policy.alerts = policy.alerts.filter((a: Json) => a.id !== 'stale_evidence' && a.id !== 'aix_drift');
    const { result } = check(policy, [['alerts-missing', 'error', ['alerts']]]);
    assert.equal(result.findings[0].message, 'alerts missing required operational coverage: aix_drift, stale_evidence.');
  });

  test('a blank alert id is value-empty, and the alert does not count', () => {
    const policy = base();
    policy.alerts[5].id = '';
    check(policy, [
      ['value-empty', 'error', ['alerts', 5, 'id']],
      ['alerts-missing', 'error', ['alerts']],
    ]);
  });

  test('a placeholder alert id is value-placeholder', () => {
    const policy = base();
    policy.alerts.push({ ...policy.alerts[0], id: 'REPLACE_ALERT' });
    check(policy, [['value-placeholder', 'error', ['alerts', 6, 'id']]]);
  });

  test('a missing threshold is key-missing on the alert', () => {
    const policy = base();
    delete policy.alerts[2].threshold;
    check(policy, [['key-missing', 'error', ['alerts', 2, 'threshold']]]);
  });

  for (const wrong of ['0.15', null, true]) {
    test(`a threshold of ${JSON.stringify(wrong)} is a type-mismatch only`, () => {
      const policy = base();
      policy.alerts[0].threshold = wrong;
      check(policy, [['type-mismatch', 'error', ['alerts', 0, 'threshold']]]);
    });
  }

  test('zero and negative thresholds are accepted', () => {
    const policy = base();
    policy.alerts[5].threshold = 0;
    policy.alerts[4].threshold = -0.1;
    check(policy, []);
  });

  test('an alert that is not an object is a type-mismatch, and does not count', () => {
    const policy = base();
    policy.alerts[1] = 'connector_failures';
    check(policy, [
      ['type-mismatch', 'error', ['alerts', 1]],
      ['alerts-missing', 'error', ['alerts']],
    ]);
  });
});

describe('observability policy: drift_review', () => {
  sectionCases([], 'drift_review');
  textCases(['drift_review'], 'cadence', { placeholder: 'error' });
  textCases(['drift_review'], 'owner', { placeholder: 'error' });
  listCases(['drift_review'], 'required_reports');
});

describe('observability policy: latency_slo', () => {
  sectionCases([], 'latency_slo');
  integerCases(['latency_slo'], 'p95_ms');
  textCases(['latency_slo'], 'route', { placeholder: 'error' });

  test('$.latency_slo.p95_ms: a negative number is value-too-small', () => {
    const policy = base();
    policy.latency_slo.p95_ms = -1500;
    check(policy, [['value-too-small', 'error', ['latency_slo', 'p95_ms']]]);
  });
});

describe('observability policy: on_call', () => {
  sectionCases([], 'on_call');
  for (const key of ['primary', 'secondary', 'schedule', 'escalation_policy', 'handoff', 'incident_channel']) {
    textCases(['on_call'], key, { placeholder: 'error' });
  }

  test('page_for may be absent', () => {
    const policy = base();
    delete policy.on_call.page_for;
    check(policy, []);
  });

  test('page_for, when present, must not be empty', () => {
    const policy = base();
    policy.on_call.page_for = [];
    check(policy, [['list-empty', 'error', ['on_call', 'page_for']]]);
  });

  test('page_for as a string is a type-mismatch only', () => {
    const policy = base();
    policy.on_call.page_for = 'hard_blocker_spike';
    check(policy, [['type-mismatch', 'error', ['on_call', 'page_for']]]);
  });
});

describe('observability policy: whole documents', () => {
  test('an object with only $schema reports each of the 9 required keys once', () => {
    check(
      { $schema: SCHEMA_URL },
      missingKeys([], ['policy_name', 'owner', 'dashboard_url', 'dashboards', 'tracked_metrics', 'alerts', 'drift_review', 'latency_slo', 'on_call']),
    );
  });

  test('YAML findings point at the YAML text', () => {
    const policy = base();
    policy.dashboard_url = 'https://grafana.harborlight.example/d/replace-me';
    policy.latency_slo.p95_ms = 0;
    policy.alerts = policy.alerts.slice(0, 5);
    checkYaml(policy, 'observability/dispatch-assist.yaml', (text) => {
      const alertsText = text.slice(text.indexOf('- id: high_refusal_defer_rate'), text.indexOf('drift_review:'));
      return [
        ['value-placeholder', 'error', '$.dashboard_url', 'https://grafana.harborlight.example/d/replace-me'],
        ['alerts-missing', 'error', '$.alerts', alertsText],
        ['value-too-small', 'error', '$.latency_slo.p95_ms', '0'],
      ];
    });
  });

  test('__proto__, constructor and hasOwnProperty keys are plain data: no crash, no pollution', () => {
    const policy = base();
    delete policy.on_call;
    defineOwn(policy, '__proto__', { on_call: { primary: 'x' }, polluted: true });
    defineOwn(policy.dashboards[0].panels[0], 'constructor', { prototype: { polluted: true } });
    defineOwn(policy.latency_slo, 'hasOwnProperty', 1);
    defineOwn(policy.alerts[0], '__proto__', { id: 'aix_drift' });
    check(policy, [['key-missing', 'error', ['on_call']]]);
    assertNoPollution();
  });
});
