// The extension manifest agrees with the engine: settings, kinds, entry points.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { KINDS } from '../../server/src/engine/kinds/index.ts';
import { DEFAULT_SETTINGS } from '../../server/src/engine/validate.ts';
import { ENVIRONMENTS } from '../../server/src/engine/commands/environment.ts';
import { DEFAULT_APPROVAL_LOG } from '../../server/src/io/approval-log.ts';

const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8'));
const settings = manifest.contributes.configuration.properties;

test('identity and entry points', () => {
  assert.equal(manifest.name, 'prodgate');
  assert.equal(manifest.publisher, 'prodgate');
  assert.deepEqual(manifest.bin, { prodgate: 'dist/cli.js' });
  assert.equal(manifest.main, './dist/client.js');
});

test('prodgate.files offers exactly the engine\'s kinds', () => {
  assert.deepEqual([...settings['prodgate.files'].additionalProperties.enum].sort(), KINDS.map((kind) => kind.id).sort());
});

test('every setting is described and defaults as the engine does', () => {
  for (const [name, setting] of Object.entries<Record<string, unknown>>(settings)) {
    assert.ok(typeof (setting.description ?? setting.markdownDescription) === 'string', `${name} is described`);
  }
  assert.equal(settings['prodgate.maxFileSizeMB'].default, DEFAULT_SETTINGS.maxFileSizeMB);
  assert.equal(settings['prodgate.validate.enable'].default, true);
  assert.deepEqual(settings['prodgate.files'].default, {});
  assert.equal(settings['prodgate.approvalLog'].default, DEFAULT_APPROVAL_LOG);
  assert.deepEqual(settings['prodgate.environment'].enum, [...ENVIRONMENTS]);
  assert.equal(settings['prodgate.environment'].default, undefined, 'unset means detect, then production');
});

test('the extension activates for the languages the server validates', () => {
  for (const language of ['json', 'jsonc', 'yaml', 'jsonl', 'shellscript', 'markdown']) {
    assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
  }
});
