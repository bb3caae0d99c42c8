// ProdGate's own workspace configuration, recognised by its file name (.prodgate.yaml|yml|json):
// its keys are too common to recognise it by content.
import schema from '../../../../schemas/workspace-config.schema.json';
import { CONFIG_FILES, configFindings } from '../workspace-config.ts';
import type { ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

export const workspaceConfig: ArtifactKind = {
  id: 'workspace-config',
  title: 'ProdGate workspace configuration',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['workspace-config'],
  fileNames: CONFIG_FILES,
  matches: () => false,
  check: (value) => configFindings(value),
};
