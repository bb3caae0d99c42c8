// AANA evidence registries (evidence.validate_registry).
import schema from '../../../../schemas/evidence-registry.schema.json';
import { get, has, isObject, Report } from '../values.ts';
import { Gates, hasText } from './gates.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

export const evidenceRegistry: ArtifactKind = {
  id: 'evidence-registry',
  title: 'evidence registry',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['evidence-registry'],
  matches: (value) =>
    isObject(value) &&
    (has(value, 'registry_version') || (Array.isArray(value.sources) && isObject(value.sources[0]) && has(value.sources[0], 'source_id'))),
  check(value) {
    const report = new Report();
    const registry = Gates.of(report, value, 'evidence registry');
    if (!registry?.list('sources', 'Evidence registry must include a non-empty sources array.')) return report.findings;
    const seen = new Set<string>();
    for (const source of registry.items('sources', 'evidence source')) {
      source.text('source_id', 'source_id', { placeholder: 'ignored' });
      const id = get(source.value, 'source_id');
      if (hasText(id)) {
        if (seen.has(id)) report.error('duplicate-source-id', `Duplicate source_id: ${id}.`, source.at('source_id'));
        seen.add(id);
      }
      source.text('owner', 'owner', { placeholder: 'warning' });
      source.list('allowed_trust_tiers', 'allowed_trust_tiers must be a non-empty list.');
      source.list('allowed_redaction_statuses', 'allowed_redaction_statuses must be a non-empty list.');
      if (get(source.value, 'max_age_hours') !== null && has(source.value, 'max_age_hours')) {
        source.integer('max_age_hours', 'max_age_hours must be a positive integer or null');
      }
    }
    return report.findings;
  },
};
