// Governance rule files over LSP: condition errors at their exact column as the user types, and
// fixed ones cleared.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LspTestClient } from '../support/lsp-client.ts';

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start();
});
after(async () => {
  await client.stop();
});

test('a call in a condition is an error on the parenthesis; fixing it clears it; unknown variables warn', async () => {
  const text = '- decision: promote\n  condition: raroi > 2.0 and len(scenarios) > 1\n  reason_code: strong_candidate\n';
  const uri = client.uri('config/deployment_governance.yaml');
  await client.open(uri, 'yaml', text);
  const [invalid] = (await client.diagnostics(uri)).filter((diagnostic) => diagnostic.code === 'condition-invalid');
  assert.ok(invalid);
  assert.equal(invalid.severity, 1);
  assert.deepEqual(invalid.range.start, { line: 1, character: text.split('\n')[1].indexOf('(') });

  const version = await client.change(uri, [{ text: text.replace('len(scenarios) > 1', 'min_scenrio >= 0.5') }]);
  const after = await client.diagnostics(uri, version);
  assert.deepEqual(after.map((diagnostic) => diagnostic.code), ['condition-unknown-variable']);
  assert.equal(after[0].severity, 2);
});

test('JSON rule files: a JS operator is rejected at its column', async () => {
  const text = '[\n  { "decision": "no_go", "condition": "raroi < 0.2 && confidence < 0.5", "reason_code": "poor" }\n]\n';
  const uri = client.uri('config/deployment_governance.json');
  await client.open(uri, 'json', text);
  const [invalid] = (await client.diagnostics(uri)).filter((diagnostic) => diagnostic.code === 'condition-invalid');
  assert.ok(invalid);
  assert.deepEqual(invalid.range.start, { line: 1, character: text.split('\n')[1].indexOf('&&') });
});
