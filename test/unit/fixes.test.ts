// engine/fixes.ts: the edits of each quick fix, asserted on the whole resulting text, so that
// comments, anchors, quoting and list styles elsewhere are shown to survive byte for byte.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { fixesFor, type Fix, type FixTarget, type WorkspaceFacts } from '../../server/src/engine/fixes.ts';
import { formatOf, validateDocument } from '../../server/src/engine/validate.ts';

const EMPTY_WORKSPACE: WorkspaceFacts = { certificationMetrics: () => [], agentActions: () => [] };

interface FixQuery {
  /** Picks the finding (own findings) by its message. */
  message?: RegExp;
  /** A cross-file finding, as the certification reports it. */
  crossFile?: { message: string; path: FixTarget['path'] };
  workspace?: Partial<WorkspaceFacts>;
}

/** The fixes offered for a document's finding of `code`. */
function fixesOf(text: string, file: string, code: string, query: FixQuery = {}): Fix[] {
  const validation = validateDocument({ text, path: file });
  assert.ok(validation.kind && validation.root, `${file} is an artifact`);
  let target: FixTarget;
  if (query.crossFile) {
    target = { code, origin: 'certification', ...query.crossFile };
  } else {
    const finding = validation.findings.find((item) => item.code === code && (!query.message || query.message.test(item.message)));
    assert.ok(finding, `${code} reported: ${JSON.stringify(validation.findings.map((item) => item.message))}`);
    target = { code, message: finding.message, path: finding.path, origin: 'document' };
  }
  const document = { text, format: formatOf(file)!, kind: validation.kind, root: validation.root, value: validation.value };
  return fixesFor(document, target, { ...EMPTY_WORKSPACE, ...query.workspace });
}

/** The text after the one fix offered (or the one whose title matches). */
function fixed(text: string, file: string, code: string, query: FixQuery & { title?: RegExp } = {}): string {
  const fixes = fixesOf(text, file, code, query).filter((fix) => !query.title || query.title.test(fix.title));
  assert.equal(fixes.length, 1, `one fix: ${JSON.stringify(fixes.map((fix) => fix.title))}`);
  return applyEdits(text, fixes[0].edits);
}

function messages(text: string, file: string, code: string): string[] {
  return validateDocument({ text, path: file })
    .findings.filter((finding) => finding.code === code)
    .map((finding) => finding.message);
}

