// menace deployment thresholds (config/deployment_policy.yaml): flat keys, or promote/demote/micro_pilot sections.
import schema from '../../../../schemas/deployment-thresholds.schema.json';
import { asNumber, get, has, isObject, Report } from '../values.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

const FLAT_KEYS = [
  'raroi_threshold',
  'confidence_threshold',
  'scenario_score_min',
  'sandbox_roi_low',
  'adapter_roi_high',
  'max_variance',
  'scenario_thresholds',
];
const SECTIONS = ['promote', 'demote', 'micro_pilot'];

export const deploymentThresholds: ArtifactKind = {
  id: 'deployment-thresholds',
  title: 'deployment thresholds file',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['deployment-thresholds'],
  matches: (value) =>
    isObject(value) &&
    (FLAT_KEYS.some((key) => has(value, key)) || SECTIONS.some((key) => isObject(get(get(value, key), 'thresholds')))),
  check(value) {
    const report = new Report();
    const low = asNumber(get(value, 'sandbox_low')) ?? asNumber(get(value, 'sandbox_roi_low'));
    const high = asNumber(get(value, 'adapter_high')) ?? asNumber(get(value, 'adapter_roi_high'));
    if (low !== undefined && high !== undefined && low >= high) {
      report.warning(
        'thresholds-inconsistent',
        `sandbox_roi_low (${low}) is not below adapter_roi_high (${high}): the micro-pilot band is empty or inverted.`,
        [isObject(value) && has(value, 'sandbox_low') ? 'sandbox_low' : 'sandbox_roi_low'],
      );
    }
    if (isObject(value) && FLAT_KEYS.some((key) => has(value, key)) && SECTIONS.some((key) => has(value, key))) {
      report.warning(
        'thresholds-inconsistent',
        'This file mixes flat thresholds (raroi_threshold, …) with promote/demote/micro_pilot sections: each is read by a different evaluator, so one set is ignored.',
        [SECTIONS.find((key) => has(value, key))!],
        'key',
      );
    }
    return report.findings;
  },
};
