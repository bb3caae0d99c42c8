// The production-certification boundary check: ten checks over the readiness artifacts, the
// repo-local and deployment boundaries, and the readiness level — with AANA's verdicts.
import { formatJsonPath, type JsonPath } from '../located.ts';
import { REQUIRED_HUMAN_REVIEW_TOPICS } from '../kinds/aana-requirements.ts';
import { hasText, isInteger, missingTopics } from '../kinds/gates.ts';
import type { LocatedFinding } from '../validate.ts';
import { asArray, get, has, isObject } from '../values.ts';
import { AANA_CATALOG, coverage, type IntegrationCatalog } from './catalog.ts';
import { shadowModeEvidence, type ShadowAuditSummary } from './shadow-audit.ts';
import type { SuppressedIssue } from './suppressed.ts';
import type { CertificationIssue, CheckName, CheckResult, CheckStatus, InputName } from './types.ts';

/** One artifact handed to the certification: its parsed value and its own findings, or why it is unusable. */
export interface ArtifactInput {
  file: string;
  value?: unknown;
  findings?: readonly LocatedFinding[];
  /** Set when the artifact cannot be used: unreadable, malformed beyond use, or of another kind. */
  problem?: string;
}

export interface AuditLogInput {
  file: string;
  summary?: ShadowAuditSummary;
  problem?: string;
}

export interface CertificationInputs {
  certification_policy?: ArtifactInput;
  deployment_manifest?: ArtifactInput;
  governance_policy?: ArtifactInput;
  evidence_registry?: ArtifactInput;
  observability_policy?: ArtifactInput;
  audit_log?: AuditLogInput;
  external_evidence?: ArtifactInput;
  /** The connector catalog coverage is measured against (AANA's built-in one by default). */
  catalog?: CatalogInput;
}

export interface CatalogInput {
  file: string;
  integrations: IntegrationCatalog;
  /** What is wrong with the catalog file; a catalog with problems fails connector coverage. */
  problems: string[];
}

export type ReadinessLevel = 'repo_local_not_ready' | 'external_evidence_required' | 'deployment_ready';

export interface CertificationReport {
  production_certification_version: '0.1';
  production_positioning: string;
  certification_scope: string;
  valid: boolean;
  production_ready: boolean;
  repo_local_ready: boolean;
  deployment_ready: boolean;
  production_certified: false;
  production_claim_allowed: boolean;
  summary: {
    status: CheckStatus;
    readiness_level: ReadinessLevel;
    checks: number;
    failures: number;
    warnings: number;
    repo_local_failures: number;
    repo_local_warnings: number;
    /** Findings the editor and validate do not show (the verdict counts them all). */
    suppressed: number;
  };
  readiness_boundary: typeof READINESS_BOUNDARY;
  public_readiness_matrix: typeof READINESS_MATRIX;
  checks: CheckResult[];
  /** Which file each input came from; inputs not given are listed without one. */
  inputs: { name: InputName; file?: string; problem?: string }[];
  /** The suppressed findings of the artifacts, listed by the shells that know the suppressions. */
  suppressed: SuppressedIssue[];
}

export const PRODUCTION_POSITIONING =
  'production_certified is always false: passing these checks shows that the readiness evidence holds, ' +
  'not that the agent is certified. Final certification is a decision of the domain owner, security and governance, ' +
  'taken outside this tool.';

export const CERTIFICATION_SCOPE =
  'This is a boundary check, not a guarantee of safe production behaviour. It separates what the repository can show ' +
  '(repo_local_ready) from what only the deployed environment can (deployment_ready), and production claims need ' +
  'explicit external evidence.';

