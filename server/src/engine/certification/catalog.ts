// The connector catalog that evidence-registry coverage is measured against: AANA's built-in
// integrations by default, or a workspace file of the same shape ({ integrations: [{ id, required_source_ids }] }).
import builtIn from './aana-integration-catalog.json';
import { asArray, get, isObject } from '../values.ts';

export interface Integration {
  id: string;
  requiredSourceIds: readonly string[];
}

export type IntegrationCatalog = readonly Integration[];

export const AANA_CATALOG: IntegrationCatalog = readCatalog(builtIn).catalog;

/** A catalog from a parsed file; malformed entries are reported, never silently used. */
export function readCatalog(value: unknown): { catalog: Integration[]; problems: string[] } {
  const problems: string[] = [];
  const catalog: Integration[] = [];
  if (!isObject(value) || !Array.isArray(get(value, 'integrations'))) {
    return { catalog, problems: ['A connector catalog is an object with an "integrations" list.'] };
  }
  asArray(get(value, 'integrations')).forEach((entry, index) => {
    const id = get(entry, 'id');
    const sources = get(entry, 'required_source_ids');
    if (typeof id !== 'string' || id.trim() === '' || !Array.isArray(sources) || !sources.every((source) => typeof source === 'string')) {
      problems.push(`integrations[${index}] needs a string "id" and a "required_source_ids" list of strings.`);
      return;
    }
    catalog.push({ id, requiredSourceIds: sources as string[] });
  });
  return { catalog, problems };
}

export interface CoverageReport {
  /** Integration id → the source ids it requires that the registry lacks. */
  missing: Map<string, string[]>;
  covered: Set<string>;
}

/** Which catalog integrations a registry's sources cover (any truthy source_id counts, as in AANA). */
export function coverage(catalog: IntegrationCatalog, registry: unknown): CoverageReport {
  const sourceIds = new Set<string>();
  for (const source of asArray(get(registry, 'sources'))) {
    const id = get(source, 'source_id');
    if (typeof id === 'string' && id !== '') sourceIds.add(id);
  }
  const missing = new Map<string, string[]>();
  const covered = new Set<string>();
  for (const integration of catalog) {
    const absent = integration.requiredSourceIds.filter((id) => !sourceIds.has(id)).sort();
    if (absent.length === 0) covered.add(integration.id);
    else missing.set(integration.id, absent);
  }
  return { missing, covered };
}
