// The files of a new readiness bundle (ProdGate: New Readiness Bundle): every AANA artifact, the
// bundle file naming them, an OpenClaw agent policy, menace governance rules and thresholds, and an
// example scorecard. The content is built from the engine's own requirements (metrics, panels,
// alerts, review topics, the connector catalog), so a new bundle passes every gate except where only
// the team can supply the value: those hold "replace-with-…" text, which ProdGate flags, and the
// external evidence keeps evidence_scope "template" until it describes the real deployment.
// Pure: paths and text out; the client decides where and whether to write them.
import { createHash } from 'node:crypto';
import { Document } from 'yaml';
import { AANA_CATALOG } from './certification/catalog.ts';
import type { InputName } from './certification/types.ts';
import {
  AUDIT_RECORD_VERSION,
  CERTIFICATION_VERSION,
  EXTERNAL_EVIDENCE_VERSION,
  MIN_AUDIT_RETENTION_DAYS,
  MIN_SHADOW_DURATION_DAYS,
  MIN_SHADOW_RECORDS,
  REQUIRED_ALERTS,
  REQUIRED_CERTIFICATION_METRICS,
  REQUIRED_DASHBOARD_PANELS,
  REQUIRED_OBSERVABILITY_METRICS,
} from './kinds/aana-requirements.ts';

export type ScaffoldFormat = 'json' | 'yaml';

export interface ScaffoldFile {
  /** Relative to the bundle folder, with "/" between folders. */
  path: string;
  text: string;
}

const BUNDLE_STEM = 'prodgate.bundle';

/** The bundle file of a scaffold: the file to open and certify once it is written. */
export function bundleFileName(format: ScaffoldFormat): string {
  return `${BUNDLE_STEM}.${format}`;
}

/**
 * One scaffolded file before it is written. `stem` is its path without the extension; the names
 * follow the patterns package.json maps to our schemas.
 */
type Artifact =
  /** A document in the chosen format; `about` (what it is, what to fill in) heads it in YAML, as JSON has no comments. */
  | { stem: string; about: string; value: unknown }
  /** JSON Lines whatever the chosen format: AANA writes and reads audit logs only that way. */
  | { stem: string; records: unknown[] };

export function scaffoldBundle(format: ScaffoldFormat): ScaffoldFile[] {
  // In the order of the bundle's keys, which is the order the certification reads them in.
  const inputs: Record<InputName, Artifact> = {
    certification_policy: {
      stem: 'agent.certification-policy',
      about: 'Production certification policy: the gates the agent must pass before it enforces decisions.\nThe thresholds are AANA\'s production minimums. Replace every "replace-with-…" value.',
      value: certificationPolicy(),
    },
    deployment_manifest: {
      stem: 'agent.deployment-manifest',
      about: 'Production deployment manifest: how the agent runtime is deployed, audited, observed and rolled back.\nReplace every "replace-with-…" value with the real deployment\'s.',
      value: deploymentManifest(),
    },
    governance_policy: {
      stem: 'agent.governance-policy',
      about: 'Human-governance policy: when the agent hands a decision to a person, what it tells the user, and incident response.\nReplace every "replace-with-…" value; adjust the explanations to your product\'s voice.',
      value: governancePolicy(),
    },
    evidence_registry: {
      stem: 'agent.evidence-registry',
      about: 'Evidence registry: every source of AANA\'s connector catalog, as its connector check requires.\nThe sources of the connectors the agent reads are enabled; the others are registered but disabled.',
      value: evidenceRegistry(),
    },
    observability_policy: {
      stem: 'agent.observability-policy',
      about: 'Observability policy: the dashboard panels, metrics, alerts, drift review, latency SLO and on-call that watch the agent.\nReplace every "replace-with-…" value.',
      value: observabilityPolicy(),
    },
    audit_log: { stem: 'agent.shadow-audit', records: shadowAuditRecords() },
    external_evidence: {
      stem: 'agent.external-evidence',
      about:
        'External production evidence: what only the deployed environment can show.\nevidence_scope stays "template" until every value below describes the real deployment; then set it to external_deployment.',
      value: externalEvidence(),
    },
  };
  const bundle: Artifact = {
    stem: BUNDLE_STEM,
    about: 'The artifacts ProdGate certifies together (paths relative to this file).\nRun: ProdGate: Run Production Certification, or prodgate certify --bundle <this file>.',
    value: Object.fromEntries(Object.entries(inputs).map(([name, artifact]) => [name, fileName(artifact, format)])),
  };
  // Read by OpenClaw and menace rather than by the certification.
  const governance: Artifact[] = [
    {
      stem: 'agent.policy',
      about: 'Agent permission policy (OpenClaw): what the agent may do, must never do, and must escalate to a person.\nReplace every "replace-with-…" value; keep the allow list concrete.',
      value: agentPolicy(),
    },
    {
      stem: 'config/deployment_governance',
      about: 'Deployment-governance rules (menace): evaluated in order before the built-in defaults; the first whose condition holds decides.',
      value: governanceRules(),
    },
    {
      stem: 'config/deployment_policy',
      about: 'Deployment thresholds (menace): what governance requires of a workflow scorecard.\nName the scenarios your workflows are scored in.',
      value: deploymentThresholds(),
    },
    {
      stem: 'scorecards/example-workflow.scorecard',
      about: 'An example workflow scorecard: the measurements a deployment decision is made on.\nReplace the workflow id and the example measurements with your own.',
      value: workflowScorecard(),
    },
  ];
  return [bundle, ...Object.values(inputs), ...governance].map((artifact) => ({ path: fileName(artifact, format), text: render(artifact, format) }));
}

