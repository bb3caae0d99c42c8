// AANA observability policies (production.validate_observability_policy).
import schema from '../../../../schemas/observability-policy.schema.json';
import { get, has, isObject, Report } from '../values.ts';
import { REQUIRED_ALERTS, REQUIRED_DASHBOARD_PANELS, REQUIRED_OBSERVABILITY_METRICS } from './aana-requirements.ts';
import { Gates, hasText, isPlaceholder, missingNames } from './gates.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

const CONCRETE = { placeholder: 'error' } as const;
const SIGNATURE = ['dashboards', 'alerts', 'drift_review', 'latency_slo', 'on_call'];

export const observabilityPolicy: ArtifactKind = {
  id: 'observability-policy',
  title: 'observability policy',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['observability-policy'],
  matches: (value) =>
    isObject(value) && SIGNATURE.filter((key) => has(value, key)).length + (has(value, 'tracked_metrics') ? 1 : 0) >= 2,
  check(value) {
    const report = new Report();
    const policy = Gates.of(report, value, 'observability');
    if (!policy) return report.findings;

    for (const key of ['policy_name', 'owner', 'dashboard_url']) policy.text(key, `Observability ${key}`, CONCRETE);

    if (policy.list('dashboards', 'At least one concrete dashboard definition is required.')) {
      const panelIds = new Set<string>();
      for (const dashboard of policy.items('dashboards', 'dashboard')) {
        for (const key of ['id', 'title', 'url', 'metrics_source', 'owner']) dashboard.text(key, `Dashboard ${key}`, CONCRETE);
        if (!dashboard.list('panels', 'Dashboard must define panels.')) continue;
        for (const panel of dashboard.items('panels', 'dashboard panel')) {
          const id = get(panel.value, 'id');
          if (typeof id === 'string' && hasText(id)) panelIds.add(id);
          for (const key of ['id', 'title', 'metric']) panel.text(key, `Dashboard panel ${key}`, CONCRETE);
        }
      }
      const missing = missingNames(REQUIRED_DASHBOARD_PANELS, [...panelIds]);
      if (missing.length > 0) {
        report.error('dashboard-panels-missing', `dashboards missing required panels: ${missing.join(', ')}.`, policy.at('dashboards'));
      }
    }

    const tracked = policy.list('tracked_metrics', 'tracked_metrics must be a non-empty list.');
    if (tracked) {
      const missing = missingNames(REQUIRED_OBSERVABILITY_METRICS, tracked);
      if (missing.length > 0) {
        report.error('metrics-missing', `tracked_metrics is missing required metrics: ${missing.join(', ')}.`, policy.at('tracked_metrics'));
      }
      tracked.forEach((metric, index) => {
        if (typeof metric === 'string' && (!hasText(metric) || isPlaceholder(metric))) {
          report.error(isPlaceholder(metric) ? 'value-placeholder' : 'value-empty', 'tracked_metrics must contain concrete strings.', ['tracked_metrics', index]);
        }
      });
    }

    if (policy.list('alerts', 'At least one alert is required.')) {
      const alerts = policy.items('alerts', 'alert');
      for (const alert of alerts) {
        for (const key of ['id', 'name', 'metric', 'condition', 'severity', 'route', 'owner']) alert.text(key, `Alert ${key}`, CONCRETE);
        alert.present('threshold');
      }
      const missing = missingNames(REQUIRED_ALERTS, alerts.map((alert) => get(alert.value, 'id')));
      if (missing.length > 0) {
        report.error('alerts-missing', `alerts missing required operational coverage: ${missing.join(', ')}.`, policy.at('alerts'));
      }
    }

    const drift = policy.section('drift_review', 'drift review');
    if (drift) {
      drift.text('cadence', 'Drift review cadence', CONCRETE);
      drift.text('owner', 'Drift review owner', CONCRETE);
      drift.list('required_reports', 'required_reports must be a non-empty list.');
    }

    const latency = policy.section('latency_slo', 'latency SLO');
    if (latency) {
      latency.integer('p95_ms', 'p95_ms must be a positive integer');
      latency.text('route', 'Latency route', CONCRETE);
    }

    const onCall = policy.section('on_call', 'on call');
    if (onCall) {
      for (const key of ['primary', 'secondary', 'schedule', 'escalation_policy', 'handoff', 'incident_channel']) {
        onCall.text(key, `On-call ${key}`, CONCRETE);
      }
      if (has(onCall.value, 'page_for')) onCall.list('page_for', 'page_for must be a non-empty list when present.');
    }
    return report.findings;
  },
};
