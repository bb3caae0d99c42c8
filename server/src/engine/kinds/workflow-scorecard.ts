// menace workflow scorecards: the measurements a deployment decision is made on.
import schema from '../../../../schemas/workflow-scorecard.schema.json';
import { get, has, isObject } from '../values.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

const MEASURES = ['raroi', 'scenario_scores', 'alignment_status', 'security_status', 'sandbox_roi', 'adapter_roi'];

export const workflowScorecard: ArtifactKind = {
  id: 'workflow-scorecard',
  title: 'workflow scorecard',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['workflow-scorecard'],
  matches: (value) => isObject(value) && MEASURES.filter((key) => has(value, key)).length >= 2 && !isObject(get(value, 'permissions')),
  check: () => [],
};