function fileName(artifact: Artifact, format: ScaffoldFormat): string {
  return `${artifact.stem}.${'records' in artifact ? 'jsonl' : format}`;
}

function render(artifact: Artifact, format: ScaffoldFormat): string {
  if ('records' in artifact) return artifact.records.map((record) => `${JSON.stringify(record)}\n`).join('');
  if (format === 'json') return `${JSON.stringify(artifact.value, null, 2)}\n`;
  // Shared lists are written out each time: an alias (*a1) would be edited in one place for all.
  const document = new Document(artifact.value, { aliasDuplicateObjects: false });
  document.commentBefore = artifact.about
    .split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
  // Long lines stay whole: folded scalars would make the values harder to find and replace.
  return document.toString({ lineWidth: 0 });
}

// ---------------------------------------------------------------- shared values

/** Text only the team can supply: "replace-with-…", which ProdGate flags as a placeholder. */
function placeholder(what: string): string {
  return `replace-with-${what.replace(/ /g, '-')}`;
}

// What only the team can supply. Each artifact that names the same thing uses the same text, so
// the artifacts agree with each other once each value is replaced everywhere.
const AGENT = placeholder('agent name');
const OWNER = placeholder('owning team');
const ADAPTER_ID = placeholder('adapter id');
const DOMAIN_OWNER = placeholder('domain owner');
const REVIEW_QUEUE = placeholder('human review queue');
const ON_CALL = placeholder('on call rotation');
const INCIDENT_CHANNEL = `#${placeholder('incident channel')}`;
const ROLLBACK_TRIGGER = placeholder('rollback trigger');
const DASHBOARD_URL = `https://${placeholder('dashboard url')}`;
const NAMESPACE = placeholder('namespace');
const SERVICE = placeholder('service name');

/**
 * The connectors the agent reads, from AANA's catalog: a starting point (an agent that answers from
 * the CRM and sends email). Each is required by the certification policy, has its sources enabled in
 * the registry and the deployment, and has an external manifest.
 */
const CONNECTORS = ['crm_support', 'email_send'];
const CONNECTOR_SOURCES = [...new Set(AANA_CATALOG.filter((integration) => CONNECTORS.includes(integration.id)).flatMap((integration) => integration.requiredSourceIds))];

/**
 * Human review for each kind of decision AANA requires it for (its texts must name high-impact,
 * low-confidence and irreversible): the decisions reviewed, and the governance escalation class.
 */
const HUMAN_REVIEW = [
  { decisions: 'high-impact decisions', escalation: 'high-impact decision', allowedActions: ['ask', 'defer', 'refuse'] },
  { decisions: 'low-confidence verifier results', escalation: 'low-confidence verifier result', allowedActions: ['retrieve', 'ask', 'defer'] },
  { decisions: 'irreversible external actions', escalation: 'irreversible external action', allowedActions: ['ask', 'defer'] },
];
const REVIEWED_DECISIONS = HUMAN_REVIEW.map((review) => review.decisions);

