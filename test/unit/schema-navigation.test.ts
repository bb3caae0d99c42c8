// Schema navigation: where a JSON path leads in each kind's schema, the keys and values found
// there, and what a place means to the gates (metric lists, connectors, thresholds, conditions).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AANA_CATALOG } from '../../server/src/engine/certification/catalog.ts';
import { REQUIRED_CERTIFICATION_METRICS, REQUIRED_OBSERVABILITY_METRICS } from '../../server/src/engine/kinds/aana-requirements.ts';
import { KINDS } from '../../server/src/engine/kinds/index.ts';
import {
  CONDITION_TERMS,
  connectorMarkdown,
  connectorRequirers,
  keyDocumentation,
  keyPathOf,
  keysOf,
  kindSchemaAt,
  metricMarkdown,
  metricRequirers,
  resolveRefs,
  roleAt,
  schemaAt,
  thresholdMarkdown,
  thresholdMinimums,
  typeLabel,
  typesOf,
  valueChoices,
  type MetricList,
  type Threshold,
  type WorkspaceArtifact,
} from '../../server/src/engine/schema-navigation.ts';
import type { JsonSchema } from '../../server/src/engine/schema.ts';

function policy(name: string, value: unknown): WorkspaceArtifact {
  return { path: `/work/${name}`, uri: `file:///work/${name}`, validation: { value } };
}

function metricList(kind: 'certification-policy' | 'observability-policy', path: (string | number)[]): MetricList {
  const role = roleAt(kind, path);
  assert.equal(role?.role, 'metric-list');
  return role as MetricList;
}

function threshold(kind: Parameters<typeof roleAt>[0], path: (string | number)[]): Threshold {
  const role = roleAt(kind, path);
  assert.equal(role?.role, 'threshold');
  return role as Threshold;
}

describe('schemaAt', () => {
  test('follows properties, list items and additionalProperties', () => {
    assert.equal(kindSchemaAt('certification-policy', ['shadow_mode', 'minimum_duration_days'])?.type, 'integer');
    assert.equal(kindSchemaAt('external-evidence', ['connector_manifests', 3, 'connector_id'])?.type, 'string');
    assert.match(String(kindSchemaAt('agent-policy', ['rate_limits', 'actions_per_minute'])?.description), /limit for this counter/);
    assert.equal(kindSchemaAt('workflow-scorecard', ['scenario_scores', 'peak_season'])?.type, 'number');
  });

  test('a root list is entered by index, as in governance rules and audit logs', () => {
    assert.deepEqual(kindSchemaAt('governance-rules', [0, 'decision'])?.enum, ['promote', 'demote', 'pilot', 'no_go']);
    assert.deepEqual(kindSchemaAt('shadow-audit-log', [41, 'execution_mode'])?.enum, ['advisory', 'enforce', 'shadow', null]);
  });

  test('follows $ref into $defs, and the referring description wins', () => {
    const liveness = kindSchemaAt('deployment-manifest', ['container', 'probes', 'liveness']);
    assert.equal(liveness?.description, 'Liveness probe; its path must be /health.');
    assert.equal(kindSchemaAt('deployment-manifest', ['container', 'probes', 'readiness', 'period_seconds'])?.type, 'integer');
    // A $ref inside a $ref'd section: promote → section → thresholds → scenario_thresholds → additionalProperties.
    assert.equal(kindSchemaAt('deployment-thresholds', ['promote', 'thresholds', 'scenario_thresholds', 'baseline'])?.type, 'number');
    assert.equal(kindSchemaAt('deployment-thresholds', ['micro_pilot', 'optional_conditions', 'weekend', 'condition'])?.type, 'string');
  });

  test('says nothing where the schema says nothing', () => {
    assert.equal(kindSchemaAt('certification-bundle', ['unknown_key']), undefined); // additionalProperties: false
    assert.equal(kindSchemaAt('certification-policy', ['policy_name', 'deeper']), undefined);
    assert.equal(kindSchemaAt('certification-policy', ['shadow_mode', 0]), undefined);
  });

  test('a cycle of $refs ends instead of hanging', () => {
    const root: JsonSchema = { $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } }, properties: { x: { $ref: '#/$defs/a', description: 'x' } } };
    assert.equal(schemaAt(root, ['x'])?.description, 'x');
    assert.deepEqual(resolveRefs(root, { $ref: '#/nowhere', description: 'kept' }), { description: 'kept' });
  });

  test('every property of every schema has a description and is reachable', () => {
    for (const kind of KINDS) {
      const walk = (node: JsonSchema, path: (string | number)[], depth: number): void => {
        if (depth > 6) return;
        for (const key of keysOf(kind.schema, node)) {
          assert.ok(typeof key.schema.description === 'string', `${kind.id} ${[...path, key.name].join('.')} has a description`);
          assert.ok(schemaAt(kind.schema, [...path, key.name]), `${kind.id} ${[...path, key.name].join('.')} is reachable`);
          walk(key.schema, [...path, key.name], depth + 1);
        }
        const items = schemaAt(kind.schema, [...path, 0]);
        if (typesOf(node).includes('array') && items) walk(items, [...path, 0], depth + 1);
      };
      walk(schemaAt(kind.schema, [])!, [], 0);
    }
  });
});

