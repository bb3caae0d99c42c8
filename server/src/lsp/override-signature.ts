// The signature check of a signed override as a diagnostic, when the workspace names the key
// (prodgate.governance.keyFile): the editor says so before governance silently ignores it.
import { readFileSync } from 'node:fs';
import type { CertificationIssue } from '../engine/certification/types.ts';
import { signatureFinding } from '../engine/governance/override.ts';
import type { Validation } from '../engine/validate.ts';

export function overrideSignatureIssues(validation: Validation, text: string, keyPath: string | undefined): CertificationIssue[] {
  if (validation.kind !== 'signed-override' || !keyPath) return [];
  let key: Buffer;
  try {
    key = readFileSync(keyPath);
  } catch {
    return [issue('warning', `The key file ${keyPath} (prodgate.governance.keyFile) cannot be read: the signature is not checked.`)];
  }
  const finding = signatureFinding(text, validation.value, key);
  return finding ? [issue('error', finding.message)] : [];
}

function issue(level: 'error' | 'warning', message: string): CertificationIssue {
  return { level, path: '$.signature', message, code: 'override-signature-invalid', location: { jsonPath: ['signature'] } };
}
