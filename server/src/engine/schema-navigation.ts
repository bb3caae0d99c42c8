// Where a JSON path leads in an artifact kind's schema, and what the value there means to the
// gates. Completion and hover both read this module, so that a key is described, and a
// requirement explained, the same way in both.
//
// Paths are concrete (["sources", 3, "owner"]). The tables below name places by pattern, in the
// notation of formatJsonPath with any list index written `[]` and any key `*`:
// `$.sources[].owner`, `$.*.optional_conditions.*.condition`.
import { basename } from 'node:path';
import { AANA_CATALOG, type Integration } from './certification/catalog.ts';
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
  REQUIRED_HUMAN_REVIEW_TOPICS,
  REQUIRED_OBSERVABILITY_METRICS,
} from './kinds/aana-requirements.ts';
import { EXTERNAL_SCOPE } from './kinds/external-evidence.ts';
import { kindById, type KindId } from './kinds/index.ts';
import { formatJsonPath, type JsonPath, type Scalar } from './located.ts';
import type { JsonSchema } from './schema.ts';
import { asObject, asStrings, get, has, isObject } from './values.ts';

// ---------------------------------------------------------------- the schema

/** Our `$ref`s are local and acyclic; the bound only keeps a cyclic schema from hanging a request. */
const MAX_REF_HOPS = 32;

/** The node with its local `$ref` followed; the referring node's own keywords (its description) win. */
export function resolveRefs(root: JsonSchema, node: JsonSchema): JsonSchema {
  let resolved = node;
  for (let hop = 0; typeof resolved.$ref === 'string' && hop < MAX_REF_HOPS; hop++) {
    const { $ref, ...own } = resolved;
    const target = schemaPointer(root, $ref as string);
    if (!target) return own;
    resolved = { ...target, ...own };
  }
  return resolved;
}

