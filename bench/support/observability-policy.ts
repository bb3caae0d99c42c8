// An observability policy that grows with its alerts, the artifact that naturally runs long: the
// required dashboard, metrics and on-call, the required alerts, and as many more as fill `lines`.
import { stringify } from 'yaml';
import { REQUIRED_ALERTS, REQUIRED_DASHBOARD_PANELS, REQUIRED_OBSERVABILITY_METRICS } from '../../server/src/engine/kinds/aana-requirements.ts';

/** About `lines` lines (never fewer alerts than the required ones); `name` sets policy_name. */
export function observabilityPolicy(format: 'json' | 'yaml', lines: number, name = 'Northwind Support Agent Observability'): string {
  const perAlert = format === 'json' ? 10 : 8;
  const alerts = Array.from({ length: Math.max(REQUIRED_ALERTS.length, Math.round((lines - 60) / perAlert)) }, (_, index) => ({
    id: index < REQUIRED_ALERTS.length ? REQUIRED_ALERTS[index] : `support_alert_${index}`,
    name: `Support alert ${index}`,
    metric: REQUIRED_OBSERVABILITY_METRICS[index % REQUIRED_OBSERVABILITY_METRICS.length],
    condition: index % 2 === 0 ? 'greater_than' : 'less_than',
    threshold: index % 7,
    severity: 'high',
    route: '#support-agent-incidents',
    owner: 'Owner-A',
  }));
  const document = {
    policy_name: name,
    owner: 'Northwind Support Platform Team',
    dashboard_url: 'https://grafana.northwind.example/d/support-agent-aana',
    dashboards: [
      {
        id: 'support-agent-runtime',
        title: 'Support Agent — AANA Runtime',
        url: 'https://grafana.northwind.example/d/support-agent-aana',
        metrics_source: 'prometheus://metrics.northwind.example/aana_support',
        owner: 'Northwind Support Platform Team',
        panels: REQUIRED_DASHBOARD_PANELS.map((id) => ({ id, title: id, metric: id })),
      },
    ],
    tracked_metrics: [...REQUIRED_OBSERVABILITY_METRICS],
    alerts,
    drift_review: { cadence: 'weekly', owner: 'Support Quality Assurance', required_reports: ['aix_score_trend'] },
    latency_slo: { p95_ms: 1500, route: '#support-agent-incidents' },
    on_call: {
      primary: 'Support Platform On-Call',
      secondary: 'Customer Support Operations duty manager',
      schedule: 'https://northwind.pagerduty.example/schedules/support-agent',
      escalation_policy: 'Northwind Support Severity Policy',
      handoff: 'Daily 09:00 UTC handoff note',
      incident_channel: '#support-agent-incidents',
    },
  };
  return format === 'json' ? JSON.stringify(document, null, 2) : stringify(document, { lineWidth: 0, flowCollectionPadding: false });
}