describe('types and keys', () => {
  test('unions and lists are labelled', () => {
    const agent = KINDS.find((kind) => kind.id === 'agent-policy')!.schema;
    assert.equal(typeLabel(agent, schemaAt(agent, ['permissions', 'escalate'])!), 'array of (string | object)');
    assert.equal(typeLabel(agent, schemaAt(agent, ['permissions', 'allow'])!), 'array of string');
    assert.deepEqual(typesOf(kindSchemaAt('evidence-registry', ['sources', 0, 'max_age_hours'])!), ['integer', 'null']);
  });

  test('a union with object has the object’s keys', () => {
    const agent = KINDS.find((kind) => kind.id === 'agent-policy')!.schema;
    assert.deepEqual(keysOf(agent, schemaAt(agent, ['permissions', 'escalate', 0])!).map((key) => key.name), ['action', 'condition']);
  });

  test('keys come in schema order, with their required flag and resolved schema', () => {
    const bundle = KINDS.find((kind) => kind.id === 'certification-bundle')!.schema;
    const keys = keysOf(bundle, schemaAt(bundle, [])!);
    assert.equal(keys[1].name, 'certification_policy');
    assert.equal(keys[1].required, true);
    assert.equal(keys.filter((key) => key.required).length, 1);
    const manifest = KINDS.find((kind) => kind.id === 'deployment-manifest')!.schema;
    const probes = keysOf(manifest, schemaAt(manifest, ['container', 'probes'])!);
    assert.ok(probes[0].schema.properties, 'the $ref of liveness is followed');
  });
});

describe('valueChoices', () => {
  test('an enum is closed', () => {
    assert.deepEqual(valueChoices('deployment-manifest', ['domain_owners', 0, 'review_status']), { values: ['approved', 'pilot_approved'], closed: true });
    assert.deepEqual(valueChoices('signed-override', ['data', 'verdict']).values, ['promote', 'demote', 'pilot', 'no_go']);
    assert.deepEqual(valueChoices('shadow-audit-log', [0, 'execution_mode']).values, ['advisory', 'enforce', 'shadow'], 'null is not offered');
  });

  test("examples and AANA's known values are open, the passing value first", () => {
    assert.deepEqual(valueChoices('evidence-registry', ['sources', 0, 'allowed_trust_tiers', 2]).values.slice(0, 2), ['untrusted', 'user_provided']);
    assert.deepEqual(valueChoices('external-evidence', ['evidence_scope']), { values: ['external_deployment', 'template', 'internal_pilot'], closed: false });
    assert.deepEqual(valueChoices('external-evidence', ['connector_manifests', 0, 'environment']).values, ['production']);
    assert.deepEqual(valueChoices('deployment-manifest', ['environment']).values, ['production', 'internal-pilot']);
    assert.deepEqual(valueChoices('deployment-manifest', ['evidence_sources', 1, 'trust_tier']).values, valueChoices('evidence-registry', ['sources', 0, 'allowed_trust_tiers', 0]).values);
    assert.ok(valueChoices('observability-policy', ['alerts', 0, 'id']).values.includes('latency_spike'));
    assert.deepEqual(valueChoices('governance-policy', ['escalation_classes', 0, 'allowed_actions', 0]).values, ['ask', 'defer', 'refuse']);
    assert.deepEqual(valueChoices('certification-policy', ['human_review', 'required_for', 0]).values, ['high-impact decisions', 'irreversible decisions', 'low-confidence decisions']);
  });

  test('booleans offer true and false; free text offers nothing', () => {
    assert.deepEqual(valueChoices('certification-policy', ['approvals', 'security_signoff']).values, [true, false]);
    assert.deepEqual(valueChoices('certification-policy', ['policy_name']).values, []);
  });
});

