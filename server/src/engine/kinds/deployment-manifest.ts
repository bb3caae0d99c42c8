// AANA production deployment manifests (production.validate_deployment_manifest).
import schema from '../../../../schemas/deployment-manifest.schema.json';
import { get, has, isObject, Report } from '../values.ts';
import { REQUIRED_OBSERVABILITY_METRICS } from './aana-requirements.ts';
import { Gates, missingNames } from './gates.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

const CONCRETE = { placeholder: 'error' } as const;
const SIGNATURE = ['bridge', 'container', 'kubernetes', 'evidence_sources', 'incident_response'];

export const deploymentManifest: ArtifactKind = {
  id: 'deployment-manifest',
  title: 'deployment manifest',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['deployment-manifest'],
  matches: (value) => isObject(value) && has(value, 'deployment_name') && SIGNATURE.some((key) => has(value, key)),
  check(value) {
    const report = new Report();
    const manifest = Gates.of(report, value, 'deployment');
    if (!manifest) return report.findings;

    manifest.text('deployment_name', 'deployment_name', { placeholder: 'ignored' });
    manifest.text('environment', 'environment', { placeholder: 'ignored' });
    checkBridge(manifest);
    checkContainer(manifest);
    checkKubernetes(manifest);
    checkIncidentResponse(manifest);
    checkAudit(manifest);

    if (manifest.list('evidence_sources', 'At least one evidence source is required.')) {
      for (const source of manifest.items('evidence_sources', 'evidence source')) {
        for (const key of ['source_id', 'owner', 'authorization', 'freshness_slo', 'trust_tier']) {
          source.text(key, `Evidence source ${key}`, CONCRETE);
        }
      }
    }

    const observability = manifest.section('observability', 'observability');
    if (observability) {
      observability.text('dashboard_url', 'Dashboard URL (before launch)', { placeholder: 'warning', severity: 'warning' });
      observability.flag('alerts_enabled', 'Production observability must enable alerts.');
      const tracked = observability.list('tracked_metrics', 'At least one tracked metric is required.');
      const missing = tracked ? missingNames(REQUIRED_OBSERVABILITY_METRICS, tracked) : [];
      if (missing.length > 0) {
        report.error('metrics-missing', `tracked_metrics is missing required production metrics: ${missing.join(', ')}.`, observability.at('tracked_metrics'));
      }
    }

    if (manifest.list('domain_owners', 'At least one domain owner entry is required.')) {
      for (const owner of manifest.items('domain_owners', 'domain owner')) {
        owner.text('adapter_id', 'Domain owner adapter_id', CONCRETE);
        owner.text('owner', 'Domain owner', CONCRETE);
        owner.present('review_status');
      }
    }

    const review = manifest.section('human_review', 'human review');
    if (review) {
      review.text('queue', 'Human review queue', CONCRETE);
      review.list('required_for', 'Human review triggers are required.');
      review.text('sla', 'Human review SLA (before launch)', { placeholder: 'warning', severity: 'warning' });
    }
    return report.findings;
  },
};

function checkBridge(manifest: Gates): void {
  const bridge = manifest.section('bridge', 'bridge');
  if (!bridge) return;
  bridge.flag('auth_required', 'Production bridge must require authentication.');
  bridge.flag('tls_terminated', 'Production bridge must run behind TLS termination.');
  const tls = bridge.section('tls', 'TLS');
  if (tls) {
    for (const key of ['termination', 'ingress_class', 'certificate_ref', 'minimum_tls_version']) {
      tls.text(key, `TLS/ingress assumption ${key}`, CONCRETE);
    }
    tls.flag('https_only', 'Ingress must enforce HTTPS-only access.');
  }
  bridge.integer('max_body_bytes', 'max_body_bytes must be a positive integer');
  const limits = bridge.section('rate_limits', 'rate limit');
  if (!limits) return;
  limits.flag('enabled', 'Production bridge must declare enabled rate limits.');
  if (get(limits.value, 'enabled') !== true) return;
  limits.integer('requests_per_minute', 'requests_per_minute must be a positive integer');
  limits.integer('burst', 'burst must be a positive integer');
  limits.flag('runtime_enforced', 'Runtime rate limiting must be enabled.');
  limits.flag('edge_enforced', 'Edge rate limiting must be enabled.');
}

function checkContainer(manifest: Gates): void {
  const container = manifest.section('container', 'container');
  if (!container) return;
  for (const key of ['image', 'image_pull_policy', 'command']) container.text(key, `Container ${key}`, CONCRETE);
  const probes = container.section('probes', 'probe');
  if (probes) {
    for (const [key, path] of [['liveness', '/health'], ['readiness', '/ready']] as const) {
      const probe = probes.section(key, 'probe');
      probe?.equals('path', path, `Probe path must be ${path}`);
      probe?.integer('period_seconds', 'Probe period must be positive');
    }
  }
  const resources = container.section('resources', 'resource');
  for (const key of ['requests', 'limits']) {
    const section = resources?.section(key, 'resource');
    section?.text('cpu', `Resource ${key}.cpu`, CONCRETE);
    section?.text('memory', `Resource ${key}.memory`, CONCRETE);
  }
}

function checkKubernetes(manifest: Gates): void {
  const kubernetes = manifest.section('kubernetes', 'Kubernetes');
  if (!kubernetes) return;
  for (const key of ['manifest', 'namespace', 'service_name', 'ingress_name', 'rollback_command']) {
    kubernetes.text(key, `Kubernetes ${key}`, CONCRETE);
  }
  kubernetes.equals('health_endpoint', '/health', 'health_endpoint must be /health');
  kubernetes.equals('readiness_endpoint', '/ready', 'readiness_endpoint must be /ready');
}

function checkIncidentResponse(manifest: Gates): void {
  const incident = manifest.section('incident_response', 'incident response');
  if (!incident) return;
  for (const key of ['owner', 'incident_channel', 'rollback_path', 'rollback_trigger', 'last_known_good_artifact']) {
    incident.text(key, `Incident rollback field ${key}`, CONCRETE);
  }
  incident.list('rollback_steps', 'Rollback steps must be a non-empty list.');
}

function checkAudit(manifest: Gates): void {
  const audit = manifest.section('audit', 'audit');
  if (!audit) return;
  audit.text('sink', 'Audit sink (a real append-only destination)', CONCRETE);
  audit.flag('immutable', 'Audit sink must be immutable or append-only.');
  audit.flag('redaction_required', 'Audit records must require redaction.');
  audit.integer('retention_days', 'retention_days must be a positive integer');
}