export const READINESS_BOUNDARY = {
  demo: {
    purpose: 'Show what the agent and its adapters do.',
    data: 'Synthetic examples only.',
    side_effects: 'None: nothing is sent, deleted, deployed, paid, booked, granted or exported.',
    certification_line: 'Demo-ready needs no live connectors, shadow traffic or audit retention, and is not production-certified.',
  },
  pilot: {
    purpose: 'Measure value and friction on a scoped workflow.',
    data: 'Synthetic, public or tightly scoped redacted data; private production data only with approval for a controlled pilot.',
    side_effects: 'Shadow or advisory mode preferred; enforcing needs the local owner\'s approval.',
    certification_line: 'Pilot-ready supports controlled evaluation; without domain-owner sign-off and deployment evidence it is not production-certified.',
  },
  production: {
    purpose: 'Gate real user or business actions.',
    data: 'Authorized production evidence connectors with freshness, redaction and failure-mode contracts.',
    side_effects: 'Blocking or routing live workflows, only once the certification gates pass.',
    certification_line:
      'Production readiness needs live evidence connectors, domain-owner sign-off, audit retention, observability, human-review routing and shadow-mode evidence.',
  },
} as const;

export const READINESS_MATRIX = {
  production_certification_version: '0.1',
  levels: {
    demo_ready: { boundary: READINESS_BOUNDARY.demo, required_gates: ['synthetic_only', 'no_live_actions', 'no_user_secrets'] },
    pilot_ready: {
      boundary: READINESS_BOUNDARY.pilot,
      required_gates: ['family_packaged', 'redacted_telemetry', 'shadow_or_advisory_mode', 'starter_kit_metrics'],
    },
    production_ready: {
      boundary: READINESS_BOUNDARY.production,
      required_gates: [
        'audit_retention',
        'audit_retention_policy',
        'connector_evidence',
        'domain_owner_signoff',
        'external_connector_manifests',
        'external_shadow_mode_logs',
        'human_review_routing',
        'owner_approval',
        'required_metrics',
        'shadow_mode_minimum_duration',
      ],
    },
  },
} as const;

export const REQUIRED_EXTERNAL_ARTIFACTS = ['connector_manifests', 'shadow_mode_logs', 'audit_retention_policy', 'escalation_policy', 'owner_approval'];

const ARTIFACT_NAMES: Record<InputName, string> = {
  certification_policy: 'a certification policy',
  deployment_manifest: 'a deployment manifest',
  governance_policy: 'a human-governance policy',
  evidence_registry: 'an evidence registry',
  observability_policy: 'an observability policy',
  audit_log: 'a redacted shadow-mode audit log',
  external_evidence: 'explicit external evidence',
};

export function certify(inputs: CertificationInputs): CertificationReport {
  const catalog = inputs.catalog?.integrations ?? AANA_CATALOG;
  const policy = usable(inputs.certification_policy);
  const deployment = usable(inputs.deployment_manifest);
  const governance = usable(inputs.governance_policy);
  const registry = usable(inputs.evidence_registry);
  const observability = usable(inputs.observability_policy);
  const external = usable(inputs.external_evidence);

  const checks: CheckResult[] = [
    documentCheck('certification_policy', 'certification_policy', inputs.certification_policy, 'errors', {
      pass: 'The certification policy is valid.',
      fail: 'The certification policy is invalid.',
    }),
    check('readiness_boundary', 'pass', 'The demo, pilot and production readiness boundaries are defined.', [], { readiness_boundary: READINESS_BOUNDARY }),
    documentCheck('deployment_manifest', 'deployment_manifest', inputs.deployment_manifest, 'errors and warnings', {
      pass: 'The deployment manifest satisfies the production infrastructure gates.',
      fail: 'The deployment manifest does not satisfy the production certification gates.',
    }),
    documentCheck('governance_policy', 'governance_policy', inputs.governance_policy, 'errors and warnings', {
      pass: 'The governance policy satisfies the production certification gates.',
      fail: 'The governance policy does not satisfy the production certification gates.',
    }),
    requiredMetrics(inputs, policy, observability),
    connectorEvidence(inputs, policy, registry, catalog),
    humanReviewRouting(inputs, policy, deployment, governance),
    auditRetention(inputs, policy, deployment, governance),
    shadowMode(inputs, policy),
    externalEvidence(inputs, policy, external),
  ];

  const failed = checks.filter((item) => item.status === 'fail');
  const warned = checks.filter((item) => item.status === 'warn');
  const repoChecks = checks.filter((item) => item.name !== 'external_production_evidence');
  const repoFailed = repoChecks.filter((item) => item.status === 'fail');
  const repoWarned = repoChecks.filter((item) => item.status === 'warn');
  const repoLocalReady = repoFailed.length === 0 && repoWarned.length === 0;
  const deploymentReady = repoLocalReady && failed.length === 0 && warned.length === 0;
  return {
    production_certification_version: '0.1',
    production_positioning: PRODUCTION_POSITIONING,
    certification_scope: CERTIFICATION_SCOPE,
    valid: failed.length === 0,
    production_ready: deploymentReady,
    repo_local_ready: repoLocalReady,
    deployment_ready: deploymentReady,
    production_certified: false,
    production_claim_allowed: deploymentReady,
    summary: {
      status: deploymentReady ? 'pass' : failed.length > 0 ? 'fail' : 'warn',
      readiness_level: deploymentReady ? 'deployment_ready' : repoLocalReady ? 'external_evidence_required' : 'repo_local_not_ready',
      checks: checks.length,
      failures: failed.length,
      warnings: warned.length,
      repo_local_failures: repoFailed.length,
      repo_local_warnings: repoWarned.length,
      suppressed: 0,
    },
    readiness_boundary: READINESS_BOUNDARY,
    public_readiness_matrix: READINESS_MATRIX,
    checks,
    inputs: (Object.keys(ARTIFACT_NAMES) as InputName[]).map((name) => {
      const input = inputs[name];
      return input ? { name, file: input.file, ...(input.problem ? { problem: input.problem } : {}) } : { name };
    }),
    suppressed: [],
  };
}