describe('roleAt', () => {
  test('metric lists, with the list each gate requires', () => {
    assert.equal(metricList('certification-policy', ['metrics', 'required', 0]).required, REQUIRED_CERTIFICATION_METRICS);
    const tracked = metricList('observability-policy', ['tracked_metrics', 7]);
    assert.equal(tracked.required, REQUIRED_OBSERVABILITY_METRICS);
    assert.equal(tracked.tracksPolicyMetrics, true);
    assert.equal(roleAt('deployment-manifest', ['observability', 'tracked_metrics', 0])?.role, 'metric-list');
    assert.equal(roleAt('observability-policy', ['tracked_metrics']), undefined, 'the list itself is not a metric');
  });

  test('connectors, agent actions and conditions, wherever they sit in lists', () => {
    assert.equal(roleAt('certification-policy', ['connector_evidence', 'required_connectors', 4])?.role, 'connector');
    assert.equal(roleAt('external-evidence', ['connector_manifests', 2, 'connector_id'])?.role, 'connector');
    assert.equal(roleAt('agent-policy', ['permissions', 'deny', 0])?.role, 'agent-action');
    assert.equal(roleAt('agent-policy', ['permissions', 'escalate', 3, 'action'])?.role, 'agent-action');
    assert.equal(roleAt('governance-rules', [2, 'condition'])?.role, 'condition');
    assert.equal(roleAt('deployment-thresholds', ['demote', 'optional_conditions', 'stale', 'condition'])?.role, 'condition');
    assert.equal(roleAt('deployment-thresholds', ['optional_conditions', 'condition']), undefined);
  });

  test('thresholds carry their minimum, unit and finding code', () => {
    assert.deepEqual(
      [threshold('certification-policy', ['shadow_mode', 'minimum_duration_days']), threshold('certification-policy', ['shadow_mode', 'minimum_records']), threshold('certification-policy', ['audit_retention', 'minimum_days'])].map(
        (role) => [role.minimum, role.unit, role.code],
      ),
      [
        [14, 'days', 'shadow-duration-too-short'],
        [100, 'records', 'shadow-records-too-few'],
        [365, 'days', 'audit-retention-too-short'],
      ],
    );
    assert.equal(threshold('deployment-manifest', ['container', 'probes', 'liveness', 'period_seconds']).minimum, 1);
    assert.equal(threshold('agent-policy', ['trust', 'minimum_score']).minimum, 50);
  });
});

