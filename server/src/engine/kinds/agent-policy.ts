// Agent permission policies in OpenClaw's format.
import schema from '../../../../schemas/agent-policy.schema.json';
import { parseEscalationCondition, patternCovers } from '../agents/decide.ts';
import { asArray, asNumber, get, isObject, Report } from '../values.ts';
import { spanWithin, type ArtifactKind, type LocatedSource } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

/** Audit retention compliance regimes expect: 7 years (OpenClaw's default). */
const RETENTION_DAYS = 2555;
/** Fields the deployment checklist says must be redacted. */
const SENSITIVE_FIELDS = ['password', 'ssn', 'credit_card'] as const;
/** The checklist's trust thresholds. */
const TRUST_MINIMUM = 50;
const TRUST_RECOVERY = 80;

export const agentPolicy: ArtifactKind = {
  id: 'agent-policy',
  title: 'agent permission policy',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['agent-policy'],
  matches: (value) => typeof get(value, 'agent') === 'string' && isObject(get(value, 'permissions')),
  check(value, source) {
    const report = new Report();
    asArray(get(get(value, 'permissions'), 'allow')).forEach((entry, index) => {
      if (typeof entry !== 'string') return;
      const breadth = wildcardBreadth(entry);
      const path = ['permissions', 'allow', index];
      if (breadth === 'everything') {
        report.error('policy-wildcard-allow', `Allow entry "${entry}" grants every action: list the actions this agent needs.`, path);
      } else if (breadth) {
        report.warning('policy-wildcard-allow', `Allow entry "${entry}" grants ${breadth}: list the concrete actions, or deny the dangerous ones.`, path);
      }
    });
    // Red flags judge a policy OpenClaw would load: without an `agent` id the whole load fails.
    if (typeof get(value, 'agent') === 'string') {
      permissionFlags(value, report, source);
      auditAndTrustFlags(value, report);
      report.findings.push(...coverageFindings(value), ...sensitiveFieldFindings(value));
    }
    return report.findings;
  },
};

/** Deployment-checklist red flags on `permissions`: no deny rules, deletes not denied, no escalation, malformed conditions. */
function permissionFlags(value: unknown, report: Report, source: LocatedSource | undefined): void {
  const permissions = get(value, 'permissions');
  if (!isObject(permissions)) return;
  const deny = get(permissions, 'deny');
  if (deny === undefined || (Array.isArray(deny) && deny.length === 0)) {
    const path = deny === undefined ? ['permissions'] : ['permissions', 'deny'];
    report.error('policy-no-deny', 'This policy has no deny rules: deny the dangerous actions (at least "delete:*") so a broad allow cannot reach them.', path, 'key');
  } else if (Array.isArray(deny) && !deny.some((entry) => typeof entry === 'string' && patternCovers(entry, 'delete:*'))) {
    report.warning('policy-destructive-not-denied', 'No deny rule covers "delete:*": deny destructive actions explicitly.', ['permissions', 'deny'], 'key');
  }
  const escalate = get(permissions, 'escalate');
  if (escalate === undefined || (Array.isArray(escalate) && escalate.length === 0)) {
    const path = escalate === undefined ? ['permissions'] : ['permissions', 'escalate'];
    report.warning('policy-no-escalation', 'This policy has no escalation rules: send sensitive operations (refunds, deletions, exports) to a human.', path, 'key');
  }
  asArray(escalate).forEach((entry, index) => {
    const condition = get(entry, 'condition');
    if (typeof condition !== 'string') return;
    const parsed = parseEscalationCondition(condition);
    if (!('error' in parsed)) return;
    const path = ['permissions', 'escalate', index, 'condition'];
    report.findings.push({
      code: 'policy-condition-invalid',
      severity: 'error',
      message: `Invalid escalation condition: ${parsed.error.message}. OpenClaw evaluates it as false, so this entry never escalates.`,
      path,
      ...(source ? { span: spanWithin(source, path, parsed.error) } : {}),
    });
  });
}

/**
 * Allow entries that can never decide: caught first by an escalate pattern
 * (`policy-shadowed-by-escalation`) or by a deny pattern (`policy-dead-allow`); deny entries caught
 * first by an escalate pattern.
 */
