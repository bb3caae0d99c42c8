// menace signed override files: {data, signature}.
import schema from '../../../../schemas/signed-override.schema.json';
import { get, isObject, Report } from '../values.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

export const signedOverride: ArtifactKind = {
  id: 'signed-override',
  title: 'signed override',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['signed-override'],
  matches: (value) => isObject(get(value, 'data')) && typeof get(value, 'signature') === 'string',
  check(value) {
    const report = new Report();
    if (get(value, 'used') === true) {
      report.warning('override-used', 'This override was already applied ("used": true); it will be rejected if applied again.', ['used']);
    }
    return report.findings;
  },
};
