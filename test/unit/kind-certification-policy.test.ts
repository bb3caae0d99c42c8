// Production certification policies (AANA production_certification.validate_certification_policy).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { validateDocument } from '../../server/src/engine/validate.ts';
import { assertNoPollution, assertNotDetected, defineOwn, fixtureText, json, kindChecks, missingKeys, rowsOf, type Json } from '../support/kind-tests.ts';

// ------------------------------------------------------------------ kind

const KIND = 'certification-policy';
const SCHEMA_URL = 'https://prodgate.dev/schemas/certification-policy.schema.json';
const base = (): Json => JSON.parse(fixtureText('certification-policy.json'));
const { check, checkYaml, fixtureTests } = kindChecks(KIND, 'policies/certification.json');

const ALL_METRICS = [
  'adapter_error_count',
  'aix_decision_count',
  'aix_hard_blocker_count',
  'aix_score_average',
  'false_accept_rate',
  'false_block_rate',
  'gate_decision_count',
  'human_review_turnaround_time',
  'latency',
  'over_refusal_rate',
  'recommended_action_count',
  'shadow_records_total',
  'shadow_would_action_count',
  'violation_code_count',
];

describe('certification policy: valid fixtures', () => {
  fixtureTests('certification-policy', 'prodgate');

  test('metrics may be listed in any order, with extra metrics', () => {
    const policy = base();
    policy.metrics.required = [...ALL_METRICS].reverse().concat(['carrier_refund_total']);
    check(policy, []);
  });

  test('keys the schema does not define are accepted without findings', () => {
    const policy = base();
    policy.notes = 'Reviewed with Security on 2026-04-20.';
    check(policy, []);
  });
});

describe('certification policy: version', () => {
  test('a version other than "0.1" is version-unsupported', () => {
    const policy = base();
    policy.production_certification_version = '0.2';
    check(policy, [['version-unsupported', 'error', ['production_certification_version']]]);
  });

  test('the number 0.1 is a type-mismatch, not a version finding', () => {
    const policy = base();
    policy.production_certification_version = 0.1;
    check(policy, [['type-mismatch', 'error', ['production_certification_version']]]);
  });

  test('a missing version (kind from $schema) is key-missing on the first key', () => {
    const policy = { $schema: SCHEMA_URL, ...base() };
    delete policy.production_certification_version;
    const { result } = check(policy, [['key-missing', 'error', ['production_certification_version']]]);
    assert.equal(result.kindSource, 'schema');
  });
});

describe('certification policy: policy_name and owner (text, placeholders are warnings)', () => {
  for (const key of ['policy_name', 'owner']) {
    test(`${key}: empty string is value-empty`, () => {
      const policy = base();
      policy[key] = '';
      check(policy, [['value-empty', 'error', [key]]]);
    });

    test(`${key}: whitespace-only is value-empty`, () => {
      const policy = base();
      policy[key] = ' \t\n\u00a0\u2003 ';
      check(policy, [['value-empty', 'error', [key]]]);
    });

    for (const placeholder of ['REPLACE_WITH_OWNER', 'replace me', 'Replace-Me', 'Irreplaceable team']) {
      test(`${key}: ${JSON.stringify(placeholder)} is a value-placeholder warning`, () => {
        const policy = base();
        policy[key] = placeholder;
        check(policy, [['value-placeholder', 'warning', [key]]]);
      });
    }

    test(`${key}: missing is key-missing`, () => {
      const policy = base();
      delete policy[key];
      check(policy, [['key-missing', 'error', [key]]]);
    });

    test(`${key}: null is a type-mismatch only`, () => {
      const policy = base();
      policy[key] = null;
      check(policy, [['type-mismatch', 'error', [key]]]);
    });
  }

  test(
    'has_text follows Python str.strip(): U+001F/U+0085 are blank, U+FEFF is text',
    () => {
      const blank = base();
      blank.policy_name = '\u001f\u0085';
      check(blank, [['value-empty', 'error', ['policy_name']]]);
      const bom = base();
      bom.policy_name = '\ufeff';
      check(bom, []);
    },
  );
});