describe('requirements from the workspace', () => {
  const strict = policy('strict.json', { metrics: { required: ['latency', 'team_metric'] }, audit_retention: { minimum_days: 400 }, connector_evidence: { required_connectors: ['order_history'] } });
  const lax = policy('lax.yaml', { audit_retention: { minimum_days: 90 } });
  const same = policy('same.yaml', { audit_retention: { minimum_days: 400 } });

  test('a metric is required by AANA, by the policies whose metrics the list tracks, or by nobody', () => {
    const tracked = metricList('observability-policy', ['tracked_metrics', 0]);
    assert.deepEqual(metricRequirers(tracked, 'latency', [strict, lax]), { builtIn: true, policies: [strict] });
    assert.deepEqual(metricRequirers(tracked, 'team_metric', [strict]), { builtIn: false, policies: [strict] });
    const certification = metricList('certification-policy', ['metrics', 'required', 0]);
    assert.deepEqual(metricRequirers(certification, 'team_metric', [strict]), { builtIn: false, policies: [] }, "a policy's own list is not tracked");
    assert.match(metricMarkdown(tracked, 'latency', [strict]), /observability gate[\s\S]*\[strict\.json\]\(file:\/\/\/work\/strict\.json\)/);
    assert.match(metricMarkdown(tracked, 'my_metric', [strict]), /Not required/);
  });

  test("a connector's catalog entry and the policies that require it", () => {
    const requirers = connectorRequirers('order_history', [strict, lax]);
    assert.deepEqual(requirers.integration, AANA_CATALOG.find((entry) => entry.id === 'order_history'));
    assert.deepEqual(requirers.policies, [strict]);
    assert.match(connectorMarkdown('order_history', [strict]), /`order-system`[\s\S]*strict\.json/);
    assert.match(connectorMarkdown('made_up', []), /connector-unknown/);
  });

  test('a policy-set minimum replaces the built-in one; policies that agree are grouped', () => {
    const retention = threshold('deployment-manifest', ['audit', 'retention_days']);
    assert.deepEqual(thresholdMinimums(retention, []), [{ minimum: 365, policies: [] }]);
    assert.deepEqual(thresholdMinimums(retention, [strict, lax, same]), [
      { minimum: 400, policies: [strict, same] },
      { minimum: 90, policies: [lax] },
    ]);
    const markdown = thresholdMarkdown(retention, 365, [strict, lax]);
    assert.match(markdown, /Minimum: \*\*400 days\*\* \(`audit_retention\.minimum_days` of \[strict\.json\][^)]*\)\)\. ✗ \*\*365\*\* is below it \(`audit-retention-too-short`\)/);
    assert.match(markdown, /Minimum: \*\*90 days\*\*.*✓ \*\*365\*\* meets it/);
    const duration = threshold('certification-policy', ['shadow_mode', 'minimum_duration_days']);
    assert.deepEqual(thresholdMinimums(duration, [strict]), [{ minimum: 14, policies: [] }], 'only thresholds that follow a policy read it');
    assert.equal(thresholdMarkdown(duration, 14, []), 'Minimum: **14 days** (AANA production certification). ✓ **14** meets it.');
  });
});

describe('documentation', () => {
  test('a key is described with its type and values', () => {
    assert.equal(
      keyDocumentation('governance-rules', [3, 'decision']),
      'The deployment decision this rule makes: promote, demote, pilot or no_go.\n\nType: `string`\n\nAllowed values: `"promote"`, `"demote"`, `"pilot"`, `"no_go"`',
    );
    assert.match(keyDocumentation('governance-policy', ['escalation_classes', 0, 'allowed_actions'])!, /Known items: `"ask"`, `"defer"`, `"refuse"`/);
    assert.doesNotMatch(keyDocumentation('certification-policy', ['approvals', 'security_signoff'])!, /values/, 'booleans need no list');
    assert.equal(keyDocumentation('certification-policy', ['no_such_key']), undefined);
  });

  test('a value belongs to the key of its list', () => {
    assert.deepEqual(keyPathOf(['metrics', 'required', 3]), ['metrics', 'required']);
    assert.deepEqual(keyPathOf([2, 'condition']), [2, 'condition']);
    assert.deepEqual(keyPathOf([5]), []);
  });

  test("condition terms are described by the scorecard's and the thresholds' schemas", () => {
    const terms = new Map(CONDITION_TERMS.map((term) => [term.name, term]));
    for (const name of ['raroi', 'confidence', 'min_scenario', 'score_variance', 'sandbox_roi', 'adapter_roi', 'alignment_status']) assert.equal(terms.get(name)?.kind, 'scorecard');
    for (const name of ['raroi_threshold', 'confidence_threshold', 'scenario_score_min', 'sandbox_roi_low', 'adapter_roi_high', 'max_variance']) assert.equal(terms.get(name)?.kind, 'threshold');
    for (const name of ['and', 'or', 'not', 'is', 'None', 'True', 'False', 'in']) assert.equal(terms.get(name)?.kind, 'keyword');
    assert.equal(terms.get('raroi')?.description, kindSchemaAt('workflow-scorecard', ['raroi'])?.description);
    assert.ok(CONDITION_TERMS.every((term) => term.description !== ''), 'every term is described');
  });
});