describe('metrics-missing', () => {
  test('JSON, inline list: the metrics are appended inline', () => {
    const text = `{
  "policy_name": "Support observability",
  "dashboards": [],
  "tracked_metrics": ["latency", "gate_decision_count", "aix_decision_count", "aix_hard_blocker_count", "aix_score_average"],
  "alerts": []
}
`;
    const fixes = fixesOf(text, 'observability.json', 'metrics-missing');
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0].title, 'Add the 5 missing metrics (connector_failure_count, evidence_freshness_failure_count, recommended_action_count, …)');
    assert.equal(fixes[0].preferred, true);
    const result = applyEdits(text, fixes[0].edits);
    assert.equal(
      result,
      `{
  "policy_name": "Support observability",
  "dashboards": [],
  "tracked_metrics": ["latency", "gate_decision_count", "aix_decision_count", "aix_hard_blocker_count", "aix_score_average", "connector_failure_count", "evidence_freshness_failure_count", "recommended_action_count", "refusal_defer_rate", "violation_code_count"],
  "alerts": []
}
`,
    );
    assert.deepEqual(messages(result, 'observability.json', 'metrics-missing'), []);
  });

  test('JSON, one metric a line: one line each, at the list\'s indentation', () => {
    const text = `{
  "production_certification_version": "0.1",
  "metrics": {
    "required": [
      "adapter_error_count",
      "aix_decision_count",
      "aix_hard_blocker_count",
      "aix_score_average",
      "false_accept_rate",
      "false_block_rate",
      "gate_decision_count",
      "human_review_turnaround_time",
      "over_refusal_rate",
      "recommended_action_count",
      "shadow_records_total",
      "violation_code_count"
    ],
    "minimum_aix_score_average": 0.85
  }
}
`;
    assert.equal(
      fixed(text, 'certification.json', 'metrics-missing'),
      `{
  "production_certification_version": "0.1",
  "metrics": {
    "required": [
      "adapter_error_count",
      "aix_decision_count",
      "aix_hard_blocker_count",
      "aix_score_average",
      "false_accept_rate",
      "false_block_rate",
      "gate_decision_count",
      "human_review_turnaround_time",
      "over_refusal_rate",
      "recommended_action_count",
      "shadow_records_total",
      "violation_code_count",
      "latency",
      "shadow_would_action_count"
    ],
    "minimum_aix_score_average": 0.85
  }
}
`,
    );
  });

  test('JSONC: comments stay with their items, and a trailing comma stays a habit', () => {
    const text = `{
  // Support observability (JSONC)
  "policy_name": "Support observability",
  "dashboards": [],
  "tracked_metrics": [
    "aix_decision_count", /* decisions */
    "aix_hard_blocker_count",
    "aix_score_average",
    "connector_failure_count",
    "evidence_freshness_failure_count",
    "gate_decision_count",
    "recommended_action_count",
    "refusal_defer_rate", // p95 is tracked below
  ],
  "alerts": [] // none yet
}
`;
    assert.equal(
      fixed(text, 'observability.jsonc', 'metrics-missing'),
      `{
  // Support observability (JSONC)
  "policy_name": "Support observability",
  "dashboards": [],
  "tracked_metrics": [
    "aix_decision_count", /* decisions */
    "aix_hard_blocker_count",
    "aix_score_average",
    "connector_failure_count",
    "evidence_freshness_failure_count",
    "gate_decision_count",
    "recommended_action_count",
    "refusal_defer_rate", // p95 is tracked below
    "latency",
    "violation_code_count",
  ],
  "alerts": [] // none yet
}
`,
    );
  });

  test('JSONC without a trailing comma: the comma goes after the last item, before its comment', () => {
    const text = `{
  "policy_name": "Support observability",
  "dashboards": [],
  "tracked_metrics": [
    "aix_decision_count",
    "aix_hard_blocker_count",
    "aix_score_average",
    "connector_failure_count",
    "evidence_freshness_failure_count",
    "gate_decision_count",
    "recommended_action_count",
    "refusal_defer_rate",
    "violation_code_count" // the last one
  ],
  "alerts": []
}
`;
    assert.equal(
      fixed(text, 'observability.jsonc', 'metrics-missing'),
      `{
  "policy_name": "Support observability",
  "dashboards": [],
  "tracked_metrics": [
    "aix_decision_count",
    "aix_hard_blocker_count",
    "aix_score_average",
    "connector_failure_count",
    "evidence_freshness_failure_count",
    "gate_decision_count",
    "recommended_action_count",
    "refusal_defer_rate",
    "violation_code_count", // the last one
    "latency"
  ],
  "alerts": []
}
`,
    );
  });

  test('YAML block list with comments: "- item" lines at the list\'s indentation, after the last item', () => {
    const text = `# Observability for the support agent.
policy_name: Support observability
dashboards: []
tracked_metrics:
  # AANA requires 10 observability metrics
  - aix_decision_count
  - aix_score_average   # the average, not the minimum
  - connector_failure_count
  - evidence_freshness_failure_count
  - gate_decision_count
  - recommended_action_count
  - refusal_defer_rate
  - violation_code_count
# alerts come next
alerts: []
`;
    assert.equal(
      fixed(text, 'observability.yaml', 'metrics-missing'),
      `# Observability for the support agent.
policy_name: Support observability
dashboards: []
tracked_metrics:
  # AANA requires 10 observability metrics
  - aix_decision_count
  - aix_score_average   # the average, not the minimum
  - connector_failure_count
  - evidence_freshness_failure_count
  - gate_decision_count
  - recommended_action_count
  - refusal_defer_rate
  - violation_code_count
  - aix_hard_blocker_count
  - latency
# alerts come next
alerts: []
`,
    );
  });

  test('YAML flow list: appended inside the brackets, with the list\'s separator', () => {
    const text = `policy_name: Support observability
dashboards: []
tracked_metrics: [aix_decision_count, aix_hard_blocker_count, aix_score_average, connector_failure_count, evidence_freshness_failure_count, gate_decision_count, recommended_action_count, refusal_defer_rate]  # short form
alerts: []
`;
    assert.equal(
      fixed(text, 'observability.yaml', 'metrics-missing'),
      `policy_name: Support observability
dashboards: []
tracked_metrics: [aix_decision_count, aix_hard_blocker_count, aix_score_average, connector_failure_count, evidence_freshness_failure_count, gate_decision_count, recommended_action_count, refusal_defer_rate, latency, violation_code_count]  # short form
alerts: []
`,
    );
  });

  test('cross-file: the certification policy\'s metrics, recomputed from the current list', () => {
    const text = `policy_name: Support observability
dashboards: []
tracked_metrics:
  - aix_decision_count
  - latency
`;
    const crossFile = { message: 'The observability policy does not track metrics the certification policy requires: false_block_rate, latency.', path: ['tracked_metrics'] };
    const workspace = { certificationMetrics: () => ['latency', 'false_block_rate', 'aix_decision_count'] };
    assert.equal(
      fixed(text, 'observability.yaml', 'metrics-missing', { crossFile, workspace }),
      `policy_name: Support observability
dashboards: []
tracked_metrics:
  - aix_decision_count
  - latency
  - false_block_rate
`,
    );
    // Once the list has them all (the diagnostic is stale), there is nothing to add.
    assert.deepEqual(fixesOf(text, 'observability.yaml', 'metrics-missing', { crossFile, workspace: { certificationMetrics: () => ['latency'] } }), []);
  });
});