export function coverageFindings(value: unknown): Report['findings'] {
  const report = new Report();
  const permissions = get(value, 'permissions');
  if (!isObject(permissions)) return report.findings;
  const strings = (key: string): [string, number][] =>
    asArray(get(permissions, key)).flatMap((entry, index): [string, number][] => (typeof entry === 'string' && entry !== '' ? [[entry, index]] : []));
  const escalate = strings('escalate');
  const deny = strings('deny');
  const shadowed = (list: 'deny' | 'allow', entry: string, index: number): boolean => {
    const by = escalate.find(([pattern]) => patternCovers(pattern, entry));
    if (!by) return false;
    report.warning('policy-shadowed-by-escalation', `${list === 'deny' ? 'Deny' : 'Allow'} entry "${entry}" never decides: escalate entry "${by[0]}" (permissions.escalate[${by[1]}]) matches every action it matches, and escalation is checked first.`, ['permissions', list, index]);
    return true;
  };
  for (const [entry, index] of deny) shadowed('deny', entry, index);
  for (const [entry, index] of strings('allow')) {
    if (shadowed('allow', entry, index)) continue;
    const by = deny.find(([pattern]) => patternCovers(pattern, entry));
    if (by) report.warning('policy-dead-allow', `Allow entry "${entry}" never allows anything: deny entry "${by[0]}" (permissions.deny[${by[1]}]) matches every action it matches, and deny is checked first.`, ['permissions', 'allow', index]);
  }
  return report.findings;
}

/** `policy-sensitive-fields-missing`: the checklist's fields absent from audit.sensitive_fields. */
export function sensitiveFieldFindings(value: unknown): Report['findings'] {
  const report = new Report();
  const fields = get(get(value, 'audit'), 'sensitive_fields');
  if (!Array.isArray(fields)) return report.findings;
  const missing = SENSITIVE_FIELDS.filter((name) => !fields.includes(name));
  if (missing.length > 0) {
    report.warning('policy-sensitive-fields-missing', `audit.sensitive_fields does not list ${missing.map((name) => `"${name}"`).join(', ')}: the deployment checklist expects password, ssn and credit_card to be redacted.`, ['audit', 'sensitive_fields'], 'key');
  }
  return report.findings;
}

/** Red flags on `audit.retention` and `trust`; values the schema rejects are left to it. */
function auditAndTrustFlags(value: unknown, report: Report): void {
  const retention = asNumber(get(get(value, 'audit'), 'retention'));
  if (retention !== undefined && Number.isInteger(retention) && retention >= 0 && retention < RETENTION_DAYS) {
    report.warning('policy-retention-too-short', `Audit retention of ${retention} days is under ${RETENTION_DAYS} (7 years, what SOC 2 / HIPAA deployments expect).`, ['audit', 'retention']);
  }
  const trust = get(value, 'trust');
  const score = (key: string): number | undefined => {
    const n = asNumber(get(trust, key));
    return n !== undefined && n >= 0 && n <= 100 ? n : undefined;
  };
  const minimum = score('minimum_score');
  const recovery = score('recovery_threshold');
  if (minimum !== undefined && minimum < TRUST_MINIMUM) {
    report.warning('policy-trust-too-low', `trust.minimum_score ${minimum} is under ${TRUST_MINIMUM}: the agent keeps acting after repeated failures.`, ['trust', 'minimum_score']);
  }
  if (recovery !== undefined && (recovery < TRUST_RECOVERY || (minimum !== undefined && recovery < minimum))) {
    const why = recovery < TRUST_RECOVERY ? `under ${TRUST_RECOVERY}` : `under minimum_score ${minimum}`;
    report.warning('policy-trust-too-low', `trust.recovery_threshold ${recovery} is ${why}: a blocked agent should have to earn back more trust than it needs to stay unblocked.`, ['trust', 'recovery_threshold']);
  }
}


/**
 * What a pattern grants beyond one action: `everything`, a description of the wildcard, or
 * undefined. As OpenClaw matches: `*` alone, a trailing `*` (prefix) or a leading `*` (suffix); a
 * `*` anywhere else is a literal character.
 */
export function wildcardBreadth(pattern: string): string | undefined {
  if (/^\*+$/.test(pattern) || pattern === '*:*') return 'everything';
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    const verb = prefix.slice(0, -1);
    if (prefix.endsWith(':') && verb !== '' && !verb.includes(':')) return `every "${verb}" action on any resource`;
    return `every action starting with "${prefix}"`;
  }
  if (pattern.startsWith('*')) {
    const suffix = pattern.slice(1);
    if (suffix.startsWith(':') && suffix.length > 1) return `every action on "${suffix.slice(1)}"`;
    return `every action ending with "${suffix}"`;
  }
  return undefined;
}