describe('certification policy: shadow_mode', () => {
  test('13 days is shadow-duration-too-short; 14 passes', () => {
    const policy = base();
    policy.shadow_mode.minimum_duration_days = 13;
    const { result } = check(policy, [['shadow-duration-too-short', 'error', ['shadow_mode', 'minimum_duration_days']]]);
    assert.equal(
      result.findings[0].message,
      'Shadow mode must run for at least 14 days before production certification (found 13).',
    );
    policy.shadow_mode.minimum_duration_days = 14;
    check(policy, []);
  });

  test('0 days is shadow-duration-too-short', () => {
    const policy = base();
    policy.shadow_mode.minimum_duration_days = 0;
    check(policy, [['shadow-duration-too-short', 'error', ['shadow_mode', 'minimum_duration_days']]]);
  });

  test('a negative duration is reported once, by the gate', () => {
    const policy = base();
    policy.shadow_mode.minimum_duration_days = -3;
    check(policy, [['shadow-duration-too-short', 'error', ['shadow_mode', 'minimum_duration_days']]]);
  });

  for (const wrong of [14.5, '21', true, null]) {
    test(`duration ${JSON.stringify(wrong)} is a type-mismatch only`, () => {
      const policy = base();
      policy.shadow_mode.minimum_duration_days = wrong;
      check(policy, [['type-mismatch', 'error', ['shadow_mode', 'minimum_duration_days']]]);
    });
  }

  test('99 records is shadow-records-too-few; 100 passes', () => {
    const policy = base();
    policy.shadow_mode.minimum_records = 99;
    check(policy, [['shadow-records-too-few', 'error', ['shadow_mode', 'minimum_records']]]);
    policy.shadow_mode.minimum_records = 100;
    check(policy, []);
  });

  test('0 records is shadow-records-too-few', () => {
    const policy = base();
    policy.shadow_mode.minimum_records = 0;
    check(policy, [['shadow-records-too-few', 'error', ['shadow_mode', 'minimum_records']]]);
  });

  test('a missing minimum_records is key-missing on "shadow_mode"', () => {
    const policy = base();
    delete policy.shadow_mode.minimum_records;
    check(policy, [['key-missing', 'error', ['shadow_mode', 'minimum_records']]]);
  });

  test('a missing shadow_mode is reported once, not its children', () => {
    const policy = base();
    delete policy.shadow_mode;
    check(policy, [['key-missing', 'error', ['shadow_mode']]]);
  });

  test('an empty shadow_mode reports each missing key', () => {
    const policy = base();
    policy.shadow_mode = {};
    check(policy, [
      ['key-missing', 'error', ['shadow_mode', 'minimum_duration_days']],
      ['key-missing', 'error', ['shadow_mode', 'minimum_records']],
    ]);
  });

  test('shadow_mode as a list is a type-mismatch only', () => {
    const policy = base();
    policy.shadow_mode = [];
    check(policy, [['type-mismatch', 'error', ['shadow_mode']]]);
  });
});

