// The signature check of a signed override as a diagnostic, when the workspace names the key
// (prodgate.governance.keyFile): the editor says so before governance silently ignores it. The key
// is read as governance reads it: only if it is a regular file (a FIFO there would block a read).
import type { Finding } from '../engine/findings.ts';
import { signatureFinding } from '../engine/governance/override.ts';
import type { Validation } from '../engine/validate.ts';
import { readRegularFile } from '../io/regular-file.ts';

export async function overrideSignatureFindings(validation: Validation, text: string, keyPath: string | undefined): Promise<Finding[]> {
  if (validation.kind !== 'signed-override' || !keyPath) return [];
  let key: Buffer;
  try {
    key = (await readRegularFile(keyPath)).bytes;
  } catch {
    return [finding('warning', `The key file ${keyPath} (prodgate.governance.keyFile) cannot be read: the signature is not checked.`)];
  }
  const invalid = signatureFinding(text, validation.value, key);
  return invalid ? [finding('error', invalid.message)] : [];
}

function finding(severity: 'error' | 'warning', message: string): Finding {
  return { code: 'override-signature-invalid', severity, message, path: ['signature'] };
}
