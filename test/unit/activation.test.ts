// When the extension starts its language server (client/src/activation.ts): a cheap look at text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mayNeedServer } from '../../client/src/activation.ts';

test('artifacts by their signature keys; other JSON and YAML do not start the server', () => {
  assert.equal(mayNeedServer('yaml', 'agent: support\npermissions:\n  allow: []\n'), true);
  assert.equal(mayNeedServer('json', '{ "production_certification_version": "0.1" }'), true);
  assert.equal(mayNeedServer('jsonl', '{"audit_record_version":"aana.audit.v1"}\n'), true);
  assert.equal(mayNeedServer('json', '{ "name": "my-app", "version": "1.0.0" }'), false);
  assert.equal(mayNeedServer('yaml', 'services:\n  web:\n    image: nginx\n'), false);
});

test('a key beyond the first 64 KiB is not looked for (the server would not sniff it either)', () => {
  assert.equal(mayNeedServer('yaml', `${'# padding\n'.repeat(7000)}production_certification_version: "0.1"\n`), false);
});

test('shell scripts always; Markdown only with a shell code block', () => {
  assert.equal(mayNeedServer('shellscript', 'echo hi\n'), true);
  assert.equal(mayNeedServer('markdown', '# Runbook\n\n```bash\nsystemctl status x\n```\n'), true);
  assert.equal(mayNeedServer('markdown', '# Notes\n\n   ~~~console\n$ ls\n~~~\n'), true);
  assert.equal(mayNeedServer('markdown', '# Notes\n\n```python\nprint(1)\n```\n'), false);
  assert.equal(mayNeedServer('markdown', 'Use `bash` here.\n'), false);
});

test('other languages never', () => {
  assert.equal(mayNeedServer('typescript', 'const agent = { permissions: [] };'), false);
});

test('the workspace configuration starts the server by its name, whatever it holds', () => {
  assert.equal(mayNeedServer('yaml', 'environment: staging\n', '/w/.prodgate.yaml'), true);
  assert.equal(mayNeedServer('json', '{}', '/w/.prodgate.json'), true);
  assert.equal(mayNeedServer('yaml', 'environment: staging\n', '/w/prodgate.yaml'), false);
});
