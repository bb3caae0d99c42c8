// The shapes the certification engine works with: its inputs, its checks and its report, which
// keeps the top-level keys of AANA's production-certify report.
import type { KindId } from '../kinds/kind.ts';
import type { JsonPath, Span } from '../located.ts';

/** The artifacts a certification reads, by AANA's names for them. */
export type InputName =
  | 'certification_policy'
  | 'deployment_manifest'
  | 'governance_policy'
  | 'evidence_registry'
  | 'observability_policy'
  | 'audit_log'
  | 'external_evidence';

export const INPUT_KINDS: Record<InputName, KindId> = {
  certification_policy: 'certification-policy',
  deployment_manifest: 'deployment-manifest',
  governance_policy: 'governance-policy',
  evidence_registry: 'evidence-registry',
  observability_policy: 'observability-policy',
  audit_log: 'shadow-audit-log',
  external_evidence: 'external-evidence',
};

export type CheckName =
  | 'certification_policy'
  | 'readiness_boundary'
  | 'deployment_manifest'
  | 'governance_policy'
  | 'required_metrics'
  | 'connector_evidence'
  | 'human_review_routing'
  | 'audit_retention'
  | 'shadow_mode_evidence'
  | 'external_production_evidence';

export type CheckStatus = 'pass' | 'fail' | 'warn';

/**
 * One problem behind a check. `path` is AANA's JSON path string; `input` and `file` say which
 * artifact it belongs to, `location` where in it (a JSON path, or a line of the audit log).
 */
export interface CertificationIssue {
  level: 'error' | 'warning';
  path: string;
  message: string;
  /** A ProdGate finding code, where the issue is one. */
  code?: string;
  input?: InputName;
  file?: string;
  location?: { jsonPath: JsonPath } | { line: number } | { span: Span };
}

export interface CheckResult {
  name: CheckName;
  status: CheckStatus;
  message: string;
  details: Record<string, unknown>;
  issues: CertificationIssue[];
}