describe('certification policy: metrics', () => {
  test('metrics-missing names each missing metric, sorted', () => {
    const policy = base();
    policy.metrics.required = ALL_METRICS.filter((m) => !['violation_code_count', 'latency', 'adapter_error_count'].includes(m));
    const { result } = check(policy, [['metrics-missing', 'error', ['metrics', 'required']]]);
    assert.equal(
      result.findings[0].message,
      'Production certification metrics are missing: adapter_error_count, latency, violation_code_count.',
    );
  });

  test('an empty metrics.required lists all 14 metrics in sorted order', () => {
    const policy = base();
    policy.metrics.required = [];
    const { result } = check(policy, [['metrics-missing', 'error', ['metrics', 'required']]]);
    assert.equal(result.findings[0].message, `Production certification metrics are missing: ${ALL_METRICS.join(', ')}.`);
  });

  test('metric names match exactly (case and whitespace matter)', () => {
    const policy = base();
    policy.metrics.required = ALL_METRICS.map((m) => (m === 'latency' ? 'Latency' : m === 'false_block_rate' ? ' false_block_rate' : m));
    const { result } = check(policy, [['metrics-missing', 'error', ['metrics', 'required']]]);
    assert.equal(result.findings[0].message, 'Production certification metrics are missing: false_block_rate, latency.');
  });

  test('a non-string metric is a type-mismatch and does not count', () => {
    const policy = base();
    policy.metrics.required[8] = 42; // was "latency"
    const { result } = check(policy, [
      ['type-mismatch', 'error', ['metrics', 'required', 8]],
      ['metrics-missing', 'error', ['metrics', 'required']],
    ]);
    assert.match(result.findings.find((f) => f.code === 'metrics-missing')!.message, /missing: latency\.$/);
  });

  test('metrics.required as a string is a type-mismatch only', () => {
    const policy = base();
    policy.metrics.required = 'latency';
    check(policy, [['type-mismatch', 'error', ['metrics', 'required']]]);
  });

  test('a missing metrics.required is key-missing on "metrics"', () => {
    const policy = base();
    delete policy.metrics.required;
    check(policy, [['key-missing', 'error', ['metrics', 'required']]]);
  });

  test('missing AIx thresholds are key-missing', () => {
    const policy = base();
    delete policy.metrics.minimum_aix_score_average;
    delete policy.metrics.maximum_aix_hard_blockers;
    check(policy, [
      ['key-missing', 'error', ['metrics', 'minimum_aix_score_average']],
      ['key-missing', 'error', ['metrics', 'maximum_aix_hard_blockers']],
    ]);
  });

  test('minimum_aix_score_average must be a number', () => {
    const policy = base();
    policy.metrics.minimum_aix_score_average = '0.88';
    check(policy, [['type-mismatch', 'error', ['metrics', 'minimum_aix_score_average']]]);
  });

  test('maximum_aix_hard_blockers must be an integer', () => {
    const policy = base();
    policy.metrics.maximum_aix_hard_blockers = 0.5;
    check(policy, [['type-mismatch', 'error', ['metrics', 'maximum_aix_hard_blockers']]]);
  });

  test('a missing metrics section is reported once', () => {
    const policy = base();
    delete policy.metrics;
    check(policy, [['key-missing', 'error', ['metrics']]]);
  });
});

describe('certification policy: human_review', () => {
  test('one human-review-topic-missing finding per missing topic, with its message', () => {
    const policy = base();
    policy.human_review.required_for = ['low-confidence verifier results'];
    const { result } = check(policy, [
      ['human-review-topic-missing', 'error', ['human_review', 'required_for']],
      ['human-review-topic-missing', 'error', ['human_review', 'required_for']],
    ]);
    assert.deepEqual(
      result.findings.map((f) => f.message),
      ['Human review routing must cover high-impact decisions.', 'Human review routing must cover irreversible decisions.'],
    );
  });

  test('an empty required_for misses all three topics, in sorted order', () => {
    const policy = base();
    policy.human_review.required_for = [];
    const { result } = check(policy, [
      ['human-review-topic-missing', 'error', ['human_review', 'required_for']],
      ['human-review-topic-missing', 'error', ['human_review', 'required_for']],
      ['human-review-topic-missing', 'error', ['human_review', 'required_for']],
    ]);
    assert.deepEqual(
      result.findings.map((f) => f.message),
      [
        'Human review routing must cover high-impact decisions.',
        'Human review routing must cover irreversible decisions.',
        'Human review routing must cover low-confidence decisions.',
      ],
    );
  });

  test('topics match as case-insensitive substrings anywhere in the list', () => {
    const policy = base();
    policy.human_review.required_for = ['HIGH-IMPACT and Low-Confidence', 'non-IRREVERSIBLE-ish'];
    check(policy, []);
  });

  test('"high impact" without the hyphen does not cover high-impact', () => {
    const policy = base();
    policy.human_review.required_for[0] = 'high impact decisions';
    const { result } = check(policy, [['human-review-topic-missing', 'error', ['human_review', 'required_for']]]);
    assert.equal(result.findings[0].message, 'Human review routing must cover high-impact decisions.');
  });

  test('a missing required_for is key-missing, not three topic findings', () => {
    const policy = base();
    delete policy.human_review.required_for;
    check(policy, [['key-missing', 'error', ['human_review', 'required_for']]]);
  });

  test('an empty required_routes is list-empty', () => {
    const policy = base();
    policy.human_review.required_routes = [];
    check(policy, [['list-empty', 'error', ['human_review', 'required_routes']]]);
  });

  test('required_routes as a string is a type-mismatch only', () => {
    const policy = base();
    policy.human_review.required_routes = 'dispatch-supervisor-queue';
    check(policy, [['type-mismatch', 'error', ['human_review', 'required_routes']]]);
  });

  test('a missing human_review is reported once', () => {
    const policy = base();
    delete policy.human_review;
    check(policy, [['key-missing', 'error', ['human_review']]]);
  });
});

