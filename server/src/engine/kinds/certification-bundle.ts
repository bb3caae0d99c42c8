// ProdGate certification bundles: the paths of the artifacts one certification reads.
import schema from '../../../../schemas/certification-bundle.schema.json';
import { get, isObject } from '../values.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

export const BUNDLE_KEYS = [
  'certification_policy',
  'deployment_manifest',
  'governance_policy',
  'evidence_registry',
  'observability_policy',
  'audit_log',
  'external_evidence',
  'connector_catalog',
] as const;

/** Paths a bundle may also give for deployment governance (not certification inputs). */
export const GOVERNANCE_BUNDLE_KEYS = ['governance_rules', 'deployment_thresholds'] as const;

export const certificationBundle: ArtifactKind = {
  id: 'certification-bundle',
  title: 'certification bundle',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['certification-bundle'],
  matches: (value) => isObject(value) && typeof get(value, 'certification_policy') === 'string',
  // Whether the paths exist is a question for the shells, which can read the file system.
  check: () => [],
};
