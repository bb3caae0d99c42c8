// AANA redacted shadow-mode audit logs (JSON Lines; audit.validate_audit_record's redaction rules).
import schema from '../../../../schemas/shadow-audit-log.schema.json';
import type { JsonPath } from '../located.ts';
import { asArray, get, has, isObject, Report } from '../values.ts';
import { AUDIT_RECORD_VERSION, PROHIBITED_AUDIT_FIELDS, SECRET_KEY_PATTERN, SECRET_VALUE_PATTERNS } from './aana-requirements.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

const PROHIBITED = new Set<string>(PROHIBITED_AUDIT_FIELDS);
const SECRET_NAMES: Record<string, string> = {
  bearer_token: 'a bearer token',
  api_key: 'an API key',
  credential_assignment: 'a credential assignment',
  private_account_id: 'a private account id',
};

export const shadowAuditLog: ArtifactKind = {
  id: 'shadow-audit-log',
  title: 'shadow-mode audit log',
  formats: ['jsonl'],
  schema,
  signatureKeys: SIGNATURE_KEYS['shadow-audit-log'],
  matches: (value) => {
    const first = asArray(value)[0];
    return isObject(first) && (has(first, 'audit_record_version') || has(first, 'execution_mode'));
  },
  check(value) {
    const report = new Report();
    asArray(value).forEach((record, index) => {
      if (!isObject(record)) return;
      checkRedaction(report, record, [index], true);
      const version = get(record, 'audit_record_version');
      if (typeof version === 'string' && version !== AUDIT_RECORD_VERSION) {
        report.error('version-unsupported', `audit_record_version must be "${AUDIT_RECORD_VERSION}".`, [index, 'audit_record_version']);
      }
      if (get(get(record, 'audit_safe_log_event'), 'raw_payload_logged') === true) {
        report.error('audit-raw-field', 'The audit-safe event says the raw payload was logged: redacted audit records never log it.', [index, 'audit_safe_log_event', 'raw_payload_logged']);
      }
      const mode = get(record, 'execution_mode');
      if (mode !== null && mode !== undefined && typeof mode !== 'string') return; // the schema reports the type
      if (mode !== 'shadow') {
        if (get(record, 'record_type') !== 'workflow_batch_check') {
          report.warning('audit-not-shadow', `Record ${index + 1} is not a shadow-mode record (execution_mode ${JSON.stringify(mode ?? null)}): it does not count as shadow evidence.`, [index], 'key');
        }
        return;
      }
      const observation = get(record, 'shadow_observation');
      if (!isObject(observation)) {
        if (!has(record, 'shadow_observation')) report.error('key-missing', 'A shadow record needs a "shadow_observation".', [index, 'shadow_observation']);
      } else if (get(observation, 'enforcement') !== 'observe_only' && typeof (get(observation, 'enforcement') ?? '') === 'string') {
        report.error(
          'audit-shadow-enforcing',
          'shadow_observation.enforcement must be "observe_only": shadow mode never blocks production.',
          has(observation, 'enforcement') ? [index, 'shadow_observation', 'enforcement'] : [index, 'shadow_observation'],
        );
      }
    });
    return report.findings;
  },
};

/**
 * Raw content and secrets, at any depth. Under input_fingerprints the raw field names are the
 * names of hashed inputs and allowed; secret-looking names and values never are.
 */
function checkRedaction(report: Report, value: unknown, path: JsonPath, topLevel: boolean, inFingerprints = false): void {
  if (typeof value === 'string') {
    const secret = SECRET_VALUE_PATTERNS.find(([, pattern]) => pattern.test(value));
    if (secret) {
      report.error('audit-raw-field', `This value looks like ${SECRET_NAMES[secret[0]] ?? 'a secret'}: store a fingerprint or a redacted source id instead.`, path);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkRedaction(report, item, [...path, index], false, inFingerprints));
    return;
  }
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    if (PROHIBITED.has(key) && !inFingerprints) {
      report.error(
        'audit-raw-field',
        topLevel
          ? `Raw field "${key}" is not allowed in redacted audit records: store a fingerprint instead.`
          : `Audit records must not store raw content, secrets or full tool arguments ("${key}").`,
        [...path, key],
        'key',
      );
    } else if (SECRET_KEY_PATTERN.test(key)) {
      report.error('audit-raw-field', `Audit records must not store secrets, tokens or passwords ("${key}").`, [...path, key], 'key');
    }
    checkRedaction(report, value[key], [...path, key], false, inFingerprints || key === 'input_fingerprints');
  }
}