describe('certification policy: connector_evidence', () => {
  test('an empty required_connectors is list-empty', () => {
    const policy = base();
    policy.connector_evidence.required_connectors = [];
    check(policy, [['list-empty', 'error', ['connector_evidence', 'required_connectors']]]);
  });

  for (const key of ['auth_boundary_required', 'freshness_slo_required', 'redaction_required', 'failure_modes_required']) {
    test(`${key}: false is flag-not-true`, () => {
      const policy = base();
      policy.connector_evidence[key] = false;
      check(policy, [['flag-not-true', 'error', ['connector_evidence', key]]]);
    });

    test(`${key}: missing is key-missing`, () => {
      const policy = base();
      delete policy.connector_evidence[key];
      check(policy, [['key-missing', 'error', ['connector_evidence', key]]]);
    });
  }

  for (const wrong of ['true', 1]) {
    test(`a flag of ${JSON.stringify(wrong)} is a type-mismatch only`, () => {
      const policy = base();
      policy.connector_evidence.redaction_required = wrong;
      check(policy, [['type-mismatch', 'error', ['connector_evidence', 'redaction_required']]]);
    });
  }

  test('a missing connector_evidence is reported once', () => {
    const policy = base();
    delete policy.connector_evidence;
    check(policy, [['key-missing', 'error', ['connector_evidence']]]);
  });
});

describe('certification policy: audit_retention', () => {
  test('364 days is audit-retention-too-short; 365 passes', () => {
    const policy = base();
    policy.audit_retention.minimum_days = 364;
    check(policy, [['audit-retention-too-short', 'error', ['audit_retention', 'minimum_days']]]);
    policy.audit_retention.minimum_days = 365;
    check(policy, []);
  });

  test('0 days is audit-retention-too-short', () => {
    const policy = base();
    policy.audit_retention.minimum_days = 0;
    check(policy, [['audit-retention-too-short', 'error', ['audit_retention', 'minimum_days']]]);
  });

  test('minimum_days as a string is a type-mismatch only', () => {
    const policy = base();
    policy.audit_retention.minimum_days = '400';
    check(policy, [['type-mismatch', 'error', ['audit_retention', 'minimum_days']]]);
  });

  for (const key of ['immutable_required', 'redaction_required']) {
    test(`${key}: false is flag-not-true`, () => {
      const policy = base();
      policy.audit_retention[key] = false;
      check(policy, [['flag-not-true', 'error', ['audit_retention', key]]]);
    });
  }

  test('access_review_cadence is not required', () => {
    const policy = base();
    delete policy.audit_retention.access_review_cadence;
    check(policy, []);
  });

  test('an empty audit_retention reports each missing key', () => {
    const policy = base();
    policy.audit_retention = {};
    check(policy, [
      ['key-missing', 'error', ['audit_retention', 'minimum_days']],
      ['key-missing', 'error', ['audit_retention', 'immutable_required']],
      ['key-missing', 'error', ['audit_retention', 'redaction_required']],
    ]);
  });
});

describe('certification policy: approvals', () => {
  for (const key of ['domain_owner_signoff', 'security_signoff', 'governance_signoff']) {
    test(`${key}: false is approval-missing`, () => {
      const policy = base();
      policy.approvals[key] = false;
      check(policy, [['approval-missing', 'error', ['approvals', key]]]);
    });

    test(`${key}: missing is key-missing`, () => {
      const policy = base();
      delete policy.approvals[key];
      check(policy, [['key-missing', 'error', ['approvals', key]]]);
    });
  }

  test('the approval-missing message names the sign-off', () => {
    const policy = base();
    policy.approvals.security_signoff = false;
    const { result } = check(policy, [['approval-missing', 'error', ['approvals', 'security_signoff']]]);
    assert.match(result.findings[0].message, /security sign-off/);
  });

  test('approvals as a string is a type-mismatch only', () => {
    const policy = base();
    policy.approvals = 'all signed';
    check(policy, [['type-mismatch', 'error', ['approvals']]]);
  });
});