const LATENCY_SLO_P95_MS = 1500;
// AANA's AIx thresholds: the values its shadow-audit check applies when a policy names none.
const MIN_AIX_SCORE_AVERAGE = 0.85;
const MIN_AIX_SCORE_MIN = 0.5;
const ALLOWED_AIX_DECISIONS = ['accept', 'revise'];

const DASHBOARD_PANELS: Record<(typeof REQUIRED_DASHBOARD_PANELS)[number], { title: string; metric: string }> = {
  gate_decisions: { title: 'Gate decisions', metric: 'gate_decision_count' },
  recommended_actions: { title: 'Recommended actions', metric: 'recommended_action_count' },
  refusal_defer_rate: { title: 'Refusal and defer rate', metric: 'refusal_defer_rate' },
  connector_failures: { title: 'Connector failures', metric: 'connector_failure_count' },
  evidence_freshness: { title: 'Evidence freshness failures', metric: 'evidence_freshness_failure_count' },
  latency: { title: 'Latency (p95)', metric: 'latency' },
  aix_drift: { title: 'Average AIx score', metric: 'aix_score_average' },
  hard_blockers: { title: 'AIx hard blockers', metric: 'aix_hard_blocker_count' },
};

const ALERTS: Record<(typeof REQUIRED_ALERTS)[number], { name: string; metric: string; condition: 'greater_than' | 'less_than'; threshold: number; severity: string }> = {
  high_refusal_defer_rate: { name: 'High refusal and defer rate', metric: 'refusal_defer_rate', condition: 'greater_than', threshold: 0.2, severity: 'high' },
  connector_failures: { name: 'Connector failures', metric: 'connector_failure_count', condition: 'greater_than', threshold: 0, severity: 'critical' },
  stale_evidence: { name: 'Stale evidence', metric: 'evidence_freshness_failure_count', condition: 'greater_than', threshold: 0, severity: 'high' },
  latency_spike: { name: 'P95 latency above the SLO', metric: 'latency', condition: 'greater_than', threshold: LATENCY_SLO_P95_MS, severity: 'medium' },
  aix_drift: { name: 'Average AIx score below the certification minimum', metric: 'aix_score_average', condition: 'less_than', threshold: MIN_AIX_SCORE_AVERAGE, severity: 'high' },
  hard_blocker_spike: { name: 'AIx hard blocker present', metric: 'aix_hard_blocker_count', condition: 'greater_than', threshold: 0, severity: 'critical' },
};

// ---------------------------------------------------------------- the AANA artifacts

function certificationPolicy() {
  return {
    production_certification_version: CERTIFICATION_VERSION,
    policy_name: placeholder('policy name'),
    owner: OWNER,
    shadow_mode: {
      minimum_duration_days: MIN_SHADOW_DURATION_DAYS,
      minimum_records: MIN_SHADOW_RECORDS,
      required_adapter_ids: [ADAPTER_ID],
    },
    metrics: {
      required: [...REQUIRED_CERTIFICATION_METRICS],
      minimum_aix_score_average: MIN_AIX_SCORE_AVERAGE,
      minimum_aix_score_min: MIN_AIX_SCORE_MIN,
      maximum_aix_hard_blockers: 0,
      allowed_aix_decisions: ALLOWED_AIX_DECISIONS,
    },
    human_review: { required_for: REVIEWED_DECISIONS, required_routes: [REVIEW_QUEUE] },
    connector_evidence: {
      required_connectors: CONNECTORS,
      auth_boundary_required: true,
      freshness_slo_required: true,
      redaction_required: true,
      failure_modes_required: true,
    },
    audit_retention: { minimum_days: MIN_AUDIT_RETENTION_DAYS, immutable_required: true, redaction_required: true, access_review_cadence: 'quarterly' },
    // These say which sign-offs certification requires, not that they were given.
    approvals: { domain_owner_signoff: true, security_signoff: true, governance_signoff: true },
  };
}