/** `#/$defs/probe` → that node of `root`. */
function schemaPointer(root: JsonSchema, reference: string): JsonSchema | undefined {
  if (!reference.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of reference.slice(1).split('/').slice(1)) {
    node = get(node, raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return isObject(node) ? node : undefined;
}

/**
 * The schema of the value at `path`: properties by name, else additionalProperties; list items for
 * an index. Undefined where the schema says nothing about the value.
 */
export function schemaAt(root: JsonSchema, path: JsonPath): JsonSchema | undefined {
  let node: JsonSchema | undefined = resolveRefs(root, root);
  for (const segment of path) {
    if (!node) return undefined;
    let child: unknown;
    if (typeof segment === 'number') {
      child = node.items;
    } else {
      const properties = node.properties;
      child = isObject(properties) && has(properties, segment) ? properties[segment] : node.additionalProperties;
    }
    node = isObject(child) ? resolveRefs(root, child) : undefined;
  }
  return node;
}

/** The schema of the value at `path` in an artifact kind. */
export function kindSchemaAt(kind: KindId, path: JsonPath): JsonSchema | undefined {
  const schema = kindById(kind)?.schema;
  return schema && schemaAt(schema, path);
}

/** The JSON types a node allows (a union lists several); inferred from its keywords when it has no `type`. */
export function typesOf(node: JsonSchema): string[] {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return asStrings(node.type);
  if (isObject(node.properties) || isObject(node.additionalProperties)) return ['object'];
  if (isObject(node.items)) return ['array'];
  return [];
}

/** `integer`, `string | object`, `array of string`. */
export function typeLabel(root: JsonSchema, node: JsonSchema): string {
  return typesOf(node)
    .map((type) => {
      if (type !== 'array' || !isObject(node.items)) return type;
      const itemTypes = typesOf(resolveRefs(root, node.items));
      if (itemTypes.length === 0) return type;
      return itemTypes.length === 1 ? `array of ${itemTypes[0]}` : `array of (${itemTypes.join(' | ')})`;
    })
    .join(' | ');
}

export interface SchemaKey {
  name: string;
  /** The key's value schema, `$ref` followed. */
  schema: JsonSchema;
  required: boolean;
}

/** The keys the schema defines for an object at `node`, in schema order. */
export function keysOf(root: JsonSchema, node: JsonSchema): SchemaKey[] {
  const properties = node.properties;
  if (!isObject(properties)) return [];
  const required = new Set(asStrings(node.required));
  return Object.entries(properties).flatMap(([name, schema]) =>
    isObject(schema) ? [{ name, schema: resolveRefs(root, schema), required: required.has(name) }] : [],
  );
}

// ---------------------------------------------------------------- values

export interface ValueChoices {
  /** Enum values, or else the schema's examples and the values AANA and the readers know, then booleans. */
  values: Scalar[];
  /** True when the schema allows only these values (an enum). */
  closed: boolean;
}

/** The values a key takes, as far as the schema and the gates know them. */
export function valueChoices(kind: KindId, path: JsonPath, node = kindSchemaAt(kind, path)): ValueChoices {
  const values: Scalar[] = [];
  const add = (value: unknown) => {
    if ((typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && !values.includes(value)) values.push(value);
  };
  if (Array.isArray(node?.enum)) {
    node.enum.forEach(add);
    return { values, closed: true };
  }
  if (Array.isArray(node?.examples)) node.examples.forEach(add);
  KNOWN_VALUES[kind]?.at(path)?.forEach(add);
  if (node && typesOf(node).includes('boolean')) [true, false].forEach(add);
  return { values, closed: false };
}

/** A table of places in a kind, matched by pattern. */
class PathTable<T> {
  private readonly entries: { pattern: RegExp; value: T }[];

  constructor(table: Record<string, T>) {
    this.entries = Object.entries(table).map(([pattern, value]) => ({
      pattern: new RegExp(`^${pattern.replace(/[.[\]$]/g, '\\$&').replace(/\*/g, '[^.[\\]]+')}$`),
      value,
    }));
  }

  at(path: JsonPath): T | undefined {
    const place = formatJsonPath(path).replace(/\[\d+\]/g, '[]');
    return this.entries.find((entry) => entry.pattern.test(place))?.value;
  }
}

// Read from the schemas, so that each list is written once.
const TRUST_TIERS = asStrings(kindSchemaAt('evidence-registry', ['sources', 0, 'allowed_trust_tiers', 0])?.examples);
const EXPLAINED_ACTIONS = Object.keys(asObject(kindSchemaAt('governance-policy', ['decision_explanations'])?.properties));
const REVIEW_TOPICS = REQUIRED_HUMAN_REVIEW_TOPICS.map((topic) => `${topic} decisions`);
const PRODUCTION = ['production'];

/**
 * Values the gates and readers know for keys the schemas leave open strings: the values that pass
 * a gate first, then the other values AANA's validators and the menace/OpenClaw readers name.
 */
const KNOWN_VALUES: Partial<Record<KindId, PathTable<readonly Scalar[]>>> = {
  'certification-policy': new PathTable({
    '$.production_certification_version': [CERTIFICATION_VERSION],
    '$.human_review.required_for[]': REVIEW_TOPICS,
  }),
  'deployment-manifest': new PathTable({
    '$.environment': ['production', 'internal-pilot'],
    '$.bridge.tls.minimum_tls_version': ['TLSv1.2', 'TLSv1.3'],
    '$.container.image_pull_policy': ['IfNotPresent', 'Always', 'Never'],
    '$.container.probes.liveness.path': ['/health'],
    '$.container.probes.readiness.path': ['/ready'],
    '$.kubernetes.health_endpoint': ['/health'],
    '$.kubernetes.readiness_endpoint': ['/ready'],
    '$.evidence_sources[].trust_tier': TRUST_TIERS,
    '$.human_review.required_for[]': REVIEW_TOPICS,
  }),
  'external-evidence': new PathTable({
    '$.external_evidence_version': [EXTERNAL_EVIDENCE_VERSION],
    '$.evidence_scope': [EXTERNAL_SCOPE, 'template', 'internal_pilot'],
    '$.connector_manifests[].environment': PRODUCTION,
    '$.connector_manifests[].failure_modes[]': ['unauthorized', 'stale_evidence', 'unredacted_evidence', 'connector_unavailable'],
    '$.shadow_mode_logs.environment': PRODUCTION,
    '$.owner_approval.scope': PRODUCTION,
    '$.escalation_policy.covers[]': REVIEW_TOPICS,
  }),
  'observability-policy': new PathTable({
    '$.dashboards[].panels[].id': REQUIRED_DASHBOARD_PANELS,
    '$.dashboards[].panels[].metric': REQUIRED_OBSERVABILITY_METRICS,
    '$.alerts[].id': REQUIRED_ALERTS,
    '$.alerts[].metric': REQUIRED_OBSERVABILITY_METRICS,
    '$.alerts[].condition': ['greater_than', 'less_than'],
    '$.alerts[].severity': ['critical', 'high', 'medium', 'low'],
    '$.on_call.page_for[]': REQUIRED_ALERTS,
  }),
  'governance-policy': new PathTable({
    '$.escalation_classes[].allowed_actions[]': EXPLAINED_ACTIONS,
  }),
  'shadow-audit-log': new PathTable({
    '$[].audit_record_version': [AUDIT_RECORD_VERSION],
    '$[].shadow_observation.enforcement': ['observe_only'],
    '$[].shadow_observation.production_effect': ['not_blocked'],
  }),
  'workflow-scorecard': new PathTable({
    '$.alignment_status': ['pass'],
    '$.alignment_status.status': ['pass'],
    '$.security_status': ['pass'],
  }),
};

// ---------------------------------------------------------------- what a value means to the gates

/** A list of metric names that a gate requires metrics in. */
export interface MetricList {
  role: 'metric-list';
  /** AANA's built-in required metrics for this list. */
  required: readonly string[];
  /** Which gate requires them, for messages: "AANA production certification (all 14 metrics)". */
  gate: string;
  /** The certification policy's metrics.required must be tracked here too (a cross-file gate). */
  tracksPolicyMetrics: boolean;
}

/** A number a gate compares with a minimum. */
export interface Threshold {
  role: 'threshold';
  minimum: number;
  unit: string;
  /** Where the minimum comes from: "AANA production certification". */
  basis: string;
  /** The finding ProdGate reports below the minimum. */
  code?: string;
  /** A certification policy key whose value replaces the minimum (the deployment's retention follows the policy's). */
  setByPolicy?: JsonPath;
}

export type Role =
  | MetricList
  | Threshold
  /** A connector (integration) id of the catalog. */
  | { role: 'connector' }
  /** An OpenClaw action pattern, verb:resource. */
  | { role: 'agent-action' }
  /** A menace governance condition: a Python expression over the scorecard and the thresholds. */
  | { role: 'condition' };

const CERTIFICATION = 'AANA production certification';

/** A count AANA's validator for `artifact` requires to be a positive integer. */
function positive(unit: string, artifact: string): Threshold {
  return { role: 'threshold', minimum: 1, unit, basis: `AANA's ${artifact} validator: a positive integer`, code: 'value-too-small' };
}

const ROLES: Partial<Record<KindId, PathTable<Role>>> = {
  'certification-policy': new PathTable<Role>({
    '$.metrics.required[]': {
      role: 'metric-list',
      required: REQUIRED_CERTIFICATION_METRICS,
      gate: `${CERTIFICATION}: a certification policy requires all ${REQUIRED_CERTIFICATION_METRICS.length} production metrics`,
      tracksPolicyMetrics: false,
    },
    '$.connector_evidence.required_connectors[]': { role: 'connector' },
    '$.shadow_mode.minimum_duration_days': { role: 'threshold', minimum: MIN_SHADOW_DURATION_DAYS, unit: 'days', basis: CERTIFICATION, code: 'shadow-duration-too-short' },
    '$.shadow_mode.minimum_records': { role: 'threshold', minimum: MIN_SHADOW_RECORDS, unit: 'records', basis: CERTIFICATION, code: 'shadow-records-too-few' },
    '$.audit_retention.minimum_days': { role: 'threshold', minimum: MIN_AUDIT_RETENTION_DAYS, unit: 'days', basis: CERTIFICATION, code: 'audit-retention-too-short' },
  }),
  'observability-policy': new PathTable<Role>({
    '$.tracked_metrics[]': {
      role: 'metric-list',
      required: REQUIRED_OBSERVABILITY_METRICS,
      gate: `AANA's observability gate: an observability policy tracks all ${REQUIRED_OBSERVABILITY_METRICS.length} observability metrics`,
      tracksPolicyMetrics: true,
    },
    '$.latency_slo.p95_ms': positive('ms', 'observability'),
  }),
  'deployment-manifest': new PathTable<Role>({
    '$.observability.tracked_metrics[]': {
      role: 'metric-list',
      required: REQUIRED_OBSERVABILITY_METRICS,
      gate: `AANA's deployment gate: a deployment tracks all ${REQUIRED_OBSERVABILITY_METRICS.length} observability metrics`,
      tracksPolicyMetrics: false,
    },
    '$.audit.retention_days': {
      role: 'threshold',
      minimum: MIN_AUDIT_RETENTION_DAYS,
      unit: 'days',
      basis: `${CERTIFICATION} (when no certification policy sets audit_retention.minimum_days)`,
      code: 'audit-retention-too-short',
      setByPolicy: ['audit_retention', 'minimum_days'],
    },
    '$.bridge.max_body_bytes': positive('bytes', 'deployment'),
    '$.bridge.rate_limits.requests_per_minute': positive('requests per minute', 'deployment'),
    '$.bridge.rate_limits.burst': positive('requests', 'deployment'),
    '$.container.probes.*.period_seconds': positive('seconds', 'deployment'),
  }),
  'external-evidence': new PathTable<Role>({
    '$.connector_manifests[].connector_id': { role: 'connector' },
    '$.audit_retention_policy.retention_days': { role: 'threshold', minimum: MIN_AUDIT_RETENTION_DAYS, unit: 'days', basis: CERTIFICATION, code: 'audit-retention-too-short' },
  }),
  'evidence-registry': new PathTable<Role>({
    '$.sources[].max_age_hours': { ...positive('hours', 'registry'), basis: "AANA's registry validator: a positive integer, or null for no limit" },
  }),
  'agent-policy': new PathTable<Role>({
    '$.permissions.allow[]': { role: 'agent-action' },
    '$.permissions.deny[]': { role: 'agent-action' },
    '$.permissions.escalate[]': { role: 'agent-action' },
    '$.permissions.escalate[].action': { role: 'agent-action' },
    '$.audit.retention': { role: 'threshold', minimum: 2555, unit: 'days', basis: 'what compliance regimes expect (7 years)' },
    '$.trust.minimum_score': { role: 'threshold', minimum: 50, unit: 'points', basis: "the OpenClaw deployment checklist's default" },
    '$.trust.recovery_threshold': { role: 'threshold', minimum: 80, unit: 'points', basis: "the OpenClaw deployment checklist's default" },
  }),
  'governance-rules': new PathTable<Role>({ '$[].condition': { role: 'condition' } }),
  'deployment-thresholds': new PathTable<Role>({ '$.*.optional_conditions.*.condition': { role: 'condition' } }),
};

/** What the value at `path` is to the gates, when it is more than its schema says. */
export function roleAt(kind: KindId, path: JsonPath): Role | undefined {
  return ROLES[kind]?.at(path);
}

// ---------------------------------------------------------------- requirements from the workspace

/** An artifact of the workspace that requirements come from; the language server's index entries fit. */
export interface WorkspaceArtifact {
  uri: string;
  path: string;
  validation?: { value?: unknown };
}

/** The plain value at `path`, or undefined. */
export function valueAt(value: unknown, path: JsonPath): unknown {
  let node = value;
  for (const segment of path) {
    node = typeof segment === 'number' ? (Array.isArray(node) ? node[segment] : undefined) : get(node, segment);
  }
  return node;
}

/** The metrics a certification policy requires (its metrics.required). */
export function policyMetrics(policy: WorkspaceArtifact): string[] {
  return asStrings(valueAt(policy.validation?.value, ['metrics', 'required']));
}

/** The connectors a certification policy requires evidence for (its connector_evidence.required_connectors). */
export function policyConnectors(policy: WorkspaceArtifact): string[] {
  return asStrings(valueAt(policy.validation?.value, ['connector_evidence', 'required_connectors']));
}

/** Who requires a metric in a metric list: AANA's built-in list, and the certification policies whose metrics the list must track. */
export function metricRequirers(list: MetricList, metric: string, policies: readonly WorkspaceArtifact[]): { builtIn: boolean; policies: WorkspaceArtifact[] } {
  return {
    builtIn: list.required.includes(metric),
    policies: list.tracksPolicyMetrics ? policies.filter((policy) => policyMetrics(policy).includes(metric)) : [],
  };
}

/** A connector's catalog entry, and the certification policies that require it. */
export function connectorRequirers(connectorId: string, policies: readonly WorkspaceArtifact[]): { integration?: Integration; policies: WorkspaceArtifact[] } {
  const integration = AANA_CATALOG.find((entry) => entry.id === connectorId);
  return { ...(integration ? { integration } : {}), policies: policies.filter((policy) => policyConnectors(policy).includes(connectorId)) };
}

/**
 * The minimums a threshold is held to: those the workspace's certification policies set, each with
 * the policies that set it, or else the built-in one (with no policies).
 */
export function thresholdMinimums(threshold: Threshold, policies: readonly WorkspaceArtifact[]): { minimum: number; policies: WorkspaceArtifact[] }[] {
  const { setByPolicy } = threshold;
  const set = new Map<number, WorkspaceArtifact[]>();
  if (setByPolicy) {
    for (const policy of policies) {
      const minimum = valueAt(policy.validation?.value, setByPolicy);
      if (typeof minimum === 'number') set.set(minimum, [...(set.get(minimum) ?? []), policy]);
    }
  }
  if (set.size === 0) return [{ minimum: threshold.minimum, policies: [] }];
  return [...set].map(([minimum, setBy]) => ({ minimum, policies: setBy }));
}

// ---------------------------------------------------------------- governance conditions

export interface ConditionTerm {
  name: string;
  kind: 'scorecard' | 'threshold' | 'keyword';
  description: string;
}

function describedBy(kind: KindId, name: string): string {
  const description = kindSchemaAt(kind, [name])?.description;
  return typeof description === 'string' ? description : '';
}

/** The names a governance condition can use, as menace's evaluator binds them, and Python's keywords. */
export const CONDITION_TERMS: readonly ConditionTerm[] = [
  ...['raroi', 'confidence', 'sandbox_roi', 'adapter_roi', 'alignment_status'].map(
    (name): ConditionTerm => ({ name, kind: 'scorecard', description: describedBy('workflow-scorecard', name) }),
  ),
  { name: 'min_scenario', kind: 'scorecard', description: "The lowest of the scorecard's scenario_scores." },
  { name: 'score_variance', kind: 'scorecard', description: "The variance of the scorecard's scenario_scores." },
  ...['raroi_threshold', 'confidence_threshold', 'scenario_score_min', 'sandbox_roi_low', 'adapter_roi_high', 'max_variance'].map(
    (name): ConditionTerm => ({ name, kind: 'threshold', description: describedBy('deployment-thresholds', name) }),
  ),
  ...['and', 'or', 'not', 'is', 'in', 'None', 'True', 'False'].map((name): ConditionTerm => ({ name, kind: 'keyword', description: 'Python keyword.' })),
];

// ---------------------------------------------------------------- documentation

/** The path of the key a value belongs to: a list item's is its list's. */
export function keyPathOf(path: JsonPath): JsonPath {
  let end = path.length;
  while (end > 0 && typeof path[end - 1] === 'number') end--;
  return path.slice(0, end);
}

/** Markdown about the key at `path`: its description, its type and the values it takes. */
export function keyDocumentation(kind: KindId, path: JsonPath): string | undefined {
  const root = kindById(kind)?.schema;
  const node = root && schemaAt(root, path);
  if (!root || !node) return undefined;
  const parts: string[] = [];
  if (typeof node.description === 'string') parts.push(node.description);
  const type = typeLabel(root, node);
  if (type) parts.push(`Type: \`${type}\``);
  const listed = valuesLine(valueChoices(kind, path, node), 'values') ?? (typesOf(node).includes('array') ? valuesLine(valueChoices(kind, [...path, 0]), 'items') : undefined);
  if (listed) parts.push(listed);
  return parts.join('\n\n');
}

/** "Allowed values: `"promote"`, …"; undefined when only true and false (the type says that). */
function valuesLine(choices: ValueChoices, noun: 'values' | 'items'): string | undefined {
  const listed = choices.values.filter((value) => typeof value !== 'boolean');
  if (listed.length === 0) return undefined;
  return `${choices.closed ? 'Allowed' : 'Known'} ${noun}: ${listed.map((value) => `\`${JSON.stringify(value)}\``).join(', ')}`;
}

/** `[production-certification.json](file:///…)`. */
function artifactLink(artifact: WorkspaceArtifact): string {
  return `[${basename(artifact.path)}](${artifact.uri})`;
}

/** Markdown: which gates require a metric of a metric list. */
export function metricMarkdown(list: MetricList, metric: string, policies: readonly WorkspaceArtifact[]): string {
  const requirers = metricRequirers(list, metric, policies);
  const lines = requirers.builtIn ? [`- Required by ${list.gate}.`] : [];
  if (requirers.policies.length > 0) {
    lines.push(`- Required by ${requirers.policies.map(artifactLink).join(', ')} (\`metrics.required\`): the observability policy tracks every metric the certification policy requires.`);
  }
  return lines.length > 0 ? lines.join('\n') : 'Not required by an AANA gate or by a certification policy of the workspace.';
}

/** Markdown: a connector's catalog entry and the certification policies that require it. */
export function connectorMarkdown(connectorId: string, policies: readonly WorkspaceArtifact[]): string {
  const requirers = connectorRequirers(connectorId, policies);
  const parts = [
    requirers.integration
      ? `AANA connector catalog: needs the evidence-registry sources ${requirers.integration.requiredSourceIds.map((id) => `\`${id}\``).join(', ')}.`
      : "Not in AANA's connector catalog: no evidence registry can cover it (`connector-unknown`).",
  ];
  if (requirers.policies.length > 0) {
    parts.push(`Required by ${requirers.policies.map(artifactLink).join(', ')} (\`connector_evidence.required_connectors\`).`);
  }
  return parts.join('\n\n');
}

/** Markdown: the minimum a number is held to, and whether `value` meets it. */
export function thresholdMarkdown(threshold: Threshold, value: number, policies: readonly WorkspaceArtifact[]): string {
  return thresholdMinimums(threshold, policies)
    .map(({ minimum, policies: setBy }) => {
      const source = setBy.length > 0 && threshold.setByPolicy ? `\`${threshold.setByPolicy.join('.')}\` of ${setBy.map(artifactLink).join(', ')}` : threshold.basis;
      const verdict = value >= minimum ? `✓ **${value}** meets it.` : `✗ **${value}** is below it${threshold.code ? ` (\`${threshold.code}\`)` : ''}.`;
      return `Minimum: **${minimum} ${threshold.unit}** (${source}). ${verdict}`;
    })
    .join('\n\n');
}