// ---------------------------------------------------------------- helpers

/** The value of an artifact AANA would consider provided: present, usable, and not empty. */
function usable(input: ArtifactInput | undefined): Record<string, unknown> | undefined {
  if (!input || input.problem || !isObject(input.value) || Object.keys(input.value).length === 0) return undefined;
  return input.value;
}

function check(name: CheckName, status: CheckStatus, message: string, issues: CertificationIssue[], details: Record<string, unknown> = {}): CheckResult {
  return { name, status, message, details, issues };
}

function hasErrors(issues: readonly CertificationIssue[]): boolean {
  return issues.some((issue) => issue.level === 'error');
}

function issue(level: 'error' | 'warning', input: InputName, file: string | undefined, path: JsonPath, message: string, code: string): CertificationIssue {
  return { level, path: formatJsonPath(path), message, code, input, ...(file ? { file } : {}), location: { jsonPath: path } };
}

/** An artifact's own findings, as issues of the check that judges it. */
function findingIssues(name: InputName, input: ArtifactInput): CertificationIssue[] {
  return (input.findings ?? [])
    .filter((finding) => finding.severity !== 'info')
    .map((finding) => ({
      level: finding.severity === 'error' ? 'error' : 'warning',
      path: formatJsonPath(finding.path),
      message: finding.message,
      code: finding.code,
      input: name,
      file: input.file,
      location: { span: finding.span },
    }));
}

/** Why an artifact cannot be judged: absent, unusable, or empty. */
function unavailable(name: InputName, input: ArtifactInput | AuditLogInput | undefined): CertificationIssue | undefined {
  const file = input?.file;
  if (!input) return { level: 'error', path: '$', message: `Production certification requires ${ARTIFACT_NAMES[name]}.`, code: 'certification-input-missing', input: name };
  if (input.problem) return { level: 'error', path: '$', message: input.problem, code: 'certification-input-unusable', input: name, ...(file ? { file } : {}) };
  if ('value' in input && (!isObject(input.value) || Object.keys(input.value).length === 0)) {
    return { level: 'error', path: '$', message: `${file}: ${ARTIFACT_NAMES[name]} must be a non-empty JSON object.`, code: 'certification-input-unusable', input: name, file };
  }
  return undefined;
}

function missingCheck(name: CheckName, input: InputName, reason: CertificationIssue): CheckResult {
  const message = reason.code === 'certification-input-missing' ? reason.message : `${capitalize(ARTIFACT_NAMES[input])} was given but cannot be used.`;
  return check(name, 'fail', message, [reason]);
}