function deploymentManifest() {
  return {
    deployment_name: AGENT,
    environment: 'production',
    bridge: {
      host: '0.0.0.0',
      public_base_url: `https://${placeholder('bridge host')}`,
      auth_required: true,
      tls_terminated: true,
      tls: {
        termination: placeholder('tls termination'),
        ingress_class: placeholder('ingress class'),
        certificate_ref: `${NAMESPACE}/${placeholder('tls secret')}`,
        minimum_tls_version: 'TLSv1.2',
        https_only: true,
      },
      max_body_bytes: 1048576,
      rate_limits: {
        enabled: true,
        requests_per_minute: 120,
        burst: 30,
        scope: 'per authenticated client token',
        runtime_enforced: true,
        edge_enforced: true,
        edge_policy: placeholder('edge rate limit policy'),
      },
    },
    container: {
      image: `${placeholder('registry')}/image:tag`,
      image_pull_policy: 'IfNotPresent',
      command: placeholder('container command'),
      probes: {
        liveness: { path: '/health', period_seconds: 10, timeout_seconds: 5, failure_threshold: 6 },
        readiness: { path: '/ready', period_seconds: 10, timeout_seconds: 5, failure_threshold: 3 },
      },
      resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } },
    },
    kubernetes: {
      manifest: placeholder('kubernetes manifest path'),
      namespace: NAMESPACE,
      service_name: SERVICE,
      ingress_name: placeholder('ingress name'),
      health_endpoint: '/health',
      readiness_endpoint: '/ready',
      rollback_command: `kubectl rollout undo deployment/${SERVICE} -n ${NAMESPACE}`,
    },
    incident_response: {
      owner: ON_CALL,
      incident_channel: INCIDENT_CHANNEL,
      rollback_path: placeholder('rollback path'),
      rollback_trigger: ROLLBACK_TRIGGER,
      last_known_good_artifact: placeholder('last known good image'),
      rollback_steps: [
        'Page the on-call rotation and the domain owner.',
        'Switch the adapters to shadow mode, so that nothing is enforced.',
        'Run the rollback command.',
        'Check that /health and /ready succeed.',
        'Re-run the release gate on the last known good artifact before enforcing again.',
      ],
    },
    audit: {
      sink: `s3://${placeholder('audit bucket')}/`,
      immutable: true,
      retention_days: MIN_AUDIT_RETENTION_DAYS,
      raw_artifact_store: 'none',
      redaction_required: true,
    },
    evidence_sources: CONNECTOR_SOURCES.map((sourceId) => ({
      source_id: sourceId,
      owner: placeholder('source owner'),
      authorization: placeholder('read only service account'),
      freshness_slo: placeholder('freshness slo'),
      trust_tier: 'verified',
    })),
    observability: { dashboard_url: DASHBOARD_URL, alerts_enabled: true, tracked_metrics: [...REQUIRED_OBSERVABILITY_METRICS] },
    // pilot_approved until the domain owner approves the adapter for production.
    domain_owners: [{ adapter_id: ADAPTER_ID, owner: DOMAIN_OWNER, review_status: 'pilot_approved' }],
    human_review: { queue: REVIEW_QUEUE, required_for: REVIEWED_DECISIONS, sla: placeholder('review sla') },
  };
}

function governancePolicy() {
  return {
    policy_name: placeholder('policy name'),
    owner: OWNER,
    review_cadence: 'weekly',
    escalation_classes: HUMAN_REVIEW.map((review) => ({
      name: review.escalation,
      trigger: placeholder(`${review.escalation} trigger`),
      route: REVIEW_QUEUE,
      allowed_actions: review.allowedActions,
    })),
    decision_explanations: {
      ask: 'Before I go on, I need one more detail from you.',
      defer: 'I can\'t settle this on my own, so a member of our team will review it and get back to you.',
      refuse: 'I can\'t do that: it is outside what I am allowed to do for you.',
    },
    review_metrics: ['false_accept_rate', 'false_block_rate', 'over_refusal_rate', 'human_review_turnaround_time'],
    incident_response: {
      owner: ON_CALL,
      severity_levels: ['sev4', 'sev3', 'sev2', 'sev1'],
      rollback_trigger: ROLLBACK_TRIGGER,
      notification_path: placeholder('notification path'),
    },
  };
}

function evidenceRegistry() {
  const sourceIds = [...new Set(AANA_CATALOG.flatMap((integration) => integration.requiredSourceIds))];
  return {
    registry_version: '0.1',
    sources: sourceIds.map((sourceId) =>
      CONNECTOR_SOURCES.includes(sourceId)
        ? { source_id: sourceId, owner: placeholder('source owner'), enabled: true, allowed_trust_tiers: ['verified'], allowed_redaction_statuses: ['redacted'], max_age_hours: 24 }
        : { source_id: sourceId, owner: 'none: this agent does not read it', enabled: false, allowed_trust_tiers: ['verified'], allowed_redaction_statuses: ['redacted'], max_age_hours: null },
    ),
  };
}