describe('certification policy: whole documents', () => {
  test('an empty object (kind from $schema) reports each top-level key once', () => {
    const policy = { $schema: SCHEMA_URL };
    check(
      policy,
      missingKeys([], [
        'production_certification_version',
        'policy_name',
        'owner',
        'shadow_mode',
        'metrics',
        'human_review',
        'connector_evidence',
        'audit_retention',
        'approvals',
      ]),
    );
  });

  test('a YAML root that is a list (kind from the modeline) is one type-mismatch', () => {
    const text = '# yaml-language-server: $schema=../schemas/certification-policy.schema.json\n- shadow_mode\n- metrics\n';
    const result = validateDocument({ text, path: 'prodgate/certification-policy.yaml' });
    assert.equal(result.kind, KIND);
    assert.equal(result.kindSource, 'schema');
    assert.deepEqual(
      rowsOf(text, result).map((r) => [r.code, r.severity, r.path, r.span]),
      [['type-mismatch', 'error', '$', '- shadow_mode\n- metrics\n']],
    );
  });

  test('YAML findings point at the YAML text', () => {
    const policy = base();
    policy.owner = 'REPLACE with the governance lead';
    delete policy.approvals.security_signoff;
    policy.audit_retention.minimum_days = 90;
    checkYaml(policy, 'prodgate/certification-policy.yaml', [
      ['value-placeholder', 'warning', '$.owner', 'REPLACE with the governance lead'],
      ['audit-retention-too-short', 'error', '$.audit_retention.minimum_days', '90'],
      ['key-missing', 'error', '$.approvals.security_signoff', 'approvals'],
    ]);
  });

  test('__proto__, constructor and hasOwnProperty keys are plain data: no crash, no pollution', () => {
    const policy = base();
    delete policy.policy_name;
    defineOwn(policy, '__proto__', { policy_name: 'Inherited name', polluted: true });
    defineOwn(policy.approvals, 'constructor', { prototype: { polluted: true } });
    defineOwn(policy.shadow_mode, 'hasOwnProperty', 'not a function');
    defineOwn(policy.metrics, '__proto__', { required: [] });
    check(policy, [['key-missing', 'error', ['policy_name']]]);
    assertNoPollution();
  });

  test('a policy inheriting nothing through a "constructor" key still reports its missing sections', () => {
    const policy = base();
    delete policy.approvals;
    defineOwn(policy, 'constructor', { approvals: { domain_owner_signoff: true } });
    check(policy, [['key-missing', 'error', ['approvals']]]);
    assertNoPollution();
  });
});

describe('certification policy: detection', () => {
  const lookAlikes: [string, unknown][] = [
    ['a readiness boundary', { boundary_version: '0.1' }],
    ['a civic certification policy', { certification_policy_version: '0.1', family: 'government_civic', gates: [] }],
    ['an internal-pilot retention policy', { policy_version: '0.1', storage: 's3', retention: { days: 365 } }],
    ['a bare name and owner', { policy_name: 'x', owner: 'y' }],
  ];
  for (const [name, value] of lookAlikes) {
    test(`${name} is not detected as any kind`, () => {
      assertNotDetected(value);
    });
  }

  test('prodgate.files sets the kind by glob, over content', () => {
    const text = json({ boundary_version: '0.1' });
    const settings = { files: { 'certification/*.json': KIND }, maxFileSizeMB: 5 };
    const result = validateDocument({ text, path: 'certification/boundary.json' }, settings);
    assert.equal(result.kind, KIND);
    assert.equal(result.kindSource, 'setting');
    assert.equal(result.findings.filter((f) => f.code === 'key-missing').length, 9);
  });
});