describe('evidence-template-scope', () => {
  test('JSON: the value is replaced; the fix says what must be true and is never preferred', () => {
    const text = '{\n  "external_evidence_version": "0.1",\n  "evidence_scope": "template",\n  "connector_manifests": []\n}\n';
    const [fix, ...others] = fixesOf(text, 'external.json', 'evidence-template-scope');
    assert.deepEqual(others, []);
    assert.equal(fix.title, 'Set evidence_scope to external_deployment (only if real external evidence backs this file)');
    assert.equal(fix.preferred, false);
    assert.equal(applyEdits(text, fix.edits), '{\n  "external_evidence_version": "0.1",\n  "evidence_scope": "external_deployment",\n  "connector_manifests": []\n}\n');
  });

  test('YAML: the quoting style and the comment stay', () => {
    const text = "external_evidence_version: \"0.1\"\nevidence_scope: 'template'  # copied from AANA's example\nconnector_manifests: []\n";
    assert.equal(
      fixed(text, 'external.yaml', 'evidence-template-scope'),
      "external_evidence_version: \"0.1\"\nevidence_scope: 'external_deployment'  # copied from AANA's example\nconnector_manifests: []\n",
    );
  });
});

describe('human-review-topic-missing', () => {
  test('certification policy, YAML block list: the topic is added as an item', () => {
    const text = `production_certification_version: "0.1"
human_review:
  required_for:
    - high-impact decisions
    - low-confidence verifier results  # the verifier's own flag
  required_routes: [Tier-2 queue]
`;
    const [fix] = fixesOf(text, 'certification.yaml', 'human-review-topic-missing');
    assert.equal(fix.title, 'Add "irreversible decisions" to human_review.required_for');
    const result = applyEdits(text, fix.edits);
    assert.equal(
      result,
      `production_certification_version: "0.1"
human_review:
  required_for:
    - high-impact decisions
    - low-confidence verifier results  # the verifier's own flag
    - irreversible decisions
  required_routes: [Tier-2 queue]
`,
    );
    assert.deepEqual(messages(result, 'certification.yaml', 'human-review-topic-missing'), []);
  });

  test('external evidence, JSON: escalation_policy.covers', () => {
    const text = `{
  "external_evidence_version": "0.1",
  "escalation_policy": {
    "covers": [
      "high-impact decisions",
      "irreversible external actions"
    ]
  }
}
`;
    assert.equal(
      fixed(text, 'external.json', 'human-review-topic-missing'),
      `{
  "external_evidence_version": "0.1",
  "escalation_policy": {
    "covers": [
      "high-impact decisions",
      "irreversible external actions",
      "low-confidence decisions"
    ]
  }
}
`,
    );
  });

  test('deployment manifest (cross-file), YAML flow list', () => {
    const text = `deployment_name: support-agent
evidence_sources: []
human_review:
  queue: Tier-2
  required_for: [high-impact decisions, irreversible external actions]
`;
    const crossFile = { message: "The deployment's human-review routing does not cover low-confidence decisions.", path: ['human_review', 'required_for'] };
    assert.equal(
      fixed(text, 'deployment.yaml', 'human-review-topic-missing', { crossFile }),
      `deployment_name: support-agent
evidence_sources: []
human_review:
  queue: Tier-2
  required_for: [high-impact decisions, irreversible external actions, low-confidence decisions]
`,
    );
  });

  test('governance policy (cross-file), YAML: a whole escalation class, flagged until its trigger and route are filled in', () => {
    const text = `# Governance for the support agent.
policy_name: Support governance
owner: Support Operations
review_cadence: weekly
escalation_classes:
  - name: high-impact decision
    trigger: refund over $500
    route: Tier-2 queue   # staffed 24/7
    allowed_actions: [ask, defer, refuse]
decision_explanations:
  ask: Which order is this about?
`;
    const crossFile = { message: 'The governance escalation classes does not cover irreversible decisions.', path: ['escalation_classes'] };
    const [fix] = fixesOf(text, 'governance.yaml', 'human-review-topic-missing', { crossFile });
    assert.equal(fix.title, 'Add an escalation class for irreversible decisions (its trigger and route to fill in)');
    const result = applyEdits(text, fix.edits);
    assert.equal(
      result,
      `# Governance for the support agent.
policy_name: Support governance
owner: Support Operations
review_cadence: weekly
escalation_classes:
  - name: high-impact decision
    trigger: refund over $500
    route: Tier-2 queue   # staffed 24/7
    allowed_actions: [ask, defer, refuse]
  - name: irreversible decisions
    trigger: replace-with-trigger
    route: replace-with-route
    allowed_actions: []
decision_explanations:
  ask: Which order is this about?
`,
    );
    const findings = validateDocument({ text: result, path: 'governance.yaml' }).findings.map((finding) => `${finding.code} ${finding.path.join('.')}`);
    for (const expected of ['value-placeholder escalation_classes.1.trigger', 'value-placeholder escalation_classes.1.route', 'list-empty escalation_classes.1.allowed_actions']) {
      assert.ok(findings.includes(expected), `${expected} in ${JSON.stringify(findings)}`);
    }
  });

  test('governance policy (cross-file), JSON', () => {
    const text = `{
  "policy_name": "Support governance",
  "escalation_classes": [
    { "name": "high-impact decision", "trigger": "refund over $500", "route": "Tier-2 queue", "allowed_actions": ["ask"] }
  ]
}
`;
    const crossFile = { message: 'The governance escalation classes does not cover low-confidence decisions.', path: ['escalation_classes'] };
    assert.equal(
      fixed(text, 'governance.json', 'human-review-topic-missing', { crossFile }),
      `{
  "policy_name": "Support governance",
  "escalation_classes": [
    { "name": "high-impact decision", "trigger": "refund over $500", "route": "Tier-2 queue", "allowed_actions": ["ask"] },
    {
      "name": "low-confidence decisions",
      "trigger": "replace-with-trigger",
      "route": "replace-with-route",
      "allowed_actions": []
    }
  ]
}
`,
    );
  });
});