function observabilityPolicy() {
  return {
    policy_name: placeholder('policy name'),
    owner: OWNER,
    dashboard_url: DASHBOARD_URL,
    dashboards: [
      {
        id: 'agent_runtime',
        title: 'Agent runtime (AANA)',
        url: DASHBOARD_URL,
        metrics_source: placeholder('metrics source'),
        owner: OWNER,
        panels: Object.entries(DASHBOARD_PANELS).map(([id, panel]) => ({ id, ...panel })),
      },
    ],
    // The observability metrics, and the certification policy's, which the certification requires tracked too.
    tracked_metrics: [...new Set([...REQUIRED_OBSERVABILITY_METRICS, ...REQUIRED_CERTIFICATION_METRICS])].sort(),
    alerts: Object.entries(ALERTS).map(([id, alert]) => ({ id, ...alert, route: INCIDENT_CHANNEL, owner: ON_CALL })),
    drift_review: {
      cadence: 'weekly',
      owner: placeholder('drift review owner'),
      required_reports: [
        'aix_score_trend',
        'aix_decision_distribution',
        'refusal_defer_rate_trend',
        'top_violation_codes',
        'false_accept_false_block_review',
        'connector_failure_trend',
        'latency_trend',
      ],
    },
    latency_slo: { p95_ms: LATENCY_SLO_P95_MS, route: INCIDENT_CHANNEL },
    on_call: {
      primary: ON_CALL,
      secondary: placeholder('secondary on call'),
      schedule: `https://${placeholder('on call schedule')}`,
      escalation_policy: placeholder('escalation policy'),
      handoff: placeholder('handoff procedure'),
      incident_channel: INCIDENT_CHANNEL,
      page_for: Object.keys(ALERTS),
    },
  };
}

/**
 * A sample of three redacted shadow records of the adapter over two days: they show the format and
 * pass its checks, but are far from the records and days certification requires, so the shadow
 * check fails until the log of a real shadow-mode run replaces them.
 */
