// Signed overrides in the editor: with prodgate.governance.keyFile set, a signature that does not
// verify is an error on "signature" before governance silently ignores the override.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { mkfifo } from '../support/hostile-files.ts';
import { LspTestClient } from '../support/lsp-client.ts';

const directory = mkdtempSync(join(tmpdir(), 'prodgate-override-'));
cpSync(resolve(__dirname, '../../examples/governance'), directory, { recursive: true });
after(() => rmSync(directory, { recursive: true, force: true }));
const OVERRIDE = join(directory, 'overrides/support-triage.override.json');

async function codesFor(keyFile: string | undefined, text: string) {
  const client = await LspTestClient.start({ workspaceFolder: directory, settings: keyFile ? { governance: { keyFile } } : {} });
  try {
    const uri = pathToFileURL(OVERRIDE).href;
    await client.open(uri, 'json', text);
    return (await client.diagnostics(uri)).map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.range.start.line]);
  } finally {
    await client.stop();
  }
}

test('the example override verifies under its key: no diagnostic', async () => {
  assert.deepEqual(await codesFor('keys/override.key', readFileSync(OVERRIDE, 'utf8')), []);
});

test('tampered data: override-signature-invalid on the signature', async () => {
  const text = readFileSync(OVERRIDE, 'utf8').replace('"pilot"', '"promote"');
  const line = text.split('\n').findIndex((entry) => entry.includes('"signature"'));
  assert.deepEqual(await codesFor('keys/override.key', text), [['override-signature-invalid', 1, line]]);
});

test('no key configured: nothing is checked; an unreadable key is a warning', async () => {
  const text = readFileSync(OVERRIDE, 'utf8').replace('"pilot"', '"promote"');
  assert.deepEqual(await codesFor(undefined, text), []);
  const codes = await codesFor('keys/missing.key', text);
  assert.deepEqual(codes.map(([code, severity]) => [code, severity]), [['override-signature-invalid', 2]]);
});

test('a key file that is a FIFO is not read (it would block): the warning comes at once', async () => {
  mkfifo(join(directory, 'keys/fifo.key'));
  const text = readFileSync(OVERRIDE, 'utf8');
  const codes = await codesFor('keys/fifo.key', text);
  assert.deepEqual(codes.map(([code, severity]) => [code, severity]), [['override-signature-invalid', 2]]);
});