describe('key-missing', () => {
  const WITH_ANCHORS = `# Certification policy, with shared YAML anchors.
production_certification_version: "0.1"
policy_name: Support certification
owner: Support Platform
retention_defaults: &retention
  minimum_days: 365
  redaction_required: true
audit_retention:
  <<: *retention   # shared with the staging policy
  immutable_required: true
shadow_mode: &shadow
  minimum_records: 100   # AANA's minimum
metrics:
  required: &metrics [latency]
`;

  test('YAML with anchors and a merge key: a gated number gets its production minimum, at the end of its object', () => {
    const [fix] = fixesOf(WITH_ANCHORS, 'certification.yaml', 'key-missing', { message: /minimum_duration_days/ });
    assert.equal(fix.title, 'Add "minimum_duration_days: 14"');
    assert.equal(
      applyEdits(WITH_ANCHORS, fix.edits),
      `# Certification policy, with shared YAML anchors.
production_certification_version: "0.1"
policy_name: Support certification
owner: Support Platform
retention_defaults: &retention
  minimum_days: 365
  redaction_required: true
audit_retention:
  <<: *retention   # shared with the staging policy
  immutable_required: true
shadow_mode: &shadow
  minimum_records: 100   # AANA's minimum
  minimum_duration_days: 14
metrics:
  required: &metrics [latency]
`,
    );
  });

  test('YAML: a missing section is filled with what its gates require; sign-offs stay false for a person to give', () => {
    const [fix] = fixesOf(WITH_ANCHORS, 'certification.yaml', 'key-missing', { message: /"approvals"/ });
    assert.equal(fix.title, 'Add the missing "approvals"');
    const result = applyEdits(WITH_ANCHORS, fix.edits);
    assert.equal(result, `${WITH_ANCHORS}approvals:\n  domain_owner_signoff: false\n  security_signoff: false\n  governance_signoff: false\n`);
    assert.equal(messages(result, 'certification.yaml', 'approval-missing').length, 3);
  });

  test('YAML: lists get a placeholder item where their gate flags it, else stay empty (flagged as empty)', () => {
    const [fix] = fixesOf(WITH_ANCHORS, 'certification.yaml', 'key-missing', { message: /"human_review"/ });
    assert.equal(fix.title, 'Add the missing "human_review" (with placeholders to replace)');
    const result = applyEdits(WITH_ANCHORS, fix.edits);
    assert.equal(result, `${WITH_ANCHORS}human_review:\n  required_for:\n    - replace-with-required-for\n  required_routes: []\n`);
    assert.equal(messages(result, 'certification.yaml', 'human-review-topic-missing').length, 3);
    assert.equal(messages(result, 'certification.yaml', 'list-empty').length, 1);
  });

  test('YAML: a key whose object is an alias has no fix (the edit would change the anchor for every alias)', () => {
    const text = 'production_certification_version: "0.1"\npolicy_name: P\nowner: O\nbase: &base\n  minimum_records: 100\nshadow_mode: *base\n';
    assert.deepEqual(fixesOf(text, 'certification.yaml', 'key-missing', { message: /minimum_duration_days/ }), []);
  });

  test('YAML flow map: the key goes inside the braces', () => {
    const text = `policy_name: Support observability
dashboards:
  - id: runtime
    title: Runtime
    url: https://grafana.example/d/runtime
    metrics_source: prometheus
    owner: Platform
    panels:
      - { id: latency, title: Latency }   # p95
tracked_metrics: [latency]
`;
    const [fix] = fixesOf(text, 'observability.yaml', 'key-missing', { message: /"metric"/ });
    assert.equal(fix.title, 'Add "metric" with a placeholder to replace');
    const result = applyEdits(text, fix.edits);
    assert.equal(result, text.replace('{ id: latency, title: Latency }', '{ id: latency, title: Latency, metric: replace-with-metric }'));
    assert.ok(validateDocument({ text: result, path: 'observability.yaml' }).findings.some((finding) => finding.code === 'value-placeholder' && finding.path.join('.') === 'dashboards.0.panels.0.metric'));
  });

  test('JSONC: a production switch is inserted as true, after the comment that ends the object', () => {
    const text = `{
  "production_certification_version": "0.1",
  "audit_retention": {
    "minimum_days": 365,
    "redaction_required": true // AANA redaction
  }
}
`;
    assert.equal(
      fixed(text, 'certification.jsonc', 'key-missing', { message: /immutable_required/ }),
      `{
  "production_certification_version": "0.1",
  "audit_retention": {
    "minimum_days": 365,
    "redaction_required": true, // AANA redaction
    "immutable_required": true
  }
}
`,
    );
  });

  test('JSON: text gets a "replace-with-…" placeholder, which is itself flagged', () => {
    const text = '{\n  "policy_name": "Support observability",\n  "dashboards": [],\n  "tracked_metrics": ["latency"]\n}\n';
    const result = fixed(text, 'observability.json', 'key-missing', { message: /"owner"/ });
    assert.equal(result, '{\n  "policy_name": "Support observability",\n  "dashboards": [],\n  "tracked_metrics": ["latency"],\n  "owner": "replace-with-owner"\n}\n');
    assert.deepEqual(messages(result, 'observability.json', 'value-placeholder'), ['Observability owner must be concrete: "replace-with-owner" is a placeholder (it contains "replace").']);
  });

  test('JSON: an empty object gets the key on a line of its own; an inline object inline', () => {
    const text = '{\n  "production_certification_version": "0.1",\n  "shadow_mode": {},\n  "audit_retention": { "minimum_days": 365, "redaction_required": true }\n}\n';
    assert.equal(
      fixed(text, 'certification.json', 'key-missing', { message: /minimum_duration_days/ }),
      '{\n  "production_certification_version": "0.1",\n  "shadow_mode": {\n    "minimum_duration_days": 14\n  },\n  "audit_retention": { "minimum_days": 365, "redaction_required": true }\n}\n',
    );
    assert.equal(
      fixed(text, 'certification.json', 'key-missing', { message: /immutable_required/ }),
      '{\n  "production_certification_version": "0.1",\n  "shadow_mode": {},\n  "audit_retention": { "minimum_days": 365, "redaction_required": true, "immutable_required": true }\n}\n',
    );
  });

  test('YAML with CRLF line ends: the new line uses them too', () => {
    const text = 'production_certification_version: "0.1"\r\npolicy_name: P\r\nowner: O\r\nshadow_mode:\r\n  minimum_duration_days: 14\r\n';
    assert.equal(
      fixed(text, 'certification.yaml', 'key-missing', { message: /minimum_records/ }),
      'production_certification_version: "0.1"\r\npolicy_name: P\r\nowner: O\r\nshadow_mode:\r\n  minimum_duration_days: 14\r\n  minimum_records: 100\r\n',
    );
  });
});