function shadowAuditRecords() {
  const samples = [
    { createdAt: '2026-01-05T09:00:00Z', decision: 'accept', score: 0.93, latencyMs: 310 },
    { createdAt: '2026-01-05T15:30:00Z', decision: 'revise', score: 0.86, latencyMs: 420 },
    { createdAt: '2026-01-06T11:15:00Z', decision: 'accept', score: 0.95, latencyMs: 280 },
  ];
  return samples.map((sample, index) => {
    const route = sample.decision === 'accept' ? 'pass' : 'revise';
    return {
      audit_record_version: AUDIT_RECORD_VERSION,
      created_at: sample.createdAt,
      record_type: 'agent_check',
      adapter: ADAPTER_ID,
      adapter_version: '1.0.0',
      execution_mode: 'shadow',
      shadow_observation: {
        shadow_mode: true,
        enforcement: 'observe_only',
        would_gate_decision: 'pass',
        would_recommended_action: sample.decision,
        would_aix_decision: sample.decision,
        would_route: route,
        production_effect: 'not_blocked',
      },
      gate_decision: 'pass',
      recommended_action: sample.decision,
      aix: { score: sample.score, decision: sample.decision, hard_blockers: [] },
      hard_blockers: [],
      missing_evidence: [],
      authorization_state: 'verified',
      violation_count: 0,
      violation_codes: [],
      evidence_source_ids: CONNECTOR_SOURCES,
      latency_ms: sample.latencyMs,
      connector_failures: [],
      evidence_freshness_failures: [],
      human_review_route: { required: false, route: 'none', reason: 'not_required' },
      // Fingerprints, never the inputs: a redacted record keeps only their SHA-256.
      input_fingerprints: {
        request_sha256: sha256(`sample request ${index + 1}`),
        candidate_sha256: sha256(`sample candidate ${index + 1}`),
        evidence_sha256: sha256(`sample evidence ${index + 1}`),
      },
      audit_safe_log_event: {
        audit_event_version: 'aana.audit_safe_decision.v1',
        route,
        gate_decision: 'pass',
        aix_score: sample.score,
        aix_decision: sample.decision,
        hard_blockers: [],
        missing_evidence: [],
        authorization_state: 'verified',
        latency_ms: sample.latencyMs,
        raw_payload_logged: false,
      },
    };
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function externalEvidence() {
  return {
    external_evidence_version: EXTERNAL_EVIDENCE_VERSION,
    evidence_scope: 'template',
    connector_manifests: CONNECTORS.map((connectorId) => ({
      connector_id: connectorId,
      manifest_uri: `https://${placeholder('manifest host')}/${connectorId}/manifest.json`,
      environment: 'production',
      owner: placeholder('connector owner'),
      auth_boundary: placeholder('authorization boundary'),
      freshness_slo: placeholder('freshness slo'),
      redaction_policy: placeholder('redaction policy'),
      failure_modes: ['unauthorized', 'stale_evidence', 'unredacted_evidence', 'connector_unavailable'],
    })),
    shadow_mode_logs: {
      audit_log_uri: `s3://${placeholder('audit bucket')}/shadow-audit.jsonl`,
      environment: 'production',
      redacted: true,
      retention_policy_ref: placeholder('retention policy id'),
    },
    audit_retention_policy: {
      policy_uri: `https://${placeholder('retention policy uri')}`,
      owner: OWNER,
      retention_days: MIN_AUDIT_RETENTION_DAYS,
      immutable: true,
    },
    escalation_policy: {
      policy_uri: `https://${placeholder('escalation policy uri')}`,
      owner: OWNER,
      human_review_queue: REVIEW_QUEUE,
      covers: REVIEWED_DECISIONS,
    },
    owner_approval: {
      approval_uri: `https://${placeholder('approval uri')}`,
      domain_owner: DOMAIN_OWNER,
      approved_at: placeholder('approval time iso 8601'),
      scope: 'production',
    },
  };
}

// ---------------------------------------------------------------- agent policy and menace governance

function agentPolicy() {
  return {
    agent: AGENT,
    metadata: { name: placeholder('agent display name'), description: placeholder('what the agent does'), version: '1.0', owner: OWNER },
    permissions: {
      allow: [`read:${placeholder('resource')}`, `create:${placeholder('resource')}`],
      deny: ['delete:*', 'access:admin_panel'],
      escalate: [{ action: `create:${placeholder('resource')}`, condition: 'amount > 500' }],
    },
    // 2555 days (7 years): what compliance regimes expect of agent audit records.
    audit: { level: 'full', retention: 2555, sensitive_fields: ['password', 'ssn', 'credit_card'] },
    rate_limits: { actions_per_minute: 60 },
    trust: { minimum_score: 60, recovery_threshold: 85 },
  };
}

/** Guarded against unmeasured (None) values, which Python cannot compare. */
function governanceRules() {
  return [
    { decision: 'no_go', condition: 'raroi is not None and raroi < raroi_threshold', reason_code: 'raroi_below_threshold' },
    { decision: 'demote', condition: 'confidence is not None and confidence < confidence_threshold', reason_code: 'low_confidence' },
    {
      decision: 'pilot',
      condition: 'sandbox_roi is not None and adapter_roi is not None and sandbox_roi < sandbox_roi_low and adapter_roi > adapter_roi_high',
      reason_code: 'micro_pilot',
    },
    {
      decision: 'promote',
      condition: 'raroi is not None and confidence is not None and raroi >= raroi_threshold and confidence >= confidence_threshold and min_scenario >= scenario_score_min',
      reason_code: 'meets_thresholds',
    },
  ];
}

/** The scenarios a workflow is scored in: the thresholds and the example scorecard name the same ones. */
const SCENARIO_MINIMUMS = { baseline: 0.6, peak_load: 0.6 };

function deploymentThresholds() {
  // menace's defaults, where it has them.
  return {
    raroi_threshold: 1.0,
    confidence_threshold: 0.7,
    scenario_score_min: 0.5,
    sandbox_roi_low: 0.1,
    adapter_roi_high: 1.0,
    max_variance: 0.05,
    scenario_thresholds: SCENARIO_MINIMUMS,
  };
}

function workflowScorecard() {
  return {
    workflow_id: placeholder('workflow id'),
    // Reviews not done yet: anything but pass vetoes promotion.
    alignment_status: 'pending',
    security_status: 'pending',
    raroi: 1.2,
    confidence: 0.8,
    sandbox_roi: 0.3,
    adapter_roi: 1.1,
    scenario_scores: { baseline: 0.72, peak_load: 0.64 } satisfies Record<keyof typeof SCENARIO_MINIMUMS, number>,
  };
}