/** A check that judges one artifact by its own findings ("errors", or "errors and warnings" for AANA's production_ready). */
function documentCheck(
  name: CheckName,
  input: InputName,
  artifact: ArtifactInput | undefined,
  strictness: 'errors' | 'errors and warnings',
  messages: { pass: string; fail: string },
): CheckResult {
  const reason = unavailable(input, artifact);
  if (reason) return missingCheck(name, input, reason);
  const issues = findingIssues(input, artifact!);
  const failing = strictness === 'errors' ? hasErrors(issues) : issues.length > 0;
  return check(name, failing ? 'fail' : 'pass', failing ? messages.fail : messages.pass, issues, {
    errors: issues.filter((item) => item.level === 'error').length,
    warnings: issues.filter((item) => item.level === 'warning').length,
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function strings(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === 'string');
}

// ---------------------------------------------------------------- the cross-file checks

function requiredMetrics(inputs: CertificationInputs, policy: Record<string, unknown> | undefined, observability: Record<string, unknown> | undefined): CheckResult {
  const reason = unavailable('observability_policy', inputs.observability_policy);
  if (reason) return missingCheck('required_metrics', 'observability_policy', reason);
  const issues = findingIssues('observability_policy', inputs.observability_policy!);
  const tracked = new Set(strings(get(observability, 'tracked_metrics')));
  const missing = [...new Set(strings(get(get(policy, 'metrics'), 'required')))].filter((metric) => !tracked.has(metric)).sort();
  if (missing.length > 0) {
    issues.push(
      issue('error', 'observability_policy', inputs.observability_policy!.file, ['tracked_metrics'], `The observability policy does not track metrics the certification policy requires: ${missing.join(', ')}.`, 'metrics-missing'),
    );
  }
  const passed = issues.length === 0;
  return check(
    'required_metrics',
    passed ? 'pass' : 'fail',
    passed ? 'The observability policy tracks all production certification metrics.' : 'The observability policy is missing required production certification metrics.',
    issues,
    { missing_metrics: missing },
  );
}

function connectorEvidence(
  inputs: CertificationInputs,
  policy: Record<string, unknown> | undefined,
  registry: Record<string, unknown> | undefined,
  catalog: IntegrationCatalog,
): CheckResult {
  const reason = unavailable('evidence_registry', inputs.evidence_registry);
  if (reason) return missingCheck('connector_evidence', 'evidence_registry', reason);
  const file = inputs.evidence_registry!.file;
  const issues = findingIssues('evidence_registry', inputs.evidence_registry!).filter((item) => item.level === 'error');
  for (const problem of inputs.catalog?.problems ?? []) {
    issues.push({ level: 'error', path: '$', message: `Connector catalog ${inputs.catalog!.file}: ${problem}`, code: 'certification-input-unusable', file: inputs.catalog!.file });
  }
  const report = coverage(catalog, registry);
  const known = new Set(catalog.map((integration) => integration.id));
  const required = [...new Set(strings(get(get(policy, 'connector_evidence'), 'required_connectors')))];
  for (const connector of required.filter((id) => report.missing.has(id)).sort()) {
    issues.push(
      issue('error', 'evidence_registry', file, ['sources'], `Connector ${connector} needs evidence sources this registry lacks: ${report.missing.get(connector)!.join(', ')}.`, 'connector-sources-missing'),
    );
  }
  const unknown = required.filter((id) => !known.has(id)).sort();
  for (const connector of unknown) {
    issues.push(
      issue('error', 'certification_policy', inputs.certification_policy?.file, ['connector_evidence', 'required_connectors'], `Connector ${connector} is not in the connector catalog, so no registry can cover it.`, 'connector-unknown'),
    );
  }
  const uncovered = [...report.missing.keys()].filter((id) => !required.includes(id)).sort();
  if (uncovered.length > 0) {
    issues.push(
      issue(
        'error',
        'evidence_registry',
        file,
        ['sources'],
        `The registry does not cover ${uncovered.length} catalog integration${uncovered.length === 1 ? '' : 's'} (${uncovered.join(', ')}): AANA's connector check needs every catalog integration's sources registered (they may be disabled).`,
        'connector-sources-missing',
      ),
    );
  }
  const missingRequired = required.filter((id) => !report.covered.has(id)).sort();
  const passed = issues.length === 0;
  return check(
    'connector_evidence',
    passed ? 'pass' : 'fail',
    passed ? 'The evidence registry covers the production connector evidence contracts.' : 'The evidence registry does not cover the production connector evidence contracts.',
    issues,
    { required_connectors: [...required].sort(), missing_required_connectors: missingRequired, uncovered_integrations: [...report.missing.keys()].sort() },
  );
}

function humanReviewRouting(
  inputs: CertificationInputs,
  policy: Record<string, unknown> | undefined,
  deployment: Record<string, unknown> | undefined,
  governance: Record<string, unknown> | undefined,
): CheckResult {
  if (!deployment || !governance) {
    return check('human_review_routing', 'fail', 'Human-review routing needs the deployment manifest and the governance policy.', missingInputs(inputs, ['deployment_manifest', 'governance_policy']));
  }
  const governanceTexts = asArray(get(governance, 'escalation_classes'))
    .filter(isObject)
    .flatMap((item) => ['name', 'trigger', 'route'].map((key) => (has(item, key) ? pythonText(item[key]) : '')));
  const sources: [InputName, JsonPath, string[]][] = [
    ['certification_policy', ['human_review', 'required_for'], missingTopics(get(get(policy, 'human_review'), 'required_for'))],
    ['deployment_manifest', ['human_review', 'required_for'], missingTopics(get(get(deployment, 'human_review'), 'required_for'))],
    ['governance_policy', ['escalation_classes'], missingTopics(governanceTexts)],
  ];
  const issues: CertificationIssue[] = [];
  const subjects: Record<string, string> = {
    certification_policy: 'The certification policy\'s human review',
    deployment_manifest: 'The deployment\'s human-review routing',
    governance_policy: 'The governance escalation classes',
  };
  for (const topic of REQUIRED_HUMAN_REVIEW_TOPICS) {
    for (const [input, path, missing] of sources) {
      if (missing.includes(topic)) {
        issues.push(issue('error', input, inputs[input]?.file, path, `${subjects[input]} does not cover ${topic} decisions.`, 'human-review-topic-missing'));
      }
    }
  }
  const passed = issues.length === 0;
  return check(
    'human_review_routing',
    passed ? 'pass' : 'fail',
    passed ? 'Human-review routing covers high-impact, low-confidence and irreversible decisions.' : 'Human-review routing is incomplete.',
    issues,
  );
}

/** Python's str() of a value, as AANA joins escalation-class fields for topic matching. */
function pythonText(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function auditRetention(
  inputs: CertificationInputs,
  policy: Record<string, unknown> | undefined,
  deployment: Record<string, unknown> | undefined,
  governance: Record<string, unknown> | undefined,
): CheckResult {
  // AANA judges retention only when both the deployment manifest and the governance policy are given.
  if (!deployment || !governance) {
    return check('audit_retention', 'fail', 'Audit retention is checked against the deployment manifest, and only with the governance policy given too.', missingInputs(inputs, ['deployment_manifest', 'governance_policy']));
  }
  const retention = get(policy, 'audit_retention');
  const minimum = isObject(retention) && has(retention, 'minimum_days') ? retention.minimum_days : 365;
  const audit = get(deployment, 'audit');
  const file = inputs.deployment_manifest!.file;
  const issues: CertificationIssue[] = [];
  if (get(audit, 'immutable') !== true) {
    issues.push(issue('error', 'deployment_manifest', file, ['audit', 'immutable'], 'The production audit sink must be immutable or append-only.', 'flag-not-true'));
  }
  if (get(audit, 'redaction_required') !== true) {
    issues.push(issue('error', 'deployment_manifest', file, ['audit', 'redaction_required'], 'Production audit records must require redaction.', 'flag-not-true'));
  }
  const declared = get(audit, 'retention_days');
  if (typeof minimum !== 'number') {
    issues.push(issue('error', 'certification_policy', inputs.certification_policy?.file, ['audit_retention', 'minimum_days'], 'audit_retention.minimum_days must be a number to compare retention with.', 'type-mismatch'));
  } else if (!isInteger(declared) || declared < minimum) {
    issues.push(
      issue('error', 'deployment_manifest', file, ['audit', 'retention_days'], `Audit retention must be at least ${minimum} days, as the certification policy requires${isInteger(declared) ? ` (found ${declared})` : ''}.`, 'audit-retention-too-short'),
    );
  }
  const passed = issues.length === 0;
  return check(
    'audit_retention',
    passed ? 'pass' : 'fail',
    passed ? 'Audit retention, immutability and redaction satisfy production certification.' : 'Audit retention, immutability or redaction is insufficient.',
    issues,
    { required_retention_days: minimum, declared_retention_days: declared ?? null },
  );
}

function shadowMode(inputs: CertificationInputs, policy: Record<string, unknown> | undefined): CheckResult {
  const log = inputs.audit_log;
  const reason = unavailable('audit_log', log);
  if (reason) return missingCheck('shadow_mode_evidence', 'audit_log', reason);
  if (!log!.summary) {
    return missingCheck('shadow_mode_evidence', 'audit_log', { level: 'error', path: '$', message: `${log!.file}: the audit log was not read.`, code: 'certification-input-unusable', input: 'audit_log', file: log!.file });
  }
  const evidence = shadowModeEvidence(log!.summary, policy ?? {}, log!.file);
  const issues = evidence.issues.map((item) => (item.input === 'certification_policy' && inputs.certification_policy ? { ...item, file: inputs.certification_policy.file } : item));
  return check(
    'shadow_mode_evidence',
    evidence.passed ? 'pass' : 'fail',
    evidence.passed ? 'The shadow-mode audit evidence satisfies production certification.' : 'The shadow-mode audit evidence is insufficient for production certification.',
    issues,
    evidence.details,
  );
}

function externalEvidence(inputs: CertificationInputs, policy: Record<string, unknown> | undefined, external: Record<string, unknown> | undefined): CheckResult {
  const reason = unavailable('external_evidence', inputs.external_evidence);
  if (reason) {
    const result = missingCheck('external_production_evidence', 'external_evidence', reason);
    if (!inputs.external_evidence) {
      result.message = 'Production claims need explicit external evidence: connector manifests, shadow-mode logs, an audit retention policy, an escalation policy and owner approval.';
      result.details = { required_artifacts: REQUIRED_EXTERNAL_ARTIFACTS };
    }
    return result;
  }
  const issues = findingIssues('external_evidence', inputs.external_evidence!).filter((item) => item.level === 'error');
  const present = new Set(
    asArray(get(external, 'connector_manifests'))
      .map((entry) => get(entry, 'connector_id'))
      .filter((id): id is string => hasText(id)),
  );
  const required = [...new Set(strings(get(get(policy, 'connector_evidence'), 'required_connectors')))];
  const missing = required.filter((id) => !present.has(id)).sort();
  if (missing.length > 0 && asArray(get(external, 'connector_manifests')).length > 0) {
    issues.push(
      issue('error', 'external_evidence', inputs.external_evidence!.file, ['connector_manifests'], `External connector manifests are missing connectors the certification policy requires: ${missing.join(', ')}.`, 'connectors-missing'),
    );
  }
  const passed = !hasErrors(issues);
  return check(
    'external_production_evidence',
    passed ? 'pass' : 'fail',
    passed
      ? 'External production evidence is explicit and satisfies the production-claim prerequisites.'
      : 'External production evidence is missing or incomplete; production claims are not allowed.',
    issues,
    { required_artifacts: REQUIRED_EXTERNAL_ARTIFACTS, connector_count: asArray(get(external, 'connector_manifests')).length, required_connectors: [...required].sort() },
  );
}

function missingInputs(inputs: CertificationInputs, names: InputName[]): CertificationIssue[] {
  return names.flatMap((name) => {
    const reason = unavailable(name, inputs[name]);
    return reason ? [reason] : [];
  });
}