describe('policy-wildcard-allow', () => {
  const WILDCARD_POLICY = `# Experimental support agent.
agent: support-bot
permissions:
  allow:
    - "*"   # hackathon only
    - read:*
    - read:ticket
  deny:
    - delete:*
`;
  const workspace = { agentActions: () => ['read:ticket', 'read:order_history', 'create:ticket_response', 'delete:ticket', 'read:*', 'update:ticket_status'] };

  test('"*": replaced by the concrete actions the workspace allows, minus those denied or already allowed', () => {
    const fixes = fixesOf(WILDCARD_POLICY, 'support.policy.yaml', 'policy-wildcard-allow', { message: /"\*" grants every action/, workspace });
    assert.deepEqual(
      fixes.map((fix) => [fix.title, fix.preferred]),
      [
        ['Replace "*" with the 3 concrete actions used in this workspace', false],
        ['Remove the wildcard entry "*"', false],
      ],
    );
    assert.equal(
      applyEdits(WILDCARD_POLICY, fixes[0].edits),
      `# Experimental support agent.
agent: support-bot
permissions:
  allow:
    - create:ticket_response   # hackathon only
    - read:order_history
    - update:ticket_status
    - read:*
    - read:ticket
  deny:
    - delete:*
`,
    );
    assert.equal(
      applyEdits(WILDCARD_POLICY, fixes[1].edits),
      `# Experimental support agent.
agent: support-bot
permissions:
  allow:
    - read:*
    - read:ticket
  deny:
    - delete:*
`,
    );
  });

  test('"read:*": the concrete read actions', () => {
    const [replace] = fixesOf(WILDCARD_POLICY, 'support.policy.yaml', 'policy-wildcard-allow', { message: /read:\*/, workspace });
    assert.equal(replace.title, 'Replace "read:*" with the 1 concrete read action used in this workspace');
    const result = applyEdits(WILDCARD_POLICY, replace.edits);
    assert.equal(result, WILDCARD_POLICY.replace('    - read:*\n', '    - read:order_history\n'));
    assert.deepEqual(messages(result, 'support.policy.yaml', 'policy-wildcard-allow'), [messages(WILDCARD_POLICY, 'support.policy.yaml', 'policy-wildcard-allow')[0]]);
  });

  test('no concrete action in the workspace: only the removal is offered', () => {
    const fixes = fixesOf(WILDCARD_POLICY, 'support.policy.yaml', 'policy-wildcard-allow', { message: /read:\*/ });
    assert.deepEqual(fixes.map((fix) => fix.title), ['Remove the wildcard entry "read:*"']);
  });

  test('JSONC, one entry a line: commas and comments stay right', () => {
    const text = `{
  "agent": "support-bot",
  "permissions": {
    "allow": [
      "read:ticket",
      "*" // everything, for now
    ],
    "deny": ["delete:*"]
  }
}
`;
    const [replace, remove] = fixesOf(text, 'support.policy.jsonc', 'policy-wildcard-allow', { workspace });
    assert.equal(
      applyEdits(text, replace.edits),
      `{
  "agent": "support-bot",
  "permissions": {
    "allow": [
      "read:ticket",
      "create:ticket_response", // everything, for now
      "read:order_history",
      "update:ticket_status"
    ],
    "deny": ["delete:*"]
  }
}
`,
    );
    assert.equal(
      applyEdits(text, remove.edits),
      `{
  "agent": "support-bot",
  "permissions": {
    "allow": [
      "read:ticket"
    ],
    "deny": ["delete:*"]
  }
}
`,
    );
  });

  test('JSON inline list: replaced and removed inline', () => {
    const text = '{"agent": "a", "permissions": {"allow": ["read:*", "read:ticket"], "deny": []}}\n';
    const [replace, remove] = fixesOf(text, 'a.policy.json', 'policy-wildcard-allow', { workspace });
    assert.equal(applyEdits(text, replace.edits), '{"agent": "a", "permissions": {"allow": ["read:order_history", "read:ticket"], "deny": []}}\n');
    assert.equal(applyEdits(text, remove.edits), '{"agent": "a", "permissions": {"allow": ["read:ticket"], "deny": []}}\n');
  });

  test('YAML: removing the only item leaves an empty list, not a null', () => {
    const text = 'agent: a\npermissions:\n  allow:\n    - "*"\n  deny: [delete:*]\n';
    assert.equal(fixed(text, 'a.policy.yaml', 'policy-wildcard-allow'), 'agent: a\npermissions:\n  allow: []\n  deny: [delete:*]\n');
  });
});
