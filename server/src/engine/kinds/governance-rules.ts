// menace deployment-governance rule files: a list of {decision, condition, reason_code}.
import schema from '../../../../schemas/governance-rules.schema.json';
import { has, isObject } from '../values.ts';
import type { ArtifactKind } from './kind.ts';

export const governanceRules: ArtifactKind = {
  id: 'governance-rules',
  title: 'deployment-governance rule file',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: ['decision', 'condition', 'reason_code'],
  matches: (value) =>
    Array.isArray(value) && value.length > 0 && isObject(value[0]) && has(value[0], 'decision') && has(value[0], 'condition'),
  check: () => [],
};
